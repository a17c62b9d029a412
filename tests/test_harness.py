"""Self-tests of the harness: each failure mode is caught, with a file:line message.

Each test runs a small page from tests/fixtures/pages in a real kernel, as the lesson test does."""
from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit import data
from lessonkit.markdown import count_python_fences, parse_page
from lessonkit.runner import run_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


def run(name):
    return run_page(PAGES / name)


def line_of(name: str, text: str, nth: int = 1) -> int:
    """1-based line number of the nth line of fixture `name` that starts with `text`."""
    hits = [i + 1 for i, l in enumerate((PAGES / name).read_text().split("\n")) if l.startswith(text)]
    return hits[nth - 1]


def test_matching_page_passes_and_counts_everything():
    r = run("good.md")
    assert r.ok, r.problems
    assert len(r.page.python_blocks) == 5
    assert (r.executed, r.count("skipped")) == (4, 1)
    # output + tolerance output (with an elision in a line) + error + output with elided lines + warning
    assert r.outputs_verified == 5
    assert "5 python blocks, 4 executed, 1 skipped, 5 outputs verified (1 within a tolerance)" in r.summary()


def test_wrong_output_names_file_line_and_diff_and_goes_on():
    r = run("wrong_output.md")
    assert not r.ok
    [problem] = r.problems
    assert problem.startswith(f"tests/fixtures/pages/wrong_output.md:{line_of('wrong_output.md', '```output')}:")
    assert "print(2 + 2)" in problem and "-5" in problem and "+4" in problem
    assert r.count("passed") == 1 and r.count("failed") == 1  # the second block still ran


def test_unexpected_error_shows_block_and_traceback_and_stops():
    r = run("unexpected_error.md")
    [problem] = r.problems
    line = line_of("unexpected_error.md", "```python", 2)
    assert problem.startswith(f"tests/fixtures/pages/unexpected_error.md:{line}: the block raised IndexError")
    assert "numbers[10]" in problem and "IndexError: list index out of range" in problem
    assert [b.status for b in r.blocks] == ["passed", "failed", "not run"]
    assert "1 not run" in r.summary()


def test_error_block_without_error_fails():
    r = run("missing_error.md")
    [problem] = r.problems
    assert problem.startswith(f"tests/fixtures/pages/missing_error.md:{line_of('missing_error.md', '```error')}:")
    assert "raised nothing" in problem


def test_wrong_error_message_fails():
    r = run("wrong_error.md")
    [problem] = r.problems
    assert "does not match the error raised" in problem
    assert "ValueError: invalid literal for int() with base 10: 'forty-two'" in problem


def test_number_outside_tolerance_fails_with_both_values():
    r = run("tolerance_exceeded.md")
    [problem] = r.problems
    assert problem.startswith(f"tests/fixtures/pages/tolerance_exceeded.md:{line_of('tolerance_exceeded.md', '```output')}:")
    assert "the lesson shows 0.97, the code produced 0.81" in problem


def test_skip_needs_a_reason():
    r = run("skip_without_reason.md")
    [problem] = r.problems
    assert "a skip directive needs a reason" in problem
    assert problem.startswith(f"tests/fixtures/pages/skip_without_reason.md:{line_of('skip_without_reason.md', '```python')}:")


def test_unknown_or_malformed_directives_fail():
    r = run("bad_directive.md")
    assert len(r.problems) == 2
    assert "unknown directive 'test: ignore'" in r.problems[0]
    assert r.problems[1].startswith(f"tests/fixtures/pages/bad_directive.md:{line_of('bad_directive.md', '<!-- test: tolerance')}:")
    assert "needs a number" in r.problems[1]


def test_network_use_fails_even_when_the_code_hides_the_error():
    r = run("network.md")
    assert any("tried to use the network (example.org:443)" in p for p in r.problems), r.problems


