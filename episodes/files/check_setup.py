#!/usr/bin/env python3
"""Setup checker for the lesson "Introduction to deep learning".

Download it from the lesson's setup page into your workshop folder, next to environment.yml,
and run it with the Python of the workshop's environment (after activating the conda
environment or virtual environment `dl_workshop`):

    python check_setup.py              check everything (takes up to a minute)
    python check_setup.py --download   also download the datasets and pretrained weights now,
                                       so the workshop works on a slow or unreliable network

Run outside that environment, it says so first and prints the commands that create or activate
it. It checks Python and every package against the versions the lesson needs, reports the Keras
backend and the device (CPU or GPU), trains a tiny neural network for about a second, and checks
that each dataset and the pretrained weights are either already downloaded or can be downloaded.
For every problem it prints one sentence saying what is wrong and the exact commands that fix it.
The commands work as printed in a new terminal (Terminal on macOS and Linux, Miniforge Prompt or
Command Prompt on Windows): they name the environment's own Python and the files by their full
paths.

Exit status: 0 when everything is ready, 1 when something needs fixing.

This file is part of the lesson (https://github.com/deep-learning-intro/deep-learning-intro)
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
# The lesson's setup page; tests/test_setup_checker.py checks that it is the site of config.yaml's `source`.
SETUP_PAGE = "https://deep-learning-intro.github.io/deep-learning-intro/#setup"

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
# The pretrained MobileNet of the transfer-learning episode: ImageNet weights, downloaded by
# keras.applications.MobileNet(alpha=0.25, input_shape=(224, 224, 3), include_top=False,
# weights="imagenet") into the "models" folder of the Keras cache.
MOBILENET_URL = ("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
                 "mobilenet_2_5_224_tf_no_top.h5")
MOBILENET_FILE = "mobilenet_2_5_224_tf_no_top.h5"
MOBILENET_BYTES = 2108140
DATASETS = ("weather", "cifar10", "penguins", "mobilenet")

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


def quote(text):
    """A path or argument as a terminal reads it, quoted only where it needs quotes.

    Windows commands are for the Command Prompt and Miniforge Prompt, as on the setup page."""
    if is_windows():
        return '"%s"' % text if re.search(r'[\s&()^%]', text) else text
    if re.match(r"^[\w@%+=:,./-]+$", text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def here():
    """The folder this checker is in: the learner's workshop folder."""
    return os.path.dirname(os.path.abspath(__file__))


def python_command():
    """This Python by its full path, so that a fix works as printed in a new terminal, where no
    environment is active (a bare `python -m pip` there would reach the system's Python)."""
    if in_colab():
        return "python"
    return quote(sys.executable or "python")


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


def checker_commands(*options):
    """The commands that run this checker again, with the workshop's Python."""
    if in_colab():
        return [" ".join(["!python", "check_setup.py"] + list(options))]
    checker = quote(os.path.join(here(), "check_setup.py"))
    if environment_kind() is None:  # activate the environment first, then use its python
        return [activation_command(), " ".join(["python", checker] + list(options))]
    return [" ".join([python_command(), checker] + list(options))]


def checker_command(*options):
    """The last of checker_commands(): the command itself, for use in a sentence."""
    return checker_commands(*options)[-1]


def in_conda():
    """This Python belongs to a conda installation (its base or one of its environments)."""
    return os.path.isdir(os.path.join(sys.prefix, "conda-meta"))


def in_conda_base():
    return in_conda() and os.path.isdir(os.path.join(sys.prefix, "condabin"))


def in_virtualenv():
    return sys.prefix != getattr(sys, "base_prefix", sys.prefix)


def environment_kind():
    """'colab', 'venv', 'conda' (an environment other than conda's base), or None: a Python
    outside any environment (the system's, python.org's, Homebrew's, or conda's base)."""
    if in_colab():
        return "colab"
    if in_virtualenv():
        return "venv"
    if in_conda() and not in_conda_base():
        return "conda"
    return None


def conda_root():
    """The folder conda is installed in, or None if there is no conda."""
    if in_conda_base():
        return sys.prefix
    if in_conda() and os.path.basename(os.path.dirname(sys.prefix)) == "envs":
        return os.path.dirname(os.path.dirname(sys.prefix))
    if os.environ.get("CONDA_EXE"):
        return os.path.dirname(os.path.dirname(os.environ["CONDA_EXE"]))
    found = which("conda")
    return os.path.dirname(os.path.dirname(os.path.realpath(found))) if found else None


def environment_file():
    return os.path.join(here(), "environment.yml")


