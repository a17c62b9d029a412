"""Run every Python block of every lesson page, in a fresh kernel per page, and check that
what the page shows is what the code produces. One test per page."""
from __future__ import annotations

import pytest

from conftest import PAGE_RESULTS
from lessonkit.lesson import Lesson
from lessonkit.runner import run_page

LESSON = Lesson.load()
PAGES = LESSON.code_pages()


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(LESSON.root)) for p in PAGES])
def test_page(page, monkeypatch):
    monkeypatch.chdir(LESSON.root)
    result = run_page(page)
    PAGE_RESULTS.append(result)
    if result.problems:
        pytest.fail("\n\n".join(result.problems), pytrace=False)


def test_lesson_has_code_pages():
    assert PAGES, "config.yaml lists no page with ```python blocks"
