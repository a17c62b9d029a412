"""Helpers of the weekly drift workflow (drift.yaml).

  python .github/workflows/drift.py requirements
      print the packages to install at their newest releases: every pip package of
      environment.yml without its version range (tensorflow as tensorflow-cpu, as in
      requirements-lock.txt) and the tooling the tests need.

  python .github/workflows/drift.py report --outcome success|failure|skipped [--log FILE]
      print a Markdown report: the test outcome, every package whose installed version differs
      from requirements-lock.txt, and the end of the test log if the tests failed.
"""
from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from lessonkit.environment import CPU_ONLY, learner_pip, tooling  # noqa: E402  (needs only PyYAML)

CI_NAMES = CPU_ONLY  # the runner is Linux x86-64: TensorFlow's CPU-only build


def learner_packages() -> list[Requirement]:
    return [Requirement(r) for r in learner_pip()]


def requirements() -> list[str]:
    names = [CI_NAMES.get(canonicalize_name(r.name), r.name) for r in learner_packages()]
    return names + [t for t in tooling() if Requirement(t).name not in names]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        req = Requirement(line) if line else None
        if req and (req.marker is None or req.marker.evaluate()):  # the pins for this Python and platform
            pins[canonicalize_name(req.name)] = str(req.specifier)[2:]
    return pins


def report(outcome: str, log: Path | None) -> str:
    pins = locked()
    ranges = {canonicalize_name(CI_NAMES.get(canonicalize_name(r.name), r.name)): r for r in learner_packages()}
    rows = []
    for dist in sorted(metadata.distributions(), key=lambda d: canonicalize_name(d.metadata["Name"])):
        name = canonicalize_name(dist.metadata["Name"])
        if name in ("pip", "setuptools", "wheel"):
            continue
        new, old = dist.version, pins.get(name)
        if new == old:
            continue
        where = "environment.yml" if name in ranges else ("tooling" if name in {canonicalize_name(Requirement(t).name) for t in tooling()}
                                                          else "dependency")
        note = ""
        if name in ranges and not ranges[name].specifier.contains(new, prereleases=True):
            note = f"outside `{ranges[name].specifier}`"
        rows.append(f"| {name} | {old or '(not in the lock)'} | {new} | {where} | {note} |")
    verdict = {"success": "The tests **pass** with the newest releases.",
               "failure": "The tests **fail** with the newest releases.",
               "skipped": "The tests **did not run** (the newest releases could not be installed)."}
    lines = ["## Dependency drift", "", verdict.get(outcome, f"Test outcome: {outcome}."), ""]
    important = [r for r in rows if "| environment.yml |" in r or "| tooling |" in r]
    if rows:
        lines += [f"{len(rows)} installed packages differ from `requirements-lock.txt` "
                  f"({len(important)} of them learner packages or tooling):", "",
                  "| package | locked | newest | declared in | range |", "| --- | --- | --- | --- | --- |"]
        lines += important + [r for r in rows if r not in important]
    else:
        lines.append("Every installed package has the version `requirements-lock.txt` pins.")
    if outcome == "success" and rows:
        lines += ["", "To adopt these versions, regenerate the locks with `.ci/lock` (README.md) "
                      "and widen the ranges in `environment.yml` where a version is outside them."]
    if outcome != "success" and log is not None and log.exists():
        text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(encoding="utf-8", errors="replace"))
        tail = text[-12000:]
        lines += ["", "<details><summary>End of the test log</summary>", "", "```text", tail.rstrip(), "```", "",
                  "</details>"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("requirements")
    rep = sub.add_parser("report")
    rep.add_argument("--outcome", required=True)
    rep.add_argument("--log", type=Path)
    args = parser.parse_args(argv)
    if args.command == "requirements":
        print("\n".join(requirements()))
    else:
        sys.stdout.write(report(args.outcome, args.log))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
