"""Compare the output a lesson shows with the output its code produced.

Conventions (documented for authors in CONTRIBUTING.md):

* Lines are compared after removing ANSI colour codes, resolving carriage returns the way a
  terminal does, collapsing runs of spaces and dropping blank lines at the start and end.
* `...` matches anything: alone on a line it stands for any number of lines (also none); inside
  a line it stands for any text on that line.
* Numbers must match exactly, unless the block is preceded by a tolerance directive:
  `<!-- test: tolerance abs=0.02 rel=0.05 ints=3 -->`. Then every number written with a decimal
  point or an exponent may differ by max(abs, rel * |shown value|), and every integer by `ints`
  (default 0). The text around the numbers must still match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
ELLIPSIS = "..."


class ToleranceSyntaxError(ValueError):
    pass


@dataclass
class Tolerance:
    abs: float = 0.0
    rel: float = 0.0
    ints: float = 0.0

    @classmethod
    def parse(cls, args: str) -> "Tolerance":
        tol = cls()
        if not args.strip():
            raise ToleranceSyntaxError("a tolerance directive needs at least one of abs=, rel=, ints=")
        for word in args.split():
            key, _, value = word.partition("=")
            if key not in ("abs", "rel", "ints") or not value:
                raise ToleranceSyntaxError(f"unknown tolerance setting {word!r}; use abs=X, rel=X or ints=N")
            try:
                setattr(tol, key, float(value))
            except ValueError:
                raise ToleranceSyntaxError(f"tolerance {key}= needs a number, not {value!r}") from None
        return tol

    def allows(self, shown: str, actual: str) -> bool:
        a, b = _to_number(shown), _to_number(actual)
        if a is None or b is None:
            return shown == actual
        if _is_int(shown) and _is_int(actual):
            return abs(a - b) <= self.ints
        return abs(a - b) <= max(self.abs, self.rel * abs(a)) + 1e-12


def _to_number(s: str):
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _is_int(s: str) -> bool:
    return not any(c in s for c in ".eE")


def _apply_backspaces(line: str) -> str:
    """What a terminal shows for a line with backspace characters: each one erases the character before it."""
    shown: list[str] = []
    for char in line:
        if char == "\b":
            if shown:
                shown.pop()
        else:
            shown.append(char)
    return "".join(shown)


def normalize(text: str) -> str:
    text = ANSI_RE.sub("", text).replace("\r\n", "\n")
    lines = []
    for raw in text.split("\n"):
        if "\r" in raw:  # a progress bar redrawn in place: keep what the terminal would show last
            raw = [part for part in raw.split("\r") if part.strip()][-1] if raw.strip() else ""
        lines.append(" ".join(_apply_backspaces(raw).split()))
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@dataclass
class Comparison:
    ok: bool
    detail: str = ""


def _line_regex(line: str, tolerance: Tolerance | None, numbers: list[str]) -> str:
    parts = []
    for k, segment in enumerate(line.split(ELLIPSIS)):
        if k:
            parts.append(".*?")
        if tolerance is None:
            parts.append(re.escape(segment))
            continue
        pos = 0
        for m in NUMBER_RE.finditer(segment):
            parts.append(re.escape(segment[pos:m.start()]))
            parts.append(r"([-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+|nan|inf)(?:[eE][-+]?\d+)?)")
            numbers.append(m.group(0))
            pos = m.end()
        parts.append(re.escape(segment[pos:]))
    return "".join(parts)


def compare(shown: str, actual: str, tolerance: Tolerance | None = None) -> Comparison:
    """Does `actual` (what the code printed) match `shown` (what the lesson shows)?"""
    exp, act = normalize(shown), normalize(actual)
    if tolerance is None and ELLIPSIS not in exp:
        if exp == act:
            return Comparison(True)
        return Comparison(False, _diff(exp, act))
    numbers: list[str] = []
    pieces = []
    for line in exp.split("\n"):
        if line.strip() == ELLIPSIS:
            pieces.append(r"(?:[^\n]*\n)*?")
        else:
            pieces.append(_line_regex(line, tolerance, numbers) + r"\n")
    m = re.fullmatch("".join(pieces), act + "\n")
    if not m:
        return Comparison(False, _diff(exp, act))
    for shown_num, actual_num in zip(numbers, m.groups()):
        if tolerance is not None and not tolerance.allows(shown_num, actual_num):
            limit = (f"±{tolerance.ints:g}" if _is_int(shown_num) and _is_int(actual_num)
                     else f"±max(abs={tolerance.abs:g}, rel={tolerance.rel:g})")
            return Comparison(False, f"the lesson shows {shown_num}, the code produced {actual_num}, "
                                     f"outside the tolerance {limit}\n" + _diff(exp, act))
    return Comparison(True)


def _diff(exp: str, act: str) -> str:
    import difflib

    diff = difflib.unified_diff(exp.split("\n"), act.split("\n"), "shown in the lesson", "produced by the code",
                                lineterm="", n=2)
    text = "\n".join(diff)
    return text if len(text) < 6000 else text[:6000] + "\n[... diff cut]"
