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
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lessonkit import data
from lessonkit.environment import environment_yml, learner_pip
from lessonkit.markdown import parse_page
from lessonkit.notebooks import site_url

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
    mobilenet = data.dataset("mobilenet")
    assert checker.MOBILENET_URL == mobilenet["url"]
    assert mobilenet["keras_cache"] == f"models/{checker.MOBILENET_FILE}" and mobilenet["file"] == checker.MOBILENET_FILE
    assert f"{checker.MOBILENET_BYTES:,}" in mobilenet["size"]
    assert set(checker.DATASETS) == {d["name"] for d in data.manifest()}


def test_mobilenet_cache_name_is_the_one_keras_uses():
    """keras.applications.MobileNet(alpha=0.25, 224, include_top=False) downloads BASE_WEIGHT_PATH + this name
    into the 'models' folder of the Keras cache."""
    checker = load_checker()
    keras_dir = Path(importlib.util.find_spec("keras").origin).parent
    source = (keras_dir / "src" / "applications" / "mobilenet.py").read_text(encoding="utf-8")
    assert '"mobilenet_%s_%d_tf_no_top.h5" % (alpha_text, rows)' in source
    assert 'cache_subdir="models"' in source
    assert checker.MOBILENET_FILE == "mobilenet_%s_%d_tf_no_top.h5" % ("2_5", 224)
    base = re.search(r'BASE_WEIGHT_PATH = \(\s*"([^"]+)"', source).group(1)
    assert checker.MOBILENET_URL == base + checker.MOBILENET_FILE


def mobilenet_calls(code: str) -> list[dict]:
    """The keyword arguments of every keras.applications.MobileNet(...) call in `code`."""
    return [{k.arg: ast.literal_eval(k.value) for k in node.keywords}
            for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
            and ast.unparse(node.func) == "keras.applications.MobileNet"]


def test_mobilenet_download_is_the_lessons_call():
    """--download builds the lesson's model, which downloads the weights as the episode does."""
    [call] = mobilenet_calls(CHECKER.read_text(encoding="utf-8"))
    assert call == {"alpha": 0.25, "input_shape": (224, 224, 3), "include_top": False, "weights": "imagenet"}
    [listed] = mobilenet_calls(data.dataset("mobilenet")["loaded_with"])
    assert listed.items() <= call.items()
    for page in sorted((ROOT / "episodes").glob("*.md")):
        for used in mobilenet_calls("\n".join(block.source for block in parse_page(page).python_blocks)):
            assert {k: used.get(k) for k in ("alpha", "include_top", "weights")} == listed, page.name
            assert used.get("input_shape", (224, 224, 3)) == (224, 224, 3), page.name


def test_checker_names_the_lessons_home():
    """The checker is downloaded on its own, so it names the setup page and the repository itself:
    both must be the ones of config.yaml's `source`."""
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    checker = load_checker()
    assert checker.SETUP_PAGE == site_url(config) + "#setup"
    assert f"({config['source']})" in checker.__doc__


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
    for name, host in (("weather", "zenodo.org"), ("cifar10", "www.cs.toronto.edu"),
                       ("mobilenet", "storage.googleapis.com")):
        result = checker.check_dataset(name)
        assert result.failed, result
        assert "not downloaded yet" in result.problem
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


def test_cached_mobilenet_weights(checker, tmp_path):
    """The weights live in the Keras cache's models/ folder, where keras.applications puts them."""
    models = tmp_path / "keras-home" / "models"
    models.mkdir(parents=True)
    weights = models / checker.MOBILENET_FILE
    with open(weights, "wb") as f:
        f.truncate(checker.MOBILENET_BYTES)
    result = checker.check_dataset("mobilenet")
    assert result.status == "ok" and str(weights) in result.text
    with open(weights, "wb") as f:
        f.truncate(10)
    result = checker.check_dataset("mobilenet")
    assert result.failed
    assert result.problem == (f"The pretrained MobileNet weights in the Keras cache are incomplete: {weights} is 10 "
                              f"bytes instead of {checker.MOBILENET_BYTES}.")
    assert result.fix[0] == f"rm {weights}" and result.fix[-1].endswith("check_setup.py --download")


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
    import keras

    monkeypatch.setattr(keras.backend, "backend", lambda: "tensorflow")  # elsewhere the fix is to switch back
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
    assert calls == ["weather", "mobilenet"]  # CIFAR-10 is complete; the weights are missing
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


