"""`./lesson preview`: build the whole lesson as a local website and serve it, without R.

The published site is built by the Carpentries Workbench (sandpaper); this preview follows its rules
(lessonkit.workbench), so a maintainer or instructor without R sees what learners will see: one flat site
(`episodes/x.md` becomes `x.html`; `fig/`, `data/` and `files/` merged at the root), the learner view at
the root and the instructor view under `instructor/`.

pandoc (the one bundled with pypandoc-binary) reads each page as sandpaper does; one panflute walk adds
what sandpaper's Lua filter adds, the boxes' HTML taken from templates/parts.html; pandoc writes the HTML
into templates/page.html. The preview checks nothing itself: its warnings are the lint's, one check per rule.
"""
import argparse
import collections
import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2
import panflute as pf
from markupsafe import Markup

from .lesson import ROOT, Lesson
from .lint import lint_lesson
from .markdown import RESULT_LANGS, Page, parse_page
from .problems import Problem, ProblemError
from .workbench import (ACCORDION_LABELS, ASSET_DIRS, CALLOUT_LABELS, DEFAULT_MINUTES, KNOWN_DIVS, PANDOC_READER,
                        SOURCE_DIRS, TOP_LEVEL_PAGES, is_external, site_link)

PACKAGE = Path(__file__).resolve().parent
DEFAULT_OUT = Path("site") / "preview"
MARKER = ".lessonkit-preview"
VIEWS = ("learner", "instructor")
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE / "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
PARTS = TEMPLATES.get_template("parts.html").module


class BuildError(RuntimeError):
    pass


@functools.cache
def pandoc() -> str:
    """The pandoc of the pypandoc-binary wheel, the one the lock pins. Never a lookup on PATH: pypandoc's
    own search prefers whichever pandoc is newest, and from several threads at once it sometimes handed
    out another, older pandoc that was first on PATH (issue 14)."""
    import pypandoc

    path = Path(pypandoc.__file__).resolve().parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
    if not path.is_file():
        raise BuildError(f"no bundled pandoc at {path}: install the locked pypandoc-binary "
                         "(pip install -r requirements-lock.txt)")
    return str(path)


