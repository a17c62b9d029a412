"""Episode notebooks and scripts (`./lesson notebooks`, lessonkit/notebooks.py).

The committed files in episodes/files/ must be what the episodes produce now, a notebook made
from the fixture episode has the cells and tags the lesson's parser implies (an empty cell for
each exercise, solutions folded as text), no code a learner runs depends on a solution, and the
downloadable notebooks run from top to bottom with nbmake, offline (the fixture's and episode
1's always; every episode's with LESSON_TEST_NOTEBOOKS=all)."""
from __future__ import annotations

import argparse

import ast
import builtins
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from lessonkit import data, notebooks
from lessonkit.cli import main
from lessonkit.lesson import Lesson
from lessonkit.markdown import parse_page
from lessonkit.notebooks import episode_notebook, script_text, site_url
from lessonkit.runner import _cifar_arg
from test_preview import make_lesson

ROOT = Path(__file__).resolve().parent.parent
LESSON = Lesson.load(ROOT)
RELATIVE_LINK = re.compile(r"\]\(\s*<?(?!https?://|#)")  # a Markdown link or image to a lesson file


@pytest.fixture(scope="module")
def fixture_lesson(tmp_path_factory):
    root = make_lesson(tmp_path_factory.mktemp("lesson"))
    return Lesson.load(root)


@pytest.fixture(scope="module")
def fixture_nb(fixture_lesson):
    return episode_notebook(fixture_lesson.root / "episodes" / "01-first.md", fixture_lesson)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_python_blocks_outside_answers_become_code_cells_in_order(fixture_nb):
    sources = [c.source for c in _code(fixture_nb)]
    assert sources == ['values = [1, 2, 3]\nprint(sum(values))', 'int("seven")', '', 'total = ___']


def test_cells_are_tagged(fixture_nb):
    tags = [c.metadata.get("tags", []) for c in _code(fixture_nb)]
    assert tags == [[], ["raises-exception"], ["exercise"], ["skip-execution"]]
    assert _code(fixture_nb)[3].metadata["lesson_skip_reason"] == "has a blank (___) that learners fill in"


def test_exercise_gets_an_empty_cell_under_its_question_and_a_folded_solution(fixture_nb):
    """The learner answers in the empty cell; the solution follows, folded, as text that never runs."""
    cells = fixture_nb.cells
    question = next(i for i, c in enumerate(cells) if "### Challenge: Double the sum" in c.source)
    assert "What does `sum(values) * 2` print?" in cells[question].source
    empty, answers = cells[question + 1], cells[question + 2]
    assert empty.cell_type == "code" and empty.source == "" and empty.metadata["tags"] == ["exercise"]
    assert answers.cell_type == "markdown"
    assert answers.source.startswith("<details>\n<summary>Give me a hint</summary>")
    assert "<details>\n<summary>Show me the solution</summary>\n\n```python\nprint(sum(values) * 2)\n```\n\n" in answers.source
    assert "12" not in answers.source  # the solution's output is not given away either
    assert not any("print(sum(values) * 2)" in c.source for c in _code(fixture_nb))


def test_a_solution_keeps_its_text_code_and_figures_folded(fixture_nb, fixture_lesson):
    """A plot in a solution gives the answer away: it is folded with the solution's code and text, never a
    visible cell of its own (Jupyter renders Markdown inside <details> after a blank line)."""
    folds = re.compile(r"<details>\n<summary>(.*?)</summary>\n\n(.*?)\n\n</details>", re.S)
    folded = {summary: body for c in fixture_nb.cells for summary, body in folds.findall(c.source)}
    assert folded["Show me the solution"] == (
        "```python\nprint(sum(values) * 2)\n```\n\nSOLUTIONTEXT the sum, doubled:\n\n"
        f"![SOLUTIONFIGURE twelve small red squares.]({site_url(fixture_lesson.config)}fig/square.png)\n\n"
        "*Twelve red squares.*")
    visible = "\n".join(folds.sub("", c.source) for c in fixture_nb.cells)
    assert "SOLUTION" not in visible and "Twelve red squares" not in visible and "print(sum(values) * 2)" not in visible


def test_prose_without_workbench_syntax(fixture_nb):
    md = _markdown(fixture_nb)
    assert md.startswith("# First steps")
    assert "INSTRUCTORONLY" not in md  # instructor notes stay out
    assert ":::" not in md and "<!-- test:" not in md and "{#first}" not in md and "{alt=" not in md
    assert "```output" not in md and "ValueError" not in md  # learners see the real output instead
    assert "### Challenge: Double the sum" in md and "### Callout: A titled callout" in md
    assert "**Questions**" in md and "**Objectives**" in md and "**Key Points**" in md
    assert "<summary>Give me a hint</summary>" in md  # solutions and hints fold away
    assert "files/01-first.ipynb" not in md  # the download line is not repeated in the download