# --- the environment, and fixes that work in a new terminal ---------------------------------


PIP = re.compile(r"(?:^|\s)-m pip install\b")


def assert_works_in_a_new_terminal(checker, fix: list[str]) -> None:
    """A new terminal has no environment active: a pip command must name an environment's Python by its
    full path, or come after a command that activates the environment; files are named by full paths."""
    activated = False
    for command in fix:
        if command.startswith(("conda activate ", "source ")) or command.endswith(("activate", 'activate"')):
            activated = True
        if PIP.search(command) and not command.startswith("%pip"):
            python = shlex.split(command)[0]
            assert activated or os.path.isabs(python), f"{command!r} would use the system's Python"
        for word in shlex.split(command)[1:]:
            if word.endswith((".py", ".yml")):
                assert os.path.isabs(word), f"{command!r}: a file named relative to the current folder"


def outside_any_environment(monkeypatch, checker, tmp_path, conda_root=None, windows=False):
    """The checker in tmp_path/workshop, run by a Python outside any environment."""
    workshop = tmp_path / "workshop"
    workshop.mkdir(exist_ok=True)
    monkeypatch.setattr(checker, "__file__", str(workshop / "check_setup.py"))
    monkeypatch.setattr(checker, "environment_kind", lambda: None)
    monkeypatch.setattr(checker, "in_conda_base", lambda: False)
    monkeypatch.setattr(checker, "conda_root", lambda: conda_root)
    monkeypatch.setattr(checker, "is_windows", lambda: windows)
    monkeypatch.setattr(checker.sys, "executable", "/usr/bin/python3")
    return workshop


def test_the_workshop_environment_is_ok(checker, monkeypatch):
    monkeypatch.setattr(checker, "environment_kind", lambda: "venv")
    monkeypatch.setattr(checker.sys, "prefix", "/home/ada/deep-learning/dl_workshop")
    [result] = checker.check_environment()
    assert result.status == "ok" and result.text.startswith("virtual environment: dl_workshop")
    monkeypatch.setattr(checker, "environment_kind", lambda: "conda")
    monkeypatch.setenv("CONDA_DEFAULT_ENV", "dl_workshop")
    assert checker.check_environment()[0].text.startswith("conda environment: dl_workshop")


def test_another_environment_is_a_note(checker, monkeypatch):
    monkeypatch.setattr(checker, "environment_kind", lambda: "venv")
    monkeypatch.setattr(checker.sys, "prefix", "/home/ada/project/.venv")
    [result] = checker.check_environment(packages_missing=3)
    assert result.status == "note"
    assert "the setup page calls the workshop's environment dl_workshop" in result.text


def test_colab_is_a_note(checker, monkeypatch):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-test")
    [result] = checker.check_environment(packages_missing=1)
    assert result.status == "note" and "Google Colab" in result.text
    assert checker.checker_commands("--download") == ["!python check_setup.py --download"]


def test_outside_any_environment_with_every_package_is_a_note(checker, monkeypatch, tmp_path):
    outside_any_environment(monkeypatch, checker, tmp_path)
    [result] = checker.check_environment(packages_missing=0)
    assert result.status == "note" and "has every package the lesson needs" in result.text


def test_outside_the_environment_with_conda_and_the_environment(checker, monkeypatch, tmp_path):
    conda = tmp_path / "miniforge3"
    (conda / "envs" / "dl_workshop").mkdir(parents=True)
    workshop = outside_any_environment(monkeypatch, checker, tmp_path, conda_root=str(conda))
    [result] = checker.check_environment(packages_missing=2)
    assert result.failed
    assert result.problem == (
        "This Python (/usr/bin/python3) is not in the workshop's environment dl_workshop (it is in no conda or "
        "virtual environment), and 2 packages the lesson needs are missing or outdated here: activate the "
        "environment, after creating it if needed, and run this checker again.")
    assert result.fix == ["conda activate dl_workshop", f"python {workshop}/check_setup.py"]
    assert_works_in_a_new_terminal(checker, result.fix)


