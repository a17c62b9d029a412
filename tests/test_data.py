"""Real data only (lessonkit.data): `./lesson data` downloads into the mirror or says exactly what is
missing; a page whose data is absent is skipped with the reason, or fails under CI; CIFAR-10's
unmodified loader runs where the original archive is on the machine. No page is executed here:
downloads come from 127.0.0.1 or file:// only."""
from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from lessonkit import data
from lessonkit.runner import _cifar_arg, run_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
CIFAR = data.dataset("cifar10")
CONTENT = b"DATE,MONTH\n20000101,1\n" * 1000


def lesson_with(tmp_path: Path, url: str, content: bytes = CONTENT) -> Path:
    """A lesson folder whose manifest names one file at `url`."""
    root = tmp_path / "lesson"
    (root / "data").mkdir(parents=True)
    entry = {"name": "w", "url": url, "mirror_file": "w.csv", "size": "22 kB", "bytes": len(content),
             "sha256": hashlib.sha256(content).hexdigest(), "keras_cache": "datasets/w.csv"}
    (root / "data" / "datasets.yml").write_text(yaml.safe_dump({"datasets": [entry]}))
    return root


@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/www."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_data_downloads_into_the_mirror_with_progress(server, tmp_path, capsys):
    www, base = server
    (www / "w.csv").write_bytes(CONTENT)
    mirror = tmp_path / "mirror"
    assert data.fetch(mirror, ["w"], root=lesson_with(tmp_path, f"{base}/w.csv")) == 0
    assert (mirror / "w.csv").read_bytes() == CONTENT
    out, err = capsys.readouterr()
    assert "w.csv: 0.0 of 0.0 MB (100 %)" in err and f"w: {mirror / 'w.csv'}" in out
    assert list(mirror.iterdir()) == [mirror / "w.csv"]  # no partial file left


def test_data_downloads_from_a_file_url_and_then_finds_the_file(tmp_path, capsys):
    source = tmp_path / "w.csv"
    source.write_bytes(CONTENT)
    root, mirror = lesson_with(tmp_path, source.as_uri()), tmp_path / "mirror"
    assert data.fetch(mirror, ["w"], root=root) == 0
    capsys.readouterr()
    source.unlink()  # a second run downloads nothing
    assert data.fetch(mirror, ["w"], root=root) == 0
    assert capsys.readouterr().out == f"w: mirror: {mirror / 'w.csv'}\n"


def test_a_download_that_is_not_the_expected_file_is_not_kept(server, tmp_path, capsys):
    www, base = server
    (www / "w.csv").write_bytes(CONTENT[:-1] + b"X")
    mirror = tmp_path / "mirror"
    assert data.fetch(mirror, ["w"], root=lesson_with(tmp_path, f"{base}/w.csv")) == 1
    err = capsys.readouterr().err
    assert f"w: could not download {base}/w.csv: the download is not the expected file" in err
    assert list(mirror.iterdir()) == []


def test_offline_data_says_exactly_what_is_missing_and_the_command(tmp_path, capsys):
    """The suite blocks the network, as a machine without internet would."""
    mirror = tmp_path / "mirror"
    assert data.fetch(mirror, ["weather", "mobilenet"]) == 1
    err = capsys.readouterr().err
    weather, mobilenet = data.dataset("weather"), data.dataset("mobilenet")
    assert f"weather: could not download {weather['url']}: <urlopen error network access is blocked" in err
    assert (f"Missing from {mirror}:\n  weather_prediction_dataset.csv: {weather['size']}\n    from {weather['url']}\n"
            f"  mobilenet_2_5_224_tf_no_top.h5: {mobilenet['size']}\n    from {mobilenet['url']}\n") in err
    assert f"Run `./lesson data` on a machine with internet, or copy these files into {mirror}" in err


