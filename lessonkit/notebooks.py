"""`./lesson notebooks`: every episode as a Jupyter notebook and a Python script, for learners who study
alone (`episodes/files/<episode>.ipynb` and `.py`; README.md says when to run it).

Built from the lesson's one Markdown parser (`lessonkit.markdown`), never from another reader (jupytext's
Markdown reader, for one, sees no code cell in a page with `:::` divs):
* ```python blocks outside solutions and hints become code cells, in page order; those the page shows
  failing on purpose (an ```error block follows) are tagged `raises-exception`, those the harness skips
  (`<!-- test: skip REASON -->`) `skip-execution`;
* each exercise (a `challenge` div) gets an empty code cell, tagged `exercise`, under its question for the
  learner's answer (unless the question already has code of its own);
* solutions and hints fold, with their text, code and figures, into a `<details>` Markdown cell: their code
  is text there, so it does not run with the notebook, and the answer (plots included) stays hidden;
* a div's title gets its type as a prefix ("Challenge: ...") and untitled divs a label; `instructor` divs
  and the output/error/warning blocks are left out (learners see the real output when they run the cell);
* links and images point at the published website (`links.md` references resolved), so a downloaded
  notebook works on its own.

The `.py` file is jupytext's percent format, so it runs as a script and opens as a notebook; cells that
fail on purpose or contain blanks for learners are commented out there, so the script runs top to bottom.
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

from .lesson import ROOT, Lesson
from .markdown import DIRECTIVE_RE, HEADING_ID_RE, Link, parse_page
from .workbench import ACCORDION_LABELS, CALLOUT_LABELS, is_external, site_link, site_url

OUT_FOLDER = Path("episodes") / "files"
# Titles of untitled divs: the Workbench's, plus those the site shows without a box.
LABELS = CALLOUT_LABELS | {"spoiler": "Details", "questions": "Questions", "objectives": "Objectives"}
ANSWERS = ("solution", "hint")  # divs whose code is shown folded, as text, and never run
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
SCRIPT_NOTES = {  # what heads a cell the script comments out, so that it runs top to bottom (the first that applies)
    "skip-execution": "# Not run as it stands ({}).",
    "raises-exception": "# This cell raises an error on purpose (see the episode); remove the '# ' to see it."}


def absolute(target: str, base: str) -> str:
    """A link as it should read outside the site: relative lesson links become website addresses."""
    if not target or is_external(target) or target.startswith("#") or not base:
        return target
    return base + site_link(target)


def episode_notebook(path: Path, lesson: Lesson) -> nbformat.NotebookNode:
    """The page's lines, edited in place (`text`), minus the `dropped` ones, with the code cells of
    `cells_at` before their line, cut into cells at each `##` heading and each code cell."""
    page = parse_page(path, references=lesson.references())
    text, base, slug = page.text.splitlines(), site_url(lesson.config), Path(path).stem
    cells_at: dict[int, nbformat.NotebookNode] = {}  # 1-based line -> the code cell that goes before it
    fences: dict[int, str] = {}  # 1-based line of a div's fence -> what the notebook shows there instead
    covered = {i + 1 for tok in page.tokens if tok.map and tok.level == 0 for i in range(*tok.map)}
    notes = {i for d in page.divs if d.cls == "instructor" for i in range(d.line, (d.close_line or len(text)) + 1)}
    # Left out: front matter; lines no top-level token covers (reference definitions, re-added where used);
    # instructor notes, with all they hold.
    dropped = set(range(1, page.meta_end_line + 1)) | notes
    dropped |= {i for i, line in enumerate(text, 1) if i not in covered and line.strip()}
    for k, tok in enumerate(page.tokens):
        if tok.map and (tok.type == "html_block" and DIRECTIVE_RE.match(tok.content)  # harness directives
                        or tok.type == "paragraph_open"  # the paragraph that offers this very notebook
                        and re.search(rf"files/{re.escape(slug)}\.(ipynb|py)\b", page.tokens[k + 1].content)):
            dropped.update(range(tok.map[0] + 1, tok.map[1] + 1))

    # Code: python blocks become cells; what they show as output is left out.
    for block in page.python_blocks:
        for r in block.results:
            dropped.update(range(r.line, r.end_line + 1))
        if set(block.divs) & {*ANSWERS, "instructor"}:
            continue  # an answer's code stays in the Markdown, as text; an instructor note's goes
        dropped.update(range(block.line, block.end_line + 1))
        skip = block.directive is not None and block.directive.verb == "skip"
        tags = ["raises-exception"] * any(r.lang == "error" for r in block.results) + ["skip-execution"] * skip
        cell = cells_at[block.line] = nbformat.v4.new_code_cell(block.source.rstrip("\n"),
                                                                metadata={"tags": tags} if tags else {})
        if skip:
            cell.metadata["lesson_skip_reason"] = block.directive.args.strip()

    # Divs: fences go; titles get their type; untitled divs get a label.
    for div in page.divs:
        close = div.close_line or len(text)
        if div.line in notes:
            continue
        dropped.update((div.line, close))
        inner = [b for b in page.python_blocks if div.line < b.line < close]
        title = next((h for h in page.headings if h.line > div.line), None) if div.first_block == "heading_open" else None
        if div.cls == "challenge":
            answers = [d.line for d in page.divs if d.cls in ANSWERS and div.line < d.line < close]
            question_end = min(answers, default=close)
            if not any(b.line < question_end and not set(b.divs) & set(ANSWERS) for b in inner):
                cells_at[question_end] = nbformat.v4.new_code_cell("", metadata={"tags": ["exercise"]})
        label = LABELS.get(div.cls, "")
        if div.cls in ACCORDION_LABELS and (div.cls in ANSWERS or not inner):  # folded
            summary = ACCORDION_LABELS[div.cls]
            if title is not None:
                dropped.add(title.line)
                summary = summary if title.text.strip().lower() == div.cls else title.text.strip()
            fences[div.line], fences[close] = f"<details>\n<summary>{summary}</summary>\n", "\n</details>"
        elif title is not None:
            heading = HEADING_ID_RE.sub("", title.text).strip()
            if label and not heading.lower().startswith(label.lower()):
                heading = f"{label}: {heading}"
            text[title.line - 1] = f"{'#' * title.level} {heading}"
        elif label:
            fences[div.line] = f"**{label}**\n"

    # Headings lose pandoc attributes; images and links point at the website.
    for h in page.headings:
        if h.line not in dropped and HEADING_ID_RE.search(text[h.line - 1]):
            anchor = f' <a id="{h.explicit_id}"></a>' if h.explicit_id else ""  # keeps in-page links working
            text[h.line - 1] = HEADING_ID_RE.sub("", text[h.line - 1]).rstrip() + anchor
    for link in page.links:
        if link.target and link.line:
            _rewrite(text, link, base)
    for line, replacement in fences.items():  # multi-line texts, so after the links
        text[line - 1] = replacement
        dropped.discard(line)

    # Cells.
    number = next((f", episode {k}" for k, p in enumerate(lesson.pages("episodes"), 1) if p.stem == slug), "")
    where = f"[the episode on the lesson website]({base}{slug}.html)" if base else "the episode"
    cells = [nbformat.v4.new_markdown_cell(
        f"# {page.meta.get('title') or slug}\n\n*{lesson.config.get('title') or 'the lesson'}*{number}. This notebook "
        f"holds the code and text of {where}. Run the cells from top to bottom. Each exercise has an empty code cell "
        f"for your answer; its solution is folded below it (\"Show me the solution\"): try the exercise yourself "
        f"before you open it. Solutions are text, so running the notebook does not run them.")]
    sections = {h.line for h in page.headings if h.level == 2 and re.match(r"##\s", text[h.line - 1])}
    parts: list = [[]]  # code cells, and the lines of each Markdown cell, in order
    for i in range(1, len(text) + 1):
        if i in cells_at or i in sections and i not in dropped:  # a code cell or a section starts a new cell
            parts += [cells_at[i], []] if i in cells_at else [[]]
        if i not in dropped:
            parts[-1].append(i)
    for part in parts:
        if not isinstance(part, list):
            cells.append(part)
            continue
        md = re.sub(r"\n{3,}", "\n\n", "\n".join(text[i - 1] for i in part).strip("\n"))
        # The definitions of the reference links in the cell (the page's own or links.md's).
        used = dict.fromkeys(link.label for link in page.links if link.label and link.line in part)
        if md.strip():
            cells.append(nbformat.v4.new_markdown_cell("\n\n".join(
                [md] + ["\n".join(f"[{x.lower()}]: {absolute(page.references[x], base)}" for x in used)] * bool(used))))

    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC),
                                                         "language_info": {"name": "python"}})
    for k, c in enumerate(nb.cells, start=1):
        c.id = f"{slug[:50]}-{k:03d}"
    return nb


def _rewrite(text: list[str], link: Link, base: str) -> None:
    """Point a link at the website, in the lines of its paragraph. An image `![caption](src){alt='...'}`
    becomes `![alt](website src)`; an image alone in its paragraph is a figure, and its caption follows
    in italics. Line breaks stay where they are (inside an image, they move into its brackets)."""
    lines = slice(link.line - 1, link.end_line)
    span, url = "\n".join(text[lines]), absolute(link.target, base)
    target = r"(\]\(\s*<?)" + re.escape(link.target) + r"(?=[\s>)])"  # `](target` or `](<target`
    if link.kind == "link":
        new, done = re.subn(target, lambda m: m.group(1) + url, span)
    else:
        caption = " ".join(link.text.split())
        alt = " ".join(link.attrs.get("alt", caption).split()).replace("[", "(").replace("]", ")")
        image = r"!\[(?:[^\[\]]|\[[^\]]*\])*" + target + r'>?(?:\s+"[^"]*")?\s*\)(?:\{[^}]*\})?'
        new, done = re.subn(image, lambda m: f"![{alt}" + "\n" * m.group(0).count("\n") + f"]({url})", span, count=1)
        if done and caption and re.fullmatch(image, span.strip()):
            new += f"\n\n*{caption}*"
    text[lines] = new.split("\n", link.end_line - link.line)  # a caption stays on the last line


def script_text(nb: nbformat.NotebookNode) -> str:
    """The notebook as a jupytext percent-format script that runs from top to bottom."""
    import jupytext

    nb = nbformat.from_dict(nb)
    for c in nb.cells:  # only code cells have tags
        note = next((SCRIPT_NOTES[tag] for tag in SCRIPT_NOTES if tag in c.metadata.get("tags", [])), None)
        if note:
            commented = "\n".join("# " + line if line else "#" for line in c.source.split("\n"))
            c.source = note.format(c.metadata.get("lesson_skip_reason") or "see the episode") + "\n" + commented
    nb.metadata["jupytext"] = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "-all"}
    text = jupytext.writes(nb, fmt="py:percent")
    return text if text.endswith("\n") else text + "\n"


def outputs(lesson: Lesson) -> dict[Path, str]:
    """Every file `./lesson notebooks` writes, with its content."""
    files: dict[Path, str] = {}
    for path in filter(Path.exists, lesson.pages("episodes")):
        nb, name = episode_notebook(path, lesson), lesson.root / OUT_FOLDER / path.stem
        files[name.with_suffix(".ipynb")], files[name.with_suffix(".py")] = nbformat.writes(nb) + "\n", script_text(nb)
    return files


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Write every episode as episodes/files/<episode>.ipynb and .py."
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a generated file is missing or out of date")


def run(args: argparse.Namespace) -> int:
    lesson = Lesson.load(ROOT)  # a broken config.yaml or page: cli.main says so, with status 1
    files = outputs(lesson)
    bad = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in bad:
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[path], encoding="utf-8")
        print(f"{'out of date:' if args.check else 'wrote'} {path.relative_to(lesson.root)}")
    if args.check:
        print("Run ./lesson notebooks and commit the files." if bad else f"all {len(files)} files up to date")
        return 1 if bad else 0
    print(f"{len(files) - len(bad)} of {len(files)} files unchanged")
    return 0
