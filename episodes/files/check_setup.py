#!/usr/bin/env python3
"""Setup checker for the lesson "Introduction to deep learning".

Run it with the same Python you will use in the workshop (after activating the workshop's
conda environment or virtual environment):

    python check_setup.py              check everything (takes up to a minute)
    python check_setup.py --download   also download the datasets now, so the workshop
                                       works on a slow or unreliable network

It checks Python and every package against the versions the lesson needs, reports the Keras
backend and the device (CPU or GPU), trains a tiny neural network for about a second, and
checks that each dataset is either already downloaded or can be downloaded. For every problem it
prints one sentence saying what is wrong and the exact command that fixes it.

Exit status: 0 when everything is ready, 1 when something needs fixing.

This file is part of the lesson (https://github.com/carpentries-incubator/deep-learning-intro)
and, like all of the lesson's code, is released under the MIT license.
"""
from __future__ import print_function  # so that Python 2 gets as far as the version check

import argparse
import os
import platform
import re
import shutil
import sys
import time

LESSON = "Introduction to deep learning"
SETUP_PAGE = "https://carpentries-incubator.github.io/deep-learning-intro/#setup"

# What the lesson needs. The lesson's environment.yml says the same thing;
# tests/test_setup_checker.py checks that the two agree. This file is downloaded on its own, so it
# cannot read environment.yml.
PYTHON_TESTED = "3.11"  # environment.yml: python=3.11
PYTHON_OLDEST = (3, 10)  # oldest Python that the package versions below still support
PYTHON_NEWEST = (3, 13)  # newest Python that they support
ENVIRONMENT_NAME = "dl_workshop"  # environment.yml: name

# (package as pip knows it, versions the lesson works with, module to import or None)
REQUIREMENTS = [
    ("tensorflow", ">=2.18,<2.22", "tensorflow"),
    ("keras", ">=3.8,<4", "keras"),
    ("numpy", ">=1.26,<3", "numpy"),
    ("pandas", ">=2.2,<4", "pandas"),
    ("matplotlib", ">=3.8,<4", "matplotlib"),
    ("seaborn", ">=0.13,<0.14", "seaborn"),
    ("scikit-learn", ">=1.5,<2", "sklearn"),
    ("palmerpenguins", ">=0.1.6,<0.2", "palmerpenguins"),
    ("pillow", ">=10", "PIL"),
    ("jupyter", ">=1.0,<2", None),
]

# Other names under which pip installs the same module (the CPU-only build, older platform builds).
ALTERNATIVES = {"tensorflow": ("tensorflow-cpu", "tensorflow-intel", "tensorflow-macos")}

# The datasets, loaded exactly as the lesson loads them (see download_dataset()).
WEATHER_URL = "https://zenodo.org/record/4980359/files/weather_prediction_dataset.csv"
WEATHER_FILE = "weather_prediction_dataset.csv"
WEATHER_ROWS = 3654
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_ARCHIVE = "cifar-10-batches-py-target_archive"  # the download, as Keras 3 names it
CIFAR10_FOLDER = "cifar-10-batches-py-target"  # where Keras 3 extracts it
CIFAR10_BYTES = 170498071
PENGUINS_ROWS = 344
DATASETS = ("weather", "cifar10", "penguins")

NETWORK_TIMEOUT = 5.0  # seconds to wait for a server before calling it unreachable


# --------------------------------------------------------------------------------------------
# Results


class Result:
    """One line of the report. status is 'ok', 'note' (information) or 'fail'.

    A failure carries `problem` (one plain sentence) and `fix` (the command or commands that fix
    it)."""

    def __init__(self, status, text, problem=None, fix=None):
        self.status = status
        self.text = text
        self.problem = problem
        self.fix = [fix] if isinstance(fix, str) else list(fix or [])

    @property
    def failed(self):
        return self.status == "fail"

    def __repr__(self):
        return "Result(%r, %r, problem=%r, fix=%r)" % (self.status, self.text, self.problem, self.fix)