def test_outside_the_environment_with_conda_but_no_environment(checker, monkeypatch, tmp_path):
    conda = tmp_path / "miniforge3"
    conda.mkdir()
    workshop = outside_any_environment(monkeypatch, checker, tmp_path, conda_root=str(conda))
    [result] = checker.check_environment(packages_missing=1)
    assert "1 package the lesson needs is missing" in result.problem
    assert result.fix == [f"download environment.yml from the setup page ({checker.SETUP_PAGE}) into {workshop}",
                          f"conda env create -f {workshop}/environment.yml", "conda activate dl_workshop",
                          f"python {workshop}/check_setup.py"]
    (workshop / "environment.yml").write_text("name: dl_workshop\n")
    [result] = checker.check_environment(packages_missing=1)
    assert result.fix[0] == f"conda env create -f {workshop}/environment.yml"
    assert_works_in_a_new_terminal(checker, result.fix)


def test_outside_the_environment_with_a_virtual_environment(checker, monkeypatch, tmp_path):
    workshop = outside_any_environment(monkeypatch, checker, tmp_path)
    (workshop / "dl_workshop").mkdir()
    [result] = checker.check_environment(packages_missing=4)
    assert result.fix == [f"source {workshop}/dl_workshop/bin/activate", f"python {workshop}/check_setup.py"]
    assert_works_in_a_new_terminal(checker, result.fix)
    monkeypatch.setattr(checker, "is_windows", lambda: True)
    [result] = checker.check_environment(packages_missing=4)
    assert result.fix == [os.path.join(str(workshop), "dl_workshop", "Scripts", "activate"),
                          f"python {workshop}/check_setup.py"]


def test_outside_the_environment_without_conda_or_a_virtual_environment(checker, monkeypatch, tmp_path):
    workshop = outside_any_environment(monkeypatch, checker, tmp_path)
    [result] = checker.check_environment(packages_missing=10)
    pip = "python -m pip install " + " ".join(f'"{r}"' for r in learner_pip(ROOT))
    assert result.fix == [f"/usr/bin/python3 -m venv {workshop}/dl_workshop",
                          f"source {workshop}/dl_workshop/bin/activate", pip, f"python {workshop}/check_setup.py"]
    assert_works_in_a_new_terminal(checker, result.fix)


def test_outside_the_environment_packages_are_not_fixed_with_the_systems_pip(checker, monkeypatch, tmp_path):
    """Problem 1 is the environment; package problems become one note, and the datasets' fixes activate first."""
    workshop = outside_any_environment(monkeypatch, checker, tmp_path)
    fake_versions(monkeypatch, checker, seaborn=None, keras="3.0.0")
    monkeypatch.setattr(checker, "check_keras", lambda: pytest.fail("Keras is checked although it is too old"))
    out = io.StringIO()
    results = checker.run_checks(out=out)
    failures = [r for r in results if r.failed]
    assert failures[0].problem.startswith("This Python (/usr/bin/python3) is not in the workshop's environment")
    assert not any("seaborn" in (r.problem or "") for r in failures)
    text = out.getvalue()
    assert text.index("not in the workshop's environment") < text.index("Python 3.")  # said first
    assert "NOTE  missing or outdated in this Python: keras, seaborn (the environment of problem 1 has them)" in text
    weather = next(r for r in failures if "weather dataset" in r.problem)
    assert weather.fix == [f"source {workshop}/dl_workshop/bin/activate",
                           f"python {workshop}/check_setup.py --download"]
    for r in failures:
        assert_works_in_a_new_terminal(checker, r.fix)


def test_fixes_inside_an_environment_use_its_python_by_full_path(checker, monkeypatch, tmp_path):
    """`python -m pip` typed in a new terminal reaches the system's Python (externally-managed-environment on
    Debian, Ubuntu and Homebrew): the checker names the environment's own Python instead."""
    monkeypatch.setattr(checker.sys, "executable", "/home/ada/deep learning/dl_workshop/bin/python")
    fake_versions(monkeypatch, checker, seaborn=None)
    result = checker.check_package("seaborn", ">=0.13,<0.14", "seaborn")
    assert result.fix == ["'/home/ada/deep learning/dl_workshop/bin/python' -m pip install \"seaborn>=0.13,<0.14\""]
    assert_works_in_a_new_terminal(checker, result.fix)
    monkeypatch.setattr(checker, "is_windows", lambda: True)
    monkeypatch.setattr(checker.sys, "executable", r"C:\Users\Ada Lovelace\miniforge3\envs\dl_workshop\python.exe")
    assert checker.pip_install("seaborn>=0.13,<0.14") == (
        r'"C:\Users\Ada Lovelace\miniforge3\envs\dl_workshop\python.exe" -m pip install "seaborn>=0.13,<0.14"')
    assert checker.delete_command(r"C:\Users\Ada Lovelace\.keras\datasets\x.csv") == (
        r'del "C:\Users\Ada Lovelace\.keras\datasets\x.csv"')


