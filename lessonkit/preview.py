"""`./lesson preview`: build the whole lesson as a local website and serve it, without R.

The published site is built by the Carpentries Workbench (the R package sandpaper). This preview
follows the same rules, so a maintainer or instructor without R sees what learners will see:

* every page config.yaml lists (episodes, learner pages with `setup.md` on the home page and
  `reference.md` as the glossary, instructor pages, learner profiles joined into one page) plus
  the generated pages (`key-points.html`; in the instructor view the schedule on the home page,
  the episodes' instructor notes gathered into `instructor-notes.html`, and `images.html`);
* a flat site: `episodes/x.md`, `learners/x.md`, `instructors/x.md` become `x.html`, and the
  `fig/`, `data/` and `files/` folders of the four source folders are merged at the root;
* `links.md` appended to every page before conversion;
* the learner view at the root and the instructor view under `instructor/`, with instructor
  notes only in the latter.

Conversion is pandoc's (from the pypandoc-binary wheel); the page structure comes from the
lesson's one Markdown parser (`lessonkit.markdown`); see `lessonkit.preview_ast`.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import string
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .data import ROOT
from .lesson import SOURCE_DIRS, ConfigError, Lesson
from .markdown import Page, PageError, parse_page
from .preview_ast import (PandocError, Rendered, Renderer, annotate, check_structure, dedupe_ids,
                          fix_setup_link, flatten_link, instructor_target, is_external, raw, read_markdown,
                          write_pages)

PACKAGE = Path(__file__).resolve().parent
DEFAULT_OUT = Path("site") / "preview"
MARKER = ".lessonkit-preview"
VIEWS = ("learner", "instructor")
ASSET_DIRS = ("fig", "data", "files")
TOP_LEVEL_PAGES = ("LICENSE.md", "CODE_OF_CONDUCT.md")
DEFAULT_MINUTES = 5  # sandpaper's default for a missing or invalid timing


class BuildError(RuntimeError):
    pass


@dataclass
class Source:
    path: Path
    folder: str  # 'episodes', 'learners', 'instructors', 'profiles' or '' for the lesson root
    slug: str
    page: Page | None = None
    doc: dict | None = None
    error: str | None = None
    rendered: dict = field(default_factory=dict)  # view -> Rendered

    @property
    def title(self) -> str:
        meta = self.page.meta if self.page else {}
        title = meta.get("title") if isinstance(meta, dict) else None
        return str(title) if title else self.slug

    def minutes(self) -> tuple[int, int]:
        meta = self.page.meta if self.page else {}
        out = []
        for key in ("teaching", "exercises"):
            value = str(meta.get(key, ""))
            out.append(int(value) if re.fullmatch(r"[0-9]+", value) else DEFAULT_MINUTES)
        return out[0], out[1]


@dataclass
class BuildResult:
    out: Path
    pages: list[str]
    problems: list[str]  # file:line: message, for the maintainer; the site was still built
    errors: list[str]  # pages that could not be built at all
    seconds: float
    links: list[LinkProblem] = field(default_factory=list)  # what the link check found in the site

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class SitePage:
    """One HTML file to write: its name inside a view, and what goes in the template."""

    name: str
    heading: str
    blocks: list
    kind: str = "page"  # 'home', 'episode', 'page', 'stub'
    source: Source | None = None
    meta_html: str = ""
    parts: list | None = None  # several documents joined on one page (ids made unique)


# ------------------------------------------------------------------------------------------
# Gathering the lesson
# ------------------------------------------------------------------------------------------

def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def gather(lesson: Lesson, problems: list[str]) -> dict[str, list[Source]]:
    root = lesson.root
    groups: dict[str, list[Source]] = {"index": [], "episodes": [], "learners": [], "instructors": [],
                                       "profiles": [], "top": []}
    if (root / "index.md").exists():
        groups["index"].append(Source(root / "index.md", "", "index"))
    for folder in SOURCE_DIRS:
        for path in lesson.pages(folder):
            if not path.exists():
                problems.append(f"config.yaml:1: '{folder}' lists {path.name}, but {_rel(path, root)} does not "
                                f"exist (sandpaper stops: All files in config.yaml must exist)")
                continue
            groups[folder].append(Source(path, folder, path.stem))
    for name in TOP_LEVEL_PAGES:
        if (root / name).exists():
            groups["top"].append(Source(root / name, "", Path(name).stem))
    seen: dict[str, Source] = {}
    for group in ("episodes", "learners", "instructors", "profiles", "top"):
        for s in groups[group]:
            if s.slug in seen:
                problems.append(f"{_rel(s.path, root)}:1: the site is flat, so this page and "
                                f"{_rel(seen[s.slug].path, root)} would both become {s.slug}.html; rename one")
            seen[s.slug] = s
    return groups


def read_sources(sources: list[Source], root: Path, links_text: str, problems: list[str]) -> None:
    def read(s: Source) -> list[str]:
        """Parse and convert one page (in a worker thread); returns its problems."""
        try:
            s.page = parse_page(s.path)
        except PageError as e:
            s.error = str(e)
            return []
        found = [f"{_rel(s.path, root)}:{p.line}: {p.message}" for p in s.page.div_problems]
        text = annotate(s.page)
        if links_text:
            text += "\n\n" + links_text
        try:
            s.doc = read_markdown(text)
        except PandocError as e:
            s.error = f"{_rel(s.path, root)}:1: pandoc could not read the page: {e}"
            return found
        if not s.page.div_problems:  # otherwise the parser's own report is the one to act on
            found += [f"{_rel(s.path, root)}:{line}: {msg}" for line, msg in check_structure(s.page, s.doc)]
        return found

    with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 2) * 2)) as pool:
        for found in pool.map(read, sources):  # in the sources' order, whichever finishes first
            problems.extend(found)


# ------------------------------------------------------------------------------------------
# Page furniture: navigation, schedule, footer
# ------------------------------------------------------------------------------------------

def _a(href: str, text: str, current: bool = False) -> str:
    attrs = ' aria-current="page"' if current else ""
    return f'<a href="{html.escape(href)}"{attrs}>{html.escape(text)}</a>'


class Site:
    def __init__(self, lesson: Lesson, groups: dict[str, list[Source]]):
        self.lesson = lesson
        self.config = lesson.config
        self.groups = groups
        self.episodes = [s for s in groups["episodes"] if s.page is not None]
        learners = [s for s in groups["learners"] if s.page is not None]
        self.setup = next((s for s in learners if s.slug == "setup"), None)
        self.reference = next((s for s in learners if s.slug == "reference"), None)
        self.learner_pages = [s for s in learners if s.slug != "setup"]
        self.instructor_pages = [s for s in groups["instructors"] if s.page is not None]
        self.profiles = [s for s in groups["profiles"] if s.page is not None]
        self.top = [s for s in groups["top"] if s.page is not None]
        self.index = next((s for s in groups["index"] if s.page is not None), None)
        self.has_glossary_anchor = False

    # -- navigation ---------------------------------------------------------------------------
    def home_title(self, view: str) -> str:
        if self.index is not None and self.index.page.meta.get("title"):
            return str(self.index.page.meta["title"])
        return "Summary and Setup" if view == "learner" else "Summary and Schedule"

    def sidebar(self, view: str, current: str) -> str:
        items = [f'<li>{_a("index.html", self.home_title(view), current == "index.html")}</li>']
        ep = []
        for n, s in enumerate(self.episodes, start=1):
            name = f"{s.slug}.html"
            sections = ""
            r = s.rendered.get(view)
            if current == name and r is not None and r.h2:
                links = "".join(f'<li><a href="#{html.escape(i)}">{html.escape(t)}</a></li>' for i, t in r.h2 if i)
                sections = f'<ul class="nav-sections" aria-label="Sections of this episode">{links}</ul>'
            ep.append(f'<li>{_a(name, f"{n}. {s.title}", current == name)}{sections}</li>')
        res = []
        res.append(f'<li>{_a("key-points.html", "Key Points", current == "key-points.html")}</li>')
        if self.reference is not None:
            target = "reference.html#glossary" if self.has_glossary_anchor else "reference.html"
            res.append(f'<li>{_a(target, "Glossary", current == "reference.html")}</li>')
        if self.profiles:
            res.append(f'<li>{_a("profiles.html", "Learner Profiles", current == "profiles.html")}</li>')
        for s in self.learner_pages:
            if s.slug == "reference":
                continue
            res.append(f'<li>{_a(s.slug + ".html", s.title, current == s.slug + ".html")}</li>')
        parts = [f'<ul class="nav-home">{"".join(items)}</ul>',
                 '<h2 class="nav-heading">Episodes</h2>', f'<ol class="nav-episodes">{"".join(ep)}</ol>',
                 '<h2 class="nav-heading">Learner resources</h2>', f'<ul>{"".join(res)}</ul>']
        if view == "instructor":
            inst = []
            names = [s.slug for s in self.instructor_pages]
            if "instructor-notes" not in names:
                inst.append(f'<li>{_a("instructor-notes.html", "Instructor Notes", current == "instructor-notes.html")}</li>')
            for s in self.instructor_pages:
                inst.append(f'<li>{_a(s.slug + ".html", s.title, current == s.slug + ".html")}</li>')
            inst.append(f'<li>{_a("images.html", "All images", current == "images.html")}</li>')
            parts += ['<h2 class="nav-heading">Instructor resources</h2>', f'<ul>{"".join(inst)}</ul>']
        return "\n".join(parts)

    def sequence(self) -> list[tuple[str, str]]:
        return [("index.html", "Home")] + [(f"{s.slug}.html", s.title) for s in self.episodes]

    def prev_next(self, name: str, where: str) -> str:
        seq = self.sequence()
        names = [n for n, _ in seq]
        if name not in names:
            return ""
        i = names.index(name)
        prev = seq[i - 1] if i > 0 else None
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        out = [f'<nav class="pager pager-{where}" aria-label="Previous and next page ({where})">']
        if prev:
            out.append(f'<a class="pager-prev" href="{prev[0]}" rel="prev"><span class="pager-dir">Previous</span> '
                       f'<span class="pager-title">{html.escape(prev[1])}</span></a>')
        else:
            out.append("<span></span>")
        if nxt:
            out.append(f'<a class="pager-next" href="{nxt[0]}" rel="next"><span class="pager-dir">Next</span> '
                       f'<span class="pager-title">{html.escape(nxt[1])}</span></a>')
        out.append("</nav>")
        return "".join(out)

    def footer(self, view: str, source: Source | None) -> str:
        cfg = self.config
        bits = []
        repo = str(cfg.get("source") or "").rstrip("/")
        if source is not None and repo and source.path.is_relative_to(self.lesson.root):
            rel = source.path.relative_to(self.lesson.root).as_posix()
            branch = cfg.get("branch") or "main"
            bits.append(f'<a href="{html.escape(repo)}/edit/{html.escape(str(branch))}/{html.escape(rel)}">'
                        f'Edit this page on GitHub</a>')
        if repo:
            bits.append(f'<a href="{html.escape(repo)}">Lesson source</a>')
        if any(s.slug == "LICENSE" for s in self.top):
            bits.append(f'<a href="LICENSE.html">License: {html.escape(str(cfg.get("license") or "see LICENSE"))}</a>')
        elif cfg.get("license"):
            bits.append(f'License: {html.escape(str(cfg["license"]))}')
        if any(s.slug == "CODE_OF_CONDUCT" for s in self.top):
            bits.append('<a href="CODE_OF_CONDUCT.html">Code of Conduct</a>')
        if cfg.get("contact"):
            c = html.escape(str(cfg["contact"]))
            bits.append(f'Contact: <a href="mailto:{c}">{c}</a>')
        note = ("This is a local preview built by <code>./lesson preview</code>. The published site is built "
                "by the Carpentries Workbench (sandpaper) and looks different, but shows the same content.")
        return f'<p class="footer-links">{" · ".join(bits)}</p>\n<p class="footer-note">{note}</p>'

    def schedule_html(self) -> str:
        rows = ['<table class="schedule">', '<caption>Schedule (start times from the episodes\' '
                'teaching and exercise minutes)</caption>',
                '<thead><tr><th scope="col">Start</th><th scope="col">Episode</th>'
                '<th scope="col">Questions this episode answers</th></tr></thead><tbody>']
        total = 0

        def hm(m):
            return f"{m // 60:02d}h {m % 60:02d}m"

        rows.append(f'<tr><td>{hm(0)}</td><td><a href="#setup">Setup Instructions</a></td>'
                    f'<td>Download files required for the lesson</td></tr>')
        for n, s in enumerate(self.episodes, start=1):
            qs = s.rendered.get("instructor").questions if s.rendered.get("instructor") else []
            rows.append(f'<tr><td>{hm(total)}</td><td><a href="{s.slug}.html">{n}. {html.escape(s.title)}</a></td>'
                        f'<td>{"<br>".join(html.escape(q) for q in qs)}</td></tr>')
            t, e = s.minutes()
            brk = str(s.page.meta.get("break", "0"))
            total += t + e + (int(brk) if brk.isdigit() else 0)
        rows.append(f'<tr><td>{hm(total)}</td><td>Finish</td><td></td></tr>')
        rows.append("</tbody></table>")
        rows.append('<p class="schedule-note">The actual schedule may vary slightly depending on the topics '
                    'and exercises chosen by the instructor.</p>')
        return "\n".join(rows)


# ------------------------------------------------------------------------------------------
# Composing pages
# ------------------------------------------------------------------------------------------

def _error_blocks(message: str) -> list:
    return [raw(f'<div class="build-error" role="alert"><p><strong>This page could not be built.</strong></p>'
                f'<pre>{html.escape(message)}</pre></div>')]


def _rendered(s: Source, view: str) -> Rendered | None:
    return s.rendered.get(view)


def compose(site: Site, view: str) -> list[SitePage]:
    pages: list[SitePage] = []

    # Home page: index.md, the schedule (instructor view), setup.md under #setup.
    parts = []
    if site.index is not None and _rendered(site.index, view):
        parts.append(_rendered(site.index, view).blocks)
    elif site.index is None:
        intro = [raw(f"<p>{html.escape(str(site.config.get('title', 'This lesson')))}: the episodes are listed "
                     f"in the menu.</p>")]
        parts.append(intro)
    if view == "instructor":
        parts.append([raw(site.schedule_html())])
    if site.setup is not None and _rendered(site.setup, view):
        parts.append([raw(f'<section id="setup" class="setup">\n<h2 id="setup-instructions">'
                          f'{html.escape(site.setup.title)}</h2>')] + _rendered(site.setup, view).blocks
                     + [raw("</section>")])
    pages.append(SitePage("index.html", site.home_title(view), [], kind="home", source=site.index, parts=parts))

    # Episodes.
    for s in site.episodes:
        r = _rendered(s, view)
        t, e = s.minutes()
        meta = (f'<p class="episode-meta">Estimated time: <strong>{t + e} minutes</strong> '
                f'(teaching {t} min, exercises {e} min)</p>')
        pages.append(SitePage(f"{s.slug}.html", s.title, r.blocks if r else _error_blocks(s.error or ""),
                              kind="episode", source=s, meta_html=meta))

    # Learner pages (setup is on the home page; reference.md is the glossary).
    for s in site.learner_pages:
        r = _rendered(s, view)
        pages.append(SitePage(f"{s.slug}.html", s.title, r.blocks if r else _error_blocks(s.error or ""),
                              source=s))

    # Instructor pages: real content in the instructor view; the learner view only points there.
    notes_page = next((s for s in site.instructor_pages if s.slug == "instructor-notes"), None)
    for s in site.instructor_pages + ([] if notes_page else [None]):
        name = f"{s.slug}.html" if s else "instructor-notes.html"
        title = s.title if s else "Instructor Notes"
        if view == "learner":
            blocks = [raw(f'<p class="stub">This page is part of the instructor view: '
                          f'<a href="instructor/{name}">open {html.escape(title)} in the instructor view</a>.</p>')]
            pages.append(SitePage(name, title, blocks, kind="stub", source=s))
            continue
        parts = []
        r = _rendered(s, view) if s else None
        if s is not None:
            parts.append(r.blocks if r else _error_blocks(s.error or ""))
        if name == "instructor-notes.html":
            parts.append(_aggregate_notes(site))
        pages.append(SitePage(name, title, [], source=s, parts=parts))

    # Learner profiles, joined into one page.
    if site.profiles:
        parts = []
        for i, s in enumerate(site.profiles):
            r = _rendered(s, view)
            parts.append(([raw("<hr>")] if i else []) + (r.blocks if r else _error_blocks(s.error or "")))
        pages.append(SitePage("profiles.html", "Learner Profiles", [], parts=parts))

    # Key points of every episode.
    parts = []
    for s in site.episodes:
        r = _rendered(s, view)
        if r is None:
            continue
        head = raw(f'<section class="keypoints-episode"><h2 id="kp-{s.slug}"><a href="{s.slug}.html">'
                   f'{html.escape(s.title)}</a></h2>')
        body = r.keypoints or [raw("<p>This episode has no key points yet.</p>")]
        parts.append([head] + body + [raw("</section>")])
    pages.append(SitePage("key-points.html", "Key Points", [], parts=parts))

    # Top-level pages (LICENSE, CODE_OF_CONDUCT).
    for s in site.top:
        r = _rendered(s, view)
        pages.append(SitePage(f"{s.slug}.html", s.title, r.blocks if r else _error_blocks(s.error or ""),
                              source=s))

    if view == "instructor":
        pages.append(SitePage("images.html", "All images", [raw(_images_html(site))]))
    else:
        pages.append(SitePage("images.html", "All images", [raw(
            '<p class="stub">The list of all images is part of the instructor view: '
            '<a href="instructor/images.html">open it in the instructor view</a>.</p>')], kind="stub"))
    return pages


def _aggregate_notes(site: Site) -> list:
    """sandpaper build_instructor_notes: the episodes' inline notes, by episode."""
    out = [raw('<section class="aggregate-notes"><h2 id="aggregate-instructor-notes">Instructor notes from the '
               'episodes</h2>')]
    for s in site.episodes:
        r = _rendered(s, "instructor")
        if r is None or not r.notes:
            continue
        out.append(raw(f'<h3 id="notes-{s.slug}"><a href="{s.slug}.html">{html.escape(s.title)}</a></h3>'))
        for note in r.notes:
            if note.title and note.title != "Instructor Note":
                out.append(raw(f'<h4>{html.escape(note.title)}</h4>'))
            out.append(raw('<div class="aggregate-note">'))
            out.extend(note.blocks)
            out.append(raw("</div>"))
    out.append(raw("</section>"))
    return out