def ok(text):
    return Result("ok", text)


def note(text):
    return Result("note", text)


def fail(problem, fix, text=None):
    return Result("fail", text or problem, problem=problem, fix=fix)


# --------------------------------------------------------------------------------------------
# Versions (no third-party packages: this must run before anything is installed)


def parse_version(text):
    """'2.18.0' -> (2, 18, 0); '2.19.0rc1' -> (2, 19, 0); '1.5.post1' -> (1, 5)."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", str(text))
    if not match:
        raise ValueError("not a version: %r" % (text,))
    return tuple(int(part) for part in match.group(1).split("."))


def _compare(a, b):
    width = max(len(a), len(b))
    a = a + (0,) * (width - len(a))
    b = b + (0,) * (width - len(b))
    return (a > b) - (a < b)


_OPERATORS = {
    ">=": lambda c: c >= 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    "<": lambda c: c < 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
}


def unmet_clause(version, spec):
    """The first clause of `spec` (like '>=2.18,<2.22') that `version` does not meet, or None."""
    have = parse_version(version)
    for clause in spec.split(","):
        clause = clause.strip()
        if not clause:
            continue
        match = re.match(r"(>=|<=|==|!=|>|<)\s*(\S+)$", clause)
        if not match:
            raise ValueError("cannot read the version range %r" % (spec,))
        operator, bound = match.groups()
        if not _OPERATORS[operator](_compare(have, parse_version(bound))):
            return clause
    return None


def satisfies(version, spec):
    return unmet_clause(version, spec) is None


def installed_version(distribution):
    """The installed version of a package as pip names it, or None if it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def find_distribution(name):
    """(name actually installed, version) for a requirement, also trying alternative names."""
    for candidate in (name,) + ALTERNATIVES.get(name, ()):
        version = installed_version(candidate)
        if version is not None:
            return candidate, version
    return name, None


# --------------------------------------------------------------------------------------------
# Where we are running, and the commands that fix things there


def which(program):
    finder = getattr(shutil, "which", None)  # missing in Python 2
    return finder(program) if finder else None


def in_colab():
    return "google.colab" in sys.modules or any(key.startswith("COLAB_") for key in os.environ)


def is_windows():
    return os.name == "nt"


def is_intel_mac():
    return sys.platform == "darwin" and platform.machine() in ("x86_64", "i386")


def python_command():
    """How the learner can start this same Python from their terminal."""
    for name in ("python", "python3"):
        found = which(name)
        if found and os.path.normcase(os.path.abspath(found)) == os.path.normcase(os.path.abspath(sys.executable)):
            return name
    executable = sys.executable or "python"
    return '"%s"' % executable if " " in executable else executable


def pip_install(*requirements, **options):
    extra = options.get("extra", "")
    quoted = " ".join('"%s"' % r for r in requirements)
    if in_colab():
        return "%%pip install %s%s" % (extra, quoted)
    return "%s -m pip install %s%s" % (python_command(), extra, quoted)


def requirement(name):
    for dist, spec, _module in REQUIREMENTS:
        if dist == name:
            return dist + spec
    raise KeyError(name)


def checker_command(*options):
    return " ".join([python_command(), "check_setup.py"] + list(options))


def in_conda():
    return bool(os.environ.get("CONDA_PREFIX")) or os.path.isdir(os.path.join(sys.prefix, "conda-meta"))


def in_virtualenv():
    return sys.prefix != getattr(sys, "base_prefix", sys.prefix)


def set_variable_command(name, value):
    if is_windows():
        return "set %s=%s" % (name, value)
    return "export %s=%s" % (name, value)


# --------------------------------------------------------------------------------------------
# Checks