def venv_folder():
    return os.path.join(here(), ENVIRONMENT_NAME)


def venv_activate_command(folder):
    if is_windows():
        return quote(os.path.join(folder, "Scripts", "activate"))
    return "source " + quote(os.path.join(folder, "bin", "activate"))


def create_conda_commands():
    """Create the workshop's conda environment from environment.yml (downloaded next to this file)."""
    commands = []
    if not os.path.isfile(environment_file()):
        commands.append("download environment.yml from the setup page (%s) into %s" % (SETUP_PAGE, here()))
    return commands + ["conda env create -f %s" % quote(environment_file()), "conda activate %s" % ENVIRONMENT_NAME]


def create_venv_commands(interpreter):
    """Create the workshop's virtual environment next to this file and install the packages."""
    folder = venv_folder()
    return ["%s -m venv %s" % (interpreter, quote(folder)), venv_activate_command(folder),
            "python -m pip install " + " ".join('"%s%s"' % (name, spec) for name, spec, _m in REQUIREMENTS)]


def new_python_command():
    """A Python of the tested version, as the setup page installs it."""
    return "py -%s" % PYTHON_TESTED if is_windows() else "python%s" % PYTHON_TESTED


def activation_command():
    """The command that activates the workshop's environment (once it exists)."""
    if conda_root() is not None:
        return "conda activate %s" % ENVIRONMENT_NAME
    return venv_activate_command(venv_folder())


def activate_commands():
    """The commands that activate the workshop's environment, creating it first if it does not exist.

    Conda if this computer has conda (as the setup page recommends), else a virtual environment
    in the workshop folder."""
    root = conda_root()
    if root is not None:
        if os.path.isdir(os.path.join(root, "envs", ENVIRONMENT_NAME)):
            return [activation_command()]
        return create_conda_commands()
    if os.path.isdir(venv_folder()):
        return [activation_command()]
    supported = PYTHON_OLDEST <= tuple(sys.version_info[:2]) <= PYTHON_NEWEST
    return create_venv_commands(python_command() if supported else new_python_command())


def set_variable_command(name, value):
    if is_windows():
        return "set %s=%s" % (name, value)
    return "export %s=%s" % (name, value)


# --------------------------------------------------------------------------------------------
# Checks


def check_environment(packages_missing=0):
    """Whether this Python is the workshop's environment: checked first, because running outside it
    is the most common cause of trouble. `packages_missing`: how many packages failed here."""
    kind = environment_kind()
    if kind == "colab":
        return [note("running in Google Colab: packages Colab lacks are installed with %pip in a notebook cell")]
    if kind is not None:
        name = os.path.basename(sys.prefix) if kind == "venv" else (
            os.environ.get("CONDA_DEFAULT_ENV") or os.path.basename(sys.prefix))
        label = "virtual environment" if kind == "venv" else "conda environment"
        if name == ENVIRONMENT_NAME:
            return [ok("%s: %s (%s)" % (label, name, sys.prefix))]
        return [note("%s: %s (%s); the setup page calls the workshop's environment %s"
                     % (label, name, sys.prefix, ENVIRONMENT_NAME))]
    where = "conda's base environment" if in_conda_base() else "no conda or virtual environment"
    if not packages_missing:
        return [note("this Python is in %s, but it has every package the lesson needs" % where)]
    return [fail("This Python (%s) is not in the workshop's environment %s (it is in %s), and %d package%s "
                 "the lesson needs %s missing or outdated here: activate the environment, after creating it if "
                 "needed, and run this checker again." % (sys.executable, ENVIRONMENT_NAME, where, packages_missing,
                                                         "" if packages_missing == 1 else "s",
                                                         "is" if packages_missing == 1 else "are"),
                 activate_commands() + [" ".join(["python", quote(os.path.join(here(), "check_setup.py"))])])]


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
    checker = quote(os.path.join(here(), "check_setup.py"))
    if in_colab():
        fix = "Runtime > Change runtime type, pick the default Python, then run this checker again"
    elif conda_root() is not None:
        fix = create_conda_commands() + ["python %s" % checker]
    else:
        fix = create_venv_commands(new_python_command()) + ["python %s" % checker]
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
        results.append(note("Keras %s with the %s backend: the lesson is tested on it too; its pages show "
                            "tensorflow's numbers, so expect yours to differ more" % (keras.__version__, backend)
                            + ("; on a CPU, JAX trains the image models of episodes 5 and 6 several times slower"
                               if backend == "jax" else "")))
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


def models_dir():
    """Where Keras keeps pretrained weights (keras.applications downloads them there)."""
    return os.path.join(keras_home(), "models")


