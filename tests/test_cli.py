"""The command line (lessonkit.cli): generated help for every command, and one exit-status policy:
0 ok, 1 problems found, 2 usage or set-up error. No page is executed here."""
from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit import cli, data

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "broken_lesson"


def call(*argv: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `./lesson ARGV...` (in this process)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(argv))
        except SystemExit as e:  # argparse: --help exits 0, a usage error 2
            status = e.code
    return status, out.getvalue(), err.getvalue()


def flags(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", text))


# --- help ---------------------------------------------------------------------------------------


def test_help_shows_every_command_with_every_option_and_the_exit_statuses():
    status, out, _ = call("help")
    assert status == 0
    for name in cli.COMMANDS:
        own, text, _ = call(name, "--help")
        assert own == 0 and text.startswith(f"usage: ./lesson {name}")
        assert text in out, f"./lesson help lacks the help of {name}"
        assert call("help", name) == (0, text + "\n", "")
    assert out.count(cli.EXIT_STATUS) == len(cli.COMMANDS) + 1


def test_every_command_module_follows_the_contract():
    """configure(parser) and run(args): the help is generated from the options the module really takes."""
    import importlib

    for name, (module, _) in cli.COMMANDS.items():
        if module != cli.__name__:
            mod = importlib.import_module(module)
            assert callable(mod.configure) and callable(mod.run), name


# --- exit statuses ------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["nope"], ["lint", "--nope"], ["lint", "episodes/"], ["help", "nope"],
                                  ["help", "lint", "run"], ["notebooks", "--port", "1"]])
def test_usage_errors_exit_2(argv):
    status, out, err = call(*argv)
    assert status == 2 and "usage: ./lesson" in err, (out, err)


def test_a_page_named_on_the_command_line_that_does_not_exist_is_a_usage_error():
    status, _, err = call("run", "episodes/no-such-page.md")
    assert status == 2 and "no such file: episodes/no-such-page.md" in err
    status, _, err = call("bench", "nosuch.md")
    assert status == 2 and "no such file: nosuch.md" in err
    status, _, err = call("figures", "nosuch.md")
    assert status == 2 and "no such file: nosuch.md" in err


def test_lint_exits_1_on_problems_and_0_without(monkeypatch):
    import lessonkit.lint as lint

    real = lint.lint_lesson
    monkeypatch.setattr(lint, "lint_lesson", lambda root: real(BROKEN))
    status, out, _ = call("lint")
    assert status == 1 and re.search(r"^episodes/\S+\.md:\d+ \[", out, re.M), out
    monkeypatch.setattr(lint, "lint_lesson", lambda root: [])
    assert call("lint") == (0, "0 problem(s)\n", "")


def test_a_broken_page_is_a_problem_found_not_a_traceback(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("---\ntitle: ok\nteaching: [unclosed\n---\n\n## A\n")
    status, _, err = call("run", str(page))
    assert status == 1
    assert err.startswith(f"error: {page}:3: the YAML front matter cannot be read") and "Traceback" not in err


def test_a_mirror_variable_naming_no_folder_is_a_set_up_error(monkeypatch):
    monkeypatch.setenv(data.MIRROR_ENV, "/nonexistent")
    status, _, err = call("data", "--check")
    assert status == 2 and err.startswith(f"error: {data.MIRROR_ENV}=/nonexistent is not a folder.")
    assert call("data", "nosuch")[0] == 2


def test_running_a_page_whose_data_is_absent_is_a_set_up_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.MIRROR_ENV, str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("PYTEST_CURRENT_TEST")  # as on the command line, not inside a test
    status, _, err = call("run", str(Path(__file__).parent / "fixtures" / "pages" / "weather.md"))
    assert status == 2 and err.startswith("error: data not available offline: weather (weather_prediction_dataset")
    assert "Run ./lesson data" in err


@pytest.mark.parametrize("pytest_status, status", [(0, 0), (1, 1), (2, 2), (4, 2), (5, 2)])
def test_test_passes_pytest_options_on_and_maps_its_statuses(monkeypatch, pytest_status, status):
    seen = []
    monkeypatch.setattr(pytest, "main", lambda args: seen.append(args) or pytest_status)
    monkeypatch.chdir(ROOT)
    assert call("test", "-k", "penguins", "-x", "tests/test_cli.py")[0] == status
    assert seen == [["-k", "penguins", "-x", "tests/test_cli.py"]]


def test_a_command_whose_module_is_missing_says_so(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "figures", ("lessonkit.no_such_module", "x"))
    status, _, err = call("figures")
    assert status == 2 and "needs lessonkit.no_such_module" in err


# --- installation and environments -----------------------------------------------------------------


def test_lesson_is_a_console_script():
    text = (ROOT / "pyproject.toml").read_text()  # (tomllib is not in Python 3.10)
    assert re.search(r'^\[project\.scripts\]\nlesson = "lessonkit\.cli:main"$', text, re.M), text


def test_the_lesson_script_uses_the_full_environment_for_the_commands_that_need_it():
    script = (ROOT / "lesson").read_text()
    full = re.search(r"^\s*([\w|]+)\) tier=full", script, re.M).group(1).split("|")
    assert sorted(full) == sorted(cli.FULL)


def test_the_light_commands_import_no_numpy_tensorflow_or_kernel_machinery():
    code = ("import sys; from lessonkit import cli; cli.parser(['lint', 'preview', 'notebooks', 'data', 'budget']); "
            "import lessonkit.lint, lessonkit.preview, lessonkit.notebooks, lessonkit.data; "
            "print(sorted(m for m in ('numpy', 'tensorflow', 'keras', 'pandas', 'nbclient', 'ipykernel') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_reader_that_stops_early_gets_no_traceback():
    """`./lesson help | head`: the closed pipe is not a crash, and not reported as success either."""
    proc = subprocess.Popen([sys.executable, "-m", "lessonkit", "help"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command writes: its output meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait() == 1 and "Traceback" not in err, err