def run_pandoc(args: list[str], text: str) -> str:
    proc = subprocess.run([pandoc(), *args], input=text.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise BuildError(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout.decode("utf-8")


def write_html(parts: list[list]) -> str:
    """The HTML of a page joined from parts (lists of blocks), written by one pandoc run, with unique ids: the
    first element with an id keeps it, later ones become x-1, x-2; a part's links to `#x` follow its own first x."""
    blocks = [b for n, part in enumerate(parts) for b in ([raw(NEXT_PART)] if n else []) + part]
    doc = {"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": [b.to_json() for b in blocks]}
    out = run_pandoc(["-f", "json", "-t", "html5", "--mathml", "--wrap=none"], json.dumps(doc))
    out = re.sub(r'<a href="#cb\d+-\d+" aria-hidden="true" tabindex="-1"></a>', "", out)
    out = out.replace("<pre\nclass=", "<pre class=").replace("<pre class=", '<pre tabindex="0" class=')
    if len(parts) == 1:
        return out
    taken: set[str] = set()
    joined = []
    for part in out.split(NEXT_PART + "\n"):
        first: dict[str, str] = {}

        def unique(m: re.Match) -> str:
            new, n = m.group(1), itertools.count(1)
            while new in taken:
                new = f"{m.group(1)}-{next(n)}"
            taken.add(new)
            first.setdefault(m.group(1), new)
            return f' id="{new}"'

        part = re.sub(r'\sid="([^"]*)"', unique, part)
        joined.append(re.sub(r'href="#([^"]*)"', lambda m: f'href="#{first.get(m.group(1), m.group(1))}"', part))
    return "".join(joined)


raw = functools.partial(pf.RawBlock, format="html")
SLOT = "\x00"
NEXT_PART = "<!-- lessonkit: the next part of the page -->"


def wrap(macro: str, *slots: list, **args) -> list:
    """The HTML of a templates/parts.html box around pandoc blocks: its n-th {{ slot }} holds slots[n]."""
    pieces = str(getattr(PARTS, macro)(Markup(SLOT), **args)).split(SLOT)
    return [raw(pieces[0])] + [b for blocks, piece in zip(slots, pieces[1:]) for b in [*blocks, raw(piece)]]


class Renderer:
    """What sandpaper's lesson.lua and HTML post-processing do to one page's tree, for one view: one panflute
    walk, innermost elements first, so a div's content is already rendered when the div is."""

    def __init__(self, tree: str, view: str):
        self.view, self.card = view, {}
        self.numbers = collections.defaultdict(lambda: itertools.count(1))  # kind of box -> its next number
        self.keypoints: list = []  # blocks of the keypoints divs' bodies
        self.notes: list[tuple[str, list]] = []  # (title, blocks) of each instructor note
        self.h2: list[tuple[str, str]] = []  # (id, text) of the top-level sections
        self.images: list[tuple[str, str]] = []  # (src, alt)
        self.blocks = list(json.loads(tree, object_hook=pf.elements.from_json).walk(self.action).content)

    def action(self, el, doc):
        if isinstance(el, (pf.Link, pf.Image)):  # lesson.lua flatten_links, sandpaper fix_setup_link, use_instructor
            if isinstance(el, pf.Image):
                self.images.append((site_link(el.url), el.attributes.get("alt", pf.stringify(el))))
            el.url = site_link(el.url, self.view, isinstance(el, pf.Image))
        elif isinstance(el, pf.CodeBlock):
            lang = el.classes[0] if el.classes else ""
            return wrap("code", [el], lang=lang, kind=lang if lang in RESULT_LANGS else ("code" if lang else "plain"))
        elif isinstance(el, pf.Header) and el.level == 2 and isinstance(el.parent, pf.Doc):
            self.h2.append((el.identifier, pf.stringify(el)))
        elif _cls(el) in KNOWN_DIVS and not (_cls(el) in ("solution", "hint") and _cls(el.parent) == "challenge"):
            return self.div(el, _cls(el))  # a challenge renders its own solutions and hints

    def div(self, el: pf.Div, cls: str) -> list:
        content = list(el.content)
        if cls in ("questions", "objectives"):
            if cls in self.card:
                return []
            self.card[cls] = [b for b in content if not isinstance(b, pf.Header)]
            return wrap("overview", self.card["questions"], self.card["objectives"]) if len(self.card) == 2 else []
        if cls == "instructor" and self.view == "learner":
            return []
        if cls in ("tab", "group-tab"):
            return self.tabs(cls, content)
        head = content.pop(0) if content and isinstance(content[0], pf.Header) else None  # a div's title
        if cls in ACCORDION_LABELS:
            return self.accordion(cls, head, content, el.identifier)
        if cls == "challenge":
            return self.challenge(head, content, el.identifier)
        if cls == "keypoints":
            self.keypoints += content
        return self.callout(cls, head, content, el.identifier)

    def callout(self, cls: str, head: pf.Header | None, body: list, ident: str = "", continued: bool = False) -> list:
        label, suffix = CALLOUT_LABELS[cls], "-continued" if continued else ""
        n = next(self.numbers[cls + suffix])
        title = pf.Header(*head.content if head else [pf.Str(label)], level=3,
                          classes=["callout-title"], identifier=head.identifier if head and not continued else "")
        if head and continued:
            title.content.append(pf.Emph(pf.Str(" (continued)")))
        kind = label if head and pf.stringify(head).strip().lower() != label.lower() else None
        return wrap("callout", [title], body, cls=cls, continued=continued, id=ident or f"{cls}{n}{suffix}", kind=kind)

    def accordion(self, cls: str, head: pf.Header | None, body: list, ident: str) -> list:
        n = next(self.numbers[cls])
        untitled = head is None or pf.stringify(head).strip() in ("", cls.capitalize())
        summary = [pf.Str(ACCORDION_LABELS[cls])] if untitled else list(head.content)
        if cls == "instructor":
            self.notes.append(("".join(pf.stringify(i) for i in summary), body))
        anchor = (head.identifier if head is not None else "") or ident or f"{cls}{n}"
        return wrap("accordion", [pf.Plain(*summary)], body, cls=cls, id=anchor)

    def challenge(self, head: pf.Header | None, content: list, ident: str) -> list:
        """lesson.lua challenge_block: the challenge, then its solutions and hints as accordions; text after
        an accordion goes in a '<title> (continued)' box."""
        train, current, boxes = [raw('<div class="challenge-group">')], [], 0
        for b in content + [None]:
            if b is None or _cls(b) in ("solution", "hint"):
                if current or not boxes:
                    train += self.callout("challenge", head, current, "" if boxes else ident, continued=boxes > 0)
                    boxes, current = boxes + 1, []
                if b is not None:
                    train += self.div(b, _cls(b))
            else:
                current.append(b)
        return train + [raw("</div>")]

    def tabs(self, cls: str, content: list) -> list:
        """Each heading starts a tab (lesson.lua tab_block); preview.js turns the panels into a tab list."""
        level = next((b.level for b in content if isinstance(b, pf.Header)), 3)
        panels: list[tuple[str, list]] = [("", [])]  # (title, blocks): text before the first heading untitled
        for b in content:
            if isinstance(b, pf.Header) and b.level == level:
                b.classes = ["tab-title"]
                panels.append((pf.stringify(b), []))
            panels[-1][1].append(b)
        panels = [(title, blocks) for title, blocks in panels if blocks]  # a tab from a heading holds at least it
        return wrap("tabs", *[blocks for _, blocks in panels], cls=cls, n=next(self.numbers[cls]),
                    titles=[title for title, _ in panels])


def _cls(el) -> str:
    """The Workbench class of a div ('' for anything else)."""
    return el.classes[0] if isinstance(el, pf.Div) and el.classes else ""


@dataclass
class Source:
    path: Path
    slug: str
    page: Page | None = None
    error: Problem | None = None
    rendered: dict = field(default_factory=dict)  # view -> Renderer

    @property
    def title(self) -> str:
        return str(self.page.meta.get("title") or self.slug) if self.page else self.slug

    def minutes(self, key: str, default: int = DEFAULT_MINUTES) -> int:
        value = str(self.page.meta.get(key, "")) if self.page else ""
        return int(value) if re.fullmatch(r"[0-9]+", value) else default

    def blocks(self, view: str) -> list:
        return self.rendered[view].blocks if self.rendered else [raw(PARTS.build_error(str(self.error or "")))]

    def read(self, root: Path, refs: dict) -> None:
        """Parse the page (its front matter) and render it in both views, or keep the problem that stopped it."""
        definitions = "\n\n" + "\n".join(f"[{label}]: <{href}>" for label, href in refs.items())
        try:
            self.page = parse_page(self.path, references=refs)
            # pandoc's tree, read as sandpaper reads a page: with links.md's definitions appended
            tree = run_pandoc(["-f", PANDOC_READER, "-t", "json", "--indented-code-classes=sh"],
                              self.page.text + definitions)
        except (ProblemError, BuildError) as e:
            p = getattr(e, "problem", None) or Problem("", 1, "pandoc", f"pandoc could not read the page: {e}")
            self.error = Problem(self.path.relative_to(root).as_posix(), p.line, p.kind, p.message)
            return
        self.rendered = {view: Renderer(tree, view) for view in VIEWS}


def in_threads(function, items: list) -> list:
    """pandoc runs in a few threads, each page on its own."""
    with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 2) * 2)) as pool:
        return list(pool.map(function, items))


