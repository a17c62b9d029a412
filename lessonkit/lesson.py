"""The lesson as config.yaml describes it: which pages exist, in which order."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent  # the lesson repository
SOURCE_DIRS = ("episodes", "learners", "instructors", "profiles")


class ConfigError(Exception):
    pass


def page_arguments(parser: argparse.ArgumentParser, paths: list[str]) -> list[Path]:
    """The pages named on a command line; one that does not exist is a usage error (exit status 2)."""
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)} (give the page's path, e.g. episodes/02-penguins.md)")
    return [Path(p) for p in paths]


@dataclass
class Lesson:
    root: Path
    config: dict

    @classmethod
    def load(cls, root: Path = ROOT) -> "Lesson":
        root = Path(root)
        configs = [p for p in (root / "config.yaml", root / "config.yml") if p.exists()]
        if not configs:
            raise ConfigError(f"{root}/config.yaml:1: config file does not exist")
        if len(configs) > 1:
            raise ConfigError(f"{configs[1]}:1: Found > 1 config files; keep only config.yaml")
        try:
            config = yaml.safe_load(configs[0].read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise ConfigError(f"{configs[0]}:{mark.line + 1 if mark else 1}: cannot read YAML: {e}") from e
        return cls(root, config)

    def listed(self, folder: str) -> list[str]:
        """File names config.yaml lists for a folder (empty list if the key is absent)."""
        return list(self.config.get(folder) or [])

    def pages(self, folder: str) -> list[Path]:
        """The pages sandpaper builds from a folder, in order (listed ones, or all .md if none listed)."""
        names = self.listed(folder)
        base = self.root / folder
        if names:
            pages = [base / n for n in names]
        else:
            pages = sorted(base.glob("*.md"))
        if folder == "learners" and (base / "setup.md").exists() and base / "setup.md" not in pages:
            pages.append(base / "setup.md")
        return pages

    def top_level_pages(self) -> list[Path]:
        """Top-level .md files pegboard validates (all but README*)."""
        return sorted(p for p in self.root.glob("*.md") if not p.name.startswith("README"))

    def all_pages(self) -> list[Path]:
        pages = [self.root / "index.md"] if (self.root / "index.md").exists() else []
        for folder in SOURCE_DIRS:
            pages += [p for p in self.pages(folder) if p.exists()]
        return pages

    def code_pages(self) -> list[Path]:
        """Pages whose Python blocks the harness executes (those that have any)."""
        from .markdown import count_python_fences

        out = []
        for p in self.all_pages():
            if count_python_fences(p.read_text(encoding="utf-8")):
                out.append(p)
        return out
