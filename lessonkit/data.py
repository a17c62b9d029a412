"""The lesson's datasets, offline.

Lesson code loads data exactly as a learner does (canonical URLs through `keras.utils.get_file`,
`keras.datasets.cifar10.load_data()`, the `palmerpenguins` package). For tests, the harness:

* seeds a private Keras cache (`KERAS_HOME`) from a *mirror* folder named by the environment
  variable `LESSON_DATA_MIRROR` (`.ci/run` points it at `../shared/data`), so `get_file` finds
  the file and never downloads;
* for CIFAR-10 only, replaces `load_data` inside the kernel with a loader that reads the
  mirror's JPEG copy and returns the same shapes, dtypes and label order, because Keras only
  accepts the byte-identical original archive;
* without a mirror, writes *stand-in* data with the same schema and says so loudly: the code
  paths are exercised, but the numbers are not real.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
MIRROR_ENV = "LESSON_DATA_MIRROR"


class DataError(RuntimeError):
    pass


def manifest(root: Path = ROOT) -> list[dict]:
    with open(root / "data" / "datasets.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)["datasets"]


def dataset(name: str, root: Path = ROOT) -> dict:
    for d in manifest(root):
        if d["name"] == name:
            return d
    raise KeyError(name)


def mirror_dir() -> Path | None:
    """The mirror folder, or None. A variable that names a missing folder is an error."""
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataError(f"{MIRROR_ENV}={value} is not a folder. Point it at a folder that holds the lesson's "
                        f"data files (see data/README.md), or unset it to test with stand-in data.")
    return path.resolve()


def datasets_used(text: str, root: Path = ROOT) -> list[dict]:
    return [d for d in manifest(root) if d.get("used_when") and d["used_when"] in text]


@dataclass
class Provision:
    """Where each dataset a page needs comes from in this run."""

    name: str
    source: str  # 'mirror', 'stand-in' or 'package'
    detail: str

    @property
    def real(self) -> bool:
        return self.source != "stand-in"


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    path = base / "deep-learning-intro"
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare_keras_home(keras_home: Path, root: Path = ROOT) -> list[Provision]:
    """Fill the Keras cache (`datasets/`, `models/`) from the mirror (or with stand-ins) for every file Keras caches."""
    mirror = mirror_dir()
    provisions = []
    for d in manifest(root):
        if d["name"] == "penguins":
            provisions.append(Provision("penguins", "package", "palmerpenguins package"))
            continue
        if d["name"] == "cifar10":
            provisions.append(cifar10_provision(mirror))
            continue
        target = keras_home / d["keras_cache"]
        target.parent.mkdir(parents=True, exist_ok=True)
        source = mirror / d["mirror_file"] if mirror else None
        if source is not None and source.is_file():
            shutil.copyfile(source, target)
            provisions.append(Provision(d["name"], "mirror", str(source)))
        elif "columns" in d:
            write_weather_standin(target, d, root)
            why = f"{source} is missing" if mirror else f"{MIRROR_ENV} is not set"
            provisions.append(Provision(d["name"], "stand-in", f"random values with the real columns ({why})"))
        else:  # pretrained weights: no stand-in; a page that loads them fails on the blocked download
            why = f"{source} is missing" if mirror else f"{MIRROR_ENV} is not set"
            provisions.append(Provision(d["name"], "missing", f"not available offline ({why})"))
    return provisions


def write_weather_standin(target: Path, d: dict, root: Path = ROOT) -> None:
    """Random but plausible values with the real columns and dates."""
    import pandas as pd

    columns = (root / d["columns"]).read_text().split()
    rng = np.random.default_rng(0)
    dates = pd.date_range("2000-01-01", periods=d["rows"], freq="D")
    frame = {"DATE": dates.strftime("%Y%m%d").astype(int), "MONTH": dates.month}
    season = np.sin(2 * np.pi * (dates.day_of_year.to_numpy() - 100) / 365.25)
    scales = {"cloud_cover": (4, 2), "humidity": (0.75, 0.1), "pressure": (1.015, 0.008),
              "global_radiation": (1.3, 0.8), "precipitation": (0.2, 0.4), "sunshine": (5, 4),
              "temp_mean": (10, 7), "temp_min": (6, 7), "temp_max": (15, 7), "wind_speed": (3, 1.5),
              "wind_gust": (9, 3)}
    for col in columns[2:]:
        var = next((v for v in scales if col.endswith(v)), None)
        mean, sd = scales.get(var, (0, 1))
        values = mean + sd * (0.6 * season + 0.8 * rng.standard_normal(len(dates)))
        if var in ("cloud_cover",):
            values = np.clip(np.round(values), 0, 8)
        elif var in ("precipitation", "sunshine", "global_radiation", "wind_speed", "wind_gust"):
            values = np.clip(values, 0, None)
        frame[col] = np.round(values, 2)
    pd.DataFrame(frame).to_csv(target, index=False)


def cifar10_provision(mirror: Path | None) -> Provision:
    if mirror is not None and (mirror / dataset("cifar10")["mirror_file"]).is_file():
        return Provision("cifar10", "mirror", f"load_data() replaced by a loader of "
                                              f"{mirror / dataset('cifar10')['mirror_file']} (JPEG copy)")
    why = "the mirror has no cifar10-jpeg.zip" if mirror else f"{MIRROR_ENV} is not set"
    return Provision("cifar10", "stand-in", f"load_data() replaced by random images ({why})")


def cifar10_from_jpeg_zip(zip_path: Path):
    """Decode the mirror's JPEG copy of CIFAR-10 into the arrays `load_data()` returns.

    Classes are numbered in the official order. The original archive stores images in a mixed
    order (so slicing off the last images gives every class); the JPEG copy is grouped by class,
    so each split is put in a fixed pseudo-random order. The decoded arrays are cached next to
    the user's other caches."""
    classes = dataset("cifar10")["classes"]
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()[:16]
    cached = cache_dir() / f"cifar10-{digest}.npz"
    if cached.is_file():
        with np.load(cached) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    from PIL import Image

    arrays = {}
    with zipfile.ZipFile(zip_path) as z:
        for split in ("train", "test"):
            names = sorted(n for n in z.namelist() if n.startswith(split + "/") and n.endswith(".jpg"))
            names.sort(key=lambda n: (classes.index(n.split("/")[1]), n))
            x = np.empty((len(names), 32, 32, 3), dtype="uint8")
            y = np.empty((len(names), 1), dtype="uint8")
            for i, name in enumerate(names):
                with Image.open(io.BytesIO(z.read(name))) as im:
                    x[i] = np.asarray(im.convert("RGB"))
                y[i, 0] = classes.index(name.split("/")[1])
            order = np.random.default_rng(2009).permutation(len(names))
            arrays[f"x_{split}"], arrays[f"y_{split}"] = x[order], y[order]
    expected = {"x_train": (50000, 32, 32, 3), "x_test": (10000, 32, 32, 3)}
    for key, shape in expected.items():
        if arrays[key].shape != shape:
            raise DataError(f"{zip_path} holds {arrays[key].shape[0]} {key[2:]} images, expected {shape[0]}")
    tmp = cached.with_suffix(".tmp.npz")
    np.savez(tmp, **arrays)
    tmp.replace(cached)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def cifar10_standin():
    """Random images with the real shapes, dtypes and label layout (nothing can be learned)."""
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, (50000, 32, 32, 3), dtype="uint8")
    y_train = rng.permutation(np.repeat(np.arange(10, dtype="uint8"), 5000)).reshape(-1, 1)
    x_test = rng.integers(0, 256, (10000, 32, 32, 3), dtype="uint8")
    y_test = rng.permutation(np.repeat(np.arange(10, dtype="uint8"), 1000)).reshape(-1, 1)
    return (x_train, y_train), (x_test, y_test)