@dataclass
class SitePage:
    """One HTML file to write: its name in a view, its heading, its content (blocks, or parts joined)."""

    name: str
    heading: str
    parts: list[list]
    kind: str = "page"  # 'home', 'episode', 'page'
    source: Source | None = None


class Site:
    """The lesson's pages, read and rendered in both views."""

    def __init__(self, lesson: Lesson):
        self.lesson, self.config = lesson, lesson.config
        found = {folder: [Source(p, p.stem) for p in lesson.pages(folder) if p.exists()] for folder in SOURCE_DIRS}
        self.episodes = found["episodes"]
        self.setup = next((s for s in found["learners"] if s.slug == "setup"), None)
        self.learner_pages = [s for s in found["learners"] if s.slug != "setup"]
        self.instructor_pages = found["instructors"]
        self.profiles = found["profiles"]
        self.top = [Source(lesson.root / n, Path(n).stem) for n in TOP_LEVEL_PAGES if (lesson.root / n).exists()]
        self.index = Source(lesson.root / "index.md", "index") if (lesson.root / "index.md").exists() else None
        self.sources = [s for g in found.values() for s in g] + self.top + ([self.index] if self.index else [])
        refs = lesson.references()
        pandoc()  # resolved before the threads start
        in_threads(lambda source: source.read(lesson.root, refs), self.sources)

    def home_title(self, view: str) -> str:
        title = self.index and self.index.page and self.index.page.meta.get("title")
        return str(title) if title else "Summary and Setup" if view == "learner" else "Summary and Schedule"

    def context(self, view: str, sp: SitePage, body: str) -> dict:
        """What templates/page.html shows around a page's body: the sidebar, the pager, the footer."""
        def links(sources: list[Source]) -> list[tuple[str, str]]:
            return [(f"{s.slug}.html", s.title) for s in sources]

        reference = next((s for s in self.learner_pages if s.slug == "reference"), None)
        glossary = reference and (r := reference.rendered.get(view)) and "glossary" in dict(r.h2)
        shown = next((r for s in self.episodes if f"{s.slug}.html" == sp.name and (r := s.rendered.get(view))), None)
        seq = [None, ("index.html", "Home"), *links(self.episodes), None]  # the pager's order
        i = [link and link[0] for link in seq].index(sp.name) if sp.kind in ("home", "episode") else None
        return {"config": self.config, "lesson_title": str(self.config.get("title") or "Lesson"), "view": view,
                "kind": sp.kind, "current": sp.name, "heading": sp.heading, "content": Markup(body),
                "assets": "assets/" if view == "learner" else "../assets/", "home_title": self.home_title(view),
                "episodes": links(self.episodes), "sections": [(a, text) for a, text in shown.h2 if a] if shown else [],
                "glossary": reference and ("reference.html#glossary" if glossary else "reference.html"),
                "learner_links": links([s for s in self.learner_pages if s.slug != "reference"]),
                "profiles": bool(self.profiles), "instructor_links": links(self.instructor_pages),
                "notes_page": any(s.slug == "instructor-notes" for s in self.instructor_pages),
                "neighbours": i and (seq[i - 1], seq[i + 1]), "top_pages": [f"{s.slug}.html" for s in self.top],
                "minutes": [sp.source.minutes(k) for k in ("teaching", "exercises")] if sp.kind == "episode" else None,
                "source_path": sp.source and sp.source.path.relative_to(self.lesson.root).as_posix()}

    def schedule(self) -> str:
        rows, total = [], 0
        for n, s in enumerate(self.episodes, start=1):
            card = r.card.get("questions", []) if (r := s.rendered.get("instructor")) else []
            questions = [pf.stringify(i).strip() for b in card if isinstance(b, pf.BulletList) for i in b.content]
            rows.append((total, f"{s.slug}.html", f"{n}. {s.title}", questions))
            total += s.minutes("teaching") + s.minutes("exercises") + s.minutes("break", 0)
        return PARTS.schedule(rows + [(total, "", "Finish", [])])

    def pages(self, view: str) -> list[SitePage]:
        home = [self.index.blocks(view) if self.index else
                [raw(PARTS.no_index(self.config.get("title", "This lesson")))]]
        home += [[raw(self.schedule())]] if view == "instructor" else []
        home += [wrap("setup", self.setup.blocks(view), title=self.setup.title)] if self.setup is not None else []
        pages = [SitePage("index.html", self.home_title(view), home, "home", self.index)]
        pages += [SitePage(f"{s.slug}.html", s.title, [s.blocks(view)], "episode" if s in self.episodes else "page", s)
                  for s in self.episodes + self.learner_pages + self.top]
        if self.profiles:
            pages.append(SitePage("profiles.html", "Learner Profiles",
                                  [([raw("<hr>")] if i else []) + s.blocks(view) for i, s in enumerate(self.profiles)]))
        pages.append(SitePage("key-points.html", "Key Points", [
            wrap("keypoints", r.keypoints or [raw("<p>This episode has no key points yet.</p>")],
                 slug=s.slug, title=s.title)
            for s in self.episodes if (r := s.rendered.get(view))]))
        noted = [(s, r.notes) for s in self.episodes if (r := s.rendered.get("instructor")) and r.notes]
        notes = wrap("notes", *[body for _, ns in noted for _, body in ns],  # sandpaper build_instructor_notes
                     episodes=[(s.slug, s.title, [title for title, _ in ns]) for s, ns in noted])
        source = next((s for s in self.instructor_pages if s.slug == "instructor-notes"), None)
        own = [SitePage(f"{s.slug}.html", s.title, [s.blocks(view)] + ([notes] if s is source else []), source=s)
               for s in self.instructor_pages]  # the instructor view's own pages: the learner view links to them
        own += [] if source else [SitePage("instructor-notes.html", "Instructor Notes", [notes])]
        images = [(s.slug, s.title, [(src if is_external(src) else "../" + src, alt) for src, alt in r.images])
                  for s in self.episodes if (r := s.rendered.get("instructor")) and r.images]
        own.append(SitePage("images.html", "All images", [[raw(PARTS.images(images))]]))
        return pages + (own if view == "instructor" else [
            SitePage(p.name, p.heading, [[raw(PARTS.stub(p.name, p.heading))]], source=p.source) for p in own])


