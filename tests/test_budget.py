"""The typing budget of issue 13: each episode's core fits its minutes, no long typed block, and the
whole lesson fits two days. Unit tests of `lessonkit.budget` on a fixture come first."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lessonkit import budget, cli
from lessonkit.lesson import Lesson

FIXTURE = Path(__file__).parent / "fixtures" / "pages" / "budget.md"
LESSON = Lesson.load()
EPISODES = LESSON.pages("episodes")


def test_typed_code_excludes_solutions_instructor_notes_and_optional_parts():
    b = budget.measure(FIXTURE)
    # typed: "x = 1", "y = 2" (indentation not counted), "print(x)", and the 11-line block
    assert (b["typed_blocks"], b["typed_lines"], b["typed_chars"]) == (3, 14, 10 + 8 + 9 * 5 + 2 * 6)
    assert b["optional_blocks"] == 3  # the optional challenge's block, the optional section and its subsection
    assert (b["core_challenges"], b["optional_challenges"]) == (1, 1)
    assert (b["minutes"], b["chars_per_minute"]) == (10, 7.5)


def test_the_longest_typed_block_is_found_and_reported_at_its_line():
    b = budget.measure(FIXTURE)
    line = FIXTURE.read_text().split("\n").index("a = 1")  # the fence is the line before: 1-based = index
    assert (b["longest_block"], b["longest_block_line"]) == (11, line)
    [problem] = budget.over_budget(b)
    assert problem.startswith(f"{b['page']}:{line}: learners type a block of 11 lines")


def test_an_optional_section_ends_at_the_next_heading_of_its_level():
    text = FIXTURE.read_text()
    page = budget.parse_page(FIXTURE)
    optional = budget.optional_lines(page)
    lines = text.split("\n")
    assert lines.index("z = x * 1000") + 1 in optional and lines.index("w = z") + 1 in optional
    assert lines.index("## Back to the core") + 1 not in optional


def test_budget_command_exit_codes(capsys):
    assert budget.run(argparse.Namespace(pages=[str(FIXTURE)])) == 1  # the 11-line block
    with pytest.raises(SystemExit) as exit_status:  # argparse refuses a page that does not exist
        cli.main(["budget", "no-such.md"])
    assert exit_status.value.code == 2 and "no such file: no-such.md" in capsys.readouterr().err


# --- the lesson ------------------------------------------------------------------------------------


@pytest.mark.parametrize("episode", EPISODES, ids=lambda p: p.name)
def test_each_episode_core_fits_its_minutes(episode):
    b = budget.measure(episode)
    assert b["chars_per_minute"] <= budget.BUDGET, budget.over_budget(b)[0]


@pytest.mark.parametrize("episode", EPISODES, ids=lambda p: p.name)
def test_no_typed_block_is_longer_than_ten_lines(episode):
    b = budget.measure(episode)
    assert b["longest_block"] <= budget.MAX_TYPED_LINES, budget.over_budget(b)[-1]


def test_the_lesson_fits_two_days():
    minutes = {p.name: budget.measure(p)["minutes"] for p in EPISODES}
    assert sum(minutes.values()) <= budget.LESSON_MINUTES, f"{sum(minutes.values())} minutes: {minutes}"
