"""Tests of the setup checker learners download (episodes/files/check_setup.py).

The checker is a single file that learners run before the workshop, so it cannot read
environment.yml or data/datasets.yml: these tests check that its embedded tables agree with them,
and that every failure it reports says what is wrong and gives the command that fixes it. The
suite blocks the network (tests/conftest.py), which is how "no network" is tested; missing and
outdated packages are simulated by replacing the checker's version lookup.
"""
from __future__ import annotations

import ast
import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit import data
from lessonkit.environment import environment_yml, learner_pip
from lessonkit.markdown import parse_page

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "episodes" / "files" / "check_setup.py"


def write_weather_like(path: Path) -> None:
    """A file with the weather dataset's header start and row count (the checker reads no more)."""
    rows = data.dataset("weather")["rows"]
    path.write_text("DATE,MONTH\n" + "".join(f"{20000101 + i},1\n" for i in range(rows)))


def load_checker():
    spec = importlib.util.spec_from_file_location("check_setup", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def checker(monkeypatch, tmp_path):
    """A fresh copy of the checker, with an empty Keras cache and outside Colab."""
    module = load_checker()
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    for key in list(os.environ):
        if key.startswith("COLAB_"):
            monkeypatch.delenv(key)
    return module


def split_requirement(text):
    name, spec = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)$", text.strip()).groups()
    return name, spec.replace(" ", "")


def fake_versions(monkeypatch, checker, **versions):
    """Make the checker see the given versions (None: not installed); others as installed."""
    real = checker.installed_version
    wanted = {k.replace("_", "-"): v for k, v in versions.items()}

    def lookup(name):
        if name in wanted:
            return wanted[name]
        if name.split("-")[0] in wanted and name in checker.ALTERNATIVES.get(name.split("-")[0], ()):
            return None  # hide alternatives of a package the test pretends is missing
        return real(name)

    monkeypatch.setattr(checker, "installed_version", lookup)


# --- the checker agrees with the lesson's environment and data --------------------------------


def test_requirement_table_matches_environment_yml():
    checker = load_checker()
    env = environment_yml(ROOT)
    assert env["name"] == checker.ENVIRONMENT_NAME
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == f"python={checker.PYTHON_TESTED}", "PYTHON_TESTED must match environment.yml"
    oldest = tuple(int(p) for p in checker.PYTHON_TESTED.split("."))
    assert checker.PYTHON_OLDEST <= oldest <= checker.PYTHON_NEWEST
    expected = [split_requirement(r) for r in learner_pip(ROOT)]
    embedded = [(name, spec) for name, spec, _module in checker.REQUIREMENTS]
    assert embedded == expected, "REQUIREMENTS in check_setup.py must list environment.yml's pip packages"


def test_requirement_modules_are_importable_here():
    checker = load_checker()
    for name, _spec, module in checker.REQUIREMENTS:
        if module is not None:
            assert importlib.util.find_spec(module) is not None, f"{name}: module {module} not found"


def test_dataset_table_matches_datasets_yml():
    checker = load_checker()
    weather = data.dataset("weather")
    assert checker.WEATHER_URL == weather["url"]
    assert checker.WEATHER_FILE == weather["file"] == Path(weather["keras_cache"]).name
    assert checker.WEATHER_ROWS == weather["rows"]
    cifar = data.dataset("cifar10")
    assert checker.CIFAR10_URL == cifar["url"]
    assert f"{checker.CIFAR10_BYTES:,}" in cifar["size"]
    assert set(checker.DATASETS) == {d["name"] for d in data.manifest()}


def test_cifar10_cache_names_are_the_ones_keras_uses():
    """Keras 3 downloads to datasets/<fname>_archive and extracts to datasets/<fname>/."""
    checker = load_checker()
    keras_dir = Path(importlib.util.find_spec("keras").origin).parent
    cifar = (keras_dir / "src" / "datasets" / "cifar10.py").read_text(encoding="utf-8")
    assert f'dirname = "{checker.CIFAR10_FOLDER}"' in cifar
    assert f'origin = "{checker.CIFAR10_URL}"' in cifar
    file_utils = (keras_dir / "src" / "utils" / "file_utils.py").read_text(encoding="utf-8")
    assert 'f"{fname}_archive"' in file_utils
    assert checker.CIFAR10_ARCHIVE == checker.CIFAR10_FOLDER + "_archive"