def test_python_too_old_creates_the_environment_with_the_tested_python(checker, monkeypatch, tmp_path):
    workshop = outside_any_environment(monkeypatch, checker, tmp_path)
    result = checker.check_python((3, 9, 1, "final", 0))
    assert result.fix[:2] == [f"python3.11 -m venv {workshop}/dl_workshop", f"source {workshop}/dl_workshop/bin/activate"]
    assert result.fix[-1] == f"python {workshop}/check_setup.py"
    assert_works_in_a_new_terminal(checker, result.fix)
    monkeypatch.setattr(checker, "is_windows", lambda: True)
    assert checker.check_python((3, 9, 1, "final", 0)).fix[0].startswith("py -3.11 -m venv ")
    monkeypatch.setattr(checker, "conda_root", lambda: str(tmp_path))
    assert checker.check_python((3, 9, 1, "final", 0)).fix[1:3] == [
        f"conda env create -f {workshop}/environment.yml", "conda activate dl_workshop"]


def test_printed_commands_work_in_a_new_terminal(tmp_path):
    """Run the checker with a Python outside any environment, then run the commands of its first problem
    in a new shell, as printed (all but the pip install, which needs the network)."""
    python = Path(sys.base_prefix) / "bin" / "python3"
    if sys.platform == "win32" or not python.exists():
        pytest.skip("runs the printed bash commands with the Python this venv was made from (Linux and macOS)")
    workshop = tmp_path / "deep learning"  # a space, as in many home folders
    workshop.mkdir()
    (workshop / "check_setup.py").write_bytes(CHECKER.read_bytes())
    home = tmp_path / "home"
    home.mkdir()
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(home), "KERAS_HOME": str(home / ".keras"), "PYTHONPATH": str(ROOT)}
    code = ("import runpy, sys; from lessonkit.kernel import block_network; block_network(None); "
            "sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__')")
    proc = subprocess.run([str(python), "-c", code, str(workshop / "check_setup.py")],
                          cwd=home, env=clean, capture_output=True, text=True, timeout=120)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    first = out.split(" problems to fix:\n", 1)[1].split("\n  2. ", 1)[0]
    fixes = [line.split("Fix: ", 1)[1] for line in first.splitlines() if "Fix: " in line]
    assert "is not in the workshop's environment dl_workshop" in first, out
    assert fixes[0].startswith(f"{python} -m venv ") and fixes[1].startswith("source "), fixes
    assert fixes[2].startswith("python -m pip install ") and fixes[3].startswith("python "), fixes
    script = "\n".join([fixes[0], fixes[1], "python -c 'import sys; print(sys.prefix)'"])
    shell = subprocess.run(["bash", "--norc", "--noprofile", "-e", "-c", script], cwd=home, env=clean,
                           capture_output=True, text=True, timeout=120)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.strip() == str(workshop / "dl_workshop")


# --- end to end ------------------------------------------------------------------------------


def test_checker_end_to_end(tmp_path):
    """Run the downloaded file as a learner would, with an empty Keras cache and no network.

    The weather file is put in the cache first (as if downloaded earlier); CIFAR-10 is not, so
    --download must try to fetch it with the lesson's own call and report the failure."""
    keras_home = tmp_path / "keras-home"
    (keras_home / "datasets").mkdir(parents=True)
    write_weather_like(keras_home / "datasets" / "weather_prediction_dataset.csv")
    (keras_home / "models").mkdir()
    with open(keras_home / "models" / "mobilenet_2_5_224_tf_no_top.h5", "wb") as f:  # the right size
        f.truncate(load_checker().MOBILENET_BYTES)
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
    assert re.search(r"OK +mobilenet: downloaded", out), out
    assert "Downloading the CIFAR-10 dataset from www.cs.toronto.edu failed" in out, out
    assert "The CIFAR-10 dataset is not downloaded yet" in out, out
    assert "2 problems to fix:" in out, out
    assert out.count("check_setup.py --download") >= 2, out
    assert not (keras_home / "datasets" / "cifar-10-batches-py-target_archive").exists()