def check_environment():
    """A hint when the checker runs outside any environment (the most common cause of trouble)."""
    if in_colab():
        return [note("running in Google Colab: packages Colab lacks are installed with %pip in a notebook cell")]
    if in_conda():
        name = os.environ.get("CONDA_DEFAULT_ENV") or os.path.basename(sys.prefix)
        if name == "base":
            return [note("you are in conda's base environment; the workshop uses its own: conda activate %s"
                         % ENVIRONMENT_NAME)]
        return [ok("conda environment: %s" % name)]
    if in_virtualenv():
        return [ok("virtual environment: %s" % sys.prefix)]
    return [note("not inside a conda or virtual environment; if you made one for the workshop, activate it "
                 "and run this checker again")]


def check_python(version_info=None):
    info = version_info or sys.version_info
    have = tuple(info[:2])
    text = "%d.%d.%d" % tuple(info[:3])
    if PYTHON_OLDEST <= have <= PYTHON_NEWEST:
        if "%d.%d" % have == PYTHON_TESTED:
            return ok("Python %s" % text)
        return ok("Python %s (the lesson is tested with Python %s; %s works too)" % (text, PYTHON_TESTED, text))
    direction = "too old" if have < PYTHON_OLDEST else "too new"
    problem = ("Python %s is %s for the lesson's packages, which need Python %d.%d to %d.%d (%s recommended)."
               % (text, direction, PYTHON_OLDEST[0], PYTHON_OLDEST[1], PYTHON_NEWEST[0], PYTHON_NEWEST[1],
                  PYTHON_TESTED))
    if in_colab():
        fix = "Runtime > Change runtime type, pick the default Python, then run this checker again"
    elif in_conda() or which("conda"):
        fix = ["conda env create -f environment.yml", "conda activate %s" % ENVIRONMENT_NAME]
    elif is_windows():
        fix = ["py -%s -m venv %s" % (PYTHON_TESTED, ENVIRONMENT_NAME), r"%s\Scripts\activate" % ENVIRONMENT_NAME]
    else:
        fix = ["python%s -m venv %s" % (PYTHON_TESTED, ENVIRONMENT_NAME), "source %s/bin/activate" % ENVIRONMENT_NAME]
    return fail(problem, fix)


def try_import(module):
    """None if `module` imports, else 'ErrorType: message'."""
    import importlib

    try:
        importlib.import_module(module)
    except Exception as error:  # any failure while importing is a broken installation
        message = str(error).strip().splitlines()
        return "%s: %s" % (type(error).__name__, message[0] if message else "")
    return None


def check_package(name, spec, module):
    found, version = find_distribution(name)
    want = name + spec
    if version is None:
        if name == "jupyter" and in_colab():
            return ok("jupyter: not needed in Colab (Colab is the notebook)")
        if name == "tensorflow" and is_intel_mac():
            return fail("TensorFlow is not installed, and Google publishes no TensorFlow %s for Intel Macs "
                        "(the last was 2.16)." % spec.replace(",", " and "),
                        "use Google Colab for the workshop (see the section 'Working in the cloud' of %s)"
                        % SETUP_PAGE)
        return fail("%s is not installed." % name, pip_install(want))
    clause = unmet_clause(version, spec)
    label = name if found == name else "%s (installed as %s)" % (name, found)
    if clause is not None:
        too = "too old" if clause.startswith(">") else "too new" if clause.startswith("<") else "not supported"
        return fail("%s %s is %s: the lesson needs %s %s." % (label, version, too, name, spec),
                    pip_install(want))
    if module is not None:
        error = try_import(module)
        if error is not None:
            return fail("%s %s is installed but cannot be imported (%s)." % (label, version, error),
                        pip_install(want, extra="--force-reinstall "))
    return ok("%s %s" % (label, version))


def check_packages():
    results = [check_package(name, spec, module) for name, spec, module in REQUIREMENTS]
    failed = [name for (name, _spec, _m), r in zip(REQUIREMENTS, results) if r.failed]
    if len(failed) > 1 and not (is_intel_mac() and "tensorflow" in failed):
        results.append(note("to fix all packages at once: "
                            + pip_install(*[requirement(name) for name in failed])))
    return results


