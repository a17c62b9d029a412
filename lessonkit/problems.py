"""The one kind of problem every lessonkit tool reports (lint, preview, harness, notebooks)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something to fix, where to fix it: `path:line [kind]: message`."""

    path: str
    line: int
    kind: str  # a short tag, e.g. 'broken-link', 'output-mismatch'
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{self.kind}]: {self.message}"


class ProblemError(Exception):
    """A lesson file (a page, config.yaml) cannot be read; `problem` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(f"{problem.path}:{problem.line}: {problem.message}")
