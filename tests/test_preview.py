"""The local preview (`./lesson preview`, lessonkit/preview.py).

Two kinds of tests: a small fixture lesson that uses every construct of the Workbench format
(built in a temporary folder, so the checks do not depend on the episodes being written), and
the real lesson: it builds, every local link, anchor and image of the output resolves, and
instructor notes appear only in the instructor view."""
from __future__ import annotations

import argparse
import re
import struct
import textwrap
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from lessonkit import preview
from lessonkit.lesson import Lesson
from lessonkit.lint import lint_lesson
from lessonkit.markdown import parse_page
from lessonkit.preview import build, raw, write_html
from lessonkit.workbench import site_link

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# A fixture lesson with every construct
# ---------------------------------------------------------------------------------------------

FENCE = ":" * 40
INNER = ":" * 20

EPISODE_1 = f"""\
---
title: "First steps"
teaching: 10
exercises: 5
---

{FENCE} questions

- How does the preview show a page?

{FENCE}

{FENCE} objectives

- Recognise every part of an episode.

{FENCE}

## First section {{#first}}

Read the [second episode](02-second.md#later), the [setup page](../learners/setup.md), the
[glossary](../learners/reference.md#glossary), the [project documentation][docs-link] and the
[numbers](data/numbers.csv). The [second
episode](02-second.md) starts where this one ends.

Download this episode as a [Jupyter notebook](files/01-first.ipynb) or a [Python script](files/01-first.py).

```python
values = [1, 2, 3]
print(sum(values))
```

```output
6
```

Converting a word to a number fails:

```python
int("seven")
```

```error
ValueError: invalid literal for int() with base 10: 'seven'
```

![A red square.](fig/square.png){{alt='A small square filled with red.'}}

{FENCE} callout

### A titled callout

Callout body.

{FENCE}

{FENCE} challenge

### Double the sum

What does `sum(values) * 2` print?

{INNER} hint

Multiply by two.

{INNER}

{INNER} solution

```python
print(sum(values) * 2)
```

```output
12
```

SOLUTIONTEXT the sum, doubled:

![Twelve red squares.](fig/square.png){{alt='SOLUTIONFIGURE twelve small red squares.'}}

{INNER}

Afterthought of the challenge.

{FENCE}

{FENCE} instructor

INSTRUCTORONLY learners often forget the parentheses.

{FENCE}

<!-- test: skip has a blank (___) that learners fill in -->
```python
total = ___
```

{FENCE} spoiler

Spoiler body.

{FENCE}

{FENCE} tab

### pip

Install with pip.

### conda

Install with conda.

{FENCE}

{FENCE} discussion

An untitled discussion.

{FENCE}

{FENCE} keypoints

- KEYPOINTONE is the first key point.

{FENCE}
"""

EPISODE_2 = f"""\
---
title: "Second steps"
teaching: 5
exercises: 5
---

## Later

A footnote.[^note] Back to the [first section](01-first.md#first).

[^note]: The footnote text.

{FENCE} exercise

Not a Workbench div.

{FENCE}
"""


