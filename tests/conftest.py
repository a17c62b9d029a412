"""Shared pytest set-up: the network guard. Lesson pages are collected by lessonkit.pytest_plugin."""
from __future__ import annotations

import pytest

from lessonkit.kernel import block_network

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True, scope="session")
def _offline():
    """Tests never use the network (the kernels get the same guard)."""
    block_network(None)
