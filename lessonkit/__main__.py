"""Command line: `python -m lessonkit COMMAND` (normally through ./lesson)."""
from __future__ import annotations

import argparse
import os
import sys

from .data import ROOT, DataError
from .lesson import ConfigError, page_arguments
from .markdown import PageError


def cmd_test(args: list[str]) -> int:
    import pytest

    os.chdir(ROOT)
    return pytest.main(args)


def cmd_run(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./lesson run",
                                     description="Execute every python block of each PAGE in a fresh kernel, "
                                                 "print its real output and every mismatch with the page.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="a lesson page, e.g. episodes/02-penguins.md")
    paths = page_arguments(parser, parser.parse_args(args).pages)

    from .runner import run_page

    status = 0
    for path in paths:
        def show(res):
            b = res.block
            print(f"--- {b.line}: {res.status} in {res.seconds:.1f} s" + (f" [{', '.join(b.divs)}]" if b.divs else ""))
            if res.stdout.strip():
                print(res.stdout.rstrip())
            if res.error:
                print(f"[raised] {res.error}")
        result = run_page(path, on_block=show)
        print()
        for p in result.problems:
            print(p, end="\n\n")
        for w in result.warnings:
            print("warning:", w)
        print(result.summary())
        status |= 0 if result.ok else 1
    return status


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
    from .bench import main

    return main(args)


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
              "preview [--no-serve] [--port N] | notebooks [--check]")
        return 0
    command, rest = argv[0], argv[1:]
    commands = {"test": cmd_test, "run": cmd_run, "lint": cmd_lint, "bench": cmd_bench, "preview": cmd_preview,
                "notebooks": cmd_notebooks}
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
