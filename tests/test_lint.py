"""The Workbench lint: the real lesson passes it, and each rule catches its problem with file:line."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lessonkit import lint
from lessonkit.lesson import Lesson
from lessonkit.lint import Linter, anchors, lint_lesson, pandoc_slug, pegboard_slug
from lessonkit.markdown import parse_page
from lessonkit.problems import ProblemError
from lessonkit.workbench import built_markdown

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "broken_lesson"


def test_the_lesson_passes_the_workbench_lint():
    problems = lint_lesson(ROOT)
    assert not problems, "\n" + "\n".join(str(p) for p in problems)


EXPECTED = {
    'config.yaml:5 [missing file]: episodes/missing.md is listed but does not exist (All files in config.yaml must exist)',
    'config.yaml:1 [config]: The instructors directory must have (R)markdown files',
    'instructors/instructor-notes.md:1 [missing file]: instructors/instructor-notes.md does not exist (sandpaper warns and the notes page is empty)',
    'learners/bad.md:1 [slug]: episodes/bad.md has the same name; in the flat site both become bad.html',
    '.gitignore:1 [gitignore]: The .gitignore file is missing the following elements: !site/README.md, .Rhistory, .Rapp.history, .RData, .Ruserdata, *-Ex.R, /*.tar.gz, /*.Rcheck/, .Rproj.user/, vignettes/*.html, vignettes/*.pdf, .httr-oauth, *_cache/, /cache/, *.utf8.md, *.knit.md, .Renviron, docs/, po/*~',
    "episodes/bad.md:1 [front matter]: `teaching` must be a whole number of minutes, not 'ten' (sandpaper would use 5)",
    'episodes/bad.md:1 [front matter]: `exercises` must be a whole number of minutes, not None (sandpaper would use 5)',
    'episodes/bad.md:59 [div]: closing fence has 87 colons; pegboard only recognises 3 to 80, so the div is never closed',
    "episodes/bad.md:55 [div]: 'keypoints' div opened here is never closed (add a line of colons after its content)",
    'episodes/bad.md:26 [div]: [unknown div] exercise: the Workbench knows callout, caution, challenge, checklist, discussion, group-tab, hint, instructor, keypoints, objectives, prereq, questions, solution, spoiler, tab, testimonial',
    'episodes/bad.md:32 [div]: a solution div must be inside a challenge div (use a spoiler div for stand-alone details)',
    'episodes/bad.md:38 [div]: put a blank line before and after every ::: fence line',
    "episodes/bad.md:6 [structure]: 'questions' section does not contain a list",
    "episodes/bad.md:1 [structure]: No section called 'objectives': add a objectives div with a bulleted list",
    'episodes/bad.md:12 [heading]: (first level heading) the page title comes from the front matter; use ## for sections',
    'episodes/bad.md:14 [heading]: (non-sequential heading jump) from level 1 to 4',
    "episodes/bad.md:51 [heading]: (duplicated) 'Links' also at line 16 under the same parent",
    'episodes/bad.md:18 [uninformative link text]: [here](https://example.org): say where the link goes',
    'episodes/bad.md:18 [needs HTTPS]: [the old site](http://example.org)',
    'episodes/bad.md:19 [missing file]: [missing page](nowhere.md): no such file (link to the .md source, relative to this page)',
    'episodes/bad.md:19 [missing anchor]: [missing anchor](#not-a-heading): no heading or {#id} with that id on this page (give the heading an explicit {#id})',
    "episodes/bad.md:20 [missing anchor]: [another page's missing anchor](../learners/setup.md#no-such-section): learners/setup.md has no heading or {#id} with id 'no-such-section'",
    "episodes/bad.md:22 [image missing alt-text]: ![A figure](fig/used.png): add {alt='what the image shows'} right after the image",
    'episodes/bad.md:24 [missing file]: ![A missing figure](fig/absent.png): no such file (link to the .md source, relative to this page)',
    'episodes/bad.md:43 [code]: label Python code ```python, not ```py: only ```python blocks are run by the tests',
    'episodes/bad.md:47 [code]: ```Output must be lower case (```output) for the Workbench to style it',
    'episodes/bad.md:47 [code]: an output block after a ```py block is not verified (the tests check only what ```python blocks produce); say why it is shown in <!-- test: skip REASON --> on the line before it',
    'episodes/bad.md:67 [code]: an output block after a ```bash block is not verified (the tests check only what ```python blocks produce); say why it is shown in <!-- test: skip REASON --> on the line before it',
    'episodes/bad.md:72 [code]: an output block after a ```bash block is not verified (the tests check only what ```python blocks produce); say why it is shown in <!-- test: skip REASON --> on the line before it',
    "learners/setup.md:9 [foreign lesson]: [the environment file](https://raw.githubusercontent.com/carpentries-incubator/deep-learning-intro/main/environment.yml): the peer deep-learning-intro lesson's repository or site, not ours: link our own (a lesson file relatively, our repository as config.yaml's source)",
    "learners/setup.md:10 [own url]: [setup checker](https://github.com/example-org/broken-lesson/blob/main/episodes/files/check.py): an absolute URL into this lesson's repository or site (https://github.com/example-org/broken-lesson, config.yaml's source); use a relative link so it works on the site and in every fork",
    "learners/setup.md:12 [own url]: [the episode](https://example-org.github.io/broken-lesson/bad.html): an absolute URL into this lesson's repository or site (https://github.com/example-org/broken-lesson, config.yaml's source); use a relative link so it works on the site and in every fork",
    'bench/report.md:1 [not a page]: the Workbench builds every .md file one folder deep into a page, and this one has no front matter: make it a lesson page (--- title: ... ---) or move it where it is not built',
    'episodes/fig/orphan.png:1 [unused figure]: no page shows this image; use it or delete it (and its script)',
}


def test_every_rule_reports_its_problem_with_file_and_line():
    found = {str(p) for p in lint_lesson(BROKEN)}
    assert found - EXPECTED == set(), "unexpected problems"
    assert EXPECTED - found == set(), "problems the lint no longer finds"


def test_unreadable_front_matter_names_the_line(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("---\ntitle: ok\nteaching: [unclosed\n---\n\n## A\n")
    with pytest.raises(ProblemError, match=r"x.md:3: the YAML front matter cannot be read"):
        parse_page(page)
    problems = Linter(tmp_path).check_page(page, is_episode=True)
    assert [(p.kind, p.line) for p in problems] == [("front matter", 3)]


def test_a_result_block_with_no_code_before_it_is_not_verified(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("---\ntitle: ok\n---\n\n## A\n\n```error\nValueError: x\n```\n\n```python\nprint(1)\n```\n\n"
                    "```output\n1\n```\n")
    problems = Linter(tmp_path).check_page(page)
    assert [str(p).split(" (")[0] for p in problems] == [
        "x.md:7 [code]: an error block with no code block before it is not verified"]


def test_heading_ids_follow_pegboard_and_pandoc():
    assert pegboard_slug("What's new?") == "what-s-new"
    assert pandoc_slug("What's new?") == "whats-new"
    page = parse_page(BROKEN / "episodes" / "bad.md")
    ids = anchors(page)
    assert "links" in ids and "a-level-one-heading" in ids


def test_the_published_markdown_follows_sandpapers_rules():
    """Every .md at the top and one folder deep, less README/CONTRIBUTING, site/, drafts and links.md."""
    found = {p.relative_to(BROKEN).as_posix() for p in built_markdown(BROKEN, Lesson.load(BROKEN).config)}
    assert found == {"episodes/bad.md", "learners/setup.md", "profiles/people.md",
                     "bench/report.md"}  # not data/README.md, nor learners/bad.md (config.yaml lists only setup.md)


def test_only_lesson_pages_are_published():
    """Issue 14: the Workbench builds every Markdown file it finds into a page; each must be a lesson page."""
    pages = built_markdown(ROOT, Lesson.load(ROOT).config)
    assert ROOT / "episodes" / "01-introduction.md" in pages and ROOT / "README.md" not in pages
    assert [str(p) for p in lint_lesson(ROOT) if p.kind == "not a page"] == []


def test_a_peer_lessons_repository_as_source_is_reported(tmp_path):
    (tmp_path / "config.yaml").write_text("title: x\nsource: 'https://github.com/carpentries-lab/deep-learning-intro'\n")
    found = [str(p) for p in lint_lesson(tmp_path) if p.kind == "foreign lesson"]
    assert found == ["config.yaml:2 [foreign lesson]: source https://github.com/carpentries-lab/deep-learning-intro "
                     "is the repository of another lesson (the peer deep-learning-intro); name this lesson's own "
                     "repository"]


@pytest.mark.parametrize("target, peer", [
    ("https://carpentries-lab.github.io/deep-learning-intro/02-keras.html", True),
    ("https://github.com/carpentries-incubator/deep-learning-intro/blob/main/environment.yml", True),
    ("https://github.com/carpentries-incubator/deep-learning-intro", True),
    ("https://github.com/carpentries-lab/deep-learning-intro-keras", False),
    ("https://github.com/someone/deep-learning-intro", False),
])
def test_peer_lesson_links(target, peer):
    from lessonkit.workbench import PEER_LESSON

    assert bool(PEER_LESSON.match(target)) is peer


def test_exit_codes(tmp_path, capsys):
    """0 no problems; 1 problems found, an unreadable config.yaml among them (README's exit-status policy)."""
    parser = argparse.ArgumentParser()
    lint.configure(parser)
    assert lint.run(parser.parse_args(["--root", str(BROKEN)])) == 1
    (tmp_path / "config.yaml").write_text("title: [unclosed\n")
    assert lint.run(parser.parse_args(["--root", str(tmp_path)])) == 1
    assert "config.yaml:2 [config]: cannot read YAML" in capsys.readouterr().out


def test_links_md_definitions_are_references_of_every_page(tmp_path):
    """links.md is given to the parser as reference definitions, not appended: a page's [text][key] link is
    checked at the page's own line, with the target links.md gives it."""
    (tmp_path / "config.yaml").write_text("title: x\nepisodes:\nlearners:\ninstructors:\nprofiles:\n")
    (tmp_path / "links.md").write_text("[old-site]: http://example.org/\n[docs]: https://example.org/docs/\n")
    (tmp_path / "episodes").mkdir()
    page = tmp_path / "episodes" / "a.md"
    page.write_text("---\ntitle: A\n---\n\n## A\n\nSee [the docs][docs] and\n[the old site][old-site].\n")
    lesson = Lesson.load(tmp_path)
    parsed = parse_page(page, references=lesson.references())
    assert [(link.target, link.line) for link in parsed.links] == [("https://example.org/docs/", 7),
                                                                   ("http://example.org/", 8)]
    assert [str(p) for p in lint_lesson(tmp_path) if p.kind == "needs HTTPS"] == [
        "episodes/a.md:8 [needs HTTPS]: [the old site](http://example.org/)"]


def test_blank_lines_around_div_fences_are_read_on_the_parsers_lines(tmp_path):
    """A form feed ends a line for the parser: the blank-line check looks at the lines the div lines count."""
    page = tmp_path / "x.md"
    page.write_text("---\ntitle: ok\n---\n\n## A\n\nA\x0cB\n\n::: callout\n\ntext\n\n:::\n")
    assert [p.line for p in parse_page(page).divs] == [10]
    assert [str(p) for p in Linter(tmp_path).check_page(page) if p.kind == "div"] == []


def test_a_link_into_a_page_that_cannot_be_read_does_not_stop_the_lint(tmp_path):
    """The broken page is reported once, at its own line; the lint goes on with the other checks."""
    (tmp_path / "config.yaml").write_text("title: x\nepisodes:\n- a.md\n- b.md\nlearners:\ninstructors:\nprofiles:\n")
    (tmp_path / "episodes").mkdir()
    (tmp_path / "episodes" / "a.md").write_text("---\ntitle: A\n---\n\nSee [part x of b](b.md#x).\n")
    (tmp_path / "episodes" / "b.md").write_text("---\ntitle: [unclosed\n---\n\n## X\n")
    found = [str(p) for p in lint_lesson(tmp_path)]
    assert any(p.startswith("episodes/b.md:2 [front matter]: the YAML front matter cannot be read") for p in found)
    assert any(p.startswith("episodes/a.md:1 [structure]") for p in found), found  # a.md's checks still ran