def _images_html(site: Site) -> str:
    out = ['<p>Every image of the episodes with its alt text, in order.</p>']
    for s in site.episodes:
        r = _rendered(s, "instructor")
        if r is None or not r.images:
            continue
        out.append(f'<h2 id="images-{s.slug}"><a href="{s.slug}.html">{html.escape(s.title)}</a></h2>')
        for src, alt in r.images:
            shown = src if is_external(src) else "../" + src
            out.append(f'<figure class="image-list"><img src="{html.escape(shown)}" alt="{html.escape(alt)}">'
                       f'<figcaption><strong>Alt text:</strong> {html.escape(alt) or "<em>(empty: decorative)</em>"}'
                       f'</figcaption></figure>')
    return "\n".join(out)


# ------------------------------------------------------------------------------------------
# The build
# ------------------------------------------------------------------------------------------

def _prepare_out(out: Path) -> None:
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise BuildError(f"{out} exists and was not made by ./lesson preview; choose another --out folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("Built by ./lesson preview; deleted and rebuilt on every build.\n")


def copy_assets(root: Path, out: Path) -> None:
    """sandpaper copy_build_assets: fig/, data/, files/ of the source folders merged at the root, and
    other non-Markdown files lying directly in a source folder copied next to the pages."""
    for folder in SOURCE_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for sub in ASSET_DIRS:
            if (base / sub).is_dir():
                shutil.copytree(base / sub, out / sub, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".DS_Store"))
        for f in base.iterdir():
            if f.is_file() and f.suffix.lower() not in (".md", ".rmd") and not f.name.startswith("."):
                shutil.copy2(f, out / f.name)
    (out / "assets").mkdir(exist_ok=True)
    for f in (PACKAGE / "static").iterdir():
        if f.is_file():
            shutil.copy2(f, out / "assets" / f.name)


