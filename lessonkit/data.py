"""The lesson's datasets and pretrained weights (data/datasets.yml), offline; `./lesson data`.

Lesson code loads data exactly as a learner does; the harness never downloads, it seeds a private Keras
cache (`KERAS_HOME`) from the mirror folder. data/README.md says where the mirror is, what each file is
used as, and when CIFAR-10's JPEG copy replaces `load_data()` (only where the original archive is absent).
"""
import argparse
import hashlib
import io
import os
import shutil
import sys
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .lesson import ROOT

MIRROR_ENV = "LESSON_DATA_MIRROR"
#: Names of the original CIFAR-10 archive in a Keras cache: Keras 3 (`<fname>_archive`), Keras 2.
CIFAR10_CACHED = ("datasets/cifar-10-batches-py-target_archive", "datasets/cifar-10-batches-py.tar.gz")


class DataError(RuntimeError):
    """The data is not set up (exit status 2): a bad mirror variable, a missing file."""


def manifest(root: Path = ROOT) -> list[dict]:
    return yaml.safe_load((root / "data" / "datasets.yml").read_text(encoding="utf-8"))["datasets"]


def dataset(name: str, root: Path = ROOT) -> dict:
    return next(d for d in manifest(root) if d["name"] == name)


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "deep-learning-intro"


def mirror_dir() -> Path:
    """LESSON_DATA_MIRROR, or the default folder; a variable that names no folder is an error."""
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return cache_dir() / "mirror"
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataError(f"{MIRROR_ENV}={value} is not a folder. Point it at a folder that holds the lesson's "
                        f"data files (see data/README.md), or unset it to use {cache_dir() / 'mirror'}.")
    return path.resolve()


def datasets_used(text: str, root: Path = ROOT) -> list[dict]:
    return [d for d in manifest(root) if d.get("used_when") and d["used_when"] in text]


@dataclass
class Provision:
    """Where a dataset comes from in this run."""

    name: str
    source: str  # 'mirror', 'package', 'original archive', 'JPEG copy' or 'missing'
    detail: str


def complete(path: Path, d: dict) -> bool:
    return path.is_file() and path.stat().st_size == d.get("bytes", path.stat().st_size)


def provision(d: dict, mirror: Path) -> tuple[Provision, Path | None]:
    """Where dataset `d` comes from, and the file to put in the Keras cache (None: nothing to seed)."""
    if "mirror_file" not in d:
        return Provision(d["name"], "package", d["loaded_with"]), None
    if d["name"] == "cifar10":  # the original archive: the mirror's, or the user's Keras cache (as GitHub CI leaves it)
        keras_home = Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")
        places = [mirror / d["mirror_file"]] + [keras_home / c for c in CIFAR10_CACHED]
        if original := next((path for path in places if complete(path, d)), None):
            return Provision("cifar10", "original archive", f"{d['loaded_with']} unmodified, on {original}"), original
        if (mirror / d["jpeg_copy"]).is_file():
            return Provision("cifar10", "JPEG copy", f"{d['loaded_with']} replaced by a loader of "
                                                    f"{mirror / d['jpeg_copy']} (no original archive here)"), None
    elif complete(mirror / d["mirror_file"], d):
        return Provision(d["name"], "mirror", str(mirror / d["mirror_file"])), mirror / d["mirror_file"]
    return Provision(d["name"], "missing", f"{d['mirror_file']} is not in {mirror}"), None


def prepare_keras_home(keras_home: Path, root: Path = ROOT) -> list[Provision]:
    """Put every available file into the Keras cache (`datasets/`, `models/`); say where each dataset comes from."""
    out = []
    for d in manifest(root):
        p, source = provision(d, mirror_dir())
        if source is not None:
            (target := keras_home / d["keras_cache"]).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.symlink(source, target)
            except OSError:  # no symlinks (Windows without developer mode)
                shutil.copyfile(source, target)
        out.append(p)
    return out


def require(provisions: list[Provision]) -> None:
    """Stop before running a page whose data is absent: a skip outside CI, a failure under CI (CI=true)."""
    if not (missing := [p for p in provisions if p.source == "missing"]):
        return
    reason = (f"data not available offline: {'; '.join(f'{p.name} ({p.detail})' for p in missing)}. "
              f"Run ./lesson data to download it (or set {MIRROR_ENV} to a folder that holds it)")
    if "PYTEST_CURRENT_TEST" in os.environ:  # inside a test
        import pytest

        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):  # under CI (CI=true)
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    raise DataError(reason)


def describe() -> str:
    """One line for the test header: the mirror, and which CIFAR-10 loader runs."""
    try:
        p, _ = provision(dataset("cifar10"), mirror_dir())
        return f"data: mirror {mirror_dir()}; CIFAR-10 from the {p.source}: {p.detail}"
    except DataError as e:
        return f"data: {e}"


