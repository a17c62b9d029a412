"""The lesson's one Markdown parser.

Every tool that reads a lesson page goes through `parse_page`, so they all agree on what a code
block, a fenced div, a heading, a link or an image is, and on its line number. markdown-it-py
parses; Workbench fenced divs (`::: class`) are plain paragraphs to CommonMark, so they are
recognised here the way pegboard does: a line outside code that starts with `:::`.
"""
import re
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .problems import Problem, ProblemError

#: Labels of the blocks that show what code produced (sandpaper styles exactly these).
RESULT_LANGS = ("output", "error", "warning")
#: The Keras backends besides TensorFlow, whose outputs the lesson shows: a `<!-- test: torch ... -->`
#: comment right after an output or error block holds what that block prints on that backend.
OTHER_BACKENDS = ("torch", "jax")

DIV_OPEN_RE = re.compile(r"^(:{3,})\s*\{?\s*\.?([-A-Za-z0-9]+)")
DIV_CLOSE_RE = re.compile(r"^:{3,}\s*$")
DIRECTIVE_RE = re.compile(r"^\s*<!--\s*test:\s*(?P<verb>[-a-z]+)\s*(?P<rest>.*?)\s*-->\s*$", re.S)
ATTR_BLOCK_RE = re.compile(r"^\{([^}]*)\}")
ATTR_RE = re.compile(r"""([-\w]+)\s*=\s*(?:'([^']*)'|"([^"]*)"|(\S+))""")
HEADING_ID_RE = re.compile(r"\s*\{([^}]*)\}\s*$")


@dataclass
class Directive:
    """A `<!-- test: VERB ARGS -->` comment directly before a code block."""

    verb: str
    args: str
    line: int
    end_line: int = 0  # last line of the comment


@dataclass
class CodeBlock:
    lang: str  # first word of the info string, lower case ('' if none)
    info: str  # the whole info string
    source: str
    line: int  # 1-based line of the opening fence
    end_line: int  # 1-based line of the closing fence
    divs: tuple[str, ...]  # classes of the fenced divs that enclose the block, outermost first
    directive: Directive | None = None
    results: list["CodeBlock"] = field(default_factory=list)  # output/error/warning blocks after it
    alternatives: dict[str, Directive] = field(default_factory=dict)  # backend -> what it shows there instead

    def shown(self, backend: str) -> str:
        """What this output or error block shows for `backend` (the block itself is TensorFlow's)."""
        return self.alternatives[backend].args if backend in self.alternatives else self.source


@dataclass
class Div:
    cls: str
    line: int
    close_line: int | None
    first_block: str | None = None  # token type of the first block inside (for titles)

    def contains(self, line: int) -> bool:
        """Whether 1-based `line` lies between the div's fences (a div never closed runs to the end)."""
        return self.line < line and (self.close_line is None or line < self.close_line)


@dataclass
class Heading:
    level: int
    text: str
    line: int
    explicit_id: str | None
    divs: tuple[str, ...]


@dataclass
class Link:
    kind: str  # 'link' or 'image'
    target: str
    text: str
    line: int
    attrs: dict[str, str]
    autolink: bool = False
    end_line: int = 0  # last line of the paragraph (heading, table) that holds it
    label: str = ""  # normalised reference label of a [text][label] link, '' for others


@dataclass
class Page:
    path: Path
    text: str
    meta: dict
    meta_end_line: int  # last line of the front matter (0 if none)
    tokens: list
    blocks: list[CodeBlock]
    divs: list[Div]
    div_problems: list[Problem]
    headings: list[Heading]
    links: list[Link]
    references: dict[str, str] = field(default_factory=dict)  # normalised reference label -> target

    @property
    def python_blocks(self) -> list[CodeBlock]:
        return [b for b in self.blocks if b.lang == "python"]

    def where(self, line: int) -> str:
        return f"{self.display_path}:{line}"

    @property
    def display_path(self) -> str:
        return relative(self.path, Path.cwd())


