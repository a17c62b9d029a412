"""Episode notebooks and scripts (`./lesson notebooks`, lessonkit/notebooks.py).

The committed files in episodes/files/ must be what the episodes produce now, a notebook made
from the fixture episode has the cells and tags the lesson's parser implies, and notebooks
execute in a fresh Jupyter kernel (the fixture's, and the real episode 1)."""
from __future__ import annotations

import ast
import re
import tempfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from lessonkit import data, notebooks
from lessonkit.lesson import Lesson
from lessonkit.markdown import parse_page
from lessonkit.notebooks import episode_notebook, notebook_text, script_text, site_url, stale
from lessonkit.runner import kernel_env
from test_preview import make_lesson

ROOT = Path(__file__).resolve().parent.parent
LESSON = Lesson.load(ROOT)
FIRST_EPISODE = ROOT / "episodes" / "01-introduction.md"
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


def test_every_python_block_becomes_a_code_cell_in_order(fixture_nb):
    sources = [c.source for c in _code(fixture_nb)]
    assert sources == ['values = [1, 2, 3]\nprint(sum(values))', 'int("seven")', 'print(sum(values) * 2)',
                       'total = ___']


def test_cells_are_tagged(fixture_nb):
    tags = [c.metadata.get("tags", []) for c in _code(fixture_nb)]
    assert tags == [[], ["raises-exception"], ["solution"], ["skip-execution"]]
    solution = _code(fixture_nb)[2]
    assert solution.metadata["jupyter"] == {"source_hidden": True}
    assert _code(fixture_nb)[3].metadata["lesson_skip_reason"] == "has a blank (___) that learners fill in"


def test_prose_without_workbench_syntax(fixture_nb):
    md = _markdown(fixture_nb)
    assert md.startswith("# First steps")
    assert "INSTRUCTORONLY" not in md  # instructor notes stay out
    assert ":::" not in md and "<!-- test:" not in md and "{#first}" not in md and "{alt=" not in md
    assert "```output" not in md and "ValueError" not in md  # learners see the real output instead
    assert "### Challenge: Double the sum" in md and "### Callout: A titled callout" in md
    assert "**Questions**" in md and "**Objectives**" in md and "**Key Points**" in md
    assert "<summary>Give me a hint</summary>" in md  # a solution or hint without code folds away
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


def test_script_runs_top_to_bottom(fixture_nb):
    script = script_text(fixture_nb)
    ast.parse(script)  # the blank (___) and the failing cell are commented out
    assert "# total = ___" in script and '# int("seven")' in script
    assert "jupytext_version" not in script  # no tool version in a committed file
    assert len(_code(jupytext.reads(script, fmt="py:percent"))) == 4


def test_check_says_when_every_file_is_up_to_date(fixture_lesson, monkeypatch, capsys):
    monkeypatch.setattr(notebooks, "ROOT", fixture_lesson.root)
    assert notebooks.main(["--check"]) == 0
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
    for argv in ([], ["--check"]):
        assert notebooks.main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ") and ("config.yaml" in err or "bad.md" in err), err


def test_output_is_deterministic(fixture_lesson):
    path = fixture_lesson.root / "episodes" / "01-first.md"
    first = notebook_text(episode_notebook(path, fixture_lesson))
    assert first == notebook_text(episode_notebook(path, fixture_lesson))
    nbformat.validate(nbformat.reads(first, as_version=4))


def _execute(nb, workdir: Path) -> None:
    """Run a notebook in a fresh kernel, offline, as the lesson harness runs pages."""
    nb = nbformat.from_dict(nb)
    guard_log = workdir / "network-attempts.log"
    guard = nbformat.v4.new_code_cell(f"import lessonkit.kernel as _k\n_k.block_network({str(guard_log)!r})\ndel _k")
    nb.cells.insert(0, guard)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    keras_home = workdir / "keras"
    data.prepare_keras_home(keras_home)
    with client.setup_kernel(env=kernel_env(keras_home, guard_log), cwd=str(workdir)):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    assert not guard_log.exists(), f"the notebook tried to use the network: {guard_log.read_text()}"


def test_fixture_notebook_executes_in_a_fresh_kernel(fixture_nb, tmp_path):
    _execute(fixture_nb, tmp_path)


def test_first_episode_notebook_executes_in_a_fresh_kernel():
    if not FIRST_EPISODE.exists():
        pytest.skip("episodes/01-introduction.md is not written yet")
    nb = episode_notebook(FIRST_EPISODE, LESSON)
    assert _code(nb), "the notebook of episode 1 has no code cells"
    with tempfile.TemporaryDirectory(prefix="lesson-notebook-") as tmp:
        _execute(nb, Path(tmp))


EPISODES = [p for p in LESSON.pages("episodes") if p.exists()]


@pytest.mark.parametrize("episode", EPISODES, ids=[p.stem for p in EPISODES])
def test_every_episode_script_is_valid_python(episode):
    nb = episode_notebook(episode, LESSON)
    assert len(_code(nb)) == sum(1 for b in parse_page(episode).python_blocks if "instructor" not in b.divs)
    ast.parse(script_text(nb), filename=f"{episode.stem}.py")
    relative = [line for line in _markdown(nb).splitlines() if RELATIVE_LINK.search(line)]
    assert not relative, f"links to lesson files that do not work outside the site: {relative}"


def test_committed_notebooks_are_up_to_date():
    out_of_date = stale(LESSON)
    assert not out_of_date, (
        "these generated files are missing or differ from what the episodes produce now: "
        + ", ".join(str(p.relative_to(ROOT)) for p in out_of_date)
        + ". Run ./lesson notebooks and commit them.")
