"""What the lesson runs on: backend, library versions, device; and what it is installed from.

Only the standard library and PyYAML are imported here, so that the drift workflow can use the
package lists below before anything else is installed.
"""
from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: What lessonkit and its tests need besides the learners' packages (pinned in requirements-lock.txt).
TOOLING = ("pytest", "nbclient", "nbformat", "ipykernel", "jupytext", "markdown-it-py", "mdit-py-plugins",
           "linkify-it-py", "pyyaml", "packaging", "pillow", "pypandoc-binary")
#: Variables set here for this process only; kernels get the user's environment without them.
QUIETED: set[str] = set()

LIBRARIES = ("keras", "tensorflow", "tensorflow-cpu", "torch", "jax", "numpy", "pandas", "scikit-learn",
             "matplotlib", "seaborn")


def environment_yml(root: Path = ROOT) -> dict:
    """The learners' conda environment, episodes/files/environment.yml (a download of the setup page)."""
    return yaml.safe_load((root / "episodes" / "files" / "environment.yml").read_text(encoding="utf-8"))


def learner_pip(root: Path = ROOT) -> list[str]:
    """The pip requirements of environment.yml, as written there (e.g. 'keras>=3.8,<4')."""
    deps = environment_yml(root)["dependencies"]
    return next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)


def versions() -> dict[str, str]:
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def device(backend: str) -> str:
    """'GPU (name)' or 'CPU', asked of the backend itself."""
    try:
        if backend == "tensorflow":
            if "TF_CPP_MIN_LOG_LEVEL" not in os.environ:  # quiet C++ start-up logs in this process only
                os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
                QUIETED.add("TF_CPP_MIN_LOG_LEVEL")
            import tensorflow as tf

            gpus = tf.config.list_physical_devices("GPU")
            return f"GPU ({len(gpus)}: {', '.join(g.name for g in gpus)})" if gpus else "CPU"
        if backend == "torch":
            import torch

            return f"GPU ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else "CPU"
        if backend == "jax":
            import jax

            kinds = {d.platform for d in jax.devices()}
            return "GPU" if "gpu" in kinds or "cuda" in kinds else "CPU"
    except Exception as e:  # pragma: no cover - reported, not fatal
        return f"unknown ({e.__class__.__name__}: {e})"
    return "unknown"


def describe() -> str:
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    libs = ", ".join(f"{k} {v}" for k, v in versions().items())
    return (f"lesson: Keras backend {backend} on {device(backend)}; Python {platform.python_version()}; {libs}")
