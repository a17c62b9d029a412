"""What the lesson runs on: backend, library versions, device; and what it is installed from.

Only the standard library and PyYAML are imported here, so that the drift workflow can use the
package lists below before anything else is installed. `python -m lessonkit.environment` prints
what requirements-lock.txt pins (README.md, "Environments and locks").
"""
import importlib
import re
from importlib import metadata
from pathlib import Path

import yaml

from .lesson import ROOT

#: ./lesson and CI install the CPU-only build of TensorFlow where it exists (Linux x86-64, Windows);
#: elsewhere (macOS, ARM Linux) `tensorflow` itself has no GPU libraries to download.
CPU_ONLY = {"tensorflow": "tensorflow-cpu"}
CPU_ONLY_WHERE = "(sys_platform == 'linux' and platform_machine == 'x86_64') or sys_platform == 'win32'"
ELSEWHERE = "sys_platform == 'darwin' or (sys_platform == 'linux' and platform_machine != 'x86_64')"

LIBRARIES = ("keras", "tensorflow", "tensorflow-cpu", "torch", "jax", "numpy", "pandas", "scikit-learn",
             "matplotlib", "seaborn")


def environment_yml(root: Path = ROOT) -> dict:
    """The learners' conda environment, episodes/files/environment.yml (a download of the setup page)."""
    return yaml.safe_load((root / "episodes" / "files" / "environment.yml").read_text(encoding="utf-8"))


def tooling(root: Path = ROOT, extras: tuple[str, ...] = ("test",)) -> list[str]:
    """lessonkit's own requirements (pyproject.toml): the light tooling, plus the extras named."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]


def lock_input(root: Path = ROOT) -> list[str]:
    """What requirements-lock.txt pins: environment.yml's pip packages (CI names) and lessonkit's with its tests'."""
    learners = []
    for r in learner_pip(root):
        name = re.match(r"[\w.-]+", r).group(0)
        learners += [f"{CPU_ONLY[name]}{r[len(name):]}; {CPU_ONLY_WHERE}", f"{r}; {ELSEWHERE}"] if name in CPU_ONLY else [r]
    return learners + tooling(root)


def learner_pip(root: Path = ROOT) -> list[str]:
    """The pip requirements of environment.yml, as written there (e.g. 'keras>=3.8,<4')."""
    return next(d["pip"] for d in environment_yml(root)["dependencies"] if isinstance(d, dict) and "pip" in d)


def versions() -> dict[str, str]:
    """The installed versions of LIBRARIES (those not installed are left out)."""
    found = {name: next(metadata.distributions(name=name), None) for name in LIBRARIES}
    return {name: dist.version for name, dist in found.items() if dist}


def device(backend: str) -> str:
    """'GPU (name)' or 'CPU', asked of the backend itself (its module has the backend's name)."""
    try:
        lib = importlib.import_module(backend) if backend in ("tensorflow", "torch", "jax") else None
        if backend == "tensorflow":
            gpus = lib.config.list_physical_devices("GPU")
            return f"GPU ({len(gpus)}: {', '.join(g.name for g in gpus)})" if gpus else "CPU"
        if backend == "torch":
            return f"GPU ({lib.cuda.get_device_name(0)})" if lib.cuda.is_available() else "CPU"
        if backend == "jax":
            return "GPU" if {d.platform for d in lib.devices()} & {"gpu", "cuda"} else "CPU"
    except Exception as e:  # pragma: no cover - reported, not fatal
        return f"unknown ({e.__class__.__name__}: {e})"
    return "unknown"


if __name__ == "__main__":
    print("\n".join(lock_input()))