def test_check_downloads_nothing(server, tmp_path, capsys):
    www, base = server
    (www / "w.csv").write_bytes(CONTENT)
    assert data.fetch(tmp_path / "mirror", ["w"], check=True, root=lesson_with(tmp_path, f"{base}/w.csv")) == 1
    assert f"  w.csv: 22 kB\n    from {base}/w.csv\n" in capsys.readouterr().err and not (tmp_path / "mirror").exists()


def test_the_default_mirror_is_in_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(data.MIRROR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert data.mirror_dir() == tmp_path / "deep-learning-intro" / "mirror"


# --- a page whose data is absent -------------------------------------------------------------------


@pytest.fixture
def empty_mirror(monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "user-keras"))  # the user's Keras cache: empty
    return mirror


def test_outside_ci_a_page_whose_data_is_absent_is_skipped_with_the_reason(empty_mirror, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"weather \(weather_prediction_dataset.csv is not in .*\)\. "
                                                    r"Run ./lesson data"):
        run_page(PAGES / "weather.md")


def test_under_ci_a_page_whose_data_is_absent_fails(empty_mirror, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="data not available offline: cifar10"):
        run_page(PAGES / "cifar10.md")


def test_outside_pytest_absent_data_is_a_set_up_error(monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    with pytest.raises(data.DataError, match="Run ./lesson data"):
        data.require([data.Provision("weather", "missing", "weather_prediction_dataset.csv is not in /m")])


# --- CIFAR-10: the real loader where the original archive is here ------------------------------------


def fake_original(path: Path, size: int = CIFAR["bytes"]) -> Path:
    """A file of the original archive's size (sparse: no disk used); Keras checks its sha256 itself."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def cifar(provisions):
    return next(p for p in provisions if p.name == "cifar10")


def test_without_the_original_archive_the_jpeg_copy_replaces_load_data(empty_mirror, tmp_path):
    (empty_mirror / CIFAR["jpeg_copy"]).write_bytes(b"")
    fake_original(tmp_path / "user-keras" / data.CIFAR10_CACHED[0], size=1000)  # an interrupted download
    provisions = data.prepare_keras_home(tmp_path / "keras")
    assert cifar(provisions).source == "JPEG copy"
    assert not (tmp_path / "keras" / CIFAR["keras_cache"]).exists()
    assert _cifar_arg(provisions) == str(empty_mirror / CIFAR["jpeg_copy"])
    assert "CIFAR-10 from the JPEG copy: keras.datasets.cifar10.load_data() replaced" in data.describe()


@pytest.mark.parametrize("where", ["user's Keras 3 cache", "user's Keras 2 cache", "mirror"])
def test_with_the_original_archive_load_data_runs_unmodified(empty_mirror, tmp_path, where):
    (empty_mirror / CIFAR["jpeg_copy"]).write_bytes(b"")
    original = fake_original({"user's Keras 3 cache": tmp_path / "user-keras" / data.CIFAR10_CACHED[0],
                              "user's Keras 2 cache": tmp_path / "user-keras" / data.CIFAR10_CACHED[1],
                              "mirror": empty_mirror / CIFAR["mirror_file"]}[where])
    provisions = data.prepare_keras_home(tmp_path / "keras")
    assert cifar(provisions).source == "original archive"
    seeded = tmp_path / "keras" / "datasets" / "cifar-10-batches-py-target_archive"  # where Keras 3 looks
    assert seeded.resolve() == original.resolve()
    assert _cifar_arg(provisions) is None  # the kernel keeps keras.datasets.cifar10.load_data as it is
    assert f"CIFAR-10 from the original archive: keras.datasets.cifar10.load_data() unmodified, on {original}" in (
        data.describe())


def test_keras_looks_for_the_original_archive_where_the_harness_puts_it():
    import importlib.util

    keras_dir = Path(importlib.util.find_spec("keras").origin).parent
    source = (keras_dir / "src" / "datasets" / "cifar10.py").read_text()
    assert 'dirname = "cifar-10-batches-py-target"' in source and CIFAR["sha256"] in source
    assert CIFAR["keras_cache"] == data.CIFAR10_CACHED[0] == "datasets/cifar-10-batches-py-target_archive"