def build(root: Path = ROOT, out: Path | None = None, check: bool = True) -> BuildResult:
    started = time.perf_counter()
    root = Path(root).resolve()
    out = Path(out) if out is not None else root / DEFAULT_OUT
    out = out.resolve()
    problems: list[str] = []
    errors: list[str] = []
    lesson = Lesson.load(root)
    groups = gather(lesson, problems)
    links_text = (root / "links.md").read_text(encoding="utf-8") if (root / "links.md").exists() else ""
    sources = [s for g in groups.values() for s in g]
    read_sources(sources, root, links_text, problems)
    for s in sources:
        if s.error:
            errors.append(s.error)
    for s in sources:
        if s.doc is None:
            continue
        for view in VIEWS:
            r = Renderer(s.page, s.doc, view, _rel(s.path, root)).render()
            s.rendered[view] = r
            if view == "learner":
                for line, msg in r.problems:
                    problems.append(f"{_rel(s.path, root)}:{line}: {msg}")

    site = Site(lesson, groups)
    if site.reference is not None and site.reference.rendered.get("learner"):
        site.has_glossary_anchor = any(i == "glossary" for i, _ in site.reference.rendered["learner"].h2)
    template = string.Template((PACKAGE / "templates" / "page.html").read_text(encoding="utf-8"))
    api = next(s.doc["pandoc-api-version"] for s in sources if s.doc is not None) if any(
        s.doc is not None for s in sources) else [1, 23, 1, 1]

    _prepare_out(out)
    jobs = []
    for view in VIEWS:
        folder = out if view == "learner" else out / "instructor"
        folder.mkdir(parents=True, exist_ok=True)
        for sp in compose(site, view):
            if sp.parts is not None:
                parts = [p for p in sp.parts if p]
                dedupe_ids(parts)
                sp.blocks = [b for p in parts for b in p]
            jobs.append((view, folder, sp))

    bodies = write_pages([sp.blocks for _view, _folder, sp in jobs], api)
    written = []
    for (view, folder, sp), body in zip(jobs, bodies):
        page = template.substitute(_fill(site, view, sp, body))
        (folder / sp.name).write_text(page, encoding="utf-8")
        written.append(_rel(folder / sp.name, out))
    copy_assets(root, out)
    links = link_problems(out, set(_unwritten(lesson))) if check else []
    problems.extend(_summarise_links(links, lesson, sources, _rel(out, root)))
    return BuildResult(out, written, problems, errors, time.perf_counter() - started, links)


