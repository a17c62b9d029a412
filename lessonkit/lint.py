"""Workbench lint: what sandpaper and pegboard check when they build the lesson, and this lesson's own rules.

Each problem is a `Problem`, printed `path:line [kind]: message` like pegboard's own report, so that a
problem found here can be found in the file at once (tests/test_lint.py's EXPECTED shows every kind). Our own
rules: Python labelled ```python, and result blocks after a python block unless `<!-- test: skip REASON -->`
says why they are shown, since the harness runs and verifies only those; every image in episodes/fig/ used;
and one home: no link (config.yaml's `source` included) presents the peer lesson (carpentries-incubator's or
-lab's deep-learning-intro) as ours, and no absolute URL points into our own repository or site, where a
relative link belongs (it works on the site, in the preview and in every fork).
"""
import argparse
import re
from functools import partial
from pathlib import Path

from .lesson import ROOT, Lesson
from .markdown import RESULT_LANGS, Page, parse_page, relative
from .problems import Problem, ProblemError
from .workbench import (GITIGNORE_REQUIRED, KNOWN_DIVS, KNOWN_PROTOCOLS, PEER_LESSON, RESERVED, SOURCE_DIRS,
                        UNINFORMATIVE, built_markdown, is_external, own_url_duplicate)

PYTHON_LOOKALIKES = {"py", "python3", "python2", "ipython", "{python}", "{.python}", "pycon", "jupyter"}


def pegboard_slug(text: str) -> str:
    text = re.sub(r":[a-z0-9_+-]+:", "", text.lower())
    return re.sub(r"[\W_]+", "-", text, flags=re.UNICODE).strip("-")


