"""`./lesson notebooks`: every episode as a Jupyter notebook and as a plain Python script.

For learners who study alone. `episodes/files/<episode>.ipynb` and `episodes/files/<episode>.py`
are built from the lesson's one Markdown parser (`lessonkit.markdown`), never from another
reader (jupytext's Markdown reader, for one, sees no code cell in a page with `:::` divs):

* every ```python block outside solutions and hints becomes a code cell, in page order,
  including those in challenges, callouts and spoilers; blocks that the page shows failing on
  purpose (an ```error block follows) are tagged `raises-exception`; blocks the harness skips
  (`<!-- test: skip REASON -->`) are tagged `skip-execution`;
* each exercise (a `challenge` div) gets an empty code cell, tagged `exercise`, under its
  question for the learner's answer (unless the question already has code of its own);
* solutions and hints fold, with their text, code and figures, into a `<details>` Markdown
  cell: their code is shown there as text, so it is not run when the notebook runs from top to
  bottom, and the answer (plots included) stays hidden until the learner opens it;
* headings and prose become Markdown cells; a div's title gets its type as a prefix
  ("Challenge: ...") and untitled divs get a label; `instructor` divs and the
  output/error/warning blocks of Python code are left out (learners see the real output when
  they run the cell);
* links and images point at the published lesson website, so a downloaded notebook works on
  its own; `links.md` references are resolved.

The committed files must match what this module generates (tests/test_notebooks.py); after
editing an episode, run `./lesson notebooks`. The `.py` file is jupytext's percent format, so
it runs as a script and opens as a notebook; cells that fail on purpose or contain blanks for
learners are commented out there, so the script runs from top to bottom.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .lesson import ROOT, ConfigError, Lesson
from .markdown import HEADING_ID_RE, DIRECTIVE_RE, Link, PageError, parse_page
from .workbench import ACCORDION_LABELS, CALLOUT_LABELS, is_external, site_link, site_url

OUT_FOLDER = Path("episodes") / "files"
# Titles of untitled divs: the Workbench's, plus those the site shows without a box.
LABELS = CALLOUT_LABELS | {"spoiler": "Details", "questions": "Questions", "objectives": "Objectives"}
ANSWERS = ("solution", "hint")  # divs whose code is shown folded, as text, and never run
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def absolute(target: str, base: str) -> str:
    """A link as it should read outside the site: relative lesson links become website addresses."""
    if not target or is_external(target) or target.startswith("#") or not base:
        return target
    return base + site_link(target)


@dataclass
class _Line:
    text: str
    kind: str = "md"  # 'md', 'code' (first line of a code cell), 'skip'
    block: object = None
    tags: tuple = ()


def episode_notebook(path: Path, lesson: Lesson) -> nbformat.NotebookNode:
    path = Path(path)
    page = parse_page(path, references=lesson.references())
    original = page.text.splitlines()
    base = site_url(lesson.config)
    slug = path.stem

    lines = [_Line(t) for t in original]
    n = len(lines)

    def drop(first: int, last: int) -> None:  # 1-based, inclusive
        for i in range(max(first, 1) - 1, min(last, n)):
            lines[i].kind = "skip"

    drop(1, page.meta_end_line)
    covered = set(range(page.meta_end_line))
    for k, tok in enumerate(page.tokens):
        if tok.map and tok.level == 0:
            covered.update(range(*tok.map))
        if tok.map and (tok.type == "html_block" and DIRECTIVE_RE.match(tok.content)  # harness directives
                        or tok.type == "paragraph_open"  # the paragraph that offers this very notebook
                        and re.search(rf"files/{re.escape(slug)}\.(ipynb|py)\b", page.tokens[k + 1].content)):
            drop(tok.map[0] + 1, tok.map[1])
    for i, line in enumerate(original):  # lines no top-level token covers: reference definitions, re-added where used
        if i not in covered and line.strip():
            lines[i].kind = "skip"

    # Code: python blocks become cells; what they show as output is left out.
    for block in page.blocks:
        if not block.is_python:
            continue
        for r in block.results:
            drop(r.line, r.end_line)
            if r.directive is not None:
                drop(r.directive.line, r.directive.line)
        if any(d in ANSWERS for d in block.divs):
            continue  # the answer's code stays in the Markdown, as text
        drop(block.line, block.end_line)
        tags = []
        if any(r.lang == "error" for r in block.results):
            tags.append("raises-exception")
        if block.directive is not None and block.directive.verb == "skip":
            tags.append("skip-execution")
        lines[block.line - 1] = _Line(original[block.line - 1], "code", block, tuple(tags))

    # Divs: fences go; instructor notes go; titles get their type; untitled divs get a label.
    inserts_before: dict[int, list[str]] = {}
    inserts_after: dict[int, list[str]] = {}
    exercise_cells: set[int] = set()  # an empty code cell for the learner's answer goes before these lines
    for div in page.divs:
        close = div.close_line or n
        if div.cls == "instructor":
            drop(div.line, close)
            continue
        drop(div.line, div.line)
        drop(close, close)
        label = LABELS.get(div.cls, "")
        has_code = any(b.is_python and div.line < b.line < close for b in page.blocks)
        title = None
        if div.first_block == "heading_open":
            title = next((h for h in page.headings if div.line < h.line < close), None)
        if div.cls == "challenge":
            answers = [d.line for d in page.divs if d.cls in ANSWERS and div.line < d.line < close]
            question_end = min(answers, default=close)
            if not any(b.is_python and div.line < b.line < question_end and not set(b.divs) & set(ANSWERS)
                       for b in page.blocks):
                exercise_cells.add(question_end)
        fold = div.cls in ACCORDION_LABELS and (div.cls in ANSWERS or not has_code)
        if fold:
            summary = ACCORDION_LABELS[div.cls]
            if title is not None and title.text.strip().lower() != div.cls:
                summary = title.text.strip()
            if title is not None:
                drop(title.line, title.line)
            inserts_before.setdefault(div.line, []).append(f"<details>\n<summary>{summary}</summary>\n")
            inserts_after.setdefault(close, []).append("\n</details>")
        elif title is not None:
            text = HEADING_ID_RE.sub("", title.text).strip()
            if label and not text.lower().startswith(label.lower()):
                text = f"{label}: {text}"
            lines[title.line - 1].text = f"{'#' * title.level} {text}"
        elif label:
            inserts_before.setdefault(div.line, []).append(f"**{label}**\n")

    # Headings lose pandoc attributes; images and links point at the website.
    for h in page.headings:
        ln = lines[h.line - 1]
        if ln.kind == "md" and HEADING_ID_RE.search(ln.text):
            ln.text = HEADING_ID_RE.sub("", ln.text).rstrip()
            if h.explicit_id:  # keep in-page links to it working
                ln.text += f' <a id="{h.explicit_id}"></a>'
    for link in page.links:
        if link.target:  # a link may wrap: its paragraph ends on end_line
            (_rewrite_link if link.kind == "link" else _rewrite_image)(
                lines[link.line - 1:link.end_line], link, base)

    # Assemble cells.
    cells: list = []
    title = str(page.meta.get("title") or slug)
    lesson_title = str(lesson.config.get("title") or "the lesson")
    episodes = [p.stem for p in lesson.pages("episodes")]
    number = episodes.index(slug) + 1 if slug in episodes else None
    where = f"[the episode on the lesson website]({base}{slug}.html)" if base else "the episode"
    intro = [f"# {title}", "",
             f"*{lesson_title}*" + (f", episode {number}" if number else "") + f". This notebook holds the code "
             f"and text of {where}. Run the cells from top to bottom. Each exercise has an empty code cell for "
             f"your answer; its solution is folded below it (\"Show me the solution\"): try the exercise yourself "
             f"before you open it. Solutions are text, so running the notebook does not run them."]
    cells.append(nbformat.v4.new_markdown_cell("\n".join(intro)))
    md: list[str] = []
    md_lines: set[int] = set()

    def flush_md():
        text = "\n".join(md).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        md.clear()
        if text.strip():
            # The definitions of the reference links in the cell (the page's own or links.md's).
            used = dict.fromkeys(link.label for link in page.links if link.label and link.line in md_lines)
            if used:
                text += "\n\n" + "\n".join(f"[{label.lower()}]: {absolute(page.references[label], base)}"
                                            for label in used)
            cells.append(nbformat.v4.new_markdown_cell(text))
        md_lines.clear()

    in_fence = False  # inside an answer's code, shown as text: a `## comment` there is no heading
    for i, ln in enumerate(lines, start=1):
        if i in exercise_cells:
            flush_md()
            cells.append(_code_cell("", ("exercise",)))
        for extra in inserts_before.get(i, []):
            md.append(extra)
        if ln.kind == "code":
            flush_md()
            cells.append(_code_cell(ln.block.source.rstrip("\n"), ln.tags, ln.block))
        elif ln.kind == "md":
            if ln.text.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            if not in_fence and re.match(r"^##\s", ln.text) and any(x.strip() for x in md):
                flush_md()
            md.append(ln.text)
            md_lines.add(i)
        for extra in inserts_after.get(i, []):
            md.append(extra)
    flush_md()

    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC),
                                                         "language_info": {"name": "python"}})
    for k, c in enumerate(nb.cells, start=1):
        c.id = f"{slug[:50]}-{k:03d}"
    return nb


def _code_cell(source: str, tags: tuple, block=None) -> nbformat.NotebookNode:
    c = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    if block is not None and block.directive is not None and block.directive.verb == "skip":
        c.metadata["lesson_skip_reason"] = block.directive.args.strip()
    return c


def _destination(target: str) -> str:
    """Regex for where a link or image names `target`: `](target` or `](<target`, maybe a line later."""
    return r"(\]\(\s*<?)" + re.escape(target) + r"(?=[\s>)])"


def _substitute(span: list[_Line], pattern: str, repl, count: int = 0) -> bool:
    """re.sub on consecutive lines as one text; `repl` keeps the number of lines, so each keeps its place."""
    text, done = re.subn(pattern, repl, "\n".join(ln.text for ln in span), count=count)
    for ln, new in zip(span, text.split("\n")):
        ln.text = new
    return bool(done)


def _rewrite_link(span: list[_Line], link: Link, base: str) -> None:
    new = absolute(link.target, base)
    if new != link.target:
        _substitute(span, _destination(link.target), lambda m: m.group(1) + new)


def _rewrite_image(span: list[_Line], link: Link, base: str) -> None:
    """`![caption](src){alt='...'}` becomes `![alt](website src)`; an image alone in its paragraph is a
    figure, and its caption follows in italics."""
    caption = link.text.strip()
    alt = " ".join(link.attrs.get("alt", caption).split()).replace("[", "(").replace("]", ")")
    url = absolute(link.target, base)
    pattern = r"!\[(?:[^\[\]]|\[[^\]]*\])*" + _destination(link.target) + r'>?(?:\s+"[^"]*")?\s*\)(?:\{[^}]*\})?'
    figure = caption and re.fullmatch(pattern, "\n".join(ln.text for ln in span).strip())
    # Line breaks inside the image move inside its brackets (a space in the alt text).
    if _substitute(span, pattern, lambda m: f"![{alt}" + "\n" * m.group(0).count("\n") + f"]({url})", 1) and figure:
        span[-1].text += f"\n\n*{' '.join(caption.split())}*"


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def script_text(nb: nbformat.NotebookNode) -> str:
    """The notebook as a jupytext percent-format script that runs from top to bottom."""
    import jupytext

    nb = nbformat.from_dict(nb)
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        tags = c.metadata.get("tags", [])
        note = None
        if "skip-execution" in tags:
            note = f"# Not run as it stands ({c.metadata.get('lesson_skip_reason') or 'see the episode'})."
        elif "raises-exception" in tags:
            note = "# This cell raises an error on purpose (see the episode); remove the '# ' to see it."
        if note:
            c.source = note + "\n" + "\n".join("# " + line if line else "#" for line in c.source.split("\n"))
    nb.metadata["jupytext"] = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "-all"}
    text = jupytext.writes(nb, fmt="py:percent")
    return text if text.endswith("\n") else text + "\n"


def outputs(lesson: Lesson) -> dict[Path, str]:
    """Every file `./lesson notebooks` writes, with its content."""
    files: dict[Path, str] = {}
    for path in lesson.pages("episodes"):
        if not path.exists():
            continue
        nb = episode_notebook(path, lesson)
        folder = lesson.root / OUT_FOLDER
        files[folder / f"{path.stem}.ipynb"] = notebook_text(nb)
        files[folder / f"{path.stem}.py"] = script_text(nb)
    return files


def stale(lesson: Lesson, files: dict[Path, str] | None = None) -> list[Path]:
    """Generated files that are missing or differ from what the episodes produce now (`files`)."""
    files = outputs(lesson) if files is None else files
    return [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Write every episode as episodes/files/<episode>.ipynb and .py."
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a generated file is missing or out of date")


def run(args: argparse.Namespace) -> int:
    try:
        lesson = Lesson.load(ROOT)
        files = outputs(lesson)
    except (ConfigError, PageError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    bad = stale(lesson, files)
    if args.check:
        for p in bad:
            print(f"out of date: {p.relative_to(lesson.root)}")
        print("Run ./lesson notebooks and commit the files." if bad else f"all {len(files)} files up to date")
        return 1 if bad else 0
    for path in bad:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(lesson.root)}")
    print(f"{len(files) - len(bad)} of {len(files)} files unchanged")
    return 0