def _unwritten(lesson: Lesson) -> dict[str, Path]:
    """Pages config.yaml lists whose source does not exist yet: HTML name -> source path."""
    return {p.stem + ".html": p for folder in SOURCE_DIRS for p in lesson.pages(folder) if not p.exists()}


def _summarise_links(problems: list[LinkProblem], lesson: Lesson, sources: list[Source],
                     prefix: str) -> list[str]:
    """Link problems for the maintainer, at the source line that wrote the link where it can be
    found, once for both views. Links to a page config.yaml lists but nobody has written yet are
    counted in one line per page."""
    missing = _unwritten(lesson)
    by_target: dict[tuple[str, str], list[tuple[Source, int, str]]] = {}
    for s in sources:
        if s.page is None:
            continue
        for link in s.page.links:
            learner = fix_setup_link(flatten_link(link.target))
            for view, value in (("learner", learner),
                                ("instructor", instructor_target(learner, link.kind))):
                by_target.setdefault((view, value), []).append((s, link.line, link.target))
    pending: dict[str, int] = {}
    out: list[str] = []
    for p in problems:
        if p.kind == "unwritten":
            name = Path(unquote(urlsplit(p.value).path)).name
            pending[name] = pending.get(name, 0) + 1
            continue
        view = "instructor" if p.page.startswith("instructor/") else "learner"
        found = by_target.get((view, p.value), []) if p.value else []
        if found:
            reason = {"missing": "no such file in the site" + _unlisted_hint(lesson, p.value),
                      "no-anchor": p.message.removeprefix(f"{p.value}: ")}.get(p.kind, p.message)
            for s, line, original in found:
                msg = f"{_rel(s.path, lesson.root)}:{line}: link to {original}: {reason}"
                if msg not in out:
                    out.append(msg)
        else:
            out.append(f"{prefix}/{p}")
    for name, n in sorted(pending.items()):
        out.append(f"{prefix}: {n} link(s) to {name}, which is not built because "
                   f"{_rel(missing[name], lesson.root)} does not exist yet")
    return out