def test_download_uses_the_lessons_calls():
    """--download fetches the data with exactly the calls the lesson makes."""
    source = CHECKER.read_text(encoding="utf-8")
    weather = data.dataset("weather")
    call = re.search(r"keras\.utils\.get_file\(\s*\"([^\"]+)\",\s*\"([^\"]+)\",?\s*\)", source)
    assert call and call.groups() == (weather["file"], weather["url"])
    assert "keras.datasets.cifar10.load_data()" in source
    assert data.dataset("cifar10")["loaded_with"] == "keras.datasets.cifar10.load_data()"
    assert weather["loaded_with"] == "keras.utils.get_file"


def test_download_calls_match_the_episodes():
    """Every dataset call in the episodes' code is one the checker makes, so --download fills the cache it reads."""
    def calls(text):
        found = re.findall(r"keras\.utils\.get_file\((.*?)\)", text, re.S)
        return {re.sub(r"\s+|,\s*$", "", c).rstrip(",") for c in found}

    checker_calls = calls(CHECKER.read_text(encoding="utf-8"))
    assert len(checker_calls) == 1
    episode_calls = set()
    for page in sorted((ROOT / "episodes").glob("*.md")):
        text = "\n".join(block.source for block in parse_page(page).python_blocks)
        assert calls(text) <= checker_calls, f"{page.name} downloads data the checker does not: {calls(text)}"
        episode_calls |= calls(text)
        if "cifar10.load_data" in text:
            assert "keras.datasets.cifar10.load_data()" in text
    assert episode_calls == checker_calls, "no episode loads the weather data the way the checker does"


def test_checker_imports_only_the_standard_library_at_start():
    """Learners run it before anything is installed, possibly with an old Python."""
    tree = ast.parse(CHECKER.read_text(encoding="utf-8"), feature_version=(3, 7))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name.split(".")[0] for n in top if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in top if isinstance(n, ast.ImportFrom)}
    assert names <= set(sys.stdlib_module_names), names - set(sys.stdlib_module_names)
    # Python 2 and old Python 3 must get as far as the version check: no f-strings, no
    # keyword-only arguments, print as a function.
    assert not any(isinstance(n, ast.JoinedStr) for n in ast.walk(tree)), "f-string in check_setup.py"
    assert not any(isinstance(n, ast.arguments) and n.kwonlyargs for n in ast.walk(tree))
    assert isinstance(tree.body[1], ast.ImportFrom) and tree.body[1].module == "__future__"


# --- version logic ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.26.4", "2.0", "2.18.0", "2.21.1", "2.22.0", "3.8.0", "3.15.1", "4.0.0",
                                     "0.13.2", "0.14.0", "0.1.6", "0.2", "10.0.0", "13.0.0", "1.0", "1.1.1",
                                     "1.9.1", "2.18", "2.17.1", "9.5.0"])
def test_version_ranges_agree_with_packaging(version):
    from packaging.specifiers import SpecifierSet

    checker = load_checker()
    for _name, spec, _module in checker.REQUIREMENTS:
        assert checker.satisfies(version, spec) == SpecifierSet(spec).contains(version), (version, spec)


def test_parse_version_ignores_suffixes():
    checker = load_checker()
    assert checker.parse_version("2.19.0rc1") == (2, 19, 0)
    assert checker.parse_version("2.5.1+cu121") == (2, 5, 1)
    assert checker.unmet_clause("1.3.2", ">=1.5,<2") == ">=1.5"
    assert checker.unmet_clause("4.0.0", ">=3.8,<4") == "<4"
    with pytest.raises(ValueError):
        checker.unmet_clause("1.0", "~=1.0")


# --- failures and their fixes ----------------------------------------------------------------


def test_missing_package(checker, monkeypatch):
    fake_versions(monkeypatch, checker, scikit_learn=None)
    result = checker.check_package("scikit-learn", ">=1.5,<2", "sklearn")
    assert result.failed
    assert result.problem == "scikit-learn is not installed."
    assert len(result.fix) == 1
    assert re.fullmatch(r'\S+ -m pip install "scikit-learn>=1\.5,<2"', result.fix[0])


def test_too_old_version(checker, monkeypatch):
    fake_versions(monkeypatch, checker, scikit_learn="1.3.2")
    result = checker.check_package("scikit-learn", ">=1.5,<2", "sklearn")
    assert result.failed
    assert result.problem == "scikit-learn 1.3.2 is too old: the lesson needs scikit-learn >=1.5,<2."
    assert result.fix[0].endswith('-m pip install "scikit-learn>=1.5,<2"')


