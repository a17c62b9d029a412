"""The timing report (bench/report.json and report.txt), written from the test run's own timings (no second
execution); what it holds and how a run merges into it is CONTRIBUTING.md's "Timings", stated once there.
`./lesson bench` runs pages through pytest and exits 1 if a training block of the run exceeds the limit."""
import dataclasses
import datetime as dt
import json
import os
import platform
import re
from pathlib import Path

from .budget import measure, text_table, typing_table
from .environment import versions
from .lesson import ROOT, Lesson, existing_page

LIMIT = 60.0  # seconds a training block may take on a two-core laptop CPU
#: The backends held to the limit; JAX's convolutions on a CPU are measured, not held to it (learners/setup.md).
HELD = ("tensorflow", "torch")


def training_blocks(sources: list[str]) -> list[bool]:
    """Which blocks train a model: they call `.fit(`, or a function an earlier block defined that does."""
    trainers: set[str] = set()
    out = []
    for source in sources:
        calls = ".fit(" in source or any(re.search(rf"\b{name}\(", source) for name in trainers)
        if calls:
            trainers.update(re.findall(r"^def (\w+)\(", source, re.M))
        out.append(calls)
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    if Path("/proc/cpuinfo").is_file():
        cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().split("\n")
                    if l.startswith("model name")), cpu)
    return f"{cpu}, {os.cpu_count()} CPU cores, {platform.system()}"


def page_entry(result, limit: float = LIMIT) -> dict:
    """One page's run (a `runner.PageResult`), as the report keeps it."""
    facts = result.facts
    training = training_blocks([r.block.source for r in result.blocks])
    blocks = [{"line": r.block.line, "seconds": round(r.seconds, 2), "status": r.status,
               "training": trains, "code": r.block.source.strip().split("\n")[0][:70]}
              for r, trains in zip(result.blocks, training)]
    return {"page": result.page.display_path,
            "backend": facts.get("backend") or os.environ.get("KERAS_BACKEND", "tensorflow"),
            "device": facts.get("device", "not asked (the page does not use Keras)"),
            "keras": facts.get("keras") or versions().get("keras", "?"), "python": platform.python_version(),
            "machine": machine(),
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(result.seconds, 1), "ok": result.ok,
            "executed": result.executed, "skipped": result.count("skipped"), "verified": result.outputs_verified,
            "data": [dataclasses.asdict(p) for p in result.provisions], "blocks": blocks,
            "over_limit": [b["line"] for b in blocks if b["training"] and b["seconds"] > limit]}


def record(results: list, folder: Path, limit: float = LIMIT, root: Path = ROOT) -> Path:
    """Merge this run's page results into folder/report.json and rewrite folder/report.txt; the typing
    budget is measured on the episodes of the lesson at `root`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    old = json.loads(path.read_text()) if path.is_file() else {}
    entries = old.get("runs", []) + [page_entry(result, limit) for result in results]  # this run's replace old ones
    runs = {(r["page"], r["backend"]): r for r in entries}
    budgets = [measure(p) for p in Lesson.load(root).pages("episodes") if p.is_file()]
    for b in budgets:
        b["code_seconds"] = {r["backend"]: r["seconds"] for r in runs.values() if r["page"] == b["page"]}
    info = {"limit_seconds": limit, "runs": sorted(runs.values(), key=lambda r: (r["backend"], r["page"])),
            "budget": budgets}
    path.write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n")
    (folder / "report.txt").write_text(render(info))
    return folder / "report.txt"


def render(info: dict) -> str:
    runs, limit = info["runs"], info["limit_seconds"]
    machines = sorted({f"{r['machine']}, {r['device']}, Python {r['python']}, Keras {r['keras']}" for r in runs})
    lines = ["Timing report of the lesson's code (written by ./lesson test; see lessonkit/bench.py)", "",
             f"Limit for a training block: {limit:g} s. Ran on: " + "; ".join(machines), "",
             "TOTAL PER PAGE"]
    lines += text_table(["page", "backend", "device", "date", "blocks", "executed", "skipped", "verified",
                         "seconds", "outputs ok", "data"],
                        [[r["page"], r["backend"], r["device"], r["date"][:16], len(r["blocks"]), r["executed"],
                          r["skipped"], r["verified"], f"{r['seconds']:.1f}", "yes" if r["ok"] else "NO",
                          ", ".join(f"{d['name']} ({d['source']})" for d in r["data"]) or "none"] for r in runs])
    blocks = [(r, b) for r in runs for b in r["blocks"]]
    slowest = sorted(blocks, key=lambda rb: -rb[1]["seconds"])[:15]
    lines += ["", "SLOWEST BLOCKS"]
    lines += text_table(["page:line", "backend", "seconds", "trains", "first line"],
                        [[f"{r['page']}:{b['line']}", r["backend"], f"{b['seconds']:.1f}",
                          "yes" if b["training"] else "", b["code"]] for r, b in slowest])
    over = [(r, b) for r, b in blocks if b["line"] in r["over_limit"]]
    lines += ["", f"TRAINING BLOCKS OVER {limit:g} S ({' and '.join(HELD)}; other backends are measured, not held to it)"]
    lines += [f"{r['page']}:{b['line']} ({r['backend']}): {b['seconds']:.1f} s" for r, b in over
              if r["backend"] in HELD] or [f"None: every training block finished within {limit:g} s."]
    for backend in sorted({r["backend"] for r, _ in over} - set(HELD)):
        slow = [b["seconds"] for r, b in over if r["backend"] == backend]
        lines.append(f"{backend}, not held to the limit: {len(slow)} training blocks over {limit:g} s, "
                     f"the slowest {max(slow):.1f} s")
    lines += ["", "TYPING PER EPISODE (lessonkit/budget.py: python blocks outside solutions and optional parts)"]
    lines += typing_table(info["budget"])
    lines += ["", "EVERY BLOCK"]
    lines += text_table(["page:line", "backend", "seconds", "status"],
                        [[f"{r['page']}:{b['line']}", r["backend"], f"{b['seconds']:.2f}", b["status"]] for r, b in blocks])
    return "\n".join(lines) + "\n"


def configure(parser) -> None:
    parser.description = ("Run lesson pages through the test suite and write the timing report "
                          "(bench/report.txt and report.json).")
    parser.add_argument("pages", nargs="*", metavar="PAGE", type=existing_page,
                        help="pages to time (default: every page with Python blocks)")
    parser.add_argument("--limit", type=float, default=LIMIT, help=f"seconds a training block may take (default {LIMIT:g})")


def run(args) -> int:
    """0: pages passed, training blocks within the limit; 1: a failure or a slow block; 2: no such page."""
    import pytest

    pages = [str(Path(p).resolve()) for p in args.pages] or [str(ROOT / "config.yaml")]
    ran = {os.path.relpath(Path(p).resolve(), ROOT) for p in args.pages}
    os.chdir(ROOT)
    status = pytest.main([*pages, "--bench-limit", str(args.limit), "-p", "lessonkit.pytest_plugin"])
    if status not in (0, 1):
        return 2
    report = json.loads((ROOT / "bench" / "report.json").read_text())
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    over = [f"{r['page']}:{line}" for r in report["runs"] if r["backend"] == backend in HELD
            and (not ran or r["page"] in ran) for line in r["over_limit"]]
    if over:
        print(f"training blocks over {args.limit:g} s: {', '.join(over)}")
    return 1 if status or over else 0
