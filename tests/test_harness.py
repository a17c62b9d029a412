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


def at(problem, name: str, line: int, kind: str) -> bool:
    """`problem` is of `kind` at `line` of fixture `name`, and is printed so: file:line first."""
    assert (problem.path, problem.line, problem.kind) == (f"tests/fixtures/pages/{name}", line, kind), problem
    return str(problem).startswith(f"tests/fixtures/pages/{name}:{line} [{kind}]: ")


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
    assert at(problem, "wrong_output.md", line_of("wrong_output.md", "```output"), "output")
    assert "print(2 + 2)" in problem.message and "-5" in problem.message and "+4" in problem.message
    assert r.count("passed") == 1 and r.count("failed") == 1  # the second block still ran


def test_unexpected_error_shows_block_and_traceback_and_stops():
    r = run("unexpected_error.md")
    [problem] = r.problems
    line = line_of("unexpected_error.md", "```python", 2)
    assert at(problem, "unexpected_error.md", line, "error")
    assert problem.message.startswith("the block raised IndexError")
    assert "numbers[10]" in problem.message and "IndexError: list index out of range" in problem.message
    assert [b.status for b in r.blocks] == ["passed", "failed", "not run"]
    assert "1 not run" in r.summary()


def test_error_block_without_error_fails():
    r = run("missing_error.md")
    [problem] = r.problems
    assert at(problem, "missing_error.md", line_of("missing_error.md", "```error"), "error")
    assert "raised nothing" in problem.message


def test_wrong_error_message_fails():
    r = run("wrong_error.md")
    [problem] = r.problems
    assert at(problem, "wrong_error.md", line_of("wrong_error.md", "```error"), "error")
    assert "does not match the error raised" in problem.message
    assert "ValueError: invalid literal for int() with base 10: 'forty-two'" in problem.message


def test_number_outside_tolerance_fails_with_both_values():
    r = run("tolerance_exceeded.md")
    [problem] = r.problems
    assert at(problem, "tolerance_exceeded.md", line_of("tolerance_exceeded.md", "```output"), "output")
    assert "the lesson shows 0.97, the code produced 0.81" in problem.message


def test_skip_needs_a_reason():
    r = run("skip_without_reason.md")
    [problem] = r.problems
    assert "a skip directive needs a reason" in problem.message
    assert at(problem, "skip_without_reason.md", line_of("skip_without_reason.md", "<!-- test: skip"), "directive")


def test_unknown_or_malformed_directives_fail():
    r = run("bad_directive.md")
    unknown, tolerance = r.problems
    assert at(unknown, "bad_directive.md", line_of("bad_directive.md", "<!-- test: ignore"), "directive")
    assert "unknown directive 'test: ignore'" in unknown.message
    assert at(tolerance, "bad_directive.md", line_of("bad_directive.md", "<!-- test: tolerance"), "directive")
    assert "needs a number" in tolerance.message


def test_network_use_fails_even_when_the_code_hides_the_error():
    r = run("network.md")
    assert any(p.kind == "network" and "tried to use the network (example.org:443)" in p.message
               for p in r.problems), r.problems


def test_a_python_block_the_parser_misses_fails_the_page():
    page = parse_page(PAGES / "uncounted_block.md")
    assert len(page.python_blocks) == 1 and count_python_fences(page.text) == 2
    r = run("uncounted_block.md")
    [problem] = r.problems
    assert at(problem, "uncounted_block.md", 1, "uncounted-block")
    assert "has 2 ```python blocks but 1 were executed or skipped" in problem.message


def test_the_fence_count_splits_the_info_string_as_the_parser_does():
    text = "```python\tfirst\nprint(1)\n```\n\n```python  second\nprint(2)\n```\n\n```\nplain\n```\n"
    assert count_python_fences(text) == len(parse_page("x.md", text).python_blocks) == 2


def test_a_kernel_that_dies_is_reported_at_its_block_and_stops_the_page():
    r = run("kernel_dies.md")
    [problem] = r.problems
    assert at(problem, "kernel_dies.md", line_of("kernel_dies.md", "```python", 2), "kernel-died")
    assert problem.message.startswith("the kernel died (out of memory?)")
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


def bench_run(page: str, seconds: float, ok=True, over=(), backend="tensorflow") -> dict:
    return {"page": page, "backend": backend, "device": "CPU", "keras": "3", "python": "3.11",
            "machine": "test", "date": "2025-01-01T00:00", "seconds": seconds, "ok": ok,
            "executed": 1, "skipped": 0, "verified": 1, "blocks": [
                {"line": 7, "seconds": seconds, "status": "passed", "training": True, "code": "model.fit(x)"}],
            "over_limit": list(over), "data": [{"name": "weather", "source": "mirror",
                                                "detail": ""}]}