def test_too_new_version(checker, monkeypatch):
    fake_versions(monkeypatch, checker, keras="4.0.0")
    result = checker.check_package("keras", ">=3.8,<4", "keras")
    assert result.failed
    assert "keras 4.0.0 is too new" in result.problem
    assert result.fix[0].endswith('-m pip install "keras>=3.8,<4"')


def test_package_that_cannot_be_imported(checker, monkeypatch):
    fake_versions(monkeypatch, checker, pandas="2.2.3")
    monkeypatch.setattr(checker, "try_import", lambda module: "ImportError: numpy.core.multiarray failed to import")
    result = checker.check_package("pandas", ">=2.2,<4", "pandas")
    assert result.failed
    assert "pandas 2.2.3 is installed but cannot be imported (ImportError" in result.problem
    assert result.fix[0].endswith('-m pip install --force-reinstall "pandas>=2.2,<4"')


def test_cpu_only_tensorflow_counts_as_tensorflow(checker, monkeypatch):
    monkeypatch.setattr(checker, "installed_version",
                        lambda name: {"tensorflow-cpu": "2.20.0"}.get(name))
    monkeypatch.setattr(checker, "try_import", lambda module: None)
    result = checker.check_package("tensorflow", ">=2.18,<2.22", "tensorflow")
    assert result.status == "ok"
    assert "tensorflow-cpu" in result.text and "2.20.0" in result.text


def test_tensorflow_on_an_intel_mac_points_to_the_cloud(checker, monkeypatch):
    monkeypatch.setattr(checker, "installed_version", lambda name: None)
    monkeypatch.setattr(checker, "is_intel_mac", lambda: True)
    result = checker.check_package("tensorflow", ">=2.18,<2.22", "tensorflow")
    assert result.failed
    assert "Intel Macs" in result.problem
    assert "Colab" in result.fix[0]


def test_several_missing_packages_get_one_combined_command(checker, monkeypatch):
    fake_versions(monkeypatch, checker, seaborn=None, palmerpenguins="0.1.4")
    results = checker.check_packages()
    failed = [r for r in results if r.failed]
    assert [r.problem for r in failed] == [
        "seaborn is not installed.",
        "palmerpenguins 0.1.4 is too old: the lesson needs palmerpenguins >=0.1.6,<0.2."]
    combined = [r.text for r in results if r.status == "note"]
    assert combined and combined[0].endswith('-m pip install "seaborn>=0.13,<0.14" "palmerpenguins>=0.1.6,<0.2"')


def test_colab_fix_commands_use_percent_pip(checker, monkeypatch):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-test")
    fake_versions(monkeypatch, checker, palmerpenguins=None, jupyter=None)
    result = checker.check_package("palmerpenguins", ">=0.1.6,<0.2", "palmerpenguins")
    assert result.fix == ['%pip install "palmerpenguins>=0.1.6,<0.2"']
    assert checker.check_package("jupyter", ">=1.0,<2", None).status == "ok"


@pytest.mark.parametrize("version, status, words", [
    ((3, 11, 7), "ok", "Python 3.11.7"),
    ((3, 12, 1), "ok", "tested with Python 3.11"),
    ((3, 8, 18), "fail", "Python 3.8.18 is too old"),
    ((3, 14, 0), "fail", "Python 3.14.0 is too new"),
])
def test_python_version(checker, version, status, words):
    result = checker.check_python(version + ("final", 0))
    assert result.status == status
    assert words in (result.problem or result.text)
    if result.failed:
        assert result.fix and all(result.fix)
        assert any("3.11" in f or "environment.yml" in f for f in result.fix)


def test_dataset_missing_and_no_network(checker):
    """Empty Keras cache and the suite's network block: the learner is told to download later."""
    for name, host in (("weather", "zenodo.org"), ("cifar10", "www.cs.toronto.edu")):
        result = checker.check_dataset(name)
        assert result.failed, result
        assert "is not downloaded yet" in result.problem
        assert f"{host} cannot be reached (connection refused)" in result.problem
        assert result.problem.endswith("connect to a working network and download it.")
        assert result.fix == [checker.checker_command("--download")]
        assert result.fix[0].endswith("check_setup.py --download")