def _unlisted_hint(lesson: Lesson, value: str) -> str:
    """Why a page is not in the site although its source exists: config.yaml does not list it."""
    name = Path(value.split("#", 1)[0]).name
    if not name.endswith(".html"):
        return ""
    for folder in SOURCE_DIRS:
        source = lesson.root / folder / (name[:-5] + ".md")
        if source.exists() and source not in lesson.pages(folder):
            return (f" ({folder}/{source.name} exists, but config.yaml does not list it under '{folder}:', "
                    f"so the Workbench does not build it)")
    return ""


def _fill(site: Site, view: str, sp: SitePage, body: str) -> dict:
    cfg = site.config
    lesson_title = str(cfg.get("title") or "Lesson")
    if view == "learner":
        switch = (f'<span class="current-view" aria-current="true">Learner view</span> '
                  f'<a href="instructor/{sp.name}">Instructor view</a>')
        assets = "assets/"
    else:
        switch = (f'<a href="../{sp.name}">Learner view</a> '
                  f'<span class="current-view" aria-current="true">Instructor view</span>')
        assets = "../assets/"
    heading = sp.heading
    page_title = lesson_title if sp.kind == "home" else f"{heading} \u2013 {lesson_title}"
    return {
        "lang": html.escape(str(cfg.get("lang") or "en")),
        "page_title": html.escape(page_title),
        "assets": assets,
        "view": view,
        "lesson_title": html.escape(lesson_title),
        "life_cycle": html.escape(str(cfg.get("life_cycle") or "")),
        "view_switch": switch,
        "sidebar": site.sidebar(view, sp.name),
        "top_nav": site.prev_next(sp.name, "top") if sp.kind in ("home", "episode") else "",
        "heading": html.escape(heading),
        "page_meta": sp.meta_html,
        "content": body,
        "bottom_nav": site.prev_next(sp.name, "bottom") if sp.kind in ("home", "episode") else "",
        "footer": site.footer(view, sp.source),
    }


