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
