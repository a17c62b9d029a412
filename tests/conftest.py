"""Shared pytest set-up: the environment header, the network guard, and the lesson summary."""
from __future__ import annotations

import pytest

from lessonkit import data
from lessonkit.kernel import block_network

PAGE_RESULTS: list = []


def pytest_report_header(config):
    from lessonkit.environment import describe

    return [describe(), data.describe()]


@pytest.fixture(autouse=True, scope="session")
def _offline():
    """Tests never use the network (the kernels get the same guard)."""
    block_network(None)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not PAGE_RESULTS:
        return
    tr = terminalreporter
    tr.section("lesson pages")
    for r in PAGE_RESULTS:
        tr.write_line(r.summary())
        for b in r.blocks:
            if b.status == "skipped":
                tr.write_line(f"    skipped {r.page.where(b.block.line)}: {b.block.directive.args}")
    blocks = sum(len(r.page.python_blocks) for r in PAGE_RESULTS)
    executed = sum(r.executed for r in PAGE_RESULTS)
    skipped = sum(r.count("skipped") for r in PAGE_RESULTS)
    verified = sum(r.outputs_verified for r in PAGE_RESULTS)
    tr.write_line(f"TOTAL: {len(PAGE_RESULTS)} pages, {blocks} python blocks, {executed} executed, "
                  f"{skipped} skipped, {verified} outputs verified", bold=True)
    provisions = {p.name: p for r in PAGE_RESULTS for p in r.provisions}
    for p in provisions.values():
        tr.write_line(f"data: {p.name} from {p.source}: {p.detail}")
    warnings = [w for r in PAGE_RESULTS for w in r.warnings]
    for w in warnings:
        tr.write_line(w, yellow=True)
