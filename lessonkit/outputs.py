"""Compare the output a lesson shows with the output its code produced, and `retake` a shown output
from a real one (`./lesson run --take-outputs`). The conventions (elisions with `...`, tolerance
directives, Keras progress lines) are documented for authors in CONTRIBUTING.md."""
from __future__ import annotations

import re
from dataclasses import dataclass

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
ELLIPSIS = "..."
BACKSPACE_RE = re.compile(r"[^\x08]?\x08")  # a backspace and the character before it, which it erases
# The volatile head of a Keras progress line: verbose=1 (bar, elapsed time or ETA, time per step)
# and verbose=2 (elapsed time, time per step). Groups: the step count, the unit.
_TIME = r"\d+(?::\d\d){0,2}s?"
BAR_RE = re.compile(r"^(\d+/\d+) ━+")
PROGRESS_RE = re.compile(r"^(\d+/\d+) (?:━+ " + _TIME + r"|- \d+s -) \d+(?:s|ms|us)/(\w+)(?= - |$)")


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
    while "\b" in line:
        line = BACKSPACE_RE.sub("", line, count=1)
    return line


def render(text: str) -> list[str]:
    """The lines a terminal shows: no colours, carriage returns and backspaces resolved, no blank
    lines at the start or end, no trailing spaces (inner spacing kept, for tables)."""
    text = ANSI_RE.sub("", text).replace("\r\n", "\n")
    lines = []
    for raw in text.split("\n"):
        if "\r" in raw:  # a progress bar redrawn in place: keep what the terminal would show last
            raw = [part for part in raw.split("\r") if part.strip()][-1] if raw.strip() else ""
        lines.append(_apply_backspaces(raw).rstrip())
    shown = [i for i, line in enumerate(lines) if line.strip()]
    return lines[shown[0]:shown[-1] + 1] if shown else []


def normalize(text: str) -> str:
    """`render`, with runs of spaces collapsed: the text the comparison sees."""
    return "\n".join(" ".join(line.split()) for line in render(text))


def calm(line: str) -> str:
    """A normalized line with the volatile head of a Keras progress line made constant."""
    line = PROGRESS_RE.sub(lambda m: (f"{m[1]} ━ <time> <time>/{m[2]}" if "━" in m[0]
                                      else f"{m[1]} - <time> - <time>/{m[2]}"), line)
    return BAR_RE.sub(r"\1 ━", line)  # also in a shown line that elides the times


def is_progress(line: str) -> bool:
    return PROGRESS_RE.match(" ".join(line.split())) is not None


@dataclass
class Comparison:
    ok: bool
    detail: str = ""


def _line_regex(line: str, tolerance: Tolerance | None, numbers: list[str]) -> str:
    """A regex for one shown line; each number under a tolerance is the named group n<k>."""
    parts = []
    for k, segment in enumerate(line.split(ELLIPSIS)):
        if k:
            parts.append(".*?")
        pos = 0
        for m in NUMBER_RE.finditer(segment) if tolerance is not None else ():
            parts.append(re.escape(segment[pos:m.start()]))
            parts.append(rf"(?P<n{len(numbers)}>[-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+|nan|inf)(?:[eE][-+]?\d+)?)")
            numbers.append(m.group(0))
            pos = m.end()
        parts.append(re.escape(segment[pos:]))
    return "".join(parts)


def _match(exp: str, act: str, tolerance: Tolerance | None):
    """Match calmed shown text against calmed actual text: (match or None, shown numbers).

    Shown line i is the group l<i> (whole-line elisions are not groups)."""
    numbers: list[str] = []
    pieces = []
    for i, line in enumerate(exp.split("\n")):
        if line.strip() == ELLIPSIS:
            pieces.append(r"(?:[^\n]*\n)*?")
        else:
            pieces.append(f"(?P<l{i}>" + _line_regex(calm(line), tolerance, numbers) + r")\n")
    actual = "\n".join(calm(line) for line in act.split("\n"))
    return re.fullmatch("".join(pieces), actual + "\n"), numbers


def compare(shown: str, actual: str, tolerance: Tolerance | None = None) -> Comparison:
    """Does `actual` (what the code printed) match `shown` (what the lesson shows)?"""
    exp, act = normalize(shown), normalize(actual)
    m, numbers = _match(exp, act, tolerance)
    if not m:
        return Comparison(False, _diff(exp, act))
    for k, shown_num in enumerate(numbers):
        actual_num = m.group(f"n{k}")
        if tolerance is not None and not tolerance.allows(shown_num, actual_num):
            limit = (f"±{tolerance.ints:g}" if _is_int(shown_num) and _is_int(actual_num)
                     else f"±max(abs={tolerance.abs:g}, rel={tolerance.rel:g})")
            return Comparison(False, f"the lesson shows {shown_num}, the code produced {actual_num}, "
                                     f"outside the tolerance {limit}\n" + _diff(exp, act))
    return Comparison(True)


def retake(shown: str, actual: str, tolerance: Tolerance | None = None) -> str | None:
    """The output block to show from now on, given what the code printed (`actual`).

    A shown output without `...` is replaced by the real output. One with `...` keeps its
    elisions where they stand for something other than Keras progress: each shown line is
    replaced by the real line it matched, except a whole-line `...` and a line that elides part
    of itself (`at 0x...`), which stay; in a progress line only the metrics that elide something
    (`accuracy: ...`) stay, since its volatile parts need no elision any more. Under a tolerance,
    numbers are re-taken whatever their change. None when a shown output with elisions does not
    match apart from such numbers: the author must decide."""
    real = render(actual)
    exp = normalize(shown)
    if ELLIPSIS not in exp:
        return "\n".join(real)
    m, _ = _match(exp, normalize(actual), tolerance)  # numbers under a tolerance match any number here
    if not m:
        return None
    calmed = "\n".join(calm(line) for line in normalize(actual).split("\n"))  # what `m` matched
    written = render(shown)  # the lines as the author wrote them, numbered as `exp`'s
    out = []
    for i, line in enumerate(exp.split("\n")):
        if line.strip() == ELLIPSIS:
            out.append(written[i])
            continue
        matched = real[calmed.count("\n", 0, m.start(f"l{i}"))]
        if ELLIPSIS not in line:
            out.append(matched)
        else:
            out.append(_progress_line(written[i], matched) if is_progress(matched) else written[i])
    return "\n".join(out)


def _progress_line(shown: str, real: str) -> str:
    """The real progress line, with the shown metrics that elide something (`accuracy: ...`) kept."""
    elided = {part.split(":")[0]: part for part in shown.strip().split(" - ") if ":" in part and ELLIPSIS in part}
    return " - ".join(elided.get(part.split(":")[0], part) if ":" in part else part for part in real.split(" - "))


def _diff(exp: str, act: str) -> str:
    import difflib

    diff = difflib.unified_diff(exp.split("\n"), act.split("\n"), "shown in the lesson", "produced by the code",
                                lineterm="", n=2)
    text = "\n".join(diff)
    return text if len(text) < 6000 else text[:6000] + "\n[... diff cut]"