def test_bench_report_says_which_pages_failed_and_flags_slow_training():
    from lessonkit.bench import render

    text = render({"limit_seconds": 60, "budget": [], "runs": [
        bench_run("a.md", 1.0), bench_run("b.md", 2.0, ok=False), bench_run("c.md", 61.0, over=[7])]})
    rows = {line.split()[0]: line for line in text.split("\n") if line.endswith(("(stand-in)", "(mirror)"))}
    assert " yes " in rows["a.md"] and " NO " in rows["b.md"] and " yes " in rows["c.md"]
    assert "c.md:7 (tensorflow): 61.0 s" in text


def test_the_bench_limit_holds_tensorflow_and_torch_and_only_measures_jax():
    from lessonkit.bench import render

    runs = [bench_run("c.md", 90.0, over=[7], backend="jax"), bench_run("c.md", 30.0, backend="torch")]
    text = render({"limit_seconds": 60, "budget": [], "runs": runs})
    assert "None: every training block finished within 60 s." in text
    assert "jax, not held to the limit: 1 training blocks over 60 s, the slowest 90.0 s" in text
    runs.append(bench_run("d.md", 61.0, over=[7], backend="torch"))
    assert "d.md:7 (torch): 61.0 s" in render({"limit_seconds": 60, "budget": [], "runs": runs})
    assert not text.lstrip().startswith(("#", "---")), "the report must not look like a page to the Workbench"


# --- figures and re-taken outputs ------------------------------------------------------------------


def test_a_figure_directive_must_name_as_many_figures_as_the_block_draws():
    r = run("figure_count.md")
    [problem] = r.problems
    assert at(problem, "figure_count.md", 5, "figure")
    assert problem.message.startswith("the directive names 2 figure(s) (a.png, b.png) but the block drew 1\n")
    assert len(r.blocks[0].images) == 1 and r.blocks[0].images[0].startswith(b"\x89PNG")


def test_take_outputs_rewrites_stale_outputs_and_keeps_intended_elisions(tmp_path, capsys, monkeypatch):
    import argparse

    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")  # the page's own outputs (another backend's go in comments)

    from lessonkit.runner import run as run_command

    page = tmp_path / "retake.md"
    page.write_text((PAGES / "retake.md").read_text())
    assert run_command(argparse.Namespace(pages=[str(page)], take_outputs=True)) == 1  # two left to the author
    notes = capsys.readouterr().out
    assert "the shown output elides something and no longer matches" in notes and "printed nothing" in notes
    assert notes.count(" [retake]: kept: ") == 2
    text = page.read_text()
    assert "```output\ntotal: 4\n```" in text
    assert ("Epoch 1/3\n18/18 - 0s - 3ms/step - loss: 0.9\n...\nEpoch 3/3\n18/18 - 0s - 3ms/step - loss: 0.25\n"
            "<class 'object'> at 0x...\n```") in text
    assert "a\n...\nz" in text  # elided and no longer matching: kept for the author
    assert "```output\nnever run\n```" in text  # a skipped block: nothing to take
    assert "```output\nsomething that is no longer printed\n```" in text
    problems = run_page(page).problems  # the rest now matches
    assert [p.kind for p in problems] == ["output", "output"]
    assert 'print("a\\nb\\nc")' in problems[0].message and "silent = True" in problems[1].message


# --- pages as pytest items (lessonkit/pytest_plugin.py) and the bench report from their run ----------


def test_the_lesson_has_pages_with_code():
    from lessonkit.lesson import Lesson

    assert Lesson.load().code_pages(), "config.yaml lists no page with ```python blocks"


@pytest.fixture
def small_lesson(pytester, monkeypatch):
    """A lesson with two pages (one passing, one with a wrong output), run by pytest in a subprocess."""
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")  # the report's rows are per backend
    pytester.makefile(".yaml", config="title: t\nepisodes:\n- good.md\n- wrong_output.md\n")
    (pytester.path / "episodes").mkdir()
    for name in ("good.md", "wrong_output.md"):
        (pytester.path / "episodes" / name).write_text((PAGES / name).read_text())
    pytester.makeconftest("import sys\ndef pytest_unconfigure(config):\n"
                          "    open('imported.txt', 'w').write(' '.join(m for m in ('tensorflow', 'keras') if m in sys.modules))\n")
    return pytester


def test_pages_are_pytest_items_with_file_line_failures_and_a_summary(small_lesson):
    result = small_lesson.runpytest_subprocess("-p", "lessonkit.pytest_plugin", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["lesson: Keras backend *", "config.yaml::episodes/good.md PASSED*",
                                 "config.yaml::episodes/wrong_output.md FAILED*"])
    out = result.stdout.str()
    assert f"episodes/wrong_output.md:{line_of('wrong_output.md', '```output')} [output]: the output shown does not " \
           "match" in out
    assert "episodes/good.md: 5 python blocks, 4 executed, 1 skipped, 5 outputs verified" in out
    assert "TOTAL: 2 pages, 7 python blocks, 6 executed, 1 skipped, 6 outputs verified" in out
    assert "skipped episodes/good.md:" in out and "timings: bench/report.txt" in out
    assert (small_lesson.path / "imported.txt").read_text() == "", "the header or the plugin imported a backend"


