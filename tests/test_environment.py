"""environment.yml (learners) and the locks agree, and every module a lesson block imports is declared,
so a learner who follows the setup can run every block.

requirements-lock.txt (the full environment of ./lesson test, run, bench, figures and CI) is a universal
lock: a line with a marker applies to some Pythons or platforms only. requirements-tools.txt (lint,
preview, notebooks, data) pins pyproject.toml's dependencies at the same versions. `.ci/lock` writes
both and checks that each resolves for every Python in SUPPORTED on Linux, macOS and Windows."""
from __future__ import annotations

import ast
import hashlib
import inspect
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lessonkit.environment import CPU_ONLY, environment_yml, learner_pip, tooling
from lessonkit.lesson import Lesson

ROOT = Path(__file__).resolve().parent.parent
#: The Pythons the pinned TensorFlow supports; the lesson script and the CI matrix use the ends.
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
#: Learners install `tensorflow`; ./lesson and CI pin the CPU-only build of the same release where it exists.
ALIASES = {canonicalize_name(cpu): name for name, cpu in CPU_ONLY.items()}
#: Other Keras backends: a learner may choose one (KERAS_BACKEND); code that imports them must
#: treat them as optional. Everything else a lesson block imports must be declared.
OPTIONAL_BACKENDS = {"torch", "jax", "jaxlib"}


def canonical(name: str) -> str:
    name = canonicalize_name(name)
    return ALIASES.get(name, name)


def environment(python: str, platform: str = "linux", machine: str = "x86_64") -> dict:
    env = dict(default_environment(), python_version=python, python_full_version=f"{python}.0",
               sys_platform=platform, platform_machine=machine)
    env["os_name"] = "nt" if platform == "win32" else "posix"
    return env


@lru_cache
def learner_env() -> tuple[str, dict[str, Requirement]]:
    env = environment_yml(ROOT)
    python = next(d.split("=", 1)[1] for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    reqs = [Requirement(r) for r in learner_pip(ROOT)]
    return python, {canonical(r.name): r for r in reqs}


@lru_cache
def read_lock(name: str) -> tuple[Requirement, ...]:
    reqs = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):  # pip options such as --extra-index-url
            req = Requirement(line)
            assert str(req.specifier).startswith("=="), f"{name}: '{line}' is not pinned with =="
            reqs.append(req)
    return tuple(reqs)


def pins(name: str, env: dict) -> dict[str, str]:
    """The pins of lock `name` that apply in marker environment `env`: exactly one per package."""
    out = {}
    for req in read_lock(name):
        if req.marker is None or req.marker.evaluate(env):
            key = canonicalize_name(req.name)
            assert key not in out, f"{name} pins {key} twice for Python {env['python_version']}"
            out[key] = str(req.specifier)[2:]
    return out


PYTHONS = pytest.mark.parametrize("python", SUPPORTED)
#: What ./lesson installs on top of requirements-lock.txt for KERAS_BACKEND=torch or jax.
BACKEND_LOCKS = {"torch": "requirements-torch.txt", "jax": "requirements-jax.txt"}
BACKEND = os.environ.get("KERAS_BACKEND") or "tensorflow"


def test_learners_python_is_one_the_locks_support():
    assert learner_env()[0] in SUPPORTED


@PYTHONS
@pytest.mark.parametrize("platform, machine", [("linux", "x86_64"), ("darwin", "arm64"), ("win32", "AMD64")])
def test_every_learner_package_is_pinned_within_its_range(python, platform, machine):
    locked = {canonical(k): v for k, v in pins("requirements-lock.txt", environment(python, platform, machine)).items()}
    for name, req in learner_env()[1].items():
        assert name in locked, f"{name} is in environment.yml but not pinned for Python {python} on {platform}"
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"requirements-lock.txt pins {name}=={locked[name]} for Python {python}, outside environment.yml's '{req}'")


