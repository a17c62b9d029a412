"""How much code a learner types in each episode, against the time the episode claims.

One rule decides what is typed: every ```python block outside a `solution`, `instructor` or
`spoiler` div and outside an optional part. Optional parts are marked one way, which the
Workbench renders as ordinary headings:

- a challenge whose title (its first heading) starts with "Optional:";
- a section whose heading starts with "Optional:", up to the next heading of the same or a
  higher level.

Typed characters are counted without indentation (editors indent) and without line ends.
The budget: an episode's core may ask for at most BUDGET characters per minute of its
`teaching + exercises` time, and no typed block should be longer than MAX_TYPED_LINES lines.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .markdown import Page, parse_page
from .workbench import HIDDEN_DIVS

BUDGET = 40  # typed characters per episode minute (the peer lesson's densest episodes: about 37)
MAX_TYPED_LINES = 10
LESSON_MINUTES = 660  # teaching + exercises of all episodes: two workshop days with breaks
OPTIONAL_PREFIX = "optional:"


@dataclass
class EpisodeBudget:
    page: str
    minutes: int
    typed_chars: int
    typed_lines: int
    typed_blocks: int
    longest_block: int  # lines of the longest typed block
    longest_block_line: int  # where it starts
    core_challenges: int
    optional_challenges: int
    optional_blocks: int

    @property
    def chars_per_minute(self) -> float:
        return self.typed_chars / self.minutes if self.minutes else float("inf")


def is_optional_title(text: str) -> bool:
    return text.strip().lower().startswith(OPTIONAL_PREFIX)


def optional_lines(page: Page) -> set[int]:
    """1-based lines that belong to an optional challenge or an optional section."""
    lines: set[int] = set()
    n = len(page.text.splitlines())
    for div in page.divs:
        if div.cls != "challenge":
            continue
        end = div.close_line or n
        title = next((h for h in page.headings if div.line < h.line < end), None)
        if title is not None and is_optional_title(title.text):
            lines.update(range(div.line, end + 1))
    top = [h for h in page.headings if "challenge" not in h.divs and "solution" not in h.divs]
    for i, h in enumerate(top):
        if not is_optional_title(h.text):
            continue
        end = next((o.line for o in top[i + 1:] if o.level <= h.level), n + 1)
        lines.update(range(h.line, end))
    return lines


def typed_lines_of(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if line.strip()]


def measure(path: str | Path) -> EpisodeBudget:
    page = parse_page(path)
    optional = optional_lines(page)
    chars = lines = blocks = longest = longest_at = optional_blocks = 0
    for block in page.python_blocks:
        if any(d in HIDDEN_DIVS for d in block.divs):
            continue
        if block.line in optional:
            optional_blocks += 1
            continue
        typed = typed_lines_of(block.source)
        blocks += 1
        lines += len(typed)
        chars += sum(len(t) for t in typed)
        if len(typed) > longest:
            longest, longest_at = len(typed), block.line
    core = opt = 0
    for div in page.divs:
        if div.cls == "challenge":
            if div.line in optional:
                opt += 1
            else:
                core += 1
    minutes = int(page.meta.get("teaching", 0) or 0) + int(page.meta.get("exercises", 0) or 0)
    return EpisodeBudget(page.display_path, minutes, chars, lines, blocks, longest, longest_at, core, opt,
                         optional_blocks)


def table(budgets: list[EpisodeBudget]) -> str:
    rows = ["| episode | minutes | typed characters | per minute | typed lines | typed blocks | longest block "
            "| core / optional challenges |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for b in budgets:
        rows.append(f"| {b.page} | {b.minutes} | {b.typed_chars} | {b.chars_per_minute:.1f} | {b.typed_lines} "
                    f"| {b.typed_blocks} | {b.longest_block} (line {b.longest_block_line}) "
                    f"| {b.core_challenges} / {b.optional_challenges} |")
    return "\n".join(rows)


def over_budget(b: EpisodeBudget) -> list[str]:
    """What is wrong with an episode's budget, one message per problem."""
    out = []
    if b.chars_per_minute > BUDGET:
        out.append(f"{b.page}: its core asks learners to type {b.typed_chars} characters in {b.minutes} minutes, "
                   f"{b.chars_per_minute:.1f} per minute (at most {BUDGET}): type less, mark parts optional "
                   f"(a heading starting with 'Optional:') or give the episode more time")
    if b.longest_block > MAX_TYPED_LINES:
        out.append(f"{b.page}:{b.longest_block_line}: learners type a block of {b.longest_block} lines "
                   f"(at most {MAX_TYPED_LINES}): split it, or make it a download")
    return out


def configure(parser) -> None:
    parser.description = (f"Typed code per episode minute: at most {BUDGET} characters per minute of teaching "
                          f"+ exercises in each episode's core, no typed block over {MAX_TYPED_LINES} lines, "
                          f"the whole lesson at most {LESSON_MINUTES} minutes.")
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="episodes to measure (default: all)")


def run(args) -> int:
    """0: within budget; 1: over budget; 2: no such page."""
    from .lesson import Lesson, missing_pages

    if error := missing_pages(args.pages):
        print(f"error: {error}", file=sys.stderr)
        return 2
    budgets = [measure(p) for p in (args.pages or Lesson.load().pages("episodes"))]
    print(table(budgets))
    problems = [m for b in budgets for m in over_budget(b)]
    total = sum(b.minutes for b in budgets)
    print(f"total: {total} minutes of teaching and exercises")
    if not args.pages and total > LESSON_MINUTES:
        problems.append(f"the episodes add up to {total} minutes (at most {LESSON_MINUTES})")
    for m in problems:
        print(m, file=sys.stderr)
    return 1 if problems else 0