def test_the_bench_report_comes_from_the_test_run_and_keeps_pages_not_rerun(small_lesson):
    import json

    small_lesson.runpytest_subprocess("-p", "lessonkit.pytest_plugin")
    report = json.loads((small_lesson.path / "bench" / "report.json").read_text())
    assert [r["page"] for r in report["runs"]] == ["episodes/good.md", "episodes/wrong_output.md"]
    good = report["runs"][0]
    assert [b["status"] for b in good["blocks"]] == ["passed", "passed", "passed", "skipped", "passed"]
    assert good["backend"] == "tensorflow" and good["ok"] and not report["runs"][1]["ok"]
    assert [b["page"] for b in report["budget"]] == ["episodes/good.md", "episodes/wrong_output.md"]
    text = (small_lesson.path / "bench" / "report.txt").read_text()
    assert "TOTAL PER PAGE" in text and "TYPING PER EPISODE" in text and "episodes/good.md:" in text
    first_date = good["date"]
    small_lesson.runpytest_subprocess("-p", "lessonkit.pytest_plugin", "-k", "wrong")
    again = json.loads((small_lesson.path / "bench" / "report.json").read_text())
    assert [r["page"] for r in again["runs"]] == ["episodes/good.md", "episodes/wrong_output.md"]
    assert again["runs"][0]["date"] == first_date  # not re-run, kept


def test_the_kernel_says_which_backend_and_device_a_keras_page_ran_on(tmp_path):
    import os

    page = tmp_path / "uses_keras.md"
    page.write_text("---\ntitle: k\n---\n\n```python\nimport keras\n```\n")
    facts = run_page(page).facts
    assert facts["backend"] == os.environ.get("KERAS_BACKEND", "tensorflow") and facts["device"]
    assert run("good.md").facts == {}  # no Keras on the page: nothing imported to ask


def test_a_block_trains_when_it_calls_fit_or_a_function_of_the_page_that_does():
    from lessonkit.bench import training_blocks

    sources = ["model.fit(x, y)", "def train(n):\n    model.fit(x, y, epochs=n)\n    return model",
               "train(3)", "def show():\n    plot()", "show()", "retrain = train"]
    assert training_blocks(sources) == [True, True, True, False, False, False]


# --- backends: the page shows TensorFlow's outputs; `<!-- test: torch ... -->` after one holds torch's --------


@pytest.mark.parametrize("backend", ["tensorflow", "torch", "jax"])
def test_each_backend_is_checked_against_its_own_output_or_the_page_within_tolerance(backend, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", backend)
    r = run("backends.md")
    [stray] = r.problems  # everything else matches on every backend
    assert at(stray, "backends.md", line_of("backends.md", "<!-- test: jax", 2), "directive")
    assert "directly after an output or error block for the jax backend" in stray.message
    assert r.outputs_verified == 2 and r.executed == 2


def test_a_backend_output_beyond_tolerance_fails_and_is_retaken_into_its_comment(tmp_path, monkeypatch, capsys):
    import argparse

    from lessonkit.runner import run as run_command

    page = tmp_path / "backends.md"
    text = (PAGES / "backends.md").read_text()
    page.write_text(text.replace('"torch": "loss: 0.71"', '"torch": "loss: 0.81"')
                    .replace('"jax": "loss: 0.52"', '"jax": "loss: 0.60"').split("A backend comment")[0])
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    [problem] = run_page(page).problems
    assert (problem.path, problem.line, problem.kind) == (str(page), text.split("\n").index("<!-- test: torch") + 1, "output")
    assert problem.message.startswith("the output shown for torch")
    assert "the lesson shows 0.70, the code produced 0.81" in problem.message
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert "the lesson shows 0.50, the code produced 0.60" in run_page(page).problems[0].message  # no jax comment: the page's
    for backend in ("torch", "jax"):  # re-taken into the torch comment, and into a new jax comment after it
        monkeypatch.setenv("KERAS_BACKEND", backend)
        assert run_command(argparse.Namespace(pages=[str(page)], take_outputs=True)) == 0, capsys.readouterr().out
        assert run_page(page).ok
    assert "```output\nloss: 0.50\n```\n<!-- test: torch\nloss: 0.81\n-->\n<!-- test: jax\nloss: 0.60\n-->\n" \
           in page.read_text()
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert run_page(page).ok and "loss: 0.50" in page.read_text()