@dataclass
class BuildResult:
    out: Path
    pages: list[str]
    problems: list[Problem]  # the lint's: the site was still built
    errors: list[Problem]  # pages that could not be built at all


def copy_assets(root: Path, out: Path) -> None:
    """sandpaper copy_build_assets: fig/, data/, files/ of the source folders merged at the root, and other
    non-Markdown files lying directly in a source folder copied next to the pages."""
    for f in (f for folder in SOURCE_DIRS if (root / folder).is_dir() for f in (root / folder).iterdir()):
        if f.is_dir() and f.name in ASSET_DIRS:
            shutil.copytree(f, out / f.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".DS_Store"))
        elif f.is_file() and f.suffix.lower() not in (".md", ".rmd") and not f.name.startswith("."):
            shutil.copy2(f, out / f.name)
    shutil.copytree(PACKAGE / "static", out / "assets", dirs_exist_ok=True)


def build(root: Path = ROOT, out: Path | None = None, check: bool = True) -> BuildResult:
    """Build the site into `out`; `check` runs the lint, whose problems are the build's warnings."""
    root = Path(root).resolve()
    out = (Path(out) if out is not None else root / DEFAULT_OUT).resolve()
    site = Site(Lesson.load(root))
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise BuildError(f"{out} exists and was not made by ./lesson preview; choose another --out folder")
        shutil.rmtree(out)
    (out / "instructor").mkdir(parents=True)
    (out / MARKER).write_text("Built by ./lesson preview; deleted and rebuilt on every build.\n")
    template = TEMPLATES.get_template("page.html")
    jobs = [(view, sp) for view in VIEWS for sp in site.pages(view)]
    bodies = in_threads(lambda job: write_html(job[1].parts), jobs)
    written = []
    for (view, sp), body in zip(jobs, bodies):
        path = out / sp.name if view == "learner" else out / "instructor" / sp.name
        path.write_text(template.render(site.context(view, sp, body)), encoding="utf-8")
        written.append(path.relative_to(out).as_posix())
    copy_assets(root, out)
    problems = lint_lesson(root) if check else []
    errors = [s.error for s in site.sources if s.error]
    return BuildResult(out, written, problems, errors)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # no line per request


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Build the lesson website from config.yaml with pandoc (no R needed) into site/preview/ "
                          "and serve it on http://127.0.0.1:PORT/. Exit status: 0 built, 1 config.yaml or a page could "
                          "not be read (or, with --strict, the lint found problems), 2 the output folder cannot be "
                          "used.")
    parser.add_argument("--no-serve", action="store_true", help="only build, do not start the web server")
    parser.add_argument("--port", type=int, default=4321, help="port to serve on (default 4321; 0 picks a free one)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default site/preview)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if the lint reports problems")
    parser.add_argument("--root", type=Path, default=ROOT, help="the lesson to build (default: this one)")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        result = build(args.root, args.out)
    except (BuildError, ProblemError) as e:  # the output folder cannot be used (2); config.yaml is broken (1)
        print(f"error: {e}", file=sys.stderr)
        return 1 if isinstance(e, ProblemError) else 2
    for p in result.problems:
        print(f"warning: {p}")
    for e in result.errors:
        print(f"error: {e}", file=sys.stderr)
    shown = result.out.relative_to(Path.cwd()) if result.out.is_relative_to(Path.cwd()) else result.out
    print(f"Built {len(result.pages)} pages into {shown}/ in {time.perf_counter() - started:.1f} s"
          f" ({len(result.problems)} lint problem(s), {len(result.errors)} page(s) failed)")
    status = 1 if result.errors or (args.strict and result.problems) else 0
    if args.no_serve:
        return status
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(QuietHandler, directory=result.out))
    except OSError as e:
        print(f"error: cannot serve on 127.0.0.1:{args.port} ({e.strerror}); choose another port with --port",
              file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"Serving the preview at {url}  (instructor view: {url}instructor/)", flush=True)
    print("Press Ctrl-C to stop. Rebuild with ./lesson preview after editing.", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped.")
    return status
