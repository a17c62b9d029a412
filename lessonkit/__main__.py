"""Command line: `python -m lessonkit COMMAND` (normally through ./lesson)."""
from __future__ import annotations

import argparse
import os
import sys

from .data import ROOT, DataError
from .lesson import ConfigError
from .markdown import PageError


def cmd_test(args: list[str]) -> int:
    import pytest

    os.chdir(ROOT)
    return pytest.main(args)


def _tool(module: str, prog: str, args: list[str]) -> int:
    """A command whose module follows the CLI contract: configure(parser) and run(args) -> int."""
    import importlib

    tool = importlib.import_module(f"lessonkit.{module}")
    parser = argparse.ArgumentParser(prog=f"./lesson {prog}")
    tool.configure(parser)
    return tool.run(parser.parse_args(args))


def cmd_run(args: list[str]) -> int:
    return _tool("runner", "run", args)


def cmd_figures(args: list[str]) -> int:
    return _tool("figures", "figures", args)


def cmd_budget(args: list[str]) -> int:
    return _tool("budget", "budget", args)


def cmd_lint(args: list[str]) -> int:
    argparse.ArgumentParser(prog="./lesson lint",
                            description="Check the lesson against the Workbench format; "
                                        "print each problem as file:line [rule] message.").parse_args(args)
    from .lint import lint_lesson

    problems = lint_lesson()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_bench(args) -> int:
    return _tool("bench", "bench", args)


def cmd_preview(args) -> int:
    from .preview import main

    return main(args)


def cmd_notebooks(args) -> int:
    from .notebooks import main

    return main(args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        print("commands: test [pytest args] | run PAGE... | lint | bench [--out DIR] [PAGE...] | "
              "preview [--no-serve] [--port N] | notebooks [--check] | figures PAGE... | budget [PAGE...]")
        return 0
    command, rest = argv[0], argv[1:]
    commands = {"test": cmd_test, "run": cmd_run, "lint": cmd_lint, "bench": cmd_bench, "preview": cmd_preview,
                "notebooks": cmd_notebooks, "figures": cmd_figures, "budget": cmd_budget}
    if command not in commands:
        print(f"unknown command {command!r}; try ./lesson --help", file=sys.stderr)
        return 2
    try:
        return commands[command](rest)
    except (PageError, DataError, ConfigError) as e:  # a problem with the lesson's files, not a bug
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