# ------------------------------------------------------------------------------------------
# Checking the output: every local link, anchor and image resolves
# ------------------------------------------------------------------------------------------

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()  # what a #fragment can point at: id attributes and <a name>
        self.duplicate_ids: list[tuple[str, int]] = []  # (id, line) of an id given to a second element
        self.refs: list[tuple[str, str, int]] = []  # (attribute, value, line)
        self.images_without_alt: list[tuple[str, int]] = []
        self._id_attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if a.get("id"):
            if a["id"] in self._id_attrs:
                self.duplicate_ids.append((a["id"], line))
            self._id_attrs.add(a["id"])
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.refs.append(("href", a["href"], line))
        if tag == "link" and a.get("href"):
            self.refs.append(("href", a["href"], line))
        if tag in ("img", "script", "source") and a.get("src"):
            self.refs.append(("src", a["src"], line))
        if tag == "img" and "alt" not in a:
            self.images_without_alt.append((a.get("src", ""), line))

    handle_startendtag = handle_starttag


def scan_html(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    c.close()
    return c


@dataclass
class LinkProblem:
    page: str  # the HTML file, relative to the site folder
    line: int
    value: str  # the href or src as written in the HTML ('' for a missing alt or a duplicate id)
    message: str
    #: 'missing' (no such file), 'unwritten' (a page config.yaml lists but whose source does not exist),
    #: 'no-anchor', 'outside' (the site), 'empty' (href or src), 'no-alt', 'duplicate-id'
    kind: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}"