def test_links_point_at_the_website(fixture_nb, fixture_lesson):
    base = site_url(fixture_lesson.config)
    assert base == "https://example-org.github.io/fixture-lesson/"
    md = _markdown(fixture_nb)
    assert f"[second episode]({base}02-second.html#later)" in md
    assert f"[setup page]({base}index.html#setup)" in md
    assert f"[numbers]({base}data/numbers.csv)" in md
    assert f"[second\nepisode]({base}02-second.html) starts" in md  # a link that wraps onto the next line
    assert not RELATIVE_LINK.search(md), RELATIVE_LINK.search(md)
    assert f"![A small square filled with red.]({base}fig/square.png)" in md and "*A red square.*" in md
    assert "[docs-link]: https://example.org/docs/" in md  # links.md references resolved in the cell


def test_instructor_notes_go_with_all_they_hold_and_an_html_comment_stays_whole(tmp_path):
    """A challenge or solution inside an instructor note leaves no empty exercise cell or <details>
    behind, and a `## ` line inside an HTML comment does not start a new cell."""
    (tmp_path / "config.yaml").write_text("title: T\nepisodes:\n- e.md\n")
    (tmp_path / "episodes").mkdir()
    (tmp_path / "episodes" / "e.md").write_text(
        "---\ntitle: E\n---\n\nText\n\n<!-- a note\n## not a section\n-->\n\n::: instructor\n\n"
        "::: challenge\n## Hidden\n\n::: solution\nSECRET\n:::\n\n:::\n\n:::\n")
    nb = episode_notebook(tmp_path / "episodes" / "e.md", Lesson.load(tmp_path))
    assert [c.source for c in nb.cells[1:]] == ["Text\n\n<!-- a note\n## not a section\n-->"]


def test_script_runs_top_to_bottom(fixture_nb):
    script = script_text(fixture_nb)
    ast.parse(script)  # the blank (___) and the failing cell are commented out
    assert "# total = ___" in script and '# int("seven")' in script
    assert "# print(sum(values) * 2)" in script and "\nprint(sum(values) * 2)" not in script  # the solution
    assert "jupytext_version" not in script  # no tool version in a committed file
    assert len(_code(jupytext.reads(script, fmt="py:percent"))) == 4


def test_check_says_when_every_file_is_up_to_date(fixture_lesson, monkeypatch, capsys):
    monkeypatch.setattr(notebooks, "ROOT", fixture_lesson.root)
    assert notebooks.run(argparse.Namespace(check=True)) == 0
    assert capsys.readouterr().out == "all 4 files up to date\n"


@pytest.mark.parametrize("config, page", [
    (None, b""),  # no config.yaml
    (b"episodes: [unclosed\n", b""),
    (b"episodes:\n- bad.md\n", b"---\ntitle: [unclosed\n---\n"),
    (b"episodes:\n- bad.md\n", b"Caf\xe9\n"),  # not UTF-8
], ids=["no config", "bad config", "bad front matter", "not UTF-8"])
def test_bad_input_is_reported_without_a_traceback(tmp_path, monkeypatch, capsys, config, page):
    if config is not None:
        (tmp_path / "config.yaml").write_bytes(config)
    (tmp_path / "episodes").mkdir()
    (tmp_path / "episodes" / "bad.md").write_bytes(page)
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    for check in ([], ["--check"]):
        assert main(["notebooks", *check]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ") and ("config.yaml" in err or "bad.md" in err), err


def test_output_is_deterministic(fixture_lesson):
    path = fixture_lesson.root / "episodes" / "01-first.md"
    first = nbformat.writes(episode_notebook(path, fixture_lesson))
    assert first == nbformat.writes(episode_notebook(path, fixture_lesson))
    nbformat.validate(nbformat.reads(first, as_version=4))


def run_nbmake(notebook_paths: list[Path], workdir: Path, offline: bool = True) -> subprocess.CompletedProcess:
    """Run notebooks from top to bottom with nbmake (pytest --nbmake) in fresh kernels, offline.

    Copies go to `workdir` (nbmake runs a notebook in its own folder, so files it writes stay there).
    An IPython start-up file gives every kernel the harness's network guard and CIFAR-10 loader, and
    KERAS_HOME is filled from the offline mirror, as for the page tests."""
    copies = []
    for path in notebook_paths:
        copies.append(workdir / path.name)
        shutil.copyfile(path, copies[-1])
    keras_home, guard_log = workdir / "keras", workdir / "network-attempts.log"
    cifar = _cifar_arg(data.prepare_keras_home(keras_home))  # the JPEG copy's loader, as for the page tests
    startup = workdir / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-lessonkit.py").write_text(
        f"import lessonkit.kernel as _k\n_k.install({str(guard_log)!r}, {cifar!r})\ndel _k\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLAB_")}
    env.update(KERAS_HOME=str(keras_home), IPYTHONDIR=str(workdir / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=600", "-p", "no:cacheprovider",
                           "-q", *map(str, copies)], cwd=workdir, env=env, capture_output=True, text=True)
    if offline:
        assert not guard_log.exists(), f"a notebook tried to use the network: {guard_log.read_text()}"
    return proc


def test_fixture_notebook_runs_with_nbmake(fixture_nb, tmp_path):
    path = tmp_path / "01-first.ipynb"
    path.write_text(nbformat.writes(fixture_nb), encoding="utf-8")
    (tmp_path / "run").mkdir()
    proc = run_nbmake([path], tmp_path / "run")
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout + proc.stderr


