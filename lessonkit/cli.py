"""The command line: `./lesson COMMAND` (or `lesson COMMAND` once lessonkit is installed with pip,
or `python -m lessonkit COMMAND`). `./lesson help` lists every command and option.

Exit status of every command: 0 ok; 1 problems found (a check failed, a page is broken, a file
is out of date, data is still missing); 2 usage or set-up error (a bad option, a file named on
the command line that does not exist, a missing environment, a bad LESSON_DATA_MIRROR).

Each command lives in a tool module that exposes `configure(parser)` (adds its options) and
`run(args) -> int`.
Only the standard library is imported here, so that help works in any environment.
"""
import argparse
import importlib
import os
import sys

EXIT_STATUS = "exit status: 0 ok, 1 problems found, 2 usage or set-up error"
#: name: (module, one-line summary). ./lesson runs FULL ones in the full (TensorFlow) environment.
COMMANDS = {
    "test": ("lessonkit.cli", "run every Python block of the lesson and all checks with pytest (CI runs this)"),
    "run": ("lessonkit.runner", "run pages; print each block's real output and what differs from the page"),
    "lint": ("lessonkit.lint", "check the lesson against the Workbench format (seconds)"),
    "bench": ("lessonkit.bench", "run the pages and write the timing report (bench/report.txt and bench/report.json)"),
    "preview": ("lessonkit.preview", "build the lesson website into site/preview/ and serve it"),
    "notebooks": ("lessonkit.notebooks", "write each episode as a notebook and a script (episodes/files/)"),
    "figures": ("lessonkit.figures", "write the figures a page draws to episodes/fig/"),
    "data": ("lessonkit.data", "download the datasets and weights into the offline mirror"),
    "budget": ("lessonkit.budget", "typed code per episode minute, against the lesson's budget"),
}
FULL = ("test", "run", "bench", "figures")


# --- test --------------------------------------------------------------------------------------


def configure_test(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Run the lesson's tests with pytest: every Python block of every page in a fresh "
                          "kernel, with its outputs checked, and the self-tests of the tooling. Any pytest "
                          "option or test path may follow, e.g. `./lesson test -k penguins -x` "
                          "(`python -m pytest --help` lists them).")
    parser.usage = "%(prog)s [PYTEST OPTIONS AND PATHS]"


def run_test(args: argparse.Namespace) -> int:
    import pytest

    from .lesson import ROOT

    os.chdir(ROOT)
    status = int(pytest.main(args.pytest_args))
    return status if status in (0, 1) else 2  # pytest: 2 interrupted, 3 internal, 4 usage, 5 nothing collected


def tool(name: str) -> tuple:
    """The (configure, run) pair of a command's module, or a stand-by pair that says what is missing."""
    module = COMMANDS[name][0]
    if module == __name__:
        return configure_test, run_test
    try:
        mod = importlib.import_module(module)
    except ImportError as e:  # a command of the full environment, asked in the tooling one
        missing = e.name or str(e)
        return (lambda p: setattr(p, "description", f"{COMMANDS[name][1]} (unavailable here: no {missing})"),
                lambda args: _unavailable(name, missing))
    return mod.configure, mod.run


def _unavailable(name: str, missing: str) -> int:
    print(f"error: ./lesson {name} needs {missing}, which this environment lacks", file=sys.stderr)
    return 2


def parser(configured: list[str]) -> tuple[argparse.ArgumentParser, dict]:
    """The command line and each command's parser, with the options of the commands in `configured`
    (configuring imports their module)."""
    top = argparse.ArgumentParser(prog="./lesson", description=__doc__.split("\n\n")[0], epilog=EXIT_STATUS)
    sub, subs = top.add_subparsers(dest="command", metavar="COMMAND"), {}
    for name, (_, summary) in COMMANDS.items():
        p = subs[name] = sub.add_parser(name, help=summary, description=summary, epilog=EXIT_STATUS)
        if name in configured:
            configure, run = tool(name)
            configure(p)
            p.set_defaults(run=run)
    h = sub.add_parser("help", help="show the help of every command, or of one", epilog=EXIT_STATUS)
    h.add_argument("topic", nargs="?", choices=list(COMMANDS), metavar="COMMAND", help="the command to explain")
    return top, subs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    name = argv[0] if argv else None
    p, subs = parser([c for c in (argv[1:2] or COMMANDS) if c in COMMANDS] if name == "help" else argv[:1])
    if name is None:
        p.print_help(sys.stderr)
        return 2
    args, extra = p.parse_known_args(argv)
    if extra and name != "test":  # only `test` passes options and paths on (to pytest)
        p.error(f"unrecognized arguments: {' '.join(extra)}")  # what parse_args says, exit status 2
    args.pytest_args = extra
    if name == "help":
        print("\n\n".join([subs[args.topic].format_help()] if args.topic else
                          [p.format_help()] + [subs[c].format_help() for c in COMMANDS]))
        return 0
    from .data import DataError
    from .problems import ProblemError

    try:
        return args.run(args)
    except (DataError, ProblemError) as e:  # not a bug: data not set up (2), a broken lesson file (1)
        print(f"error: {e}", file=sys.stderr)
        return 2 if isinstance(e, DataError) else 1