def test_dataset_missing_but_reachable_is_not_a_failure(checker, monkeypatch):
    monkeypatch.setattr(checker, "unreachable_reason", lambda url, timeout=None: None)
    result = checker.check_dataset("cifar10")
    assert result.status == "note"
    assert "www.cs.toronto.edu answers" in result.text
    assert "--download" in result.text


def test_certificate_problem_gets_its_own_fix(checker, monkeypatch):
    monkeypatch.setattr(checker, "unreachable_reason", lambda url, timeout=None: "certificate verification failed")
    result = checker.check_dataset("weather")
    assert result.failed
    assert "cannot check the server's certificate" in result.problem
    assert len(result.fix) == 2 and result.fix[1].endswith("--download")


def test_cached_weather_dataset(checker, tmp_path):
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    write_weather_like(cache / checker.WEATHER_FILE)
    result = checker.check_dataset("weather")
    assert result.status == "ok", result
    assert str(cache / checker.WEATHER_FILE) in result.text


def test_incomplete_weather_download(checker, tmp_path):
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    (cache / checker.WEATHER_FILE).write_text("DATE,MONTH,BASEL_cloud_cover\n20000101,1,8\n")
    result = checker.check_dataset("weather")
    assert result.failed
    assert "is incomplete" in result.problem and "has 1 rows instead of 3654" in result.problem
    assert result.fix[0].startswith(("rm ", "del ")) and checker.WEATHER_FILE in result.fix[0]
    assert result.fix[1].endswith("--download")


def test_cached_cifar10_archive(checker, tmp_path):
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    archive = cache / checker.CIFAR10_ARCHIVE
    with open(archive, "wb") as f:  # a sparse file of the right size
        f.truncate(checker.CIFAR10_BYTES)
    assert checker.check_dataset("cifar10").status == "ok"
    with open(archive, "wb") as f:
        f.truncate(1000)
    result = checker.check_dataset("cifar10")
    assert result.failed and "is 1000 bytes instead of 170498071" in result.problem


def test_keras_home_follows_the_environment_variable(checker, tmp_path, monkeypatch):
    assert checker.datasets_dir() == str(tmp_path / "keras-home" / "datasets")
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert checker.datasets_dir() == str(tmp_path / ".keras" / "datasets")


def test_penguins(checker, monkeypatch):
    assert checker.check_dataset("penguins").status == "ok"
    fake_versions(monkeypatch, checker, palmerpenguins=None)
    assert checker.check_dataset("penguins").status == "note"


def test_keras_that_cannot_be_imported(checker, monkeypatch):
    monkeypatch.setitem(sys.modules, "keras", None)  # makes `import keras` raise ImportError
    [result] = checker.check_keras()
    assert result.failed
    assert result.problem.startswith("Keras cannot be imported (ModuleNotFoundError")
    assert result.fix[0].endswith('-m pip install --force-reinstall "tensorflow>=2.18,<2.22" "keras>=3.8,<4"')


def test_training_that_raises(checker, monkeypatch):
    def broken():
        raise RuntimeError("could not create a device\nmore detail")

    monkeypatch.setattr(checker, "train_tiny_model", broken)
    [result] = checker.check_training()
    assert result.failed
    assert result.problem == "Keras could not train a tiny model (RuntimeError: could not create a device)."
    assert "--force-reinstall" in result.fix[0]


def test_training_that_does_not_learn(checker, monkeypatch):
    monkeypatch.setattr(checker, "train_tiny_model", lambda: (0.5, 0.69, 0.71))
    [result] = checker.check_training()
    assert result.failed
    assert "its loss did not go down (0.690 -> 0.710)" in result.problem
    monkeypatch.setattr(checker, "train_tiny_model", lambda: (0.5, 0.69, float("nan")))
    assert checker.check_training()[0].failed


def test_slow_training_suggests_the_cloud(checker, monkeypatch):
    monkeypatch.setattr(checker, "train_tiny_model", lambda: (45.0, 0.69, 0.5))
    results = checker.check_training()
    assert [r.status for r in results] == ["ok", "note"]
    assert "Colab" in results[1].text


def test_penguins_that_cannot_be_loaded(checker, monkeypatch):
    import palmerpenguins

    monkeypatch.setattr(palmerpenguins, "load_penguins", lambda: [None] * 10)
    result = checker.check_dataset("penguins")
    assert result.failed and result.problem == "The penguins dataset has 10 rows instead of 344."

    def broken():
        raise FileNotFoundError("penguins.csv")

    monkeypatch.setattr(palmerpenguins, "load_penguins", broken)
    result = checker.check_dataset("penguins")
    assert result.failed and "cannot be loaded from palmerpenguins (FileNotFoundError" in result.problem
    assert result.fix[0].endswith('--force-reinstall "palmerpenguins>=0.1.6,<0.2"')


