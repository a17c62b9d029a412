"""Tooling for the deep-learning-intro lesson: one Markdown parser, the test harness,
the Workbench lint, the benchmark and the preview all live here."""

__all__ = ["markdown", "lesson", "outputs", "runner", "lint", "data"]
