"""environment.yml (learners) and requirements-lock.txt (CI) agree, and every module a lesson
block imports is declared, so a learner who follows the setup can run every block."""
from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lessonkit.environment import TOOLING, environment_yml, learner_pip
from lessonkit.lesson import Lesson

ROOT = Path(__file__).resolve().parent.parent
#: Learners install `tensorflow`; CI pins the CPU-only build of the same release.
ALIASES = {"tensorflow-cpu": "tensorflow"}
#: Other Keras backends: a learner may choose one (KERAS_BACKEND); code that imports them must
#: treat them as optional. Everything else a lesson block imports must be declared.
OPTIONAL_BACKENDS = {"torch", "jax", "jaxlib"}


def canonical(name: str) -> str:
    name = canonicalize_name(name)
    return ALIASES.get(name, name)


@lru_cache
def learner_env() -> tuple[str, dict[str, Requirement]]:
    env = environment_yml(ROOT)
    python = next(d.split("=", 1)[1] for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    reqs = [Requirement(r) for r in learner_pip(ROOT)]
    return python, {canonical(r.name): r for r in reqs}


@lru_cache
def lock() -> tuple[str, dict[str, str]]:
    text = (ROOT / "requirements-lock.txt").read_text()
    python = re.search(r"^# python (\S+)$", text, re.M).group(1)
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert "==" in line, f"requirements-lock.txt: '{line}' is not pinned with =="
        name, version = line.split("==")
        pins[canonical(name)] = version
    return python, pins


def test_same_python():
    assert learner_env()[0] == lock()[0]


def test_every_learner_package_is_pinned_within_its_range():
    _, pins = lock()
    for name, req in learner_env()[1].items():
        assert name in pins, f"{name} is in environment.yml but not in requirements-lock.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements-lock.txt pins {name}=={pins[name]}, outside environment.yml's '{req}'")


def test_the_tooling_is_pinned():
    _, pins = lock()
    missing = [t for t in TOOLING if canonical(t) not in pins]
    assert not missing, f"requirements-lock.txt lacks {missing}"


def lesson_venv() -> Path:
    """The environment ./lesson installs the lock into: LESSON_VENV (which ./lesson exports), default .venv."""
    return (ROOT / (os.environ.get("LESSON_VENV") or ".venv")).resolve()


def test_lesson_venv_is_the_one_the_variable_names(monkeypatch):
    monkeypatch.setenv("LESSON_VENV", "/x")
    assert lesson_venv() == Path("/x").resolve()
    monkeypatch.delenv("LESSON_VENV")
    assert lesson_venv() == (ROOT / ".venv").resolve()


def test_the_lesson_script_exports_its_environment(tmp_path):
    """./lesson tells the tests which environment it runs them in, as an absolute path."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text('#!/bin/sh\necho "LESSON_VENV=$LESSON_VENV"\n')
    (venv / "bin" / "python").chmod(0o755)
    lock_sum = hashlib.sha256((ROOT / "requirements-lock.txt").read_bytes()).hexdigest()
    (venv / ".lock-sha256").write_text(lock_sum + "\n")  # as if installed: ./lesson runs no pip
    env = dict(os.environ, LESSON_VENV=os.path.relpath(venv, ROOT), PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(ROOT / "lesson"), "lint"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    exported = Path(proc.stdout.strip().removeprefix("LESSON_VENV="))
    assert exported.is_absolute() and exported.resolve() == venv.resolve(), proc.stdout


def test_this_environment_is_the_locked_one():
    if Path(sys.prefix).resolve() != lesson_venv():
        pytest.skip(f"not running in the ./lesson environment ({lesson_venv()}), so the lock is not what is "
                    "installed")
    _, pins = lock()
    wrong = []
    for name, version in pins.items():
        dist = "tensorflow-cpu" if name == "tensorflow" else name
        try:
            installed = metadata.version(dist)
        except metadata.PackageNotFoundError:
            wrong.append(f"{dist} missing")
            continue
        if installed != version:
            wrong.append(f"{dist} {installed} != {version}")
    assert not wrong, "delete .venv and run ./lesson again: " + ", ".join(wrong)


def imported_modules(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a block with blanks for learners: read its import lines only
        lines = [l for l in source.splitlines() if re.match(r"\s*(import|from)\s", l)]
        return imported_modules("\n".join(l.strip() for l in lines))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def lesson_imports() -> dict[str, list[str]]:
    from lessonkit.markdown import parse_page

    where: dict[str, list[str]] = {}
    lesson = Lesson.load(ROOT)
    for path in lesson.code_pages():
        page = parse_page(path)
        for block in page.python_blocks:
            for module in imported_modules(block.source):
                where.setdefault(module, []).append(page.where(block.line))
    # The setup checker learners download is lesson code too.
    checker = ROOT / "episodes" / "files" / "check_setup.py"
    if checker.exists():
        for module in imported_modules(checker.read_text()):
            where.setdefault(module, []).append(str(checker.relative_to(ROOT)))
    return where


def test_every_module_a_lesson_block_imports_is_declared():
    declared = set(learner_env()[1])
    distributions = metadata.packages_distributions()
    problems = []
    for module, places in sorted(lesson_imports().items()):
        if module in sys.stdlib_module_names or module in OPTIONAL_BACKENDS:
            continue
        dists = {canonical(d) for d in distributions.get(module, [])}
        if not dists:
            problems.append(f"{places[0]}: imports '{module}', which no installed package provides")
        elif not dists & declared:
            problems.append(f"{places[0]}: imports '{module}' (from {', '.join(sorted(dists))}), which "
                            "environment.yml does not declare")
    assert not problems, "\n".join(problems)


def test_the_import_scanner_sees_through_blanks():
    assert imported_modules("import numpy as np\nfrom sklearn.model_selection import x\nmodel.add(___ ___)") == {
        "numpy", "sklearn"}