def cifar10_from_jpeg_zip(zip_path: Path):
    """Decode the mirror's JPEG copy of CIFAR-10 into the arrays `load_data()` returns.

    Classes are numbered in the official order. The original archive stores images in a mixed
    order (so slicing off the last images gives every class); the JPEG copy is grouped by class,
    so each split is put in a fixed pseudo-random order. The decoded arrays are cached next to
    the user's other caches."""
    import numpy as np
    from PIL import Image

    classes = dataset("cifar10")["classes"]
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()[:16]
    cached = cache_dir() / f"cifar10-{digest}.npz"
    if not cached.is_file():
        arrays = {}
        with zipfile.ZipFile(zip_path) as z:
            for split, count in (("train", 50000), ("test", 10000)):
                names = sorted((classes.index(n.split("/")[1]), n) for n in z.namelist()
                               if n.startswith(split + "/") and n.endswith(".jpg"))
                if len(names) != count:
                    raise DataError(f"{zip_path} holds {len(names)} {split} images, expected {count}")
                x = np.stack([np.asarray(Image.open(io.BytesIO(z.read(n))).convert("RGB")) for _, n in names])
                y = np.array([[label] for label, _ in names], dtype="uint8")
                order = np.random.default_rng(2009).permutation(len(names))
                arrays[f"x_{split}"], arrays[f"y_{split}"] = x[order], y[order]
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.savez(tmp := cached.with_suffix(".tmp.npz"), **arrays)
        tmp.replace(cached)
    with np.load(cached) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


# --- ./lesson data ------------------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (f"Download the datasets and weights of data/datasets.yml into the mirror folder "
                           f"({MIRROR_ENV}, default {cache_dir() / 'mirror'}), showing progress; offline, say "
                           f"what is missing. Exit status 1 if anything is still missing.")
    parser.add_argument("names", nargs="*", metavar="NAME", help="datasets to fetch (default: all)")
    parser.add_argument("--check", action="store_true", help="download nothing; list what is there and what is not")


def run(args: argparse.Namespace) -> int:
    known = [d["name"] for d in manifest()]
    if unknown := [n for n in args.names if n not in known]:
        raise DataError(f"unknown dataset {', '.join(unknown)}; data/datasets.yml has {', '.join(known)}")
    if not args.check:  # the folder the variable names, or the default one, is made on first use
        Path(os.environ.get(MIRROR_ENV) or mirror_dir()).expanduser().mkdir(parents=True, exist_ok=True)
    return fetch(mirror_dir(), args.names or known, check=args.check)


def fetch(mirror: Path, names: list[str], check: bool = False, root: Path = ROOT) -> int:
    missing = []
    for d in (d for d in manifest(root) if d["name"] in names and "mirror_file" in d):
        target, (p, _) = mirror / d["mirror_file"], provision(d, mirror)
        if p.source != "missing":
            print(f"{d['name']}: {p.source}: {p.detail}")
            continue
        if not check:
            try:
                download(d["url"], target, d)
                print(f"{d['name']}: {target}")
                continue
            except (OSError, DataError) as e:
                print(f"{d['name']}: could not download {d['url']}: {e}", file=sys.stderr)
        missing.append(d)
    if missing:
        print(f"\nMissing from {mirror}:",
              *(f"  {d['mirror_file']}: {d['size']}\n    from {d['url']}" for d in missing),
              f"Run `./lesson data` on a machine with internet, or copy these files into {mirror}"
              f"{'' if os.environ.get(MIRROR_ENV) else f' (or set {MIRROR_ENV} to a folder that holds them)'}.",
              sep="\n", file=sys.stderr)
    return 1 if missing else 0


def download(url: str, target: Path, d: dict) -> None:
    """Download to `target` with progress on stderr; check the size and sha256 the manifest gives."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part, shown = target.with_name(target.name + ".part"), [""]

    def progress(blocks, size, total):
        done = min(blocks * size, total) if total > 0 else blocks * size
        line = f"\r{target.name}: {done / 1e6:.1f}" + (f" of {total / 1e6:.1f} MB ({100 * done / total:.0f} %)"
                                                       if total > 0 else " MB")
        if line != shown[-1]:  # about once per 100 kB
            print(line, end="", file=sys.stderr, flush=True)
            shown.append(line)

    try:
        urllib.request.urlretrieve(url, part, progress)
        digest = hashlib.sha256(part.read_bytes()).hexdigest()
        if not complete(part, d) or d.get("sha256", digest) != digest:
            raise DataError(f"the download is not the expected file ({part.stat().st_size} bytes, sha256 {digest})")
        part.replace(target)
    finally:
        if len(shown) > 1:  # end the progress line
            print(file=sys.stderr)
        part.unlink(missing_ok=True)
