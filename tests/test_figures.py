"""Figures from the harness (`lessonkit.figures`): saved under the directive's names, stamped with
the code that drew them, and checked to exist and be up to date."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessonkit import figures
from lessonkit.lesson import Lesson
from lessonkit.markdown import parse_page
from lessonkit.runner import run_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
LESSON = Lesson.load()


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """A copy of the fixture page, run once, its figures written to its fig/ folder."""
    folder = tmp_path_factory.mktemp("episodes")
    (folder / "fig").mkdir()
    page = folder / "figures.md"
    shutil.copy(PAGES / "figures.md", page)
    result = run_page(page)
    assert result.ok, result.problems
    return page, figures.write_figures(result)


def test_figures_are_written_under_their_names_only_for_blocks_that_name_them(drawn):
    page, written = drawn
    assert [p.name for p in written] == ["line.png", "two.png"]
    assert sorted(p.name for p in (page.parent / "fig").iterdir()) == ["line.png", "two.png"]
    stamp = figures.stamp(written[0])
    assert stamp[figures.STAMP_PAGE].endswith("figures.md") and len(stamp[figures.STAMP_CODE]) == 64
    assert figures.check_page(parse_page(page)) == []


def test_a_figure_goes_stale_when_the_code_before_it_changes_not_when_prose_does(drawn):
    page, _ = drawn
    text = page.read_text()
    prose = text.replace("A block without a directive may draw too", "Any block may draw")
    assert figures.check_page(parse_page(page, prose)) == []
    # the second block runs after line.png's block: only two.png is stale
    second = text.replace("plt.plot([1, 0])", "plt.plot([1, 0.5])")
    [problem] = figures.check_page(parse_page(page, second))
    assert "fig/two.png is out of date" in problem and "./lesson figures" in problem
    first = text.replace("marker=\"o\"", "marker=\"s\"")
    assert len(figures.check_page(parse_page(page, first))) == 2


def test_missing_unstamped_and_unshown_figures_are_reported(drawn, tmp_path):
    page, written = drawn
    (tmp_path / "fig").mkdir()
    copy = tmp_path / "figures.md"
    text = page.read_text().replace("![Another line](fig/two.png){alt='Another line'}", "")
    copy.write_text(text)
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "fig" / "line.png")  # drawn by hand, say
    problems = figures.check_page(parse_page(copy))
    assert len(problems) == 3, problems
    assert "fig/line.png was not made by the harness" in problems[0]
    assert "the figure two.png is made but the page shows no image fig/two.png" in problems[1]
    assert "fig/two.png does not exist" in problems[2]
    assert all(p.startswith(f"{copy}:") for p in problems)


def test_figures_command_runs_a_page_and_writes_its_figures(tmp_path, capsys):
    import argparse

    (tmp_path / "fig").mkdir()
    shutil.copy(PAGES / "figures.md", tmp_path / "figures.md")
    assert figures.run(argparse.Namespace(pages=[str(tmp_path / "figures.md")])) == 0
    assert (tmp_path / "fig" / "two.png").is_file()
    assert figures.run(argparse.Namespace(pages=[str(PAGES / "good.md")])) == 2
    assert "names no figure" in capsys.readouterr().err


@pytest.mark.parametrize("page", LESSON.all_pages(), ids=lambda p: str(p.relative_to(LESSON.root)))
def test_every_figure_the_lesson_code_draws_is_saved_and_up_to_date(page):
    assert figures.check_page(parse_page(page)) == []


def test_figures_made_by_the_harness_have_no_script_in_fig():
    made = {name for page in LESSON.all_pages() for _, names in figures.figure_blocks(parse_page(page))
            for name in names}
    scripts = {s.name: s.read_text() for s in (LESSON.root / "fig").glob("*.py")}
    both = sorted(f"fig/{s} draws {name}" for name in made for s, text in scripts.items() if name in text)
    assert not both, "the harness saves these figures; delete the scripts: " + "; ".join(both)
