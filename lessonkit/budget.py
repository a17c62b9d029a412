"""How much code a learner types in each episode, against the time the episode claims.

The rules (what a learner types, how an optional part is marked, the limits) are CONTRIBUTING.md's "Typing
budget", stated once there. Indentation is not counted because editors indent.
"""
import math
import sys
from pathlib import Path

from .lesson import Lesson, existing_page
from .markdown import Page, parse_page
from .workbench import HIDDEN_DIVS

BUDGET = 40  # typed characters per episode minute (the peer lesson's densest episodes: about 37)
MAX_TYPED_LINES = 10
LESSON_MINUTES = 660  # teaching + exercises of all episodes: two workshop days with breaks
OPTIONAL_PREFIX = "optional:"


def optional_lines(page: Page) -> set[int]:
    """1-based lines that belong to an optional challenge or an optional section."""
    optional = {h.line for h in page.headings if h.text.strip().lower().startswith(OPTIONAL_PREFIX)}
    lines: set[int] = set()
    n = len(page.text.splitlines())
    for div in (d for d in page.divs if d.cls == "challenge"):
        end = div.close_line or n
        if next((h.line for h in page.headings if div.line < h.line < end), None) in optional:
            lines.update(range(div.line, end + 1))
    top = [h for h in page.headings if "challenge" not in h.divs and "solution" not in h.divs]
    for i, h in enumerate(top):
        if h.line in optional:
            lines.update(range(h.line, next((o.line for o in top[i + 1:] if o.level <= h.level), n + 1)))
    return lines


def measure(path: str | Path) -> dict:
    """An episode's numbers, as `./lesson budget` prints them and the bench report keeps them."""
    page = parse_page(path)
    optional = optional_lines(page)
    shown = [b for b in page.python_blocks if not set(b.divs) & set(HIDDEN_DIVS)]
    typed = {b.line: [line.strip() for line in b.source.splitlines() if line.strip()]
             for b in shown if b.line not in optional}
    longest_at = max(typed, key=lambda line: len(typed[line]), default=0)  # the first of the longest
    challenges = [d.line in optional for d in page.divs if d.cls == "challenge"]
    minutes = int(page.meta.get("teaching", 0) or 0) + int(page.meta.get("exercises", 0) or 0)
    chars = sum(len(t) for ts in typed.values() for t in ts)
    return {"page": page.display_path, "minutes": minutes, "typed_chars": chars,
            "typed_lines": sum(map(len, typed.values())), "typed_blocks": len(typed),
            "longest_block": len(typed.get(longest_at, [])), "longest_block_line": longest_at,
            "core_challenges": challenges.count(False), "optional_challenges": challenges.count(True),
            "optional_blocks": len(shown) - len(typed), "chars_per_minute": chars / minutes if minutes else math.inf}


def text_table(header: list[str], rows: list[list]) -> list[str]:
    """Plain-text columns, as the bench report and `./lesson budget` print them."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return [lines[0], "  ".join("-" * w for w in widths)] + lines[1:]


def typing_table(entries: list[dict]) -> list[str]:
    """The typing table of `./lesson budget` and of the bench report (with the code's run time per backend
    where the entries have `code_seconds`)."""
    timed = any("code_seconds" in e for e in entries)
    return text_table(["episode", "minutes", "typed chars", "per minute", "typed lines", "typed blocks",
                       "longest block", "core/optional challenges"] + ["code run time (s)"] * timed,
                      [[e["page"], e["minutes"], e["typed_chars"], f"{e['chars_per_minute']:.1f}", e["typed_lines"],
                        e["typed_blocks"], f"{e['longest_block']} (line {e['longest_block_line']})",
                        f"{e['core_challenges']}/{e['optional_challenges']}"]
                       + [", ".join(f"{s:.0f} {k}" for k, s in e.get("code_seconds", {}).items()) or "not run"] * timed
                       for e in entries])


def over_budget(b: dict) -> list[str]:
    """What is wrong with an episode's budget (`measure`), one message per problem."""
    out = []
    if b["chars_per_minute"] > BUDGET:
        out.append(f"{b['page']}: its core asks learners to type {b['typed_chars']} characters in {b['minutes']} "
                   f"minutes, {b['chars_per_minute']:.1f} per minute (at most {BUDGET}): type less, mark parts "
                   f"optional (a heading starting with 'Optional:') or give the episode more time")
    if b["longest_block"] > MAX_TYPED_LINES:
        out.append(f"{b['page']}:{b['longest_block_line']}: learners type a block of {b['longest_block']} lines "
                   f"(at most {MAX_TYPED_LINES}): split it, or make it a download")
    return out


def configure(parser) -> None:
    parser.description = (f"Typed code per episode minute: at most {BUDGET} characters per minute of teaching "
                          f"+ exercises in each episode's core, no typed block over {MAX_TYPED_LINES} lines, "
                          f"the whole lesson at most {LESSON_MINUTES} minutes.")
    parser.add_argument("pages", nargs="*", metavar="PAGE", type=existing_page,
                        help="episodes to measure (default: all)")


def run(args) -> int:
    """0: within budget; 1: over budget; 2: no such page."""
    budgets = [measure(p) for p in (args.pages or Lesson.load().pages("episodes"))]
    print("\n".join(typing_table(budgets)))
    problems = [m for b in budgets for m in over_budget(b)]
    total = sum(b["minutes"] for b in budgets)
    print(f"total: {total} minutes of teaching and exercises")
    if not args.pages and total > LESSON_MINUTES:
        problems.append(f"the episodes add up to {total} minutes (at most {LESSON_MINUTES})")
    for m in problems:
        print(m, file=sys.stderr)
    return 1 if problems else 0

