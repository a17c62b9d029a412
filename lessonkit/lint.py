"""Workbench lint: what sandpaper and pegboard check when they build the lesson, in Python.

Each problem is a `Problem`, printed `path:line [kind]: message` like pegboard's own report, so that
a problem found here can be found in the file at once. Checks (and their kinds):

* config: config.yaml exists and lists files that exist; each source folder has pages;
  instructors/instructor-notes.md exists; .gitignore holds sandpaper's required lines; no slug
  collisions between folders and no reserved page names [config] [missing file] [gitignore] [slug]
* front matter: every page has a `title`; episodes have integer `teaching` and `exercises` [front matter]
* episodes: questions, objectives and keypoints divs, each with a bulleted list [structure]
* fenced divs: balanced, closers of 3 to 80 colons, known classes, solutions and hints inside
  challenges, blank lines around fences [div]
* headings: no level-1 heading; the first is level 2; no jumps deeper by more than one level;
  no empty or duplicated headings under one parent [heading]
* images: the file exists, alt text is given [missing file] [image missing alt-text]
* links: internal files and anchors resolve, https only, descriptive text [missing file]
  [missing anchor] [needs HTTPS] [uninformative link text] [link text too short]
* code: Python is labelled `python` so the harness runs it; result blocks are lower case and
  follow a python block (the only ones the harness checks) unless `<!-- test: skip REASON -->`
  says why they are shown [code]
* figures: every image in episodes/fig/ is used by a page [unused figure]
* one home: no link presents the peer lesson's repository or site (carpentries-incubator's or
  carpentries-lab's deep-learning-intro) as ours, config.yaml's `source` included [foreign lesson];
  no absolute URL into our own repository, which should be a relative link [own url]
* published pages: every Markdown file the Workbench builds is a lesson page with front matter [not a page]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from .lesson import ROOT, ConfigError, Lesson
from .markdown import RESULT_LANGS, Page, PageError, parse_page
from .problems import Problem
from .workbench import (GITIGNORE_REQUIRED, KNOWN_DIVS, KNOWN_PROTOCOLS, PEER_LESSON, RESERVED, SOURCE_DIRS,
                        UNINFORMATIVE, built_markdown, is_external, own_url_duplicate)

PYTHON_LOOKALIKES = {"py", "python3", "python2", "ipython", "{python}", "{.python}", "pycon", "jupyter"}


def pegboard_slug(text: str) -> str:
    text = re.sub(r":[a-z0-9_+-]+:", "", text.lower())
    return re.sub(r"[\W_]+", "-", text, flags=re.UNICODE).strip("-")


def pandoc_slug(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"[`*]", "", text).lower()
    text = re.sub(r"[^\w\s.-]", "", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"^[^a-z]+", "", text)
    return text or "section"


def _unique(slugs: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for s in slugs:
        if s in seen:
            seen[s] += 1
            out.append(f"{s}-{seen[s]}")
        else:
            seen[s] = 0
            out.append(s)
    return out


def anchors(page: Page) -> set[str]:
    """Ids a link may target: explicit ids, spans `[x]{#id}`, and heading ids that pegboard (which
    checks them) and pandoc (which makes the HTML) compute alike."""
    ids = {h.explicit_id for h in page.headings if h.explicit_id}
    ids |= set(re.findall(r"\]\{#([-\w.:]+)[^}]*\}", page.text))
    auto = [h for h in page.headings if not h.explicit_id]
    peg = _unique([pegboard_slug(h.text) for h in auto])
    pan = _unique([pandoc_slug(h.text) for h in auto])
    ids |= {a for a, b in zip(peg, pan) if a == b}
    return ids


class Linter:
    def __init__(self, root: Path = ROOT):
        self.root = Path(root)
        self.problems: list[Problem] = []
        self.references: dict = {}
        self.config: dict = {}
        self.used_images: set[Path] = set()

    def rel(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def add(self, path: Path | str, line: int, kind: str, message: str) -> None:
        self.problems.append(Problem(self.rel(Path(path)) if isinstance(path, Path) else path, line, kind, message))

    # -- lesson-wide checks -------------------------------------------------------------
    def check_lesson(self) -> list[Problem]:
        try:
            lesson = Lesson.load(self.root)
        except ConfigError as e:
            self.add(Path(e.problem.path), e.problem.line, e.problem.kind, e.problem.message)
            return self.problems
        self.references = lesson.references()
        self.config = lesson.config
        self.check_config(lesson)
        self.check_published(lesson)
        self.check_gitignore()
        pages = lesson.all_pages() + [p for p in lesson.top_level_pages() if p.name != "index.md"]
        for path in pages:
            if path.exists():
                self.check_page(path, is_episode=path.parent.name == "episodes" and path.parent.parent == self.root)
        self.check_unused_figures()
        return self.problems

    def check_config(self, lesson: Lesson) -> None:
        cfg = self.root / "config.yaml"
        lines = cfg.read_text(encoding="utf-8").split("\n")
        for folder in SOURCE_DIRS:
            for name in lesson.listed(folder):
                if not (self.root / folder / name).exists():
                    line = next((i + 1 for i, l in enumerate(lines) if l.strip() in (f"- {name}", f"- '{name}'")), 1)
                    self.add(cfg, line, "missing file", f"{folder}/{name} is listed but does not exist "
                                                        "(All files in config.yaml must exist)")
            folder_path = self.root / folder
            if not any(p.exists() for p in lesson.pages(folder)):
                self.add(cfg, 1, "config", f"The {folder} directory must have (R)markdown files")
            if folder == "episodes":
                listed = set(lesson.listed(folder))
                for p in sorted(folder_path.glob("*.md")):
                    if listed and p.name not in listed:
                        self.add(p, 1, "config", f"not listed in config.yaml episodes: it is a draft and will not "
                                                 f"be published; add it to config.yaml or move it out of episodes/")
        source = str(lesson.config.get("source") or "")
        if PEER_LESSON.match(source):
            line = next((i + 1 for i, l in enumerate(lines) if l.startswith("source:")), 1)
            self.add(cfg, line, "foreign lesson", f"source {source} is the repository of another lesson "
                                                  "(the peer deep-learning-intro); name this lesson's own repository")
        if not (self.root / "instructors" / "instructor-notes.md").exists():
            self.add("instructors/instructor-notes.md", 1, "missing file",
                     "instructors/instructor-notes.md does not exist (sandpaper warns and the notes page is empty)")
        slugs: dict[str, Path] = {}
        for folder in SOURCE_DIRS:
            for p in sorted((self.root / folder).glob("*.md")):
                slug = p.stem
                if slug in RESERVED and not (folder == "learners" and slug in ("setup", "reference")) and not (
                        folder == "instructors" and slug == "instructor-notes"):
                    self.add(p, 1, "slug", f"'{slug}' is the name of a page the Workbench generates; rename the file")
                if slug in slugs:
                    self.add(p, 1, "slug", f"{self.rel(slugs[slug])} has the same name; in the flat site both "
                                           f"become {slug}.html")
                slugs[slug] = p

    def check_published(self, lesson: Lesson) -> None:
        """Each Markdown file the Workbench would build is a lesson page: it has front matter."""
        for path in built_markdown(self.root, lesson.config):
            if not path.read_text(encoding="utf-8").startswith("---"):
                self.add(path, 1, "not a page", "the Workbench builds every .md file one folder deep into a page, "
                                                "and this one has no front matter: make it a lesson page "
                                                "(--- title: ... ---) or move it where it is not built")

    def check_gitignore(self) -> None:
        path = self.root / ".gitignore"
        present = set(path.read_text(encoding="utf-8").split("\n")) if path.exists() else set()
        missing = [line for line in GITIGNORE_REQUIRED if line not in present]
        if missing:
            self.add(path, 1, "gitignore", "The .gitignore file is missing the following elements: " + ", ".join(missing))

    # -- per-page checks ----------------------------------------------------------------
    def check_page(self, path: Path, is_episode: bool = False) -> None:
        try:
            page = parse_page(path, references=self.references)
        except PageError as e:
            self.add(path, e.problem.line, e.problem.kind, e.problem.message)
            return
        self.check_front_matter(page, path, is_episode)
        self.check_divs(page, path)
        if is_episode:
            self.check_structure(page, path)
        self.check_headings(page, path)
        self.check_links(page, path)
        self.check_code(page, path)

    def check_front_matter(self, page: Page, path: Path, is_episode: bool) -> None:
        if path.name == "links.md":
            return
        if not page.meta_end_line:
            self.add(path, 1, "front matter", "no YAML front matter; start the file with ---, title: ..., ---")
            return
        # index.md conventionally has no title: sandpaper titles it "Summary and Setup" for learners
        # and "Summary and Schedule" for instructors, which a title would override.
        is_home = path.resolve() == (self.root / "index.md").resolve()
        if not is_home and not str(page.meta.get("title") or "").strip():
            self.add(path, 1, "front matter", "missing `title`")
        if is_episode:
            for key in ("teaching", "exercises"):
                value = page.meta.get(key)
                if not re.fullmatch(r"[0-9]+", str(value if value is not None else "")):
                    self.add(path, 1, "front matter", f"`{key}` must be a whole number of minutes, not {value!r} "
                                                      f"(sandpaper would use 5)")

    def check_divs(self, page: Page, path: Path) -> None:
        for p in page.div_problems:
            self.add(path, p.line, p.kind, p.message)
        lines = page.text.split("\n")
        for d in page.divs:
            if d.cls not in KNOWN_DIVS:
                self.add(path, d.line, "div", f"[unknown div] {d.cls}: the Workbench knows "
                                              f"{', '.join(sorted(KNOWN_DIVS))}")
            if d.cls in ("solution", "hint"):
                anc = d.parent
                while anc is not None and anc.cls != "challenge":
                    anc = anc.parent
                if anc is None:
                    self.add(path, d.line, "div", f"a {d.cls} div must be inside a challenge div "
                                                  "(use a spoiler div for stand-alone details)")
            for ln in (d.line, d.close_line):
                if ln is None or ln > len(lines):
                    continue
                before = lines[ln - 2].strip() if ln >= 2 else ""
                after = lines[ln].strip() if ln < len(lines) else ""
                if before or after:
                    self.add(path, ln, "div", "put a blank line before and after every ::: fence line")

    def check_structure(self, page: Page, path: Path) -> None:
        for cls in ("questions", "objectives", "keypoints"):
            found = [d for d in page.divs if d.cls == cls]
            if not found:
                self.add(path, 1, "structure", f"No section called '{cls}': add a {cls} div with a bulleted list")
                continue
            d = found[0] if cls != "keypoints" else found[-1]
            has_list = any(t.type == "bullet_list_open" and t.map and d.line - 1 < t.map[0]
                           and (d.close_line is None or t.map[0] < d.close_line - 1) for t in page.tokens)
            if not has_list:
                self.add(path, d.line, "structure", f"'{cls}' section does not contain a list")

    def check_headings(self, page: Page, path: Path) -> None:
        previous = None
        parents: list = []  # (level, text) chain
        seen: dict[tuple, int] = {}
        for h in page.headings:
            if h.line <= page.meta_end_line:
                continue
            if not h.text:
                self.add(path, h.line, "heading", "(no name) empty heading")
            if h.level == 1:
                self.add(path, h.line, "heading", "(first level heading) the page title comes from the front matter; "
                                                  "use ## for sections")
            elif previous is None and h.level != 2:
                self.add(path, h.line, "heading", f"(must be level 2) the first heading is level {h.level}")
            elif previous is not None and h.level > previous + 1:
                self.add(path, h.line, "heading", f"(non-sequential heading jump) from level {previous} to {h.level}")
            while parents and parents[-1][0] >= h.level:
                parents.pop()
            key = (tuple(p[1] for p in parents), h.level, h.text.lower())
            if key in seen and h.text:
                self.add(path, h.line, "heading", f"(duplicated) '{h.text}' also at line {seen[key]} under the same "
                                                  "parent")
            seen.setdefault(key, h.line)
            parents.append((h.level, h.text.lower()))
            previous = h.level

    def _resolve(self, path: Path, target: str) -> Path | None:
        """pegboard's search for an internal file (section 4.3 of the format reference)."""
        target = target.split("?")[0]
        folder = path.parent
        is_top = folder.resolve() == self.root.resolve()
        bases = [folder] + ([] if is_top else [folder / ".." / d for d in (".", *SOURCE_DIRS)])
        names = [target]
        stem, dot, ext = target.rpartition(".")
        if dot and ext in ("html", "md", "Rmd"):
            names += [f"{stem}.md", f"{stem}.Rmd"]
        for base in bases:
            for name in names:
                candidate = (base / name)
                if candidate.exists():
                    return candidate.resolve()
        return None

    def check_links(self, page: Page, path: Path) -> None:
        own_anchors = anchors(page)
        for link in page.links:
            target = link.target.strip()
            shown = f"[{link.text}]({target})" if link.kind == "link" else f"![{link.text}]({target})"
            if link.kind == "image":
                if "alt" not in link.attrs:
                    self.add(path, link.line, "image missing alt-text", f"{shown}: add {{alt='what the image shows'}} "
                                                                        "right after the image")
            else:
                text = re.sub(r"^\W+|\W+$", "", link.text.strip().lower())
                if UNINFORMATIVE.match(text):
                    self.add(path, link.line, "uninformative link text", f"{shown}: say where the link goes")
                elif len(link.text.strip()) <= 1 and not link.autolink:
                    self.add(path, link.line, "link text too short", shown)
            if PEER_LESSON.match(target):
                self.add(path, link.line, "foreign lesson", f"{shown}: the peer deep-learning-intro lesson's "
                                                            "repository or site, not ours: link our own (a lesson "
                                                            "file relatively, our repository as config.yaml's source)")
            elif own_url_duplicate(target, self.config):
                self.add(path, link.line, "own url", f"{shown}: an absolute URL into this lesson's repository "
                                                     f"or site ({self.config['source']}, config.yaml's source); use a "
                                                     "relative link so it works on the site and in every fork")
            if is_external(target) and not target.startswith("//"):
                proto = target.split(":", 1)[0].lower()
                if proto not in KNOWN_PROTOCOLS:
                    self.add(path, link.line, "invalid protocol", f"{proto} in {shown}")
                elif proto == "http":
                    self.add(path, link.line, "needs HTTPS", shown)
                continue
            if target.startswith("#"):
                if target[1:] not in own_anchors:
                    self.add(path, link.line, "missing anchor", f"{shown}: no heading or {{#id}} with that id on this "
                                                                "page (give the heading an explicit {#id})")
                continue
            if target.startswith("//"):
                self.add(path, link.line, "needs HTTPS", shown)
                continue
            file_part, _, fragment = target.partition("#")
            if not file_part:
                continue
            resolved = self._resolve(path, file_part)
            if resolved is None:
                self.add(path, link.line, "missing file", f"{shown}: no such file (link to the .md source, relative to "
                                                          "this page)")
                continue
            if link.kind == "image":
                self.used_images.add(resolved)
            if fragment and resolved.suffix == ".md":
                other = parse_page(resolved)
                if fragment not in anchors(other):
                    self.add(path, link.line, "missing anchor", f"{shown}: {self.rel(resolved)} has no heading or "
                                                                f"{{#id}} with id '{fragment}'")

    def check_code(self, page: Page, path: Path) -> None:
        checked = {id(r) for b in page.python_blocks for r in b.results}
        after = {id(r): b for b in page.blocks for r in b.results}
        for b in page.blocks:
            raw = b.info.split()[0] if b.info else ""
            if b.lang in PYTHON_LOOKALIKES:
                self.add(path, b.line, "code", f"label Python code ```python, not ```{raw}: only ```python blocks are "
                                               "run by the tests")
            elif b.lang in RESULT_LANGS and raw != b.lang:
                self.add(path, b.line, "code", f"```{raw} must be lower case (```{b.lang}) for the Workbench to "
                                               "style it")
            skipped = b.directive is not None and b.directive.verb == "skip" and b.directive.args.strip()
            if b.lang in RESULT_LANGS and id(b) not in checked and not skipped:
                code = after.get(id(b))
                before = f"after a ```{code.lang} block" if code else "with no code block before it"
                self.add(path, b.line, "code", f"{'a' if b.lang == 'warning' else 'an'} {b.lang} block {before} is "
                                               "not verified (the tests check only what ```python blocks produce); "
                                               "say why it is shown in <!-- test: skip REASON --> on the line "
                                               "before it")

    def check_unused_figures(self) -> None:
        fig = self.root / "episodes" / "fig"
        if not fig.is_dir():
            return
        for img in sorted(fig.iterdir()):
            if img.suffix.lower() in (".png", ".svg", ".jpg", ".jpeg", ".gif") and img.resolve() not in self.used_images:
                self.add(img, 1, "unused figure", "no page shows this image; use it or delete it (and its script)")


def lint_lesson(root: Path = ROOT) -> list[Problem]:
    return Linter(root).check_lesson()


def lint_page(path: Path, root: Path = ROOT, is_episode: bool = True) -> list[Problem]:
    linter = Linter(root)
    linter.check_page(Path(path), is_episode=is_episode)
    return linter.problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check the lesson against the Workbench format (what sandpaper and pegboard check, and "
                          "this lesson's own rules); print each problem as file:line [kind]: message. "
                          "Exit status: 0 no problems, 1 problems found, 2 config.yaml unreadable.")
    parser.add_argument("--root", type=Path, default=ROOT, help="the lesson to check (default: this one)")


def run(args: argparse.Namespace) -> int:
    try:
        Lesson.load(args.root)
    except ConfigError as e:
        print(f"error: {e}")
        return 2
    problems = lint_lesson(args.root)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0