def link_problems(out: Path, unwritten: set[str] = frozenset()) -> list[LinkProblem]:
    """Local links, anchors and images of the built site that do not resolve, and ids given twice.
    Links to the page names in `unwritten` are of kind 'unwritten' rather than 'missing'."""
    out = Path(out).resolve()
    cache: dict[Path, _Collector] = {}

    def scanned(p: Path) -> _Collector:
        if p not in cache:
            cache[p] = scan_html(p)
        return cache[p]

    problems = []
    for page in sorted(out.rglob("*.html")):
        info = scanned(page)
        rel = page.relative_to(out).as_posix()
        for src, line in info.images_without_alt:
            problems.append(LinkProblem(rel, line, "", f"image {src} has no alt attribute", "no-alt"))
        for ident, line in info.duplicate_ids:
            problems.append(LinkProblem(rel, line, "", f"a second element with id '{ident}' (links to it "
                                                       f"go to the first)", "duplicate-id"))
        for attr, value, line in info.refs:
            if not value.strip():
                problems.append(LinkProblem(rel, line, value, f"empty {attr}", "empty"))
                continue
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            path_part, frag = unquote(parts.path), unquote(parts.fragment)
            target = page if not path_part else (page.parent / path_part).resolve()
            if not target.is_relative_to(out):
                problems.append(LinkProblem(rel, line, value, f"{value} points outside the site", "outside"))
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(LinkProblem(rel, line, value, f"{value} does not exist in the site",
                                            "unwritten" if target.name in unwritten else "missing"))
                continue
            if frag and target.suffix == ".html" and frag not in scanned(target).ids:
                problems.append(LinkProblem(rel, line, value, f"{value}: no element with id '{frag}' in "
                                                              f"{target.relative_to(out).as_posix()}", "no-anchor"))
    return problems


