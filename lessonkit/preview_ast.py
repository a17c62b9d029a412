"""Turn one lesson page into HTML the way the Workbench does, with pandoc and the lesson's parser.

Division of labour (there is one Markdown parser in this project, `lessonkit.markdown`):

* `lessonkit.markdown.parse_page` decides the page's structure: which lines open and close which
  fenced div, each div's class, whether its first block is a heading (its title), where the
  code blocks are. Before pandoc sees the page, every opening fence that parser found is
  rewritten to carry its index (`::: {.challenge data-lkdiv="3"}`), with blank lines around
  every fence, so pandoc pairs exactly the fences the parser paired; `check_structure` then
  verifies that pandoc's tree has the same divs with the same parents, and reports any
  disagreement as a problem at the div's line.
* pandoc (from the pypandoc-binary wheel) only converts Markdown to its JSON tree and the
  finished tree to HTML, with sandpaper's reader extensions.
* `Renderer` walks the tree in Python and does what sandpaper's Lua filter `lesson.lua` and its
  HTML post-processing do: the overview card, callouts with titles, challenges followed by
  their solution and hint accordions, spoilers, instructor notes (instructor view only), tabs,
  labelled code/output/error/warning blocks, and the link rewriting (`flatten_links`,
  `fix_setup_link`, `use_instructor`). Accordions are `<details>` elements, so they work
  without JavaScript.
"""
from __future__ import annotations

import copy
import html
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .lesson import SOURCE_DIRS
from .markdown import Div, Page

#: Pandoc reader format sandpaper uses (R/render_html.R, construct_pandoc_args()).
READER = ("markdown-hard_line_breaks+smart+auto_identifiers+autolink_bare_uris+emoji+footnotes"
          "+header_attributes+inline_notes+link_attributes+markdown_in_html_blocks+native_divs"
          "+tex_math_dollars+tex_math_single_backslash+yaml_metadata_block")

#: Callout titles when the div has no heading (lesson.lua upper_case(class), then sandpaper's
#: English translations in fix_callouts()).
CALLOUT_LABELS = {"callout": "Callout", "caution": "Caution", "challenge": "Challenge", "prereq": "Prerequisite",
                  "checklist": "Checklist", "discussion": "Discussion", "testimonial": "Testimonial",
                  "keypoints": "Key Points"}
ACCORDION_LABELS = {"solution": "Show me the solution", "hint": "Give me a hint", "spoiler": "Show details",
                    "instructor": "Instructor Note"}

_LINE_ANCHOR_RE = re.compile(r'<a href="#cb\d+-\d+" aria-hidden="true" tabindex="-1"></a>')