def test_a_python_block_the_parser_misses_fails_the_page():
    page = parse_page(PAGES / "uncounted_block.md")
    assert len(page.python_blocks) == 1 and count_python_fences(page.text) == 2
    r = run("uncounted_block.md")
    [problem] = r.problems
    assert "has 2 ```python blocks but 1 were executed or skipped" in problem


def test_the_fence_count_splits_the_info_string_as_the_parser_does():
    text = "```python\tfirst\nprint(1)\n```\n\n```python  second\nprint(2)\n```\n\n```\nplain\n```\n"
    assert count_python_fences(text) == len(parse_page("x.md", text).python_blocks) == 2


def test_a_kernel_that_dies_is_reported_at_its_block_and_stops_the_page():
    r = run("kernel_dies.md")
    [problem] = r.problems
    assert problem.startswith(f"tests/fixtures/pages/kernel_dies.md:{line_of('kernel_dies.md', '```python', 2)}: "
                              "the kernel died (out of memory?)")
    assert [b.status for b in r.blocks] == ["passed", "failed", "not run"]


def test_blocks_inside_divs_are_found_in_order():
    page = parse_page(PAGES / "good.md")
    assert [b.divs for b in page.python_blocks] == [(), ("challenge",), ("challenge", "solution"), (), ()]
    assert [r.lang for r in page.python_blocks[0].results] == ["output"]
    assert page.python_blocks[3].directive.verb == "skip"


# Without the data (see lessonkit.data.require) these two are skipped with the reason, or fail under CI.
def test_weather_comes_from_the_mirror_through_the_keras_cache():
    r = run("weather.md")
    assert r.ok, r.problems
    assert [(p.name, p.source) for p in r.provisions] == [("weather", "mirror")]


def test_cifar10_load_data_runs_on_the_original_archive_or_the_jpeg_copy():
    r = run("cifar10.md")
    assert r.ok, r.problems
    assert [(p.name, p.source) for p in r.provisions] in ([("cifar10", "original archive")],
                                                           [("cifar10", "JPEG copy")])


def test_a_mirror_variable_naming_no_folder_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.MIRROR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(data.DataError, match="is not a folder"):
        data.mirror_dir()


# The command line's usage errors and exit statuses are tested in tests/test_cli.py.


def test_run_command_reports_a_mirror_that_is_not_a_folder_and_cleans_up(monkeypatch, tmp_path, capsys):
    import tempfile

    from lessonkit.__main__ import main

    monkeypatch.setenv(data.MIRROR_ENV, "/nonexistent")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["run", str(PAGES / "good.md")]) == 2
    assert capsys.readouterr().err.startswith(f"error: {data.MIRROR_ENV}=/nonexistent is not a folder.")
    assert list(tmp_path.iterdir()) == [], "run_page left its temporary folder behind"


# --- the benchmark report ------------------------------------------------------------------------


def bench_info(pages: list[dict]) -> dict:
    return {"date": "2025-01-01T00:00:00+00:00", "environment": "lesson: test", "machine": "test",
            "limit_seconds": 60.0, "pages": pages, "blocks": [], "over_limit": [], "page_failures": []}


def test_bench_records_each_pages_data():
    from lessonkit.bench import page_total, render
    from lessonkit.runner import PageResult

    page = parse_page(PAGES / "weather.md")
    mirror = PageResult(page, [], [data.Provision("weather", "mirror", "/mirror/weather.csv")], [], [])
    totals = [page_total(mirror)]
    assert totals[0]["data"] == [{"name": "weather", "source": "mirror", "detail": "/mirror/weather.csv"}]
    report = render(bench_info(totals))
    assert "| tests/fixtures/pages/weather.md | 0 | 0.0 | yes | weather (mirror) |" in report
    assert "- weather: mirror, /mirror/weather.csv" in report


def test_bench_report_says_no_for_a_failing_page():
    from lessonkit.bench import render

    failing = {"page": "p.md", "seconds": 1.0, "blocks": 2, "ok": False, "data": []}
    assert "| p.md | 2 | 1.0 | NO | none |" in render(bench_info([failing]))