def check_site(out: Path) -> list[str]:
    """Problems with local links, anchors and images in the built site ('page:line: ...')."""
    return [str(p) for p in link_problems(out)]


# ------------------------------------------------------------------------------------------
# Serving and the command line
# ------------------------------------------------------------------------------------------

def serve(folder: Path, port: int, host: str = "127.0.0.1") -> None:
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        raise BuildError(f"cannot serve on {host}:{port} ({e.strerror}); choose another port with --port") from e
    url = f"http://{host}:{server.server_address[1]}/"
    print(f"Serving the preview at {url}  (instructor view: {url}instructor/)", flush=True)
    print("Press Ctrl-C to stop. Rebuild with ./lesson preview after editing.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="./lesson preview",
        description="Build the lesson website from config.yaml with pandoc (no R needed) into site/preview/ "
                    "and serve it on http://127.0.0.1:PORT/.")
    parser.add_argument("--no-serve", action="store_true", help="only build, do not start the web server")
    parser.add_argument("--port", type=int, default=4321, help="port to serve on (default 4321; 0 picks a free one)")
    parser.add_argument("--out", default=None, help="output folder (default site/preview)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if the build reports problems")
    args = parser.parse_args(argv)
    try:
        result = build(ROOT, Path(args.out) if args.out else None)
    except (BuildError, PandocError, ConfigError, PageError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for p in result.problems:
        print(f"warning: {p}")
    for e in result.errors:
        print(f"error: {e}", file=sys.stderr)
    try:
        shown = result.out.relative_to(Path.cwd())
    except ValueError:
        shown = result.out
    print(f"Built {len(result.pages)} pages into {shown}/ in {result.seconds:.1f} s"
          f" ({len(result.problems)} warning(s), {len(result.errors)} page(s) failed)")
    status = 1 if result.errors or (args.strict and result.problems) else 0
    if args.no_serve:
        return status
    try:
        serve(result.out, args.port)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return status