def test_the_cpu_only_build_is_pinned_where_it_exists():
    assert "tensorflow-cpu" in pins("requirements-lock.txt", environment("3.11"))
    assert "tensorflow-cpu" not in pins("requirements-lock.txt", environment("3.11", "darwin", "arm64"))


@PYTHONS
def test_the_tooling_is_pinned_and_the_tools_lock_matches_the_full_one(python):
    env = environment(python)
    full, tools = pins("requirements-lock.txt", env), pins("requirements-tools.txt", env)
    wanted = [Requirement(r) for r in tooling(ROOT)]
    missing = [str(r) for r in wanted if (r.marker is None or r.marker.evaluate(env)) and canonicalize_name(r.name) not in full]
    assert not missing, f"requirements-lock.txt lacks {missing} for Python {python}: run .ci/lock"
    light = [canonicalize_name(Requirement(r).name) for r in tooling(ROOT, extras=())]
    assert set(light) <= set(tools), f"requirements-tools.txt lacks {set(light) - set(tools)}: run .ci/lock"
    differ = {k: (v, full.get(k)) for k, v in tools.items() if full.get(k) != v}
    assert not differ, f"requirements-tools.txt and requirements-lock.txt pin different versions: {differ}"
    assert not {"tensorflow", "tensorflow-cpu", "numpy", "keras"} & set(tools)


def test_the_ci_matrix_runs_the_oldest_and_newest_python():
    workflow = (ROOT / ".github" / "workflows" / "tests.yaml").read_text()
    assert re.search(rf'python: \["{SUPPORTED[0]}", "{SUPPORTED[-1]}"\]', workflow)


def lesson_venv() -> Path:
    """The environment ./lesson installs the lock into: LESSON_VENV (which ./lesson exports), default .venv."""
    return (ROOT / (os.environ.get("LESSON_VENV") or ".venv")).resolve()


def test_lesson_venv_is_the_one_the_variable_names(monkeypatch):
    monkeypatch.setenv("LESSON_VENV", "/x")
    assert lesson_venv() == Path("/x").resolve()
    monkeypatch.delenv("LESSON_VENV")
    assert lesson_venv() == (ROOT / ".venv").resolve()


def fake_venv(path: Path, lock: Path) -> Path:
    """A 'virtual environment' made from `lock` whose python prints the LESSON_VENV it was given."""
    (path / "bin").mkdir(parents=True)
    (path / "bin" / "python").write_text('#!/bin/sh\necho "LESSON_VENV=$LESSON_VENV $*"\n')
    (path / "bin" / "python").chmod(0o755)
    (path / ".lock-sha256").write_text(hashlib.sha256(lock.read_bytes()).hexdigest() + "\n")  # ./lesson runs no pip
    return path