def pandoc_slug(text: str) -> str:
    text = re.sub(r"[`*]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).lower()  # links -> their text
    text = re.sub(r"\s+", "-", re.sub(r"[^\w\s.-]", "", text).strip())
    return re.sub(r"^[^a-z]+", "", text) or "section"


def _unique(slugs: list[str]) -> list[str]:
    """Repeated slugs get -1, -2, ... as both pegboard and pandoc number them."""
    return [f"{s}-{n}" if (n := slugs[:i].count(s)) else s for i, s in enumerate(slugs)]


def anchors(page: Page) -> set[str]:
    """Ids a link may target: explicit ids, spans `[x]{#id}`, and heading ids that pegboard (which
    checks them) and pandoc (which makes the HTML) compute alike."""
    auto = [h.text for h in page.headings if not h.explicit_id]
    ids = {h.explicit_id for h in page.headings if h.explicit_id} | set(re.findall(r"\]\{#([-\w.:]+)[^}]*\}", page.text))
    return ids | {a for a, b in zip(_unique([pegboard_slug(t) for t in auto]), _unique([pandoc_slug(t) for t in auto]))
                  if a == b}


class Linter:
    def __init__(self, root: Path = ROOT):
        self.root = Path(root)
        self.problems: list[Problem] = []
        self.references: dict = {}
        self.config: dict = {}
        self.used_images: set[Path] = set()

    def add(self, path: Path, line: int, kind: str, message: str) -> None:
        self.problems.append(Problem(relative(path, self.root), line, kind, message))

    # -- lesson-wide checks -------------------------------------------------------------
    def check_lesson(self) -> list[Problem]:
        try:
            lesson = Lesson.load(self.root)
        except ProblemError as e:
            self.add(Path(e.problem.path), e.problem.line, e.problem.kind, e.problem.message)
            return self.problems
        self.references, self.config = lesson.references(), lesson.config
        self.check_config(lesson)
        for path in built_markdown(self.root, lesson.config):  # each Markdown file the Workbench builds is a page
            if not path.read_text(encoding="utf-8").startswith("---"):
                self.add(path, 1, "not a page", "the Workbench builds every .md file one folder deep into a page, "
                                                "and this one has no front matter: make it a lesson page "
                                                "(--- title: ... ---) or move it where it is not built")
        gitignore = self.root / ".gitignore"
        present = set(gitignore.read_text(encoding="utf-8").split("\n")) if gitignore.exists() else set()
        if missing := [line for line in GITIGNORE_REQUIRED if line not in present]:
            self.add(gitignore, 1, "gitignore", "The .gitignore file is missing the following elements: "
                     + ", ".join(missing))
        for path in lesson.all_pages() + [p for p in lesson.top_level_pages() if p.name != "index.md"]:
            if path.exists():
                self.check_page(path, is_episode=path.parent.name == "episodes" and path.parent.parent == self.root)
        for img in sorted((self.root / "episodes" / "fig").glob("*")):
            if img.suffix.lower() in (".png", ".svg", ".jpg", ".jpeg", ".gif") and img.resolve() not in self.used_images:
                self.add(img, 1, "unused figure", "no page shows this image; use it or delete it (and its script)")
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
            if not any(p.exists() for p in lesson.pages(folder)):
                self.add(cfg, 1, "config", f"The {folder} directory must have (R)markdown files")
        listed = set(lesson.listed("episodes"))
        for p in sorted((self.root / "episodes").glob("*.md")) if listed else []:
            if p.name not in listed:
                self.add(p, 1, "config", "not listed in config.yaml episodes: it is a draft and will not "
                                         "be published; add it to config.yaml or move it out of episodes/")
        if PEER_LESSON.match(source := str(lesson.config.get("source") or "")):
            line = next((i + 1 for i, l in enumerate(lines) if l.startswith("source:")), 1)
            self.add(cfg, line, "foreign lesson", f"source {source} is the repository of another lesson "
                                                  "(the peer deep-learning-intro); name this lesson's own repository")
        if not (notes := self.root / "instructors" / "instructor-notes.md").exists():
            self.add(notes, 1, "missing file",
                     "instructors/instructor-notes.md does not exist (sandpaper warns and the notes page is empty)")
        slugs: dict[str, Path] = {}
        allowed = {"learners": ("setup", "reference"), "instructors": ("instructor-notes",)}
        for folder in SOURCE_DIRS:
            for p in sorted((self.root / folder).glob("*.md")):
                if p.stem in RESERVED and p.stem not in allowed.get(folder, ()):
                    self.add(p, 1, "slug", f"'{p.stem}' is the name of a page the Workbench generates; rename the file")
                if p.stem in slugs:
                    self.add(p, 1, "slug", f"{relative(slugs[p.stem], self.root)} has the same name; in the flat site "
                                           f"both become {p.stem}.html")
                slugs[p.stem] = p

    # -- per-page checks ----------------------------------------------------------------
    def check_page(self, path: Path, is_episode: bool = False) -> list[Problem]:
        try:
            page = parse_page(path, references=self.references)
        except ProblemError as e:
            self.add(path, e.problem.line, e.problem.kind, e.problem.message)
            return self.problems
        for check in (self.check_front_matter, self.check_divs, self.check_structure, self.check_headings,
                      self.check_links, self.check_code):
            check(page, path, is_episode)
        return self.problems

    def check_front_matter(self, page: Page, path: Path, is_episode: bool) -> None:
        if path.name == "links.md":
            return
        if not page.meta_end_line:
            self.add(path, 1, "front matter", "no YAML front matter; start the file with ---, title: ..., ---")
            return
        # index.md conventionally has no title: sandpaper titles it "Summary and Setup" for learners
        # and "Summary and Schedule" for instructors, which a title would override.
        if path.resolve() != (self.root / "index.md").resolve() and not str(page.meta.get("title") or "").strip():
            self.add(path, 1, "front matter", "missing `title`")
        for key in ("teaching", "exercises") if is_episode else ():
            if not re.fullmatch(r"[0-9]+", str(value := page.meta.get(key))):  # None gives "None": not minutes
                self.add(path, 1, "front matter", f"`{key}` must be a whole number of minutes, not {value!r} "
                                                  f"(sandpaper would use 5)")

    def check_divs(self, page: Page, path: Path, is_episode: bool) -> None:
        for p in page.div_problems:
            self.add(path, p.line, p.kind, p.message)
        lines = page.text.splitlines()  # numbered as the parser numbers div lines
        for d in page.divs:
            if d.cls not in KNOWN_DIVS:
                self.add(path, d.line, "div", f"[unknown div] {d.cls}: the Workbench knows "
                                              f"{', '.join(sorted(KNOWN_DIVS))}")
            if d.cls in ("solution", "hint") and not any(c.contains(d.line) for c in page.divs if c.cls == "challenge"):
                self.add(path, d.line, "div", f"a {d.cls} div must be inside a challenge div "
                                              "(use a spoiler div for stand-alone details)")
            for ln in (d.line, d.close_line):
                if ln and (ln >= 2 and lines[ln - 2].strip() or ln < len(lines) and lines[ln].strip()):
                    self.add(path, ln, "div", "put a blank line before and after every ::: fence line")

    def check_structure(self, page: Page, path: Path, is_episode: bool) -> None:
        for cls in ("questions", "objectives", "keypoints") if is_episode else ():
            found = [d for d in page.divs if d.cls == cls]
            if not found:
                self.add(path, 1, "structure", f"No section called '{cls}': add a {cls} div with a bulleted list")
                continue
            d = found[0] if cls != "keypoints" else found[-1]
            if not any(t.type == "bullet_list_open" and d.contains(t.map[0] + 1) for t in page.tokens):
                self.add(path, d.line, "structure", f"'{cls}' section does not contain a list")

    def check_headings(self, page: Page, path: Path, is_episode: bool) -> None:
        previous, parents, seen = None, {}, {}  # parents: level -> text of the headings above this one
        for h in page.headings:  # none in the front matter: markdown-it reads it as one token
            if not h.text:
                self.add(path, h.line, "heading", "(no name) empty heading")
            if h.level == 1:
                self.add(path, h.line, "heading", "(first level heading) the page title comes from the front matter; "
                                                  "use ## for sections")
            elif previous is None and h.level != 2:
                self.add(path, h.line, "heading", f"(must be level 2) the first heading is level {h.level}")
            elif previous is not None and h.level > previous + 1:
                self.add(path, h.line, "heading", f"(non-sequential heading jump) from level {previous} to {h.level}")
            parents = {level: text for level, text in parents.items() if level < h.level}
            key = (tuple(parents.values()), h.level, h.text.lower())
            if key in seen and h.text:
                self.add(path, h.line, "heading", f"(duplicated) '{h.text}' also at line {seen[key]} under the same "
                                                  "parent")
            seen.setdefault(key, h.line)
            parents[h.level] = h.text.lower()
            previous = h.level

    def _resolve(self, path: Path, target: str) -> Path | None:
        """pegboard's search for an internal file (section 4.3 of the format reference)."""
        target, folder = target.split("?")[0], path.parent
        bases = [folder] + ([] if folder.resolve() == self.root.resolve() else
                            [folder / ".." / d for d in (".", *SOURCE_DIRS)])
        stem, dot, ext = target.rpartition(".")
        names = [target] + ([f"{stem}.md", f"{stem}.Rmd"] if dot and ext in ("html", "md", "Rmd") else [])
        return next(((base / n).resolve() for base in bases for n in names if (base / n).exists()), None)

    def check_links(self, page: Page, path: Path, is_episode: bool) -> None:
        own_anchors = anchors(page)
        for link in page.links:
            target = link.target.strip()
            shown = f"[{link.text}]({target})" if link.kind == "link" else f"![{link.text}]({target})"
            add = partial(self.add, path, link.line)
            if link.kind == "image" and "alt" not in link.attrs:
                add("image missing alt-text", f"{shown}: add {{alt='what the image shows'}} right after the image")
            elif link.kind == "link" and UNINFORMATIVE.match(re.sub(r"^\W+|\W+$", "", link.text.strip().lower())):
                add("uninformative link text", f"{shown}: say where the link goes")
            elif link.kind == "link" and len(link.text.strip()) <= 1 and not link.autolink:
                add("link text too short", shown)
            if PEER_LESSON.match(target):
                add("foreign lesson", f"{shown}: the peer deep-learning-intro lesson's repository or site, not ours: "
                                      "link our own (a lesson file relatively, our repository as config.yaml's source)")
            elif own_url_duplicate(target, self.config):
                add("own url", f"{shown}: an absolute URL into this lesson's repository or site "
                               f"({self.config['source']}, config.yaml's source); use a relative link so it works on "
                               "the site and in every fork")
            file_part, _, fragment = target.partition("#")
            if target.startswith("//") or is_external(target) and target.split(":", 1)[0].lower() == "http":
                add("needs HTTPS", shown)
            elif is_external(target):
                if (proto := target.split(":", 1)[0].lower()) not in KNOWN_PROTOCOLS:
                    add("invalid protocol", f"{proto} in {shown}")
            elif target.startswith("#"):
                if fragment not in own_anchors:
                    add("missing anchor", f"{shown}: no heading or {{#id}} with that id on this page (give the "
                                          "heading an explicit {#id})")
            elif file_part:
                if (resolved := self._resolve(path, file_part)) is None:
                    add("missing file", f"{shown}: no such file (link to the .md source, relative to this page)")
                    continue
                if link.kind == "image":
                    self.used_images.add(resolved)
                try:
                    ids = anchors(parse_page(resolved)) if fragment and resolved.suffix == ".md" else {fragment}
                except ProblemError:  # a page that cannot be read: reported at that page itself
                    ids = {fragment}
                if fragment not in ids:
                    add("missing anchor", f"{shown}: {relative(resolved, self.root)} has no heading or {{#id}} with id "
                                          f"'{fragment}'")

    def check_code(self, page: Page, path: Path, is_episode: bool) -> None:
        after = {id(r): b for b in page.blocks for r in b.results}  # the code block a result block follows
        for b in page.blocks:
            raw = b.info.split()[0] if b.info else ""
            if b.lang in PYTHON_LOOKALIKES:
                self.add(path, b.line, "code", f"label Python code ```python, not ```{raw}: only ```python blocks are "
                                               "run by the tests")
            elif b.lang in RESULT_LANGS and raw != b.lang:
                self.add(path, b.line, "code", f"```{raw} must be lower case (```{b.lang}) for the Workbench to "
                                               "style it")
            skipped = b.directive is not None and b.directive.verb == "skip" and b.directive.args.strip()
            code = after.get(id(b))
            if b.lang in RESULT_LANGS and not (code and code.lang == "python") and not skipped:
                before = f"after a ```{code.lang} block" if code else "with no code block before it"
                self.add(path, b.line, "code", f"{'a' if b.lang == 'warning' else 'an'} {b.lang} block {before} is "
                                               "not verified (the tests check only what ```python blocks produce); "
                                               "say why it is shown in <!-- test: skip REASON --> on the line "
                                               "before it")


def lint_lesson(root: Path = ROOT) -> list[Problem]:
    return Linter(root).check_lesson()


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check the lesson against the Workbench format (what sandpaper and pegboard check, and "
                          "this lesson's own rules); print each problem as file:line [kind]: message. "
                          "Exit status: 0 no problems, 1 problems found (an unreadable config.yaml too).")
    parser.add_argument("--root", type=Path, default=ROOT, help="the lesson to check (default: this one)")


def run(args: argparse.Namespace) -> int:
    problems = lint_lesson(args.root)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0
