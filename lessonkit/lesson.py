"""The lesson as config.yaml describes it: which pages exist, in which order.

The lesson model: tools (lint, preview, harness, notebooks) depend on it, never the reverse."""
import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

from .markdown import count_python_fences, parse_page
from .problems import Problem, ProblemError
from .workbench import SOURCE_DIRS

#: The lesson this package belongs to (the repository root).
ROOT = Path(__file__).resolve().parent.parent


def existing_page(path: str) -> str:
    """The argparse type of a page named on the command line: one that does not exist is a usage error."""
    if not Path(path).is_file():
        raise argparse.ArgumentTypeError(f"no such file: {path} (give the page's path, e.g. episodes/02-penguins.md)")
    return path


@dataclass
class Lesson:
    root: Path
    config: dict

    @classmethod
    def load(cls, root: Path = ROOT) -> "Lesson":
        root = Path(root)
        configs = [p for p in (root / "config.yaml", root / "config.yml") if p.exists()]
        if not configs:
            raise ProblemError(Problem(f"{root}/config.yaml", 1, "config", "config file does not exist"))
        if len(configs) > 1:
            raise ProblemError(Problem(str(configs[1]), 1, "config", "Found > 1 config files; keep only config.yaml"))
        try:
            config = yaml.safe_load(configs[0].read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise ProblemError(Problem(str(configs[0]), mark.line + 1 if mark else 1, "config",
                                      f"cannot read YAML: {e}")) from e
        return cls(root, config)

    def references(self) -> dict:
        """links.md's link definitions (label -> target), which every page may use (`parse_page(references=)`)."""
        links = self.root / "links.md"
        return parse_page(links).references if links.exists() else {}

    def listed(self, folder: str) -> list[str]:
        """File names config.yaml lists for a folder (empty list if the key is absent)."""
        return list(self.config.get(folder) or [])

    def pages(self, folder: str) -> list[Path]:
        """The pages sandpaper builds from a folder, in order (listed ones, or all .md if none listed)."""
        base = self.root / folder
        pages = [base / n for n in self.listed(folder)] or sorted(base.glob("*.md"))
        setup = base / "setup.md"
        return pages + [setup] if folder == "learners" and setup.exists() and setup not in pages else pages

    def top_level_pages(self) -> list[Path]:
        """Top-level .md files pegboard validates (all but README*)."""
        return sorted(p for p in self.root.glob("*.md") if not p.name.startswith("README"))

    def all_pages(self) -> list[Path]:
        index = [self.root / "index.md"] if (self.root / "index.md").exists() else []
        return index + [p for folder in SOURCE_DIRS for p in self.pages(folder) if p.exists()]

    def code_pages(self) -> list[Path]:
        """Pages whose Python blocks the harness executes (those that have any)."""
        return [p for p in self.all_pages() if count_python_fences(p.read_text(encoding="utf-8"))]
