"""pytest plugin: each lesson page with python blocks is one test item, in the style of nbmake.

Pages are collected through the lesson's config.yaml (in the lesson's order; `pytest config.yaml`,
as testpaths does) or one by one (`pytest episodes/02-penguins.md`). An item runs its page with
`lessonkit.runner.run_page`; the run's timings go to the bench report (`lessonkit.bench`). The
header names the backend without importing it: the device is asked of the kernels, shown at the end.
"""
import os
import platform
from pathlib import Path

import pytest

from . import data
from .bench import LIMIT, record
from .environment import versions  # package metadata only: importing a backend costs seconds
from .lesson import Lesson

RESULTS = pytest.StashKey[list]()
CODE_PAGES = pytest.StashKey[set]()
REPORT = pytest.StashKey[Path]()


def pytest_addoption(parser):
    group = parser.getgroup("lesson", "lesson pages")
    group.addoption("--bench-dir", type=Path, help="folder of the timing report (default: bench/ of the lesson)")
    group.addoption("--bench-limit", type=float, default=LIMIT,
                    help=f"seconds a training block may take (default {LIMIT:g})")


def pytest_configure(config):
    config.stash[RESULTS] = []
    root = Path(config.rootpath)
    config.stash[CODE_PAGES] = ({p.resolve() for p in Lesson.load(root).code_pages()}
                                if (root / "config.yaml").is_file() else set())


def pytest_report_header(config):
    libs = ", ".join(f"{k} {v}" for k, v in versions().items())
    return [f"lesson: Keras backend {os.environ.get('KERAS_BACKEND', 'tensorflow')} (device: asked of the "
            f"page kernels, shown at the end); Python {platform.python_version()}; {libs}", data.describe()]


def pytest_collect_file(file_path, parent):
    pages = parent.config.stash[CODE_PAGES]
    if ((file_path.name == "config.yaml" and file_path.parent == Path(parent.config.rootpath) and pages)
            or (file_path.suffix == ".md" and file_path.resolve() in pages and parent.session.isinitpath(file_path))):
        return LessonFile.from_parent(parent, path=file_path)
    return None


class LessonFile(pytest.File):
    """config.yaml: one item per page with python blocks, in the lesson's order; a page: its one item."""

    def collect(self):
        root = self.path.parent
        for page in [self.path] if self.path.suffix == ".md" else Lesson.load(root).code_pages():
            yield PageItem.from_parent(self, name=str(page.relative_to(root)), path=page)


class PageItem(pytest.Item):
    def runtest(self):
        from .runner import run_page

        result = run_page(self.path)
        self.config.stash[RESULTS].append(result)
        if result.problems:  # the problems are the report: no traceback of the harness
            pytest.fail("\n\n".join(map(str, result.problems)), pytrace=False)

    def reportinfo(self):
        return self.path, None, f"lesson page {self.name}"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    config = session.config
    if results := config.stash.get(RESULTS, []):
        folder = config.getoption("bench_dir") or config.rootpath / "bench"
        config.stash[REPORT] = record(results, folder, config.getoption("bench_limit"), config.rootpath)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    results = config.stash.get(RESULTS, [])
    if not results:
        return
    tr = terminalreporter
    tr.section("lesson pages")
    for r in results:
        tr.write_line(r.summary())
        for b in r.blocks:
            if b.status == "skipped":
                tr.write_line(f"    skipped {r.page.where(b.block.line)}: {b.block.directive.args}")
    blocks = sum(len(r.page.python_blocks) for r in results)
    tr.write_line(f"TOTAL: {len(results)} pages, {blocks} python blocks, {sum(r.executed for r in results)} executed, "
                  f"{sum(r.count('skipped') for r in results)} skipped, "
                  f"{sum(r.outputs_verified for r in results)} outputs verified", bold=True)
    for facts in {tuple(sorted(r.facts.items())) for r in results if r.facts}:
        tr.write_line("ran on: " + ", ".join(f"{k} {v}" for k, v in facts))
    for p in {p.name: p for r in results for p in r.provisions}.values():
        tr.write_line(f"data: {p.name} from {p.source}: {p.detail}")
    if REPORT in config.stash:
        tr.write_line(f"timings: {os.path.relpath(config.stash[REPORT])} (and report.json)")
