"""The command line: `./lesson COMMAND` (or `lesson COMMAND` once lessonkit is installed with pip,
or `python -m lessonkit COMMAND`). `./lesson help` lists every command and option.

Exit status of every command: 0 ok; 1 problems found (a check failed, a page is broken, a file
is out of date, data is still missing); 2 usage or set-up error (a bad option, a file named on
the command line that does not exist, a missing environment, a bad LESSON_DATA_MIRROR).

Each command lives in a tool module that exposes `configure(parser)` (adds its options) and
`run(args) -> int`. Modules that still have only `main(argv)` are wrapped by the adapters below.
Only the standard library is imported here, so that help works in any environment.
"""
from __future__ import annotations

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
    "bench": ("lessonkit.bench", "time every block; write bench/report.md and bench/report.json"),
    "preview": ("lessonkit.preview", "build the lesson website into site/preview/ and serve it"),
    "notebooks": ("lessonkit.notebooks", "write each episode as a notebook and a script (episodes/files/)"),
    "figures": ("lessonkit.figures", "write the figures a page draws to episodes/fig/"),
    "data": ("lessonkit.data", "download the datasets and weights into the offline mirror"),
    "budget": ("lessonkit.budget", "typed code per episode minute, against the lesson's budget"),
}
FULL = ("test", "run", "bench", "figures")


# --- test and run ------------------------------------------------------------------------------


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


def configure_run(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Execute every Python block of each PAGE in a fresh kernel, print its real output "
                          "and every mismatch with what the page shows.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="a lesson page, e.g. episodes/02-penguins.md")


def run_run(args: argparse.Namespace) -> int:
    from .lesson import page_arguments
    from .runner import run_page

    def show(res):
        b = res.block
        print(f"--- {b.line}: {res.status} in {res.seconds:.1f} s" + (f" [{', '.join(b.divs)}]" if b.divs else ""))
        if res.stdout.strip():
            print(res.stdout.rstrip())
        if res.error:
            print(f"[raised] {res.error}")

    status = 0
    for path in page_arguments(args.parser, args.pages):
        result = run_page(path, on_block=show)
        print()
        for p in result.problems:
            print(p, end="\n\n")
        for w in result.warnings:
            print("warning:", w)
        print(result.summary())
        status |= 0 if result.ok else 1
    return status


def run_lint(args: argparse.Namespace) -> int:
    from .lint import lint_lesson

    problems = lint_lesson()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


# --- adapters around main(argv) ------------------------------------------------------------------


def adapter(module: str, description: str, *options: tuple) -> tuple:
    """(configure, run) for a module that has `main(argv)`: the same options, passed on as argv."""

    def configure(parser):
        parser.description = description
        for flags, kw in options:
            parser.add_argument(*flags, **kw)

    def run(args):
        argv = []
        for flags, kw in options:
            value = getattr(args, flags[-1].lstrip("-").replace("-", "_"))
            if not flags[0].startswith("-"):
                argv += value
            elif kw.get("action") == "store_true":
                argv += [flags[0]] * value
            elif value is not None:
                argv += [flags[0], str(value)]
        return importlib.import_module(module).main(argv)

    return configure, run


PAGES = (["pages"], dict(nargs="*", metavar="PAGE", help="pages (default: every episode)"))
ADAPTERS = {
    "test": (configure_test, run_test),
    "run": (configure_run, run_run),
    "lint": (lambda p: setattr(p, "description", "Check the lesson against the Workbench format; print each "
                                                 "problem as file:line [rule] message."), run_lint),
    "bench": adapter("lessonkit.bench", "Execute every page and write a timing report of every block.",
                     PAGES, (["--out"], dict(default="bench", help="folder for report.md and report.json "
                                                                   "(default: bench)")),
                     (["--limit"], dict(type=float, default=60.0, help="seconds a training block may take "
                                                                       "(default 60)"))),
    "preview": adapter("lessonkit.preview", "Build the lesson website from config.yaml with pandoc (no R "
                                            "needed) into site/preview/ and serve it on http://127.0.0.1:PORT/.",
                       (["--no-serve"], dict(action="store_true", help="only build, do not start the web server")),
                       (["--port"], dict(type=int, default=4321, help="port to serve on (default 4321; 0 picks "
                                                                      "a free one)")),
                       (["--out"], dict(default=None, help="output folder (default site/preview)")),
                       (["--strict"], dict(action="store_true", help="exit with status 1 if the build reports "
                                                                     "problems"))),
    "notebooks": adapter("lessonkit.notebooks", "Write every episode as episodes/files/<episode>.ipynb and .py.",
                         (["--check"], dict(action="store_true", help="write nothing; exit with status 1 if a "
                                                                      "generated file is missing or out of date"))),
    "budget": adapter("lessonkit.budget", "Typed characters per minute of each episode's teaching and exercise "
                                          "time, against the budget; exit status 1 if an episode is over it.", PAGES),
}


def tool(name: str) -> tuple:
    """The (configure, run) pair of a command: its module's own, else the adapter above."""
    module = COMMANDS[name][0]
    try:
        mod = importlib.import_module(module) if module != __name__ else None
    except ImportError as e:  # not in this environment, or not written yet
        if name in ADAPTERS:
            return ADAPTERS[name]
        missing = e.name or str(e)
        return (lambda p: setattr(p, "description", f"{COMMANDS[name][1]} (unavailable here: no {missing})"),
                lambda args: _unavailable(name, missing))
    if mod is not None and hasattr(mod, "configure") and hasattr(mod, "run"):
        return mod.configure, mod.run
    return ADAPTERS[name]


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
            p.set_defaults(run=run, parser=p)
    h = sub.add_parser("help", help="show the help of every command, or of one", epilog=EXIT_STATUS)
    h.add_argument("topic", nargs="?", choices=list(COMMANDS), metavar="COMMAND", help="the command to explain")
    return top, subs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    name = argv[0] if argv else None
    if name == "help":
        topic = argv[1:2]
        p, subs = parser(topic or list(COMMANDS))
        if len(argv) > 2 or (topic and topic[0] not in COMMANDS):
            p.parse_args(argv)  # reports the usage error and exits 2
        print("\n\n".join([subs[topic[0]].format_help()] if topic else
                          [p.format_help()] + [subs[c].format_help() for c in COMMANDS]))
        return 0
    p, _ = parser([name] if name in COMMANDS else [])
    if name is None:
        p.print_help(sys.stderr)
        return 2
    if name == "test":
        args, extra = p.parse_known_args(argv)
        args.pytest_args = extra
    else:
        args = p.parse_args(argv)
    from .data import DataError
    from .lesson import ConfigError
    from .markdown import PageError

    try:
        return args.run(args)
    except DataError as e:  # the data is not set up
        print(f"error: {e}", file=sys.stderr)
        return 2
    except (PageError, ConfigError) as e:  # a problem with the lesson's files, not a bug
        print(f"error: {e}", file=sys.stderr)
        return 1