def test_nbmake_reports_a_failing_notebook(fixture_nb, tmp_path):
    """The check can fail: a notebook whose code raises an unexpected error fails nbmake."""
    nb = nbformat.from_dict(fixture_nb)
    nb.cells.append(nbformat.v4.new_code_cell("undefined_name + 1"))
    path = tmp_path / "broken.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    (tmp_path / "run").mkdir()
    proc = run_nbmake([path], tmp_path / "run")
    assert proc.returncode == 1 and "NameError" in proc.stdout, proc.stdout


def test_nbmake_kernels_are_offline(tmp_path):
    """The start-up file gives nbmake's kernels the harness's network guard."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import socket\nsocket.getaddrinfo("example.org", 443)')])
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    path = tmp_path / "online.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    (tmp_path / "run").mkdir()
    proc = run_nbmake([path], tmp_path / "run", offline=False)
    assert proc.returncode == 1 and "NetworkBlockedError" in proc.stdout, proc.stdout
    assert "example.org:443" in (tmp_path / "run" / "network-attempts.log").read_text()


def test_nbmake_kernels_load_cifar10_as_the_page_tests_do(tmp_path):
    """The start-up file gives nbmake's kernels the harness's CIFAR-10 loader (episode 5's notebook needs it)."""
    data.require([p for p in data.prepare_keras_home(tmp_path / "keras") if p.name == "cifar10"])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import keras\n(x, y), _ = keras.datasets.cifar10.load_data()\nassert x.shape == (50000, 32, 32, 3), x.shape")])
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    path = tmp_path / "cifar10.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    (tmp_path / "run").mkdir()
    proc = run_nbmake([path], tmp_path / "run")
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout[-3000:]


DOWNLOADS = sorted((ROOT / notebooks.OUT_FOLDER).glob("*.ipynb"))


@pytest.mark.parametrize("notebook", DOWNLOADS, ids=[p.stem for p in DOWNLOADS])
def test_downloadable_notebook_runs_top_to_bottom(notebook, tmp_path):
    if not notebook.name.startswith("01-") and os.environ.get("LESSON_TEST_NOTEBOOKS") != "all":
        pytest.skip("repeats the page tests' training runs (minutes); LESSON_TEST_NOTEBOOKS=all runs it")
    proc = run_nbmake([notebook], tmp_path)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]


def _defined(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


ANSWER_CODE = re.compile(r"```python\n(.*?)```", re.S)


def answer_dependencies(nb) -> list[str]:
    """Names that a code cell uses but only a folded solution (never run) defines before it."""
    defined, from_answers, problems = set(dir(builtins)), set(), []
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown":
            for code in ANSWER_CODE.findall(source):
                try:
                    from_answers |= _defined(ast.parse(code)) - defined
                except SyntaxError:
                    pass
            continue
        if "skip-execution" in cell.metadata.get("tags", []) or not source.strip():
            continue
        tree = ast.parse(re.sub(r"^[%!].*$", "", source, flags=re.M))
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        own = _defined(tree)  # a name the cell defines itself (before using it, as lesson code does)
        problems += [f"{name} (cell {cell.id})" for name in sorted(used & from_answers - defined - own)]
        defined |= own
    return problems


def test_answer_dependencies_are_found(fixture_nb):
    nb = nbformat.from_dict(fixture_nb)
    nb.cells.insert(-1, nbformat.v4.new_markdown_cell("<details>\n\n```python\ndoubled = 12\n```\n\n</details>"))
    nb.cells.append(nbformat.v4.new_code_cell("print(doubled)"))
    nb.cells[-1].id = "uses-solution"
    assert answer_dependencies(nb) == ["doubled (cell uses-solution)"]


EPISODES = [p for p in LESSON.pages("episodes") if p.exists()]


@pytest.mark.parametrize("episode", EPISODES, ids=[p.stem for p in EPISODES])
def test_every_episode_script_is_valid_python(episode):
    nb = episode_notebook(episode, LESSON)
    lesson_cells = [c for c in _code(nb) if "exercise" not in c.metadata.get("tags", [])]
    assert len(lesson_cells) == sum(1 for b in parse_page(episode).python_blocks
                                    if not {"instructor", "solution", "hint"} & set(b.divs))
    ast.parse(script_text(nb), filename=f"{episode.stem}.py")
    relative = [line for line in _markdown(nb).splitlines() if RELATIVE_LINK.search(line)]
    assert not relative, f"links to lesson files that do not work outside the site: {relative}"
    assert not answer_dependencies(nb), (
        f"{episode.name}: code after an exercise uses what only its solution defines (the notebook does not run "
        f"solutions): {answer_dependencies(nb)}; define it in the episode's own code")


def test_committed_notebooks_are_up_to_date(capsys):
    status = notebooks.run(argparse.Namespace(check=True))
    assert status == 0, ("these generated files are missing or differ from what the episodes produce now:\n"
                         + capsys.readouterr().out)