def dataset_url(name):
    return {"weather": WEATHER_URL, "cifar10": CIFAR10_URL, "mobilenet": MOBILENET_URL}[name]


def cache_folder(name):
    return models_dir() if name == "mobilenet" else datasets_dir()


def sized_file_problem(path, size):
    """(path or None, problem or None) for a download that must have exactly `size` bytes."""
    if not os.path.isfile(path):
        return None, None
    have = os.path.getsize(path)
    if have != size:
        return path, "is %d bytes instead of %d" % (have, size)
    return path, None


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
        return sized_file_problem(os.path.join(datasets_dir(), CIFAR10_ARCHIVE), CIFAR10_BYTES)
    if name == "mobilenet":
        return sized_file_problem(os.path.join(models_dir(), MOBILENET_FILE), MOBILENET_BYTES)
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
        return [first] + checker_commands("--download")
    return checker_commands("--download")


def size_text(path):
    return "%.1f MB" % (os.path.getsize(path) / 1e6)


WHAT = {"weather": "The weather dataset", "cifar10": "The CIFAR-10 dataset",
        "mobilenet": "The pretrained MobileNet weights"}


def check_dataset(name):
    if name == "penguins":
        return check_penguins()
    what = WHAT[name]
    path, problem = cached_problem(name)
    if path is not None and problem is None:
        return ok("%s: downloaded (%s, %s)" % (name, path, size_text(path)))
    if problem is not None:
        return fail("%s in the Keras cache %s incomplete: %s %s." % (what, "are" if name == "mobilenet" else "is",
                                                                       path, problem),
                    [delete_command(path)] + checker_commands("--download"))
    url = dataset_url(name)
    reason = unreachable_reason(url)
    if reason is None:
        return note("%s: not downloaded yet, but %s answers, so the lesson can download it; to download it "
                    "now: %s" % (name, host_of(url), checker_command("--download")))
    return fail("%s %s not downloaded yet (nothing in %s) and %s cannot be reached (%s): %s."
                % (what, "are" if name == "mobilenet" else "is", cache_folder(name), host_of(url), reason,
                   network_advice(reason)), network_fix(reason))


def delete_command(path):
    return ("del %s" if is_windows() else "rm %s") % quote(path)


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
    elif name == "mobilenet":
        keras.applications.MobileNet(alpha=0.25, input_shape=(224, 224, 3), include_top=False, weights="imagenet")


def download_datasets():
    results = []
    for name in ("weather", "cifar10", "mobilenet"):
        path, problem = cached_problem(name)
        if path is not None and problem is None:
            continue
        if problem is not None:
            os.remove(path)
        print("Downloading %s into %s ..." % (WHAT[name][0].lower() + WHAT[name][1:], cache_folder(name)))
        sys.stdout.flush()
        try:
            download_dataset(name)
        except ImportError as error:
            fix = (checker_commands("--download") if environment_kind() is None
                   else pip_install(requirement("tensorflow"), requirement("keras")))
            results.append(fail("The datasets cannot be downloaded because Keras cannot be imported (%s)." % error,
                                fix))
            break
        except Exception as error:
            reason = describe_network_error(getattr(error, "reason", error))
            results.append(fail("Downloading %s from %s failed (%s): %s."
                                % (WHAT[name][0].lower() + WHAT[name][1:], host_of(dataset_url(name)), reason,
                                   network_advice(reason)),
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


def outside_environment(packages):
    """The package problems of a Python outside the environment, as one note: problem 1 fixes them."""
    names = [name for (name, _s, _m), r in zip(REQUIREMENTS, packages) if r.failed]
    return note("missing or outdated in this Python: %s (the environment of problem 1 has them)"
                % ", ".join(names))


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
    keras_missing = any(r.failed for r, (name, _s, _m) in zip(packages, REQUIREMENTS)
                        if name in ("tensorflow", "keras"))
    environment = check_environment(sum(1 for r in packages[:len(REQUIREMENTS)] if r.failed))
    if environment[0].failed:  # installing into a Python outside the environment would not help
        packages = [outside_environment(packages[:len(REQUIREMENTS)])]
    results += section("Python and packages", environment + [python] + packages, out)
    if keras_missing:
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
    results += section("Datasets and pretrained weights (Keras cache: %s)" % keras_home(),
                       [check_dataset(name) for name in DATASETS],
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
                        help="download the datasets and the pretrained weights now (about 175 MB) into the "
                             "Keras cache")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's start-up messages
    return report(run_checks(download=args.download))


if __name__ == "__main__":
    sys.exit(main())