def test_download_without_keras(checker, monkeypatch):
    monkeypatch.setitem(sys.modules, "keras", None)
    [result] = checker.download_datasets()
    assert result.failed
    assert result.problem.startswith("The datasets cannot be downloaded because Keras cannot be imported")


def test_download_replaces_an_incomplete_file(checker, tmp_path, monkeypatch):
    """A damaged cached file is removed first, so that Keras downloads it again."""
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    (cache / checker.WEATHER_FILE).write_text("DATE\n")
    with open(cache / checker.CIFAR10_ARCHIVE, "wb") as f:
        f.truncate(checker.CIFAR10_BYTES)
    calls = []
    monkeypatch.setattr(checker, "download_dataset", calls.append)
    assert checker.download_datasets() == []
    assert calls == ["weather"]
    assert not (cache / checker.WEATHER_FILE).exists()


def test_report_lists_each_problem_with_its_fix(checker):
    out = io.StringIO()
    results = [checker.ok("numpy 2.0"),
               checker.fail("seaborn is not installed.", 'python -m pip install "seaborn>=0.13,<0.14"'),
               checker.fail("Python 3.8.0 is too old.", ["conda env create -f environment.yml",
                                                         "conda activate dl_workshop"])]
    assert checker.report(results, out) == 1
    text = out.getvalue()
    assert "2 problems to fix:" in text
    assert '  1. seaborn is not installed.\n     Fix: python -m pip install "seaborn>=0.13,<0.14"\n' in text
    assert ("  2. Python 3.8.0 is too old.\n     Fix: conda env create -f environment.yml\n"
            "     Fix: conda activate dl_workshop\n") in text
    out = io.StringIO()
    assert checker.report([checker.ok("fine")], out) == 0
    assert "All checks passed" in out.getvalue()


def test_every_failure_has_one_sentence_and_a_fix(checker, monkeypatch):
    """Whatever fails, the learner gets a sentence ending in a full stop and at least one command."""
    fake_versions(monkeypatch, checker, keras="3.0.0", seaborn=None)
    results = checker.check_packages() + [checker.check_dataset("weather"), checker.check_python((3, 9, 1))]
    failures = [r for r in results if r.failed]
    assert len(failures) == 4
    for r in failures:
        assert r.problem.endswith(".") and r.problem.count(". ") == 0, r.problem
        assert r.fix and all(isinstance(f, str) and f.strip() for f in r.fix), r


# --- end to end ------------------------------------------------------------------------------


def test_checker_end_to_end(tmp_path):
    """Run the downloaded file as a learner would, with an empty Keras cache and no network.

    The weather file is put in the cache first (as if downloaded earlier); CIFAR-10 is not, so
    --download must try to fetch it with the lesson's own call and report the failure."""
    keras_home = tmp_path / "keras-home"
    (keras_home / "datasets").mkdir(parents=True)
    write_weather_like(keras_home / "datasets" / "weather_prediction_dataset.csv")
    # Block the network inside the child process exactly as the suite does, then run the file.
    code = ("import runpy, sys; from lessonkit.kernel import block_network; block_network(None); "
            f"sys.argv = [{str(CHECKER)!r}, '--download']; runpy.run_path(sys.argv[0], run_name='__main__')")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLAB_")}
    env.update(KERAS_HOME=str(keras_home), PYTHONPATH=str(ROOT), KERAS_BACKEND="tensorflow")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert re.search(r"OK +Keras 3\.\d+\.\d+ with the tensorflow backend", out), out
    assert re.search(r"OK +device: (CPU|GPU)", out), out
    assert re.search(r"OK +trained a tiny model in \d+\.\d s \(loss \d\.\d{3} -> \d\.\d{3}\)", out), out
    assert re.search(r"OK +weather: downloaded", out), out
    assert re.search(r"OK +penguins: 344 rows", out), out
    assert "Downloading the cifar10 dataset from www.cs.toronto.edu failed" in out, out
    assert "The CIFAR-10 dataset is not downloaded yet" in out, out
    assert "2 problems to fix:" in out, out
    assert out.count("check_setup.py --download") >= 2, out
    assert not (keras_home / "datasets" / "cifar-10-batches-py-target_archive").exists()