def describe_device(keras):
    """'CPU' or 'GPU (...)', asked of the backend Keras uses."""
    backend = keras.backend.backend()
    if backend == "torch":
        import torch

        if torch.cuda.is_available():
            return "GPU (%s)" % torch.cuda.get_device_name(0)
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "GPU (Apple silicon, MPS)"
        return "CPU"
    devices = keras.distribution.list_devices()
    gpus = [d for d in devices if not d.lower().startswith("cpu")]
    return "GPU (%s)" % ", ".join(gpus) if gpus else "CPU"


def check_keras():
    """Backend and device."""
    try:
        import keras
    except Exception as error:
        return [fail("Keras cannot be imported (%s: %s), so the backend and the training were not checked."
                     % (type(error).__name__, str(error).strip().splitlines()[0] if str(error).strip() else ""),
                     pip_install(requirement("tensorflow"), requirement("keras"), extra="--force-reinstall "))]
    backend = keras.backend.backend()
    results = []
    if backend == "tensorflow":
        results.append(ok("Keras %s with the tensorflow backend" % keras.__version__))
    else:
        results.append(note("Keras %s with the %s backend: the lesson is tested with tensorflow, "
                            "and its code also runs on %s" % (keras.__version__, backend, backend)))
    try:
        device = describe_device(keras)
    except Exception as error:
        device = "unknown (%s)" % type(error).__name__
    if device == "CPU":
        results.append(ok("device: CPU (no GPU found; every exercise of the lesson runs on a CPU)"))
    else:
        results.append(ok("device: %s" % device))
    return results


def train_tiny_model():
    """Train a tiny network on made-up data; return (seconds, first loss, last loss)."""
    import keras
    import numpy as np

    keras.utils.set_random_seed(42)
    rng = np.random.default_rng(42)
    features = rng.normal(size=(512, 4)).astype("float32")
    labels = (features[:, 0] + features[:, 1] > 0).astype("float32")
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(features, labels, epochs=5, batch_size=32, verbose=0)
    seconds = time.perf_counter() - start
    losses = history.history["loss"]
    return seconds, float(losses[0]), float(losses[-1])


def check_training():
    try:
        seconds, first, last = train_tiny_model()
    except Exception as error:
        message = str(error).strip().splitlines()
        problem = "Keras could not train a tiny model (%s: %s)." % (type(error).__name__,
                                                                     message[0] if message else "")
        import keras

        if keras.backend.backend() != "tensorflow":
            return [fail(problem, set_variable_command("KERAS_BACKEND", "tensorflow"))]
        return [fail(problem, pip_install(requirement("tensorflow"), requirement("keras"),
                                          extra="--force-reinstall "))]
    if not (first == first and last == last) or last >= first:  # NaN, or no learning
        return [fail("Keras trained a tiny model but its loss did not go down (%.3f -> %.3f)." % (first, last),
                     pip_install(requirement("tensorflow"), requirement("keras"), extra="--force-reinstall "))]
    results = [ok("trained a tiny model in %.1f s (loss %.3f -> %.3f)" % (seconds, first, last))]
    if seconds > 30:
        results.append(note("training was slow on this computer; if the lesson's exercises feel slow, "
                            "Google Colab is a free alternative (see the setup page)"))
    return results


# --------------------------------------------------------------------------------------------
# Datasets


def keras_home():
    """The folder Keras caches downloads in, found the way Keras itself finds it."""
    if os.environ.get("KERAS_HOME"):
        base = os.environ["KERAS_HOME"]
    else:
        home = os.path.expanduser("~")
        base = os.path.join(home if os.access(home, os.W_OK) else "/tmp", ".keras")
    base = os.path.expanduser(base)
    if os.path.exists(base) and not os.access(base, os.W_OK):
        import tempfile

        base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return base


def datasets_dir():
    return os.path.join(keras_home(), "datasets")


def dataset_url(name):
    return {"weather": WEATHER_URL, "cifar10": CIFAR10_URL}[name]