class PandocError(RuntimeError):
    pass


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], text: str) -> str:
    proc = subprocess.run([pandoc_path(), *args], input=text.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise PandocError(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout.decode("utf-8")


# --------------------------------------------------------------------------------------------
# Reading: the parser's divs, made explicit for pandoc
# --------------------------------------------------------------------------------------------

def annotate(page: Page) -> str:
    """The page's Markdown with every opening fence the lesson parser found tagged with its index.

    Fences get blank lines around them (as the Workbench style requires anyway), so pandoc cannot
    read a fence as part of a neighbouring paragraph or list."""
    lines = page.text.splitlines()
    index_at = {d.line - 1: i for i, d in enumerate(page.divs)}
    close_at = {d.close_line - 1 for d in page.divs if d.close_line is not None}
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in index_at or i in close_at:
            indent = line[: len(line) - len(line.lstrip())]
            if i in index_at:
                div = page.divs[index_at[i]]
                ident = f"#{div.attrs['id']} " if div.attrs.get("id") else ""
                fence = f"{indent}{':' * max(3, div.colons)} {{{ident}.{div.cls} data-lkdiv=\"{index_at[i]}\"}}"
            else:
                fence = f"{indent}{line.strip()}"
            if out and out[-1].strip():
                out.append(indent.rstrip() if indent.strip() else "")
            out.append(fence)
            out.append("")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def read_markdown(text: str) -> dict:
    """Pandoc's JSON document for a page (sandpaper's reader options)."""
    return json.loads(run_pandoc(["-f", READER, "-t", "json", "--indented-code-classes=sh"], text))


def _tidy(out: str) -> str:
    out = _LINE_ANCHOR_RE.sub("", out)
    return out.replace("<pre\nclass=", "<pre class=").replace("<pre class=", '<pre tabindex="0" class=')


def write_pages(pages: list[list], api_version: list) -> list[str]:
    """HTML for several pages with ONE pandoc run (its syntax highlighter takes a noticeable time
    to start, so one run per page would make the build slow). Each page's footnotes are moved to
    the end of that page first, since pandoc would put them at the end of the joined document."""
    marker = "<!--lessonkit-page-break-{}-->"
    blocks: list = []
    for i, page in enumerate(pages):
        blocks.append(raw(marker.format(i)))
        blocks.extend(_end_notes(copy.deepcopy(page), f"p{i}"))
    doc = {"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}
    out = run_pandoc(["-f", "json", "-t", "html5", "--mathml", "--wrap=none"], json.dumps(doc))
    pieces = re.split(r"<!--lessonkit-page-break-(\d+)-->\n?", out)
    result = [""] * len(pages)
    for k in range(1, len(pieces), 2):
        result[int(pieces[k])] = _tidy(pieces[k + 1])
    return result


def _end_notes(blocks: list, prefix: str) -> list:
    """Replace footnotes by numbered references and list them at the end of the page."""
    notes: list[list] = []
    for el in list(elements(blocks)):  # listed first: a note may hold another
        if el["t"] == "Note":
            notes.append(el["c"])
            n = len(notes)
            el["t"], el["c"] = "RawInline", ["html", f'<a href="#{prefix}-fn{n}" id="{prefix}-fnref{n}" '
                                                     f'class="footnote-ref" role="doc-noteref"><sup>{n}</sup></a>']
    if not notes:
        return blocks
    out = blocks + [raw('<section class="footnotes" role="doc-endnotes">\n<hr>\n<ol>')]
    for n, body in enumerate(notes, start=1):
        out.append(raw(f'<li id="{prefix}-fn{n}">'))
        out.extend(body)
        out.append(raw(f'<p><a href="#{prefix}-fnref{n}" class="footnote-back" role="doc-backlink">'
                       f'Back to the text</a></p></li>'))
    out.append(raw("</ol>\n</section>"))
    return out


# --------------------------------------------------------------------------------------------
# Small pandoc-AST helpers
# --------------------------------------------------------------------------------------------

#: Elements that carry pandoc attributes (identifier, classes, key-value pairs).
ATTR_TYPES = ("Div", "CodeBlock", "Figure", "Span", "Code", "Table", "Header", "Link", "Image")
#: An identifier in raw HTML, as the Renderer and preview write them (`id="..."`).
_RAW_ID_RE = re.compile(r'(?<=\sid=")[^"]*(?=")')


def raw(html_text: str) -> dict:
    return {"t": "RawBlock", "c": ["html", html_text]}


def elements(node):
    """Every pandoc element (a dict with "t") in node and below it, in document order."""
    if isinstance(node, list):
        for x in node:
            yield from elements(x)
    elif isinstance(node, dict):
        if "t" in node:
            yield node
        yield from elements(node.get("c"))


def attr_of(el: dict) -> list:
    if el["t"] not in ATTR_TYPES:
        raise KeyError(el["t"])
    return el["c"][1] if el["t"] == "Header" else el["c"][0]


def kv(el: dict) -> dict:
    return dict(attr_of(el)[2])


def stringify(node) -> str:
    """Plain text of inlines or blocks (pandoc.utils.stringify)."""
    if isinstance(node, list):
        return "".join(stringify(x) for x in node)
    if not isinstance(node, dict):
        return ""
    t, c = node.get("t"), node.get("c")
    if t == "Str":
        return c
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("Code", "Math", "RawInline"):
        return c[1]
    if t == "Quoted":
        q = "\u201c\u201d" if c[0]["t"] == "DoubleQuote" else "\u2018\u2019"
        return q[0] + stringify(c[1]) + q[1]
    if t in ("Link", "Image", "Span"):
        return stringify(c[1])
    if t == "Header":
        return stringify(c[2])
    if t in ("Emph", "Strong", "Strikeout", "Underline", "Superscript", "Subscript", "SmallCaps", "Para",
             "Plain", "BlockQuote", "BulletList"):
        return stringify(c)
    if t == "Cite":
        return stringify(c[1])
    if isinstance(c, list):
        return stringify(c)
    return ""


def ids_in(node) -> list[str]:
    """Every identifier below node, in document order: of pandoc elements and in raw HTML."""
    out: list[str] = []
    for el in elements(node):
        if el["t"] in ATTR_TYPES and attr_of(el)[0]:
            out.append(attr_of(el)[0])
        elif el["t"] in ("RawBlock", "RawInline") and el["c"][0] == "html":
            out.extend(_RAW_ID_RE.findall(el["c"][1]))
    return out


def dedupe_ids(parts: list[list], taken: set[str] | None = None) -> None:
    """Make identifiers unique on one page joined from several documents, in place: the first element
    with an identifier keeps it, later ones become x-1, x-2 (pandoc's and those in raw HTML, where the
    Renderer writes callout1, solution1, tabs-tab-1). A part's links to `#x` follow its own first x."""
    taken = set() if taken is None else taken

    def unique(ident: str, first: dict[str, str]) -> str:
        new, n = ident, 0
        while new in taken:
            n += 1
            new = f"{ident}-{n}"
        taken.add(new)
        first.setdefault(ident, new)
        return new

    for blocks in parts:
        first: dict[str, str] = {}  # identifier as written -> what its first element in this part became
        for el in elements(blocks):
            if el["t"] in ATTR_TYPES and attr_of(el)[0]:
                attr_of(el)[0] = unique(attr_of(el)[0], first)
            elif el["t"] in ("RawBlock", "RawInline") and el["c"][0] == "html":
                el["c"][1] = _RAW_ID_RE.sub(lambda m: unique(m.group(0), first), el["c"][1])
        for el in elements(blocks):
            target = el["c"][2][0] if el["t"] == "Link" else ""
            if target.startswith("#") and target[1:] in first:
                el["c"][2][0] = "#" + first[target[1:]]


# --------------------------------------------------------------------------------------------
# Checking that pandoc read the divs the lesson parser found
# --------------------------------------------------------------------------------------------

def check_structure(page: Page, doc: dict) -> list[tuple[int, str]]:
    """(line, message) for every div pandoc did not read as the lesson parser did."""
    found: dict[int, int | None] = {}  # div index -> parent div index in pandoc's tree
    stray: list[str] = []

    def visit(blocks, parent):
        for b in blocks:
            if not isinstance(b, dict):
                continue
            t = b.get("t")
            if t == "Div":
                k = kv(b).get("data-lkdiv")
                if k is not None:
                    found[int(k)] = parent
                    visit(b["c"][1], int(k))
                else:
                    visit(b["c"][1], parent)
            elif t in ("BlockQuote",):
                visit(b["c"], parent)
            elif t in ("BulletList",):
                for item in b["c"]:
                    visit(item, parent)
            elif t == "OrderedList":
                for item in b["c"][1]:
                    visit(item, parent)
            elif t == "DefinitionList":
                for _term, defs in b["c"]:
                    for d in defs:
                        visit(d, parent)
            elif t in ("Para", "Plain"):
                text = stringify(b["c"])
                if text.startswith(":::"):
                    stray.append(text[:40])

    visit(doc["blocks"], None)
    problems = []
    index = {id(d): i for i, d in enumerate(page.divs)}
    for i, d in enumerate(page.divs):
        if d.close_line is None:
            continue  # reported by the parser already
        want = index[id(d.parent)] if d.parent is not None else None
        if i not in found:
            problems.append((d.line, f"pandoc did not read the '{d.cls}' div that opens here; put a blank line "
                                     f"before and after each of its fence lines"))
        elif found[i] != want:
            problems.append((d.line, f"pandoc nests the '{d.cls}' div that opens here differently from the lesson "
                                     f"parser; check that the fences are balanced and surrounded by blank lines"))
    for s in stray:
        problems.append((1, f"pandoc shows a fence line as text ({s!r}); check the fences of this page"))
    return problems


# --------------------------------------------------------------------------------------------
# Links (lesson.lua flatten_links, sandpaper fix_setup_link and use_instructor)
# --------------------------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_external(target: str) -> bool:
    return bool(_SCHEME_RE.match(target)) or target.startswith("//")


def flatten_link(target: str) -> str:
    """lesson.lua flatten_links: drop one leading ../ and a source-folder prefix; .md/.Rmd -> .html."""
    t = re.sub(r"^\.\./", "", target)
    for folder in SOURCE_DIRS:
        if t.startswith(folder + "/"):
            t = t[len(folder) + 1:]
            break
    if not (t[:4] == "http" or t[:4] == "ftp:"):
        t = re.sub(r"\.R?md(#\S+)$", r".html\1", t)
        t = re.sub(r"\.R?md$", ".html", t)
    return t


def fix_setup_link(target: str) -> str:
    """sandpaper fix_setup_link: setup.html is shown on the home page."""
    if is_external(target):
        return target
    path, _, frag = target.partition("#")
    if path == "setup.html":
        return "index.html#" + (frag or "setup")
    return target


def instructor_target(target: str, kind: str) -> str:
    """sandpaper use_instructor: resources are one folder up from instructor/."""
    if not target or is_external(target) or target.startswith(("#", "mailto:")):
        return target
    path = target.split("#", 1)[0].split("?", 1)[0]
    if kind == "image":
        return "../" + target
    ext = Path(path).suffix.lower()
    nested = len(re.sub(r"^\./", "", path).split("/")) > 1
    if ext not in (".html", "") or nested:
        return "../" + target
    return target


# --------------------------------------------------------------------------------------------
# The Lua filter, in Python
# --------------------------------------------------------------------------------------------

@dataclass
class InstructorNote:
    title: str
    blocks: list  # rendered (already transformed) blocks of the note's body


@dataclass
class Rendered:
    blocks: list  # transformed pandoc blocks
    keypoints: list = field(default_factory=list)  # rendered blocks of the keypoints divs' bodies
    notes: list[InstructorNote] = field(default_factory=list)
    h2: list[tuple[str, str]] = field(default_factory=list)  # (id, text) of top-level sections
    questions: list[str] = field(default_factory=list)  # the items of the questions div, as text
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)
    problems: list[tuple[int, str]] = field(default_factory=list)


class Renderer:
    """Apply the Workbench's page transformations to one page's pandoc tree, for one view."""

    def __init__(self, page: Page, doc: dict, view: str, source: str = ""):
        assert view in ("learner", "instructor")
        self.page = page
        self.source = source or page.path.name
        self.view = view
        self.blocks = copy.deepcopy(doc["blocks"])
        self.counts: dict[str, int] = {}
        self.out = Rendered(blocks=[])
        self.questions: list | None = None
        self.objectives: list | None = None
        self._card = False  # the overview card is shown once

    # -- helpers ---------------------------------------------------------------------------
    def _count(self, cls: str) -> int:
        self.counts[cls] = self.counts.get(cls, 0) + 1
        return self.counts[cls]

    def _div_info(self, el: dict) -> Div | None:
        k = kv(el).get("data-lkdiv")
        return self.page.divs[int(k)] if k is not None else None

    def _title(self, div: Div, content: list) -> tuple[dict | None, list]:
        """The div's title heading (a pandoc Header) and the rest of its content.

        The lesson parser decides whether the div has a title: its first block is a heading."""
        if div.first_block == "heading_open":
            if content and content[0].get("t") == "Header":
                return content[0], content[1:]
            self.out.problems.append((div.line, f"the lesson parser sees a title heading first in this "
                                                f"'{div.cls}' div but pandoc does not; check the blank lines"))
        return None, content

    # -- entry point -----------------------------------------------------------------------
    def render(self) -> Rendered:
        blocks = self._blocks(self.blocks, top=True)
        self._fix_links(blocks)
        self._fix_links(self.out.keypoints)
        for note in self.out.notes:
            self._fix_links(note.blocks)
        self.out.blocks = blocks
        return self.out

    def _blocks(self, blocks: list, top: bool = False) -> list:
        out: list = []
        for b in blocks:
            t = b.get("t")
            if t == "Div" and self._div_info(b) is not None:
                out.extend(self._div(b))
            elif t == "Div":
                b["c"][1] = self._blocks(b["c"][1])
                out.append(b)
            elif t == "CodeBlock":
                out.extend(self._code(b))
            elif t == "BlockQuote":
                b["c"] = self._blocks(b["c"])
                out.append(b)
            elif t == "BulletList":
                b["c"] = [self._blocks(item) for item in b["c"]]
                out.append(b)
            elif t == "OrderedList":
                b["c"][1] = [self._blocks(item) for item in b["c"][1]]
                out.append(b)
            elif t == "DefinitionList":
                b["c"] = [[term, [self._blocks(d) for d in defs]] for term, defs in b["c"]]
                out.append(b)
            elif t == "Figure":
                self._figure_images(b)
                out.append(b)
            else:
                if t == "Header" and top and b["c"][0] == 2:
                    self.out.h2.append((b["c"][1][0], stringify(b["c"][2])))
                if t in ("Para", "Plain"):
                    self._figure_images(b)
                out.append(b)
        return out

    def _figure_images(self, b: dict) -> None:
        for el in elements(b):
            if el["t"] == "Image":
                self.out.images.append((flatten_link(el["c"][2][0]), kv(el).get("alt", stringify(el["c"][1]))))

    # -- code blocks (sandpaper fix_codeblocks) ---------------------------------------------
    def _code(self, b: dict) -> list:
        classes = b["c"][0][1]
        lang = classes[0] if classes else ""
        kind = lang if lang in ("output", "error", "warning") else ("code" if lang else "plain")
        label = f'<div class="code-label">{html.escape(lang.upper())}</div>' if lang else ""
        return [raw(f'<div class="codewrapper {kind}">{label}'), b, raw("</div>")]

    # -- divs (lesson.lua handle_our_divs) ---------------------------------------------------
    def _div(self, el: dict) -> list:
        div = self._div_info(el)
        cls = div.cls
        ident = el["c"][0][0]
        content = el["c"][1]
        src = f' data-source="{html.escape(self.source)}:{div.line}"'
        if cls in ("questions", "objectives"):
            body = [b for b in content if b.get("t") != "Header"]
            body = self._blocks(body)
            if cls == "questions" and self.questions is None:
                self.questions = body
                for b in body:
                    if b.get("t") == "BulletList":
                        self.out.questions.extend(stringify(item).strip() for item in b["c"])
            elif cls == "objectives" and self.objectives is None:
                self.objectives = body
            else:
                return []
            if self.questions is not None and self.objectives is not None and not self._card:
                self._card = True
                return self._overview_card()
            return []
        if cls == "instructor":
            if self.view == "learner":
                return []
            return self._accordion(div, content, ident, src)
        if cls in ("solution", "hint", "spoiler"):
            return self._accordion(div, content, ident, src)
        if cls == "challenge":
            return self._challenge(div, content, ident, src)
        if cls in ("tab", "group-tab"):
            return self._tabs(div, content, src)
        if cls in CALLOUT_LABELS:
            head, rest = self._title(div, content)
            body = self._blocks(rest)
            if cls == "keypoints":
                self.out.keypoints.extend(copy.deepcopy(body))
            return self._callout(cls, head, body, ident, src)
        # Unknown class: pandoc's plain div (lesson.lua returns it unchanged).
        self.out.problems.append((div.line, f"[unknown div] {cls}: the Workbench renders it as a plain div"))
        el["c"][0][2] = [[k, v] for k, v in el["c"][0][2] if k != "data-lkdiv"]
        el["c"][1] = self._blocks(content)
        return [el]

    def _overview_card(self) -> list:
        out = [raw('<div class="overview card">\n<h2 class="card-header">Overview</h2>\n<div class="card-row">'
                   '\n<div class="card-col questions">\n<h3 class="card-title">Questions</h3>')]
        out += self.questions
        out += [raw('</div>\n<div class="card-col objectives">\n<h3 class="card-title">Objectives</h3>')]
        out += self.objectives
        out += [raw("</div>\n</div>\n</div>")]
        return out

    def _callout(self, cls: str, head: dict | None, body: list, ident: str = "", src: str = "",
                 extra_class: str = "", continued: bool = False) -> list:
        n = self._count(cls if not continued else cls + "-continued")
        label = CALLOUT_LABELS.get(cls, cls.capitalize())
        box_id = ident or (f"{cls}{n}" if not continued else f"{cls}{n}-continued")
        if head is None:
            title = {"t": "Header", "c": [3, ["", ["callout-title"], []], [{"t": "Str", "c": label}]]}
            kind = ""
        else:
            title = copy.deepcopy(head)
            title["c"][0] = 3
            title["c"][1][1] = ["callout-title"]
            title["c"][1][2] = []
            if continued:
                title["c"][1][0] = ""
                title["c"][2] = title["c"][2] + [{"t": "Emph", "c": [{"t": "Str", "c": " (continued)"}]}]
            kind = (f'<p class="callout-kind">{html.escape(label)}</p>'
                    if stringify(title["c"][2]).strip().lower() != label.lower() else "")
        classes = "callout" + (f" {cls}" if cls != "callout" else "") + (f" {extra_class}" if extra_class else "")
        return ([raw(f'<div class="{classes}" id="{html.escape(box_id)}"{src}>\n<div class="callout-inner">{kind}'),
                 title, raw('<div class="callout-content">')] + body + [raw("</div>\n</div>\n</div>")])

    def _accordion(self, div: Div, content: list, ident: str, src: str) -> list:
        cls = div.cls
        n = self._count(cls)
        head, rest = self._title(div, content)
        body = self._blocks(rest)
        default = ACCORDION_LABELS[cls]
        if head is None or stringify(head["c"][2]).strip() in ("", cls.capitalize()):
            summary = [{"t": "Str", "c": default}]
            anchor = (head["c"][1][0] if head is not None else "") or ident
        else:
            summary = head["c"][2]
            anchor = head["c"][1][0] or ident
        anchor = anchor or f"{cls}{n}"
        group = {"instructor": "instructor-note", "spoiler": "spoiler-accordion"}.get(cls, "challenge-accordion")
        if cls == "instructor":
            self.out.notes.append(InstructorNote(stringify(summary), copy.deepcopy(body)))
        return ([raw(f'<details class="accordion {group} {cls}" id="{html.escape(anchor)}"{src}>\n'
                     f'<summary class="accordion-header">'),
                 {"t": "Plain", "c": summary},
                 raw('</summary>\n<div class="accordion-body">')] + body + [raw("</div>\n</details>")])

    def _challenge(self, div: Div, content: list, ident: str, src: str) -> list:
        """lesson.lua challenge_block: the challenge, then its solutions and hints as accordions; text
        after an accordion goes in a '<title> (continued)' box."""
        head, rest = self._title(div, content)
        train: list = [raw(f'<div class="challenge-group"{src}>')]
        current: list = []
        seen_accordion = False
        started = False

        def flush(continued: bool):
            nonlocal current
            if not current and continued:
                return
            body = self._blocks(current)
            train.extend(self._callout("challenge", head, body, ident if not continued else "",
                                       "", "continued" if continued else "", continued=continued))
            current = []

        for b in rest:
            info = self._div_info(b) if b.get("t") == "Div" else None
            if info is not None and info.cls in ("solution", "hint"):
                if not seen_accordion or current:
                    flush(continued=started)
                    started = True
                seen_accordion = True
                train.extend(self._div(b))
            elif info is not None and info.cls == "instructor" and self.view == "learner":
                continue
            else:
                current.append(b)
        if current or not started:
            flush(continued=started)
        train.append(raw("</div>"))
        return train

    def _tabs(self, div: Div, content: list, src: str) -> list:
        """Tab sets: each heading starts a tab (lesson.lua tab_block). Without JavaScript the tabs
        show one after another with their headings; preview.js turns them into a tab list."""
        n = self._count(div.cls)
        level = next((b["c"][0] for b in content if b.get("t") == "Header"), 3)
        group = ' data-group="true"' if div.cls == "group-tab" else ""
        out = [raw(f'<div class="tabs" id="tabs-{div.cls}-{n}"{group}{src}>')]
        panel_open = False
        for b in content:
            if b.get("t") == "Header" and b["c"][0] == level:
                if panel_open:
                    out.append(raw("</div>"))
                title = stringify(b["c"][2])
                out.append(raw(f'<div class="tab-panel" data-title="{html.escape(title)}">'))
                b = copy.deepcopy(b)
                b["c"][1][1] = ["tab-title"]
                out.append(b)
                panel_open = True
            else:
                if not panel_open:
                    out.append(raw('<div class="tab-panel" data-title="">'))
                    panel_open = True
                out.extend(self._blocks([b]))
        if panel_open:
            out.append(raw("</div>"))
        out.append(raw("</div>"))
        return out

    # -- links --------------------------------------------------------------------------------
    def _fix_links(self, blocks: list) -> None:
        for el in elements(blocks):
            if el["t"] in ("Link", "Image"):
                target = fix_setup_link(flatten_link(el["c"][2][0]))
                if self.view == "instructor":
                    target = instructor_target(target, "image" if el["t"] == "Image" else "link")
                el["c"][2][0] = target