def relative(path: Path, base: Path) -> str:
    """`path` relative to `base` where it lies inside it, else as given: how problems name a file."""
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


PARSER = (MarkdownIt("commonmark", {"linkify": True, "html": True, "store_labels": True})
          .enable(["table", "linkify", "strikethrough"])
          .use(front_matter_plugin)
          .use(deflist_plugin))  # pandoc's definition lists (`term` then `: definition`)


def parse_attrs(text: str) -> dict[str, str]:
    """Parse pandoc attributes `{#id .class key='v' key2="v"}` into a dict."""
    attrs = {m[1]: next(g for g in m.groups()[1:] if g is not None) for m in ATTR_RE.finditer(text)}
    for word in text.split():
        if word.startswith("#"):
            attrs["id"] = word[1:]
        elif word.startswith("."):
            attrs.setdefault("class", word[1:])
    return attrs


def count_python_fences(text: str) -> int:
    """Count ```python fence openings with a plain line scan, independently of markdown-it.

    The harness compares this with what it executed, so a block the parser did not see
    (and that would silently not run) fails the page."""
    count, fence = 0, None
    for m in re.finditer(r"^[^\S\n]*(`{3,}|~{3,})[^\S\n]*(.*)$", text, re.M):
        if fence is None:
            fence = m[1]
            count += (m[2].split() or [""])[0].lower() == "python"  # split() as the parser does
        elif m[1][0] == fence[0] and len(m[1]) >= len(fence) and not m[2].strip():
            fence = None
    return count


