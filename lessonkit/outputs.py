"""Compare the output a lesson shows with the output its code produced, and `retake` a shown output
from a real one (`./lesson run --take-outputs`). The conventions (elisions with `...`, tolerance
directives, Keras progress lines) are documented for authors in CONTRIBUTING.md."""
import difflib
import re
from dataclasses import dataclass

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
ANY_NUMBER = r"[-+]?(?:\d[\d,]*\.\d*|\d[\d,]*|\.\d+|nan|inf)(?:[eE][-+]?\d+)?"  # what a shown number may become
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

    def exceeded(self, shown: str, actual: str) -> str:
        """'' when the number `actual` is within this tolerance of the number `shown`, else the tolerance it exceeds."""
        a, b = (float(s.replace(",", "")) for s in (shown, actual))
        if not any(c in shown + actual for c in ".eE"):
            return "" if abs(a - b) <= self.ints else f"±{self.ints:g}"
        within = abs(a - b) <= max(self.abs, self.rel * abs(a)) + 1e-12
        return "" if within else f"±max(abs={self.abs:g}, rel={self.rel:g})"


def render(text: str) -> list[str]:
    """The lines a terminal shows: no colours, carriage returns and backspaces resolved, no blank
    lines at the start or end, no trailing spaces (inner spacing kept, for tables)."""
    text = ANSI_RE.sub("", text).replace("\r\n", "\n")
    lines = []
    for raw in text.split("\n"):
        if "\r" in raw:  # a progress bar redrawn in place: keep what the terminal would show last
            raw = [part for part in raw.split("\r") if part.strip()][-1] if raw.strip() else ""
        while "\b" in raw:  # each backspace erases the character before it
            raw = BACKSPACE_RE.sub("", raw, count=1)
        lines.append(raw.rstrip())
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


@dataclass
class Comparison:
    ok: bool
    detail: str = ""


def _line_regex(line: str, tolerance: Tolerance | None, numbers: list[str]) -> str:
    """A regex for one shown line; each number under a tolerance is the named group n<k>."""
    segments = []
    for segment in line.split(ELLIPSIS):
        pieces = re.split(f"({NUMBER_RE.pattern})", segment) if tolerance is not None else [segment]
        regex = re.escape(pieces[0])
        for number, text in zip(pieces[1::2], pieces[2::2]):  # the split keeps each number between two texts
            regex += rf"(?P<n{len(numbers)}>{ANY_NUMBER}){re.escape(text)}"
            numbers.append(number)
        segments.append(regex)
    return ".*?".join(segments)


def _match(exp: str, act: str, tolerance: Tolerance | None):
    """Match calmed shown text against calmed actual text: (match or None, shown numbers).

    Shown line i is the group l<i> (whole-line elisions are not groups)."""
    numbers: list[str] = []
    pieces = []
    for i, line in enumerate(exp.split("\n")):
        pieces.append(r"(?:[^\n]*\n)*?" if line.strip() == ELLIPSIS else
                      f"(?P<l{i}>" + _line_regex(calm(line), tolerance, numbers) + r")\n")
    actual = "\n".join(calm(line) for line in act.split("\n"))
    return re.fullmatch("".join(pieces), actual + "\n"), numbers


def compare(shown: str, actual: str, tolerance: Tolerance | None = None) -> Comparison:
    """Does `actual` (what the code printed) match `shown` (what the lesson shows)?"""
    exp, act = normalize(shown), normalize(actual)
    m, numbers = _match(exp, act, tolerance)
    if not m:
        return Comparison(False, _diff(exp, act))
    for k, shown_num in enumerate(numbers):  # numbers are only captured under a tolerance
        if limit := tolerance.exceeded(shown_num, m[f"n{k}"]):
            return Comparison(False, f"the lesson shows {shown_num}, the code produced {m[f'n{k}']}, "
                                     f"outside the tolerance {limit}\n" + _diff(exp, act))
    return Comparison(True)


def retake(shown: str, actual: str, tolerance: Tolerance | None = None) -> str | None:
    """The output block to show from now on, given what the code printed (`actual`), by CONTRIBUTING.md's
    rule; in a progress line the metrics that elide something (`accuracy: ...`) stay. Under a tolerance,
    numbers are re-taken whatever their change. None when a shown output with elisions does not match
    apart from such numbers: the author must decide."""
    real = render(actual)
    exp = normalize(shown)
    if ELLIPSIS not in exp:
        return "\n".join(real)
    m, _ = _match(exp, normalize(actual), tolerance)  # numbers under a tolerance match any number here
    if not m:
        return None
    written = render(shown)  # the lines as the author wrote them, numbered as `exp`'s
    out = []
    for i, line in enumerate(exp.split("\n")):
        if line.strip() == ELLIPSIS:
            out.append(written[i])
            continue
        matched = real[m.string.count("\n", 0, m.start(f"l{i}"))]  # m.string: the calmed lines of `real`
        progress = PROGRESS_RE.match(" ".join(matched.split()))
        out.append(matched if ELLIPSIS not in line else _progress_line(written[i], matched) if progress else written[i])
    return "\n".join(out)


def _progress_line(shown: str, real: str) -> str:
    """The real progress line, with the shown metrics that elide something (`accuracy: ...`) kept."""
    elided = {part.split(":")[0]: part for part in shown.strip().split(" - ") if ":" in part and ELLIPSIS in part}
    return " - ".join(elided.get(part.split(":")[0], part) if ":" in part else part for part in real.split(" - "))


def _diff(exp: str, act: str) -> str:
    text = "\n".join(difflib.unified_diff(exp.split("\n"), act.split("\n"), "shown in the lesson",
                                         "produced by the code", lineterm="", n=2))
    return text if len(text) < 6000 else text[:6000] + "\n[... diff cut]"
