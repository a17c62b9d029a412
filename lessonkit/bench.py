"""`./lesson bench`: execute every page and write a timing report.

    ./lesson bench [--out bench] [--limit 60] [PAGE ...]

Writes OUT/report.md (for people) and OUT/report.json (for tools): wall time of every block,
the slowest blocks, the total per page, where each page's data came from, and the backend,
device and machine it ran on. Blocks that train a model (`.fit(`) and take longer than --limit
seconds are listed as over the limit, and the command then exits with status 1.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
from pathlib import Path

from .data import ROOT
from .environment import describe
from .lesson import Lesson, page_arguments
from .runner import PageResult, run_page


def is_training(source: str) -> bool:
    return ".fit(" in source


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./lesson bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="pages to time (default: every page with Python blocks)")
    parser.add_argument("--out", default="bench", help="folder for report.md and report.json (default: bench)")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds a training block may take (default 60)")
    args = parser.parse_args(argv)
    named = [p.resolve() for p in page_arguments(parser, args.pages)]

    os.chdir(ROOT)
    pages = named or Lesson.load().code_pages()
    rows, totals, failures = [], [], []
    for page in pages:
        print(f"timing {os.path.relpath(page)} ...", flush=True)
        result = run_page(page, on_block=lambda r: print(f"  {r.block.line:5d} {r.seconds:7.1f} s {r.status}",
                                                         flush=True))
        totals.append(page_total(result))
        failures += result.problems
        for r in result.blocks:
            rows.append({"page": result.page.display_path, "line": r.block.line, "seconds": round(r.seconds, 2),
                         "status": r.status, "training": is_training(r.block.source),
                         "code": r.block.source.strip().split("\n")[0][:70]})

    over = [r for r in rows if r["training"] and r["seconds"] > args.limit]
    info = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "environment": describe(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}",
            "limit_seconds": args.limit, "pages": totals, "blocks": rows, "over_limit": over,
            "page_failures": failures}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(info, indent=2) + "\n")
    (out / "report.md").write_text(render(info))
    print(f"wrote {out / 'report.md'} and {out / 'report.json'}")
    if over:
        print(f"{len(over)} training block(s) over {args.limit:g} s")
    if failures:
        print(f"{len(failures)} page problem(s); run ./lesson test for details")
    return 1 if over or failures else 0


def page_total(result: PageResult) -> dict:
    return {"page": result.page.display_path, "seconds": round(result.seconds, 1), "blocks": len(result.blocks),
            "ok": result.ok,
            "data": [dataclasses.asdict(p) for p in result.provisions]}


def render(info: dict) -> str:
    lines = ["# Benchmark of the lesson's code", "",
             f"- date: {info['date']}", f"- {info['environment']}", f"- machine: {info['machine']}",
             f"- limit for a training block: {info['limit_seconds']:g} s", "",
             "## Total per page", "", "| page | blocks | seconds | all outputs verified | data |",
             "|---|---:|---:|---|---|"]
    for t in info["pages"]:
        data = ", ".join(f"{d['name']} ({d['source']})" for d in t["data"]) or "none"
        lines.append(f"| {t['page']} | {t['blocks']} | {t['seconds']:.1f} | {'yes' if t['ok'] else 'NO'} | {data} |")
    total = sum(t["seconds"] for t in info["pages"])
    lines += [f"| **all** | {sum(t['blocks'] for t in info['pages'])} | **{total:.1f}** | | |", "",
              "## Data", ""]
    sources = {(d["name"], d["source"], d["detail"]) for t in info["pages"] for d in t["data"]}
    lines += [f"- {name}: {source}, {detail}" for name, source, detail in sorted(sources)] or ["No page loads data."]
    lines += ["", "## Slowest blocks", "", "| page:line | seconds | trains | first line |", "|---|---:|---|---|"]
    for r in sorted(info["blocks"], key=lambda r: -r["seconds"])[:15]:
        lines.append(f"| {r['page']}:{r['line']} | {r['seconds']:.1f} | {'yes' if r['training'] else ''} | "
                     f"`{r['code'].replace('|', '/')}` |")
    lines += ["", "## Training blocks over the limit", ""]
    if info["over_limit"]:
        lines += [f"- {r['page']}:{r['line']}: {r['seconds']:.1f} s" for r in info["over_limit"]]
    else:
        lines.append(f"None: every training block finished within {info['limit_seconds']:g} s.")
    lines += ["", "## Every block", "", "| page:line | seconds | status |", "|---|---:|---|"]
    lines += [f"| {r['page']}:{r['line']} | {r['seconds']:.2f} | {r['status']} |" for r in info["blocks"]]
    return "\n".join(lines) + "\n"