def parse_page(path: str | Path, text: str | None = None, references: dict | None = None) -> Page:
    """Parse a page; `references` (label -> target) are link definitions shared by every page (links.md's,
    `Lesson.references`), given to the parser as the Workbench gives them to pandoc (appended to each page)."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise ProblemError(Problem(str(path), 1, "encoding",
                                       f"not valid UTF-8 ({e}); save the file as UTF-8")) from e
    given = {label: {"href": href, "title": ""} for label, href in (references or {}).items()}
    env: dict = {"references": given}
    tokens = PARSER.parse(text, env)
    lines = text.splitlines()

    meta, meta_end = {}, 0
    if tokens and tokens[0].type == "front_matter":
        meta_end = tokens[0].map[1]
        try:
            meta = yaml.safe_load(tokens[0].content) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise ProblemError(Problem(str(path), mark.line + 2 if mark else 1, "front matter",
                                    f"the YAML front matter cannot be read: {e}")) from e
        if not isinstance(meta, dict):
            raise ProblemError(Problem(str(path), 1, "front matter",
                                       "the front matter must be a YAML mapping (key: value lines)"))

    # Lines that belong to code (fences, indented code): div markers there are not divs.
    code_lines = {i for tok in tokens if tok.type in ("fence", "code_block", "front_matter") and tok.map
                  for i in range(*tok.map)}

    # Fenced divs, paired like parentheses (pegboard's rules).
    divs: list[Div] = []
    problems: list[Problem] = []
    stack: list[Div] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if i in code_lines or not s.startswith(":::"):
            continue
        closing, opening = DIV_CLOSE_RE.match(s), DIV_OPEN_RE.match(s)
        if closing and stack and len(s) <= 80:
            stack.pop().close_line = i + 1
        elif opening and not closing:
            stack.append(Div(cls=opening[2], line=i + 1, close_line=None))
            divs.append(stack[-1])
        else:
            problems.append(Problem(str(path), i + 1, "div", (
                f"closing fence has {len(s)} colons; pegboard only recognises 3 to 80, so the div is never closed"
                if closing and len(s) > 80 else "closing fence ':::' without an open div" if closing else
                f"a ':::' line that is neither an opening nor a closing fence: {s!r}")))
    problems += [Problem(str(path), div.line, "div", f"'{div.cls}' div opened here is never closed (add a line of "
                         "colons after its content)") for div in stack]

    def enclosing(line: int) -> tuple[str, ...]:
        """Classes of the divs (in line order, so outermost first) that enclose `line`."""
        return tuple(d.cls for d in divs if d.contains(line))

    for d in divs:  # the first block inside each div (for div titles)
        if first := next((tok for tok in tokens if tok.map and d.contains(tok.map[0] + 1)), None):
            d.first_block = "div" if lines[first.map[0]].strip().startswith(":::") else first.type

    # One walk over the tokens: headings, links and images; code blocks with the directives before them
    # and the output/error/warning blocks after them.
    blocks: list[CodeBlock] = []
    headings: list[Heading] = []
    links: list[Link] = []
    last_code = after_result = directive = None  # after_result: the output/error block only backend comments follow yet
    for i, tok in enumerate(tokens):
        first, last = (tok.map[0] + 1, tok.map[1]) if tok.map else (0, 0)  # the token's lines, 1-based
        if tok.type == "heading_open":
            raw = tokens[i + 1].content
            m = HEADING_ID_RE.search(raw)
            headings.append(Heading(level=int(tok.tag[1]), text=(raw[:m.start()] if m else raw).strip(), line=first,
                                    explicit_id=parse_attrs(m[1]).get("id") if m else None, divs=enclosing(first)))
        line, children = first, tok.children if tok.type == "inline" else None
        for j, child in enumerate(children or []):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                shown = "".join(c.content for c in takewhile(lambda c: c.type != "link_close", children[j + 1:]))
                links.append(Link("link", child.attrs.get("href", ""), shown, line, {},
                                  autolink=child.info == "auto" or child.markup in ("linkify", "autolink"),
                                  end_line=last, label=child.meta.get("label", "")))
            elif child.type == "image":  # pandoc attributes {alt='...'} follow the image in the text
                m = next((ATTR_BLOCK_RE.match(c.content) for c in children[j + 1:j + 2] if c.type == "text"), None)
                links.append(Link("image", child.attrs.get("src", ""), child.content, line,
                                  parse_attrs(m[1]) if m else {}, end_line=last))
            elif child.type == "text":
                line += child.content.count("\n")
        if tok.type == "html_block" or (tok.type == "inline" and "<img" in tok.content):
            for tag in re.findall(r"<img\b[^>]*>", tok.content):
                src, alt = (re.search(rf"""{name}\s*=\s*["']([^"']*)["']""", tag) for name in ("src", "alt"))
                links.append(Link("image", src[1] if src else "", "", first, {"alt": alt[1]} if alt else {},
                                  end_line=last))

        m = DIRECTIVE_RE.match(tok.content) if tok.type == "html_block" else None
        if m and after_result is not None and m["verb"] in OTHER_BACKENDS:
            after_result.alternatives[m["verb"]] = Directive(m["verb"], m["rest"], first, last)
            continue
        after_result = None
        if m and not (i + 1 < len(tokens) and tokens[i + 1].type == "fence"):
            problems.append(Problem(str(path), first, "directive", (
                f"'<!-- test: {m['verb']} ... -->' belongs directly before a code block"
                + (f", or directly after an output or error block for the {m['verb']} backend"
                   if m["verb"] in OTHER_BACKENDS else "")
                + ": move it there")))
        if tok.type == "fence":
            info = tok.info.strip()
            lang = info.split()[0].lower() if info else ""
            block = CodeBlock(lang=lang, info=info, source=tok.content, line=first, end_line=last,
                              divs=enclosing(first), directive=directive)
            if lang in RESULT_LANGS:
                after_result = block if lang != "warning" else None
                if last_code is not None:
                    last_code.results.append(block)
            else:
                last_code = block
            blocks.append(block)
        directive = Directive(m["verb"], m["rest"], first, last) if m else None

    return Page(path=path, text=text, meta=meta, meta_end_line=meta_end, tokens=tokens, blocks=blocks,
                divs=divs, div_problems=problems, headings=headings, links=links,
                references={label: ref["href"] for label, ref in env.get("references", {}).items()})