def _png() -> bytes:
    raw = b"".join(b"\x00" + b"\xcc\x00\x00" * 4 for _ in range(4))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_lesson(root: Path, with_notebooks: bool = True) -> Path:
    """Write the fixture lesson into `root` and return it."""
    files = {
        "config.yaml": """\
            title: 'Fixture lesson'
            carpentry: 'incubator'
            life_cycle: 'alpha'
            license: 'CC-BY 4.0'
            source: 'https://github.com/example-org/fixture-lesson'
            branch: 'main'
            contact: 'team@example.org'
            episodes:
            - 01-first.md
            - 02-second.md
            learners:
            - setup.md
            - reference.md
            instructors:
            - instructor-notes.md
            profiles:
            """,
        "index.md": """\
            ---
            site: sandpaper::sandpaper_site
            ---

            ## Welcome

            Start with [the first episode](episodes/01-first.md).

            ::: callout

            A callout on the home page.

            :::
            """,
        "links.md": "[docs-link]: https://example.org/docs/\n",
        "learners/setup.md": """\
            ---
            title: Setup
            ---

            ## Data Sets

            Download [the numbers](data/numbers.csv).

            ::: callout

            A callout of the setup page, which is shown on the home page too.

            :::
            """,
        "learners/reference.md": """\
            ---
            title: Reference
            ---

            ## Glossary

            epoch
            : One pass over the training data.
            """,
        "instructors/instructor-notes.md": """\
            ---
            title: Instructor Notes
            ---

            ## Timing

            GENERALNOTE plan two hours.
            """,
        "profiles/ada.md": """\
            ---
            title: Ada
            ---

            ## Ada, a physicist

            Ada wants to classify detector images.
            """,
        "episodes/data/numbers.csv": "x\n1\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "episodes" / "01-first.md").write_text(EPISODE_1, encoding="utf-8")
    (root / "episodes" / "02-second.md").write_text(EPISODE_2, encoding="utf-8")
    (root / "episodes" / "fig").mkdir(parents=True, exist_ok=True)
    (root / "episodes" / "fig" / "square.png").write_bytes(_png())
    if with_notebooks:
        from lessonkit.notebooks import outputs

        for path, text in outputs(Lesson.load(root)).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = make_lesson(tmp_path_factory.mktemp("lesson"))
    result = build(root, root / "site" / "preview")
    return result


class _Refs(HTMLParser):
    """Ids, duplicate ids, links and images without alt text of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids, self.dups, self.refs, self.no_alt = set(), [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a, line = dict(attrs), self.getpos()[0]
        if a.get("id"):
            (self.dups.append((a["id"], line)) if a["id"] in self.ids else self.ids.add(a["id"]))
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) is not None and tag in ("a", "link", "img", "script", "source"):
                self.refs.append((a[key], line))
        if tag == "img" and "alt" not in a:
            self.no_alt.append((a.get("src", ""), line))


def broken_links(out: Path) -> list[str]:
    """Local links, anchors and images of a built site that do not resolve, and ids given twice."""
    pages = {p: _Refs(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.html"))}
    found = []
    for page, info in pages.items():
        rel = page.relative_to(out).as_posix()
        found += [f"{rel}:{line}: image {src} has no alt attribute" for src, line in info.no_alt]
        found += [f"{rel}:{line}: a second element with id '{i}'" for i, line in info.dups]
        for value, line in info.refs:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            target = target / "index.html" if target.is_dir() else target
            if not target.exists() or not target.is_relative_to(out):
                found.append(f"{rel}:{line}: {value} does not exist in the site")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                found.append(f"{rel}:{line}: {value}: no element with id '{parts.fragment}'")
    return found


def _main(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<main"):text.index("</main>")]


# ---------------------------------------------------------------------------------------------
# Fixture lesson
# ---------------------------------------------------------------------------------------------

def test_fixture_builds_and_warns_with_the_lints_problems(fixture_site):
    assert not fixture_site.errors
    root = fixture_site.out.parent.parent
    assert fixture_site.problems == lint_lesson(root)  # one check per rule: the lint's
    assert any(str(p).startswith("episodes/02-second.md:13 [div]: [unknown div] exercise")
               for p in fixture_site.problems)
    assert broken_links(fixture_site.out) == []


def test_fixture_has_every_page_in_both_views(fixture_site):
    out = fixture_site.out
    for name in ("index.html", "01-first.html", "02-second.html", "reference.html", "instructor-notes.html",
                 "profiles.html", "key-points.html", "images.html"):
        assert (out / name).exists(), name
        assert (out / "instructor" / name).exists(), name
    for asset in ("fig/square.png", "data/numbers.csv", "files/01-first.ipynb", "files/01-first.py",
                  "assets/preview.css", "assets/preview.js"):
        assert (out / asset).exists(), asset


def test_fixture_episode_structure(fixture_site):
    page = _main(fixture_site.out / "01-first.html")
    # Overview card from questions + objectives.
    assert '<div class="overview card">' in page
    assert page.index("Questions") < page.index("Objectives") < page.index('id="first"')
    # Callouts take their title from the first heading, or a default label.
    assert re.search(r'<div class="callout" id="callout1"[^>]*>.*?<h3 class="callout-title"[^>]*>A titled callout</h3>',
                     page, re.S)
    assert re.search(r'<div class="callout discussion"[^>]*>.*?<h3 class="callout-title">Discussion</h3>', page, re.S)
    assert re.search(r'<div class="callout keypoints"[^>]*>.*?<h3 class="callout-title">Key Points</h3>', page, re.S)
    # The challenge, then its hint and solution as collapsed accordions, then the rest "(continued)".
    group = re.search(r'<div class="challenge-group".*?</details>\s*<div class="callout challenge continued"', page, re.S)
    assert group, "challenge train"
    assert "<summary class=\"accordion-header\">\nGive me a hint\n</summary>" in group.group(0)
    assert "<summary class=\"accordion-header\">\nShow me the solution\n</summary>" in group.group(0)
    assert "<em> (continued)</em>" in page
    assert "<summary class=\"accordion-header\">\nShow details\n</summary>" in page  # spoiler default
    # Code, output and error are labelled and styled apart; Python is highlighted.
    assert '<div class="codewrapper code"><div class="code-label">PYTHON</div>' in page
    assert '<div class="codewrapper output"><div class="code-label">OUTPUT</div>' in page
    assert '<div class="codewrapper error"><div class="code-label">ERROR</div>' in page
    assert '<span class="bu">print</span>' in page
    # Figures keep their alt text and caption.
    assert '<img src="fig/square.png" alt="A small square filled with red." />' in page
    assert "<figcaption>A red square.</figcaption>" in page
    # Tabs.
    assert '<div class="tab-panel" data-title="pip">' in page and '<div class="tab-panel" data-title="conda">' in page


def test_fixture_links_are_rewritten_like_sandpaper(fixture_site):
    learner = _main(fixture_site.out / "01-first.html")
    assert 'href="02-second.html#later"' in learner
    assert 'href="index.html#setup"' in learner  # setup.md is shown on the home page
    assert 'href="reference.html#glossary"' in learner
    assert 'href="https://example.org/docs/"' in learner  # links.md is appended to every page
    assert 'href="data/numbers.csv"' in learner
    instructor = _main(fixture_site.out / "instructor" / "01-first.html")
    assert 'href="02-second.html#later"' in instructor  # pages stay in the instructor view
    assert 'href="../data/numbers.csv"' in instructor and 'src="../fig/square.png"' in instructor
    home = _main(fixture_site.out / "index.html")
    assert 'href="01-first.html"' in home and '<section id="setup"' in home


def test_fixture_instructor_notes_only_in_instructor_view(fixture_site):
    out = fixture_site.out
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "INSTRUCTORONLY" not in text and "GENERALNOTE" not in text, page.name
        assert "accordion instructor-note" not in text, page.name
    assert "INSTRUCTORONLY" in (out / "instructor" / "01-first.html").read_text(encoding="utf-8")
    notes = _main(out / "instructor" / "instructor-notes.html")
    assert "GENERALNOTE" in notes and "INSTRUCTORONLY" in notes  # gathered from the episodes
    schedule = _main(out / "instructor" / "index.html")
    assert "00h 15m" in schedule and "How does the preview show a page?" in schedule


def test_fixture_aggregate_pages(fixture_site):
    keypoints = _main(fixture_site.out / "key-points.html")
    assert "KEYPOINTONE" in keypoints and 'href="01-first.html"' in keypoints
    assert '<section class="keypoints-episode"><h2 id="kp-01-first">' in keypoints  # markup, not escaped text
    assert "&lt;section" not in keypoints
    assert "Ada wants to classify" in _main(fixture_site.out / "profiles.html")
    second = _main(fixture_site.out / "02-second.html")
    assert 'role="doc-endnotes"' in second and "The footnote text." in second


def test_link_rules():
    assert site_link("../episodes/02-x.md#a") == "02-x.html#a"
    assert site_link("episodes/fig/a.png") == "fig/a.png"
    assert site_link("../learners/setup.Rmd") == "index.html#setup"
    assert site_link("https://example.org/a.md") == "https://example.org/a.md"
    assert site_link("setup.html#linux") == "index.html#linux"
    assert site_link("setup.html") == "index.html#setup"
    assert site_link("fig/a.png", "instructor", image=True) == "../fig/a.png"
    assert site_link("02-x.html#a", "instructor") == "02-x.html#a"
    assert site_link("files/x.html", "instructor") == "../files/x.html"
    assert site_link("data/x.csv", "instructor") == "../data/x.csv"
    assert site_link("mailto:a@b.org", "instructor") == "mailto:a@b.org"
    assert site_link("setup.md", "instructor") == "index.html#setup"


def test_broken_links_finds_what_it_looks_for(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"><a href="b.html">b</a> <a href="a.html#nowhere">x</a> '
                                     '<a href="#here">ok</a> <img src="fig/x.png">\n<p id="here"></p></p>',
                                     encoding="utf-8")
    assert broken_links(tmp_path) == [
        "a.html:1: image fig/x.png has no alt attribute", "a.html:2: a second element with id 'here'",
        "a.html:1: b.html does not exist in the site", "a.html:1: a.html#nowhere: no element with id 'nowhere'",
        "a.html:1: fig/x.png does not exist in the site"]


def test_a_joined_page_renames_only_later_ids_and_links_follow_their_own_part():
    first = '<h2 id="a">a</h2>\n<div class="callout" id="callout1">'
    second = ('<h2 id="a">a</h2>\n<h2 id="a-1">a-1</h2>\n<p><a href="#a">x</a> <a href="#elsewhere">y</a></p>\n'
              '<div id="callout1">')
    joined = write_html([[raw(first)], [raw(second)]])
    assert re.findall(r'\sid="([^"]*)"', joined) == ["a", "callout1", "a-1", "a-1-1", "callout1-1"]
    assert '<a href="#a-1">x</a> <a href="#elsewhere">y</a>' in joined  # a link follows its own part's element
    assert write_html([[raw(second)]]) == second + "\n"  # one document alone is left as it is


def test_fixture_pages_joined_from_several_sources_have_unique_ids(fixture_site):
    for view in (".", "instructor"):
        home = (fixture_site.out / view / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]*)"', home)
        assert len(ids) == len(set(ids)), ids
        assert "callout1" in ids and "callout1-1" in ids  # index.md's callout, then setup.md's


def test_preview_reports_a_broken_config_without_a_traceback(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    preview.configure(parser)
    assert preview.run(parser.parse_args(["--no-serve", "--root", str(tmp_path), "--out", str(tmp_path / "site")])) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "config.yaml" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# The real lesson
# ---------------------------------------------------------------------------------------------

LESSON = Lesson.load(ROOT)


@pytest.fixture(scope="module")
def lesson_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("preview") / "site"
    return build(ROOT, out)


def test_lesson_builds(lesson_site):
    assert not lesson_site.errors
    print(f"built {len(lesson_site.pages)} pages")
    for path in LESSON.all_pages():
        if path.parent == ROOT:
            continue
        if path.stem == "setup":
            name = "index.html"  # setup.md is shown on the home page
        elif path.parent.name == "profiles":
            name = "profiles.html"  # all profiles on one page
        else:
            name = f"{path.stem}.html"
        assert (lesson_site.out / name).exists(), name
        assert (lesson_site.out / "instructor" / name).exists(), name


def test_lesson_links_anchors_and_images_resolve(lesson_site):
    problems = broken_links(lesson_site.out)
    assert not problems, "broken links in the built site:\n" + "\n".join(problems)


class _InstructorText(HTMLParser):
    """Text inside elements whose class names an instructor note."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.notes: list[list[str]] = []
        self.all_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            return
        cls = dict(attrs).get("class") or ""
        if self.depth:
            self.depth += 1
        elif "instructor-note" in cls.split():
            self.depth = 1
            self.notes.append([])

    def handle_startendtag(self, tag, attrs):
        pass  # <br />, <img />: no content, so no change of depth

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.all_text.append(data)
        if self.depth:
            self.notes[-1].append(data)


def test_instructor_text_ignores_self_closing_tags():
    p = _InstructorText()
    p.feed('<div class="instructor-note"><p>a<br />b</p>c<img src="x.png" alt="" /></div><p>after</p>')
    assert p.notes == [["a", "b", "c"]]


def _texts(path: Path) -> _InstructorText:
    p = _InstructorText()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_lesson_instructor_notes_only_in_instructor_view(lesson_site):
    out = lesson_site.out
    expected = 0
    for path in LESSON.all_pages():
        if path.name == "instructor-notes.md":
            continue  # its own notes are on the page skipped below
        page = parse_page(path)
        expected += sum(1 for d in page.divs if d.cls == "instructor")
    found = 0
    for inst_page in sorted((out / "instructor").glob("*.html")):
        if inst_page.name == "instructor-notes.html":
            continue
        learner_page = out / inst_page.name
        learner = _texts(learner_page)
        assert not learner.notes, f"{learner_page.name}: an instructor note in the learner view"
        learner_text = _norm(" ".join(learner.all_text))
        for note in _texts(inst_page).notes:
            found += 1
            body = _norm(" ".join(note).replace("Instructor Note", " ", 1))
            if len(body) > 20:
                assert body not in learner_text, f"{learner_page.name}: instructor text in the learner view: {body[:80]}"
    assert found == expected, f"{expected} instructor divs in the sources, {found} rendered in the instructor view"


def test_one_bundled_pandoc_even_with_an_older_one_first_on_path(tmp_path, monkeypatch):
    """Issue 14: pypandoc's lookup, run from the preview's threads, sometimes handed out the pandoc on
    PATH (older, incompatible) while another thread was still probing."""
    import os

    import pypandoc

    fake = tmp_path / "bin" / "pandoc"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pandoc 2.9.2.1"; exit 0; fi\n'
                    'echo "JSON parse error: Incompatible API versions (fake older pandoc)" >&2; exit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    root = make_lesson(tmp_path / "lesson", with_notebooks=False)
    for attempt in range(6):  # the old lookup failed about one build in two here
        pypandoc.clean_pandocpath_cache()  # as in a fresh process
        result = build(root, root / "site", check=False)
        assert not result.errors, f"build {attempt + 1}"


def test_a_page_that_cannot_be_read_is_reported_at_its_line_and_the_rest_is_built(tmp_path):
    root = make_lesson(tmp_path / "lesson", with_notebooks=False)
    (root / "episodes" / "02-second.md").write_text("---\ntitle: [unclosed\n---\n\n## A\n", encoding="utf-8")
    result = build(root, root / "site", check=False)
    assert [str(e).split(": the YAML")[0] for e in result.errors] == ["episodes/02-second.md:2 [front matter]"]
    assert "This page could not be built" in (result.out / "02-second.html").read_text(encoding="utf-8")
    assert (result.out / "01-first.html").exists()


def test_exit_codes(tmp_path, capsys):
    """0 built, 1 with --strict when the lint finds problems (or a page failed), 2 set-up errors."""
    root = make_lesson(tmp_path / "lesson", with_notebooks=False)
    parser = argparse.ArgumentParser()
    preview.configure(parser)
    args = ["--no-serve", "--root", str(root), "--out", str(root / "site")]
    assert preview.run(parser.parse_args(args)) == 0
    assert preview.run(parser.parse_args(args + ["--strict"])) == 1
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("not a preview")
    assert preview.run(parser.parse_args(args[:-1] + [str(tmp_path / "other")])) == 2
    assert "was not made by ./lesson preview" in capsys.readouterr().err


def test_schedule_counts_each_episodes_break_and_skips_one_it_cannot_read(tmp_path):
    root = make_lesson(tmp_path / "lesson", with_notebooks=False)
    first = root / "episodes" / "01-first.md"
    first.write_text(first.read_text(encoding="utf-8").replace("exercises: 5\n", "exercises: 5\nbreak: 10\n", 1),
                     encoding="utf-8")
    second = root / "episodes" / "02-second.md"  # a superscript two is a digit to str.isdigit, not to int()
    second.write_text(second.read_text(encoding="utf-8").replace("exercises: 5\n", "exercises: 5\nbreak: '²'\n", 1),
                      encoding="utf-8")
    schedule = _main(build(root, root / "site", check=False).out / "instructor" / "index.html")
    assert "00h 25m" in schedule and "00h 35m" in schedule  # the second episode starts after the break