def cached_problem(name):
    """(cached path or None, problem with what is there or None)."""
    if name == "weather":
        path = os.path.join(datasets_dir(), WEATHER_FILE)
        if not os.path.isfile(path):
            return None, None
        with open(path, encoding="utf-8", errors="replace") as f:
            header = f.readline()
            rows = sum(1 for line in f if line.strip())
        if not header.startswith("DATE") or rows != WEATHER_ROWS:
            return path, "has %d rows instead of %d" % (rows, WEATHER_ROWS)
        return path, None
    if name == "cifar10":
        path = os.path.join(datasets_dir(), CIFAR10_ARCHIVE)
        if not os.path.isfile(path):
            return None, None
        size = os.path.getsize(path)
        if size != CIFAR10_BYTES:
            return path, "is %d bytes instead of %d" % (size, CIFAR10_BYTES)
        return path, None
    raise KeyError(name)


def unreachable_reason(url, timeout=NETWORK_TIMEOUT):
    """None if the server that hosts `url` answers, else a short reason why it does not.

    Asks for the first byte only, so nothing is downloaded."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Range": "bytes=0-0", "User-Agent": "check_setup.py"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as error:
        return "the server answered HTTP %s %s" % (error.code, error.reason)
    except urllib.error.URLError as error:
        return describe_network_error(error.reason)
    except Exception as error:  # timeouts and other socket errors
        return describe_network_error(error)


def describe_network_error(reason):
    """A short, plain reason for a failed connection."""
    import socket

    text = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    if isinstance(reason, str):
        return reason
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "certificate verification failed"
    if isinstance(reason, socket.gaierror):
        return "no network: the server's name cannot be looked up"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "no answer within %d seconds" % NETWORK_TIMEOUT
    if len(text) > 120:
        text = text[:117] + "..."
    return "%s: %s" % (type(reason).__name__, text)


def host_of(url):
    return url.split("/")[2]


def network_advice(reason):
    if reason == "certificate verification failed":
        return "Python cannot check the server's certificate"
    return "connect to a working network and download it"


def network_fix(reason):
    if reason == "certificate verification failed":
        if sys.platform == "darwin" and not in_conda():
            first = 'open "/Applications/Python %d.%d/Install Certificates.command"' % sys.version_info[:2]
        else:
            first = pip_install("certifi", extra="--upgrade ")
        return [first, checker_command("--download")]
    return checker_command("--download")


def size_text(path):
    return "%.1f MB" % (os.path.getsize(path) / 1e6)


def check_dataset(name):
    if name == "penguins":
        return check_penguins()
    what = {"weather": "The weather dataset", "cifar10": "The CIFAR-10 dataset"}[name]
    path, problem = cached_problem(name)
    if path is not None and problem is None:
        return ok("%s: downloaded (%s, %s)" % (name, path, size_text(path)))
    if problem is not None:
        return fail("%s in the Keras cache is incomplete: %s %s." % (what, path, problem),
                    [delete_command(path), checker_command("--download")])
    url = dataset_url(name)
    reason = unreachable_reason(url)
    if reason is None:
        return note("%s: not downloaded yet, but %s answers, so the lesson can download it; to download it "
                    "now: %s" % (name, host_of(url), checker_command("--download")))
    return fail("%s is not downloaded yet (nothing in %s) and %s cannot be reached (%s): %s."
                % (what, datasets_dir(), host_of(url), reason, network_advice(reason)), network_fix(reason))


def delete_command(path):
    if is_windows():
        return 'del "%s"' % path
    return 'rm "%s"' % path


def check_penguins():
    if installed_version("palmerpenguins") is None:
        return note("penguins: not checked, because palmerpenguins is not installed (see above)")
    try:
        import palmerpenguins

        rows = len(palmerpenguins.load_penguins())
    except Exception as error:
        return fail("The penguins dataset cannot be loaded from palmerpenguins (%s: %s)."
                    % (type(error).__name__, error), pip_install(requirement("palmerpenguins"),
                                                                 extra="--force-reinstall "))
    if rows != PENGUINS_ROWS:
        return fail("The penguins dataset has %d rows instead of %d." % (rows, PENGUINS_ROWS),
                    pip_install(requirement("palmerpenguins"), extra="--force-reinstall "))
    return ok("penguins: %d rows, installed with the palmerpenguins package" % rows)


def download_dataset(name):
    """Download a dataset with exactly the call the lesson uses; Keras caches it."""
    import keras

    if name == "weather":
        keras.utils.get_file(
            "weather_prediction_dataset.csv",
            "https://zenodo.org/record/4980359/files/weather_prediction_dataset.csv",
        )
    elif name == "cifar10":
        keras.datasets.cifar10.load_data()


def download_datasets():
    results = []
    for name in ("weather", "cifar10"):
        path, problem = cached_problem(name)
        if path is not None and problem is None:
            continue
        if problem is not None:
            os.remove(path)
        print("Downloading the %s dataset into %s ..." % (name, datasets_dir()))
        sys.stdout.flush()
        try:
            download_dataset(name)
        except ImportError as error:
            results.append(fail("The datasets cannot be downloaded because Keras cannot be imported (%s)." % error,
                                pip_install(requirement("tensorflow"), requirement("keras"))))
            break
        except Exception as error:
            reason = describe_network_error(getattr(error, "reason", error))
            results.append(fail("Downloading the %s dataset from %s failed (%s): %s."
                                % (name, host_of(dataset_url(name)), reason, network_advice(reason)),
                                network_fix(reason)))
    return results


# --------------------------------------------------------------------------------------------
# Report


LABELS = {"ok": "  OK    ", "note": "  NOTE  ", "fail": "  FAIL  "}


def section(title, results, out):
    print(title, file=out)
    for result in results:
        print(LABELS[result.status] + result.text, file=out)
    print(file=out)
    return results


def run_checks(download=False, out=None):
    """Run every check, print the report, and return the list of results."""
    out = out or sys.stdout
    results = []
    print('Checking this computer for the lesson "%s"' % LESSON, file=out)
    print("(%s, %s %s; Python at %s)\n" % (platform.platform(terse=True), platform.system(), platform.machine(),
                                           sys.executable), file=out)
    python = check_python()
    if python.failed:  # packages for another Python would not help: fix Python first
        return section("Python", check_environment() + [python], out)
    packages = check_packages()
    results += section("Python and packages", check_environment() + [python] + packages, out)
    if any(r.failed for r, (name, _s, _m) in zip(packages, REQUIREMENTS) if name in ("tensorflow", "keras")):
        keras_results = [note("not checked until TensorFlow and Keras are installed (see above)")]
    else:
        keras_results = check_keras()
        if not any(r.failed for r in keras_results):
            keras_results += check_training()
    results += section("Keras", keras_results, out)
    if download:
        for result in download_datasets():
            print(LABELS[result.status] + result.text, file=out)
            results.append(result)
    results += section("Datasets (cached in %s)" % datasets_dir(), [check_dataset(name) for name in DATASETS],
                       out)
    return results


def report(results, out=None):
    out = out or sys.stdout
    problems = [r for r in results if r.failed]
    if not problems:
        print("All checks passed: this computer is ready for the workshop.", file=out)
        return 0
    print("%d problem%s to fix:" % (len(problems), "" if len(problems) == 1 else "s"), file=out)
    for number, result in enumerate(problems, 1):
        print("  %d. %s" % (number, result.problem), file=out)
        for command in result.fix:
            print("     Fix: %s" % command, file=out)
    print("\nRun this checker again after these fixes. If a problem stays, send the whole output of this "
          "checker to your instructors.", file=out)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check that this computer is ready for the lesson '%s'." % LESSON)
    parser.add_argument("--download", action="store_true",
                        help="download the datasets now (about 175 MB) into the Keras cache")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's start-up messages
    return report(run_checks(download=args.download))


if __name__ == "__main__":
    sys.exit(main())
