"""Fill the offline data mirror the lesson's tests read (LESSON_DATA_MIRROR), on a CI runner.

Used by tests.yaml and drift.yaml before `./lesson test`; the folder lives in ~/.keras, which
those workflows cache, so the downloads happen only when the cache is empty. The files and
their layout are the ones data/README.md describes:

* weather_prediction_dataset.csv: downloaded with keras.utils.get_file from the URL in
  data/datasets.yml, exactly as learners download it;
* cifar10-jpeg.zip: the original archive loaded with keras.datasets.cifar10.load_data(), every
  image written as train/<class>/NNNN.jpg or test/<class>/NNNN.jpg (JPEG quality 95).

Usage: python .github/workflows/fill_mirror.py MIRROR_FOLDER
"""
from __future__ import annotations

import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def write_cifar_zip(target: Path, train, test, classes: list[str]) -> None:
    from PIL import Image

    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
        for split, (x, y) in (("train", train), ("test", test)):
            counts: dict[str, int] = {}
            for image, label in zip(x, y.reshape(-1)):
                name = classes[int(label)]
                number = counts.get(name, 0)
                counts[name] = number + 1
                buffer = io.BytesIO()
                Image.fromarray(image).save(buffer, "JPEG", quality=95)
                z.writestr(f"{split}/{name}/{number:04d}.jpg", buffer.getvalue())
    os.replace(tmp, target)


def main(folder: str) -> int:
    mirror = Path(folder).expanduser()
    mirror.mkdir(parents=True, exist_ok=True)
    datasets = yaml.safe_load((ROOT / "data" / "datasets.yml").read_text(encoding="utf-8"))["datasets"]
    for d in datasets:
        target = mirror / d["mirror_file"] if d.get("mirror_file") else None
        if target is None:
            continue
        if target.is_file():
            print(f"{target.name}: already in the mirror")
            continue
        import keras

        if d.get("loaded_with") == "keras.utils.get_file":
            path = keras.utils.get_file(fname=d["file"], origin=d["url"])
            shutil.copyfile(path, target)
        elif d["name"] == "cifar10":
            train, test = keras.datasets.cifar10.load_data()
            write_cifar_zip(target, train, test, d["classes"])
        else:
            print(f"{d['name']}: do not know how to fetch {d['mirror_file']}", file=sys.stderr)
            return 1
        print(f"{target.name}: {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