@pytest.fixture
def checkout(tmp_path):
    for name in ("lesson", "requirements-lock.txt", "requirements-tools.txt", *BACKEND_LOCKS.values()):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def lesson(checkout: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LESSON_VENV", "LESSON_TOOLS_VENV", "KERAS_BACKEND")} | env
    return subprocess.run(["bash", str(checkout / "lesson"), *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_lesson_script_exports_its_environment(checkout):
    """./lesson tells the tests which environment it runs them in, as an absolute path."""
    venv = fake_venv(checkout / "venv", checkout / "requirements-lock.txt")
    proc = lesson(checkout, "lint", LESSON_VENV="venv", PYTHON=sys.executable)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"LESSON_VENV={venv.resolve()} -m lessonkit lint"


def test_the_lesson_script_uses_the_environment_lesson_venv_names_as_it_is(checkout):
    """Even one made from another lock: ./lesson never recreates or changes it (it may be shared)."""
    venv = fake_venv(checkout / "shared-venv", checkout / "requirements-tools.txt")
    before = sorted(p.relative_to(venv) for p in venv.rglob("*"))
    proc = lesson(checkout, "test", LESSON_VENV=str(venv), PYTHON="no-such-python")
    assert proc.returncode == 0 and proc.stdout.startswith(f"LESSON_VENV={venv.resolve()} "), proc.stderr
    assert sorted(p.relative_to(venv) for p in venv.rglob("*")) == before
    proc = lesson(checkout, "lint", LESSON_VENV=str(checkout / "nowhere"))
    assert proc.returncode == 2 and "is not a virtual environment" in proc.stderr


def test_the_lesson_script_picks_the_environment_per_command(checkout):
    tools = fake_venv(checkout / ".venv-tools", checkout / "requirements-tools.txt")
    full = fake_venv(checkout / ".venv", checkout / "requirements-lock.txt")
    (full / ".lock-sha256").write_text("an older lock\n")  # so a light command must not use it
    assert lesson(checkout, "lint").stdout.startswith(f"LESSON_VENV={tools.resolve()} ")
    assert lesson(checkout, "help").stdout.startswith(f"LESSON_VENV={tools.resolve()} ")
    (full / ".lock-sha256").write_text(hashlib.sha256((checkout / "requirements-lock.txt").read_bytes()).hexdigest())
    for command in ("test", "run", "bench", "figures", "preview"):  # a current .venv serves the light ones too
        assert lesson(checkout, command).stdout.startswith(f"LESSON_VENV={full.resolve()} "), command


def test_the_lesson_script_refuses_a_python_the_locks_do_not_support(checkout):
    python = checkout / "python3.9"
    python.write_text('#!/bin/sh\ncase "$2" in *platform*) echo 3.9.18 ;; *) exit 1 ;; esac\n')
    python.chmod(0o755)
    proc = lesson(checkout, "lint", PYTHON=str(python))
    assert proc.returncode == 2
    assert "supports Python 3.10 to 3.13, but" in proc.stderr and "is Python 3.9.18" in proc.stderr
    assert lesson(checkout, "lint", PYTHON="no-such-python").returncode == 2


def test_this_environment_is_the_locked_one():
    if Path(sys.prefix).resolve() != lesson_venv():
        pytest.skip(f"not running in the ./lesson environment ({lesson_venv()}), so the lock is not what is "
                    "installed")
    wrong = []
    locked = pins("requirements-lock.txt", default_environment())
    if BACKEND in BACKEND_LOCKS:
        locked |= pins(BACKEND_LOCKS[BACKEND], default_environment())
    for name, version in locked.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} missing")
            continue
        if installed != version:
            wrong.append(f"{name} {installed} != {version}")
    assert not wrong, "delete .venv and run ./lesson again: " + ", ".join(wrong)


@pytest.mark.parametrize("backend", BACKEND_LOCKS)
@PYTHONS
def test_each_backend_is_pinned_once_for_every_python_and_platform_it_supports(backend, python):
    for platform in ("linux", "darwin", "win32"):
        pinned = pins(BACKEND_LOCKS[backend], environment(python, platform))
        assert (backend in pinned) == (backend == "torch" or python != "3.10"), (platform, pinned)  # JAX: 3.11+
        assert not set(pinned) & set(pins("requirements-lock.txt", environment(python, platform)))


def test_the_lesson_script_makes_a_backend_environment_from_the_lock_and_the_backend_file(checkout):
    lock, torch_lock = (checkout / n for n in ("requirements-lock.txt", "requirements-torch.txt"))
    full = fake_venv(checkout / ".venv", lock)
    torch = fake_venv(checkout / ".venv-torch", lock)
    (torch / ".lock-sha256").write_text(hashlib.sha256(lock.read_bytes() + torch_lock.read_bytes()).hexdigest())
    assert lesson(checkout, "test", KERAS_BACKEND="torch").stdout.startswith(f"LESSON_VENV={torch.resolve()} ")
    assert lesson(checkout, "test", KERAS_BACKEND="tensorflow").stdout.startswith(f"LESSON_VENV={full.resolve()} ")
    assert lesson(checkout, "lint", KERAS_BACKEND="torch").stdout.startswith(f"LESSON_VENV={full.resolve()} ")
    proc = lesson(checkout, "test", KERAS_BACKEND="mxnet")
    assert proc.returncode == 2 and "runs on tensorflow, torch or jax" in proc.stderr
    python = checkout / "python3.10"
    python.write_text('#!/bin/sh\nexit 1\n')  # answers every version question with "too old"
    python.chmod(0o755)
    proc = lesson(checkout, "test", KERAS_BACKEND="jax", PYTHON=str(python))
    assert proc.returncode == 2 and "JAX 0.10 needs Python 3.11 or newer" in proc.stderr


def setup_section(title: str) -> str:
    text = (ROOT / "learners" / "setup.md").read_text()
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_setup_page_installs_backend_versions_the_lesson_is_tested_with():
    section = setup_section("Optional: PyTorch or JAX instead of TensorFlow")
    ranges = {Requirement(r).name: Requirement(r) for r in re.findall(r'pip install "([^"]+)"', section)}
    assert set(ranges) == {"torch", "jax"}
    for backend, req in ranges.items():
        for python in SUPPORTED:
            for version in set(pins(BACKEND_LOCKS[backend], environment(python, "linux")).get(backend, "").split()):
                assert req.specifier.contains(version.split("+")[0]), (backend, version, str(req.specifier))
    assert "--index-url https://download.pytorch.org/whl/cpu" in section
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in (ROOT / BACKEND_LOCKS["torch"]).read_text()


def run_backend_choice(page: str, marker: str, backend_re: str, command: list[str]):
    """Run the block of `page` that picks a backend (it contains `marker`) the way a learner would: in a
    fresh process without KERAS_BACKEND. Skipped where that backend is not installed."""
    from lessonkit.markdown import parse_page

    [block] = [b for b in parse_page(ROOT / page).blocks if marker in b.source]
    backend = re.search(backend_re, block.source)[1]
    try:
        metadata.version(backend)
    except metadata.PackageNotFoundError:
        pytest.skip(f"{backend} is not installed here: this runs with KERAS_BACKEND={backend} ./lesson test")
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # `python` is this environment's
    proc = subprocess.run([*command, block.source], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return block, backend, proc.stdout.strip()


def test_the_setup_pages_backend_choice_gives_the_output_it_shows():
    """The page's bash block picks torch; it runs where torch is installed (KERAS_BACKEND=torch ./lesson test)."""
    block, _, out = run_backend_choice("learners/setup.md", "export KERAS_BACKEND", r"KERAS_BACKEND=(\w+)",
                                       ["bash", "-e", "-c"])
    assert out == block.results[0].source.strip()


def test_episode_1s_backend_switch_works_in_a_fresh_session():
    """Episode 1 skips its block that sets KERAS_BACKEND (Keras is imported by then); a fresh Python runs it."""
    _, backend, out = run_backend_choice("episodes/01-introduction.md", 'os.environ["KERAS_BACKEND"]',
                                         r'os.environ\["KERAS_BACKEND"\] = "(\w+)"', [sys.executable, "-c"])
    assert out.splitlines()[-1] == backend


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


@lru_cache
def module_distributions() -> dict[str, set[str]]:
    """Top-level module -> distributions, read from each distribution's files (Python 3.10's
    packages_distributions() reads only top_level.txt, which most wheels no longer have)."""
    out: dict[str, set[str]] = {k: set(v) for k, v in metadata.packages_distributions().items()}
    if sys.version_info >= (3, 11):
        return out
    for dist in metadata.distributions():
        for f in dist.files or ():
            top = f.parts[0] if len(f.parts) > 1 else inspect.getmodulename(f.name)
            if top and "." not in top:
                out.setdefault(top, set()).add(dist.metadata["Name"])
    return out


def test_every_module_a_lesson_block_imports_is_declared():
    declared = set(learner_env()[1])
    distributions = module_distributions()
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
