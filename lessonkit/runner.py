"""Execute a lesson page's Python blocks in one fresh Jupyter kernel, as a learner would.

`run_page` is shared by the pytest harness, `./lesson run` and the bench. Blocks run in document
order and are checked against the output, error and warning blocks after them and the directives
before them (CONTRIBUTING.md). A block that raises unexpectedly stops the page: later blocks depend
on it. A page whose data is not available offline is not run (`lessonkit.data.require`). Every
figure a block draws is kept for `./lesson figures`; after the last block the kernel says which
Keras backend and device the page ran on (only if the page imported Keras).
"""
from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import data
from .lesson import missing_pages
from .markdown import CodeBlock, Page, count_python_fences, parse_page
from .outputs import ANSI_RE, Tolerance, ToleranceSyntaxError, compare, retake

BLOCK_TIMEOUT = int(os.environ.get("LESSON_BLOCK_TIMEOUT", "900"))
KERNEL_DIED = "the kernel died (out of memory?)"
# Run after the page's blocks: what it ran on, asked of the kernel only if the page loaded Keras.
FACTS_CELL = """import sys as _s
if "keras" in _s.modules:
    import json as _j, keras as _k
    from lessonkit.environment import device as _d
    print(_j.dumps({"backend": _k.backend.backend(), "device": _d(_k.backend.backend()), "keras": _k.__version__}))
"""


class OutputMismatch(str):
    """A problem that is only a shown output not matching what the block printed (re-takable)."""


@dataclass
class BlockResult:
    block: CodeBlock
    status: str  # 'passed', 'failed', 'skipped', 'not run'
    seconds: float = 0.0
    checked: int = 0  # output/error/warning blocks verified
    with_tolerance: int = 0
    problems: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    error: str = ""
    images: list[bytes] = field(default_factory=list)  # PNG figures the block drew, in order


@dataclass
class PageResult:
    page: Page
    blocks: list[BlockResult]
    provisions: list[data.Provision]
    problems: list[str]  # every failure, formatted for people (file:line first)
    warnings: list[str]
    seconds: float = 0.0
    facts: dict = field(default_factory=dict)  # backend, device, keras version, from the kernel

    def count(self, status: str) -> int:
        return sum(1 for b in self.blocks if b.status == status)

    @property
    def executed(self) -> int:
        return self.count("passed") + self.count("failed")

    @property
    def outputs_verified(self) -> int:
        return sum(b.checked for b in self.blocks if b.status == "passed")

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        total = len(self.page.python_blocks)
        line = (f"{self.page.display_path}: {total} python blocks, {self.executed} executed, "
                f"{self.count('skipped')} skipped, {self.outputs_verified} outputs verified"
                f" ({sum(b.with_tolerance for b in self.blocks if b.status == 'passed')} within a tolerance)"
                f", {self.seconds:.0f} s")
        if self.count("not run"):
            line += f", {self.count('not run')} not run"
        if self.count("failed"):
            line += f", {self.count('failed')} FAILED"
        return line


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def _collect(outputs) -> tuple[str, str, dict | None, list[bytes]]:
    """What a learner sees: stdout, results and text-only displays; stderr apart; figures."""
    out, err, error, images = [], [], None, []
    for o in outputs:
        if o.output_type == "stream":
            (out if o.name == "stdout" else err).append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            d = o.get("data", {})
            if "image/png" in d:
                images.append(base64.b64decode(d["image/png"]))
            if any(k.startswith("image/") for k in d):
                continue  # a figure: the learner sees the picture, not its text/plain
            if "text/plain" in d:
                out.append(d["text/plain"] + "\n")
        elif o.output_type == "error":
            error = {"ename": o.ename, "evalue": o.evalue, "traceback": o.traceback}
    return "".join(out), "".join(err), error, images


def kernel_env(keras_home: Path, guard_log: Path) -> dict:
    from .environment import QUIETED

    env = {k: v for k, v in os.environ.items() if k not in QUIETED}
    env["KERAS_HOME"] = str(keras_home)
    env["LESSONKIT_GUARD_LOG"] = str(guard_log)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    root = str(data.ROOT)
    env["PYTHONPATH"] = root + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else root
    return env


def run_page(path: str | Path, *, workdir: Path | None = None, on_block=None) -> PageResult:
    """Run every Python block of the page at `path` and check what the page shows.

    `on_block(BlockResult)` is called after each block (for progress or the benchmark)."""
    started = time.perf_counter()
    page = parse_page(path)
    problems: list[str] = []
    warnings: list[str] = []
    results: list[BlockResult] = []

    for p in page.div_problems:
        problems.append(f"{page.where(p.line)}: {p.message}")

    facts: dict = {}
    tmp = tempfile.TemporaryDirectory(prefix="lesson-page-")
    try:
        provisions = _run_blocks(page, Path(tmp.name), workdir, on_block, problems, results, facts)
    finally:
        tmp.cleanup()

    # Every block counts: executed + skipped must equal the python fences in the file.
    fences = count_python_fences(page.text)
    done = sum(1 for r in results if r.status in ("passed", "failed", "skipped"))
    if not problems and done != fences:
        problems.append(f"{page.where(1)}: the page has {fences} ```python blocks but {done} were executed or "
                        f"skipped; a block the parser did not see would silently not run. Check that every "
                        f"fence is closed and not indented inside other code.")
    result = PageResult(page, results, provisions, problems, warnings, facts=facts)
    result.seconds = time.perf_counter() - started
    return result


def _run_blocks(page: Page, tmp_path: Path, workdir: Path | None, on_block, problems: list[str],
                results: list[BlockResult], facts: dict) -> list[data.Provision]:
    """Run the page's blocks in a fresh kernel, adding to `problems` and `results`; return the data used."""
    workdir = workdir or tmp_path / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    keras_home = tmp_path / "keras"
    provisions_all = data.prepare_keras_home(keras_home)
    used = {d["name"] for d in data.datasets_used(page.text)}
    provisions = [p for p in provisions_all if p.name in used]
    data.require(provisions)
    guard_log = tmp_path / "network-attempts.log"

    setup = [f"import lessonkit.kernel as _lessonkit_kernel",
             f"_lessonkit_kernel.install({str(guard_log)!r}, {_cifar_arg(provisions)!r})",
             "del _lessonkit_kernel"]
    cells = [nbformat.v4.new_code_cell("\n".join(setup))]
    cells += [nbformat.v4.new_code_cell(b.source) for b in page.python_blocks]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=BLOCK_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    try:
        with client.setup_kernel(env=kernel_env(keras_home, guard_log), cwd=str(workdir)):
            try:
                client.execute_cell(nb.cells[0], 0)
            except CellExecutionError as e:
                problems.append(f"{page.where(1)}: the harness could not prepare the kernel:\n{_strip(e)}")
                raise _Stop from e
            stop = False
            for index, block in enumerate(page.python_blocks, start=1):
                if stop:
                    results.append(BlockResult(block, "not run"))
                    continue
                res = _run_block(client, nb.cells[index], index, block, page)
                results.append(res)
                if on_block:
                    on_block(res)
                if res.status == "failed":
                    problems.extend(res.problems)
                    expected = any(r.lang == "error" for r in block.results)
                    if res.error == KERNEL_DIED or (res.error and not expected):
                        stop = True
            if not any(r.error == KERNEL_DIED for r in results):
                facts.update(_ask_facts(client))
    except _Stop:
        pass
    if guard_log.exists():
        targets = sorted(set(guard_log.read_text().split()))
        problems.append(f"{page.where(1)}: the page tried to use the network ({', '.join(targets)}); lesson "
                        f"tests run offline. Load data through the mirror (see data/README.md).")
    return provisions


class _Stop(Exception):
    pass


def _ask_facts(client) -> dict:
    cell = nbformat.v4.new_code_cell(FACTS_CELL)
    client.nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1)
    except Exception:  # noqa: BLE001 - only a report: a page never fails for it
        return {}
    text = _collect(cell.outputs)[0].strip()
    return json.loads(text.splitlines()[-1]) if text else {}


def _cifar_arg(provisions):
    """The JPEG copy replacing load_data(), where the original CIFAR-10 archive is absent; else None."""
    if any(p.name == "cifar10" and p.source == "JPEG copy" for p in provisions):
        return str(data.mirror_dir() / data.dataset("cifar10")["jpeg_copy"])
    return None


def _strip(text) -> str:
    return ANSI_RE.sub("", str(text))


def backend() -> str:
    """The Keras backend the pages run on, which picks the outputs they are checked against."""
    return os.environ.get("KERAS_BACKEND") or "tensorflow"


def _run_block(client, cell, index: int, block: CodeBlock, page: Page) -> BlockResult:
    where = page.where(block.line)
    directive = block.directive
    if directive is not None and directive.verb == "skip":
        if not directive.args.strip():
            return BlockResult(block, "failed", problems=[
                f"{where}: a skip directive needs a reason: <!-- test: skip REASON -->"])
        return BlockResult(block, "skipped")
    if directive is not None and directive.verb == "figure" and not directive.args.strip():
        return BlockResult(block, "failed", problems=[
            f"{page.where(directive.line)}: a figure directive names the figures the block draws: "
            f"<!-- test: figure NAME.png -->"])
    if directive is not None and directive.verb != "figure":
        return BlockResult(block, "failed", problems=[
            f"{page.where(directive.line)}: unknown directive 'test: {directive.verb}' before a python block; "
            f"use 'skip REASON' or 'figure NAME.png ...'"])

    t0 = time.perf_counter()
    try:
        client.execute_cell(cell, index)
    except CellTimeoutError:
        seconds = time.perf_counter() - t0
        return BlockResult(block, "failed", seconds, problems=[
            f"{where}: the block did not finish within {BLOCK_TIMEOUT} s\n{_indent(block.source)}"], error="timeout")
    except DeadKernelError:
        seconds = time.perf_counter() - t0
        return BlockResult(block, "failed", seconds, problems=[f"{where}: {KERNEL_DIED}\n{_indent(block.source)}"],
                           error=KERNEL_DIED)
    except CellExecutionError:
        pass  # judged below from the cell's outputs
    seconds = time.perf_counter() - t0
    stdout, stderr, error, images = _collect(cell.outputs)
    res = BlockResult(block, "passed", seconds, stdout=stdout, stderr=stderr, images=images)
    names = directive.args.split() if directive is not None else []
    if names and len(names) != len(images) and not error:
        res.problems.append(f"{page.where(directive.line)}: the directive names {len(names)} figure(s) "
                            f"({', '.join(names)}) but the block drew {len(images)}")
    error_text = ""
    if error:
        error_text = _strip("\n".join(error["traceback"]))
        res.error = f"{error['ename']}: {error['evalue']}"

    expected_outputs = [r for r in block.results if r.lang == "output"]
    expected_errors = [r for r in block.results if r.lang == "error"]
    expected_warnings = [r for r in block.results if r.lang == "warning"]

    if error and not expected_errors:
        res.problems.append(f"{where}: the block raised {error['ename']}, but the page shows no ```error block "
                            f"after it\n{_indent(block.source)}\n{error_text}")
    if expected_errors and not error:
        res.problems.append(f"{page.where(expected_errors[0].line)}: the page shows an error, but the block at "
                            f"line {block.line} raised nothing\n{_indent(block.source)}")
    for shown in expected_errors:
        if error:
            cmp = compare(shown.shown(backend()), res.error)
            if cmp.ok:
                res.checked += 1
            else:
                res.problems.append(f"{page.where(shown.line)}: the error shown does not match the error raised "
                                    f"by the block at line {block.line}\n{cmp.detail}")
    if expected_outputs:
        tol = None
        bad = False
        for shown in expected_outputs:
            if shown.directive is not None:
                if shown.directive.verb != "tolerance":
                    res.problems.append(f"{page.where(shown.directive.line)}: unknown directive 'test: "
                                        f"{shown.directive.verb}' before an output block; use 'tolerance ...'")
                    bad = True
                    continue
                try:
                    tol = Tolerance.parse(shown.directive.args)
                except ToleranceSyntaxError as e:
                    res.problems.append(f"{page.where(shown.directive.line)}: {e}")
                    bad = True
        if not bad:
            joined = "\n".join(s.shown(backend()) for s in expected_outputs)
            cmp = compare(joined, stdout, tol)
            if cmp.ok:
                res.checked += len(expected_outputs)
                res.with_tolerance += len(expected_outputs) if tol else 0
            else:
                alt = expected_outputs[0].alternatives.get(backend())
                res.problems.append(OutputMismatch(
                    f"{page.where(alt.line if alt else expected_outputs[0].line)}: the output shown"
                    f"{f' for {backend()}' if alt else ''} does not match what the block at line {block.line} "
                    f"printed on {backend()}\n{_indent(block.source)}\n{cmp.detail}"))
    for shown in expected_warnings:
        # A warning is found anywhere in stderr, and within its line (Python prefixes file:line).
        pattern = "\n".join(l if l.strip() in ("", "...") else f"...{l.strip()}..." for l in shown.source.strip().split("\n"))
        cmp = compare("...\n" + pattern + "\n...", stderr)
        if cmp.ok:
            res.checked += 1
        else:
            res.problems.append(f"{page.where(shown.line)}: the warning shown was not written to stderr by the "
                                f"block at line {block.line}\n{cmp.detail}")
    if res.problems:
        res.status = "failed"
    return res


# --- ./lesson run ---------------------------------------------------------------------------------


def take_outputs(result: PageResult) -> tuple[str, list[str]]:
    """The page's text with each output block re-taken from this run (`outputs.retake`), and a
    note for each output block left as it was. Only blocks that ran and whose only problem (if
    any) is that output are re-taken, when one output block follows them; error and warning
    blocks stay. On another backend than TensorFlow, the output goes into that backend's comment
    after the block, written only where the block's output differs beyond its tolerance."""
    lines = result.page.text.split("\n")
    notes = []
    for res in reversed(result.blocks):
        shown = [r for r in res.block.results if r.lang == "output"]
        ran = res.status in ("passed", "failed") and all(isinstance(p, OutputMismatch) for p in res.problems)
        if not shown or not ran:
            continue
        where = result.page.where(shown[0].line)
        if not res.stdout.strip() or len(shown) > 1:
            notes.append(f"{where}: kept: " + ("the block printed nothing; remove the output block by hand"
                                               if not res.stdout.strip() else
                                               f"{len(shown)} output blocks after one python block; re-take by hand"))
            continue
        tol = shown[0].directive
        old = shown[0].shown(backend())
        new = retake(old, res.stdout, Tolerance.parse(tol.args) if tol and tol.verb == "tolerance" else None)
        alt = shown[0].alternatives.get(backend())
        if new is None:
            notes.append(f"{where}: kept: the shown output elides something and no longer matches; edit by hand")
        elif new == old.rstrip("\n"):
            continue
        elif backend() == "tensorflow":
            lines[shown[0].line:shown[0].end_line - 1] = new.split("\n")
        elif alt or res.problems:  # the page shows TensorFlow's output; another backend's goes in a comment after it
            comment = [f"<!-- test: {backend()}", *new.split("\n"), "-->"]
            if alt:
                lines[alt.line - 1:alt.end_line] = comment
            else:
                after = max([shown[0].end_line] + [a.end_line for a in shown[0].alternatives.values()])
                lines[after:after] = comment
    return "\n".join(lines), notes[::-1]


def configure(parser) -> None:
    parser.description = ("Execute every python block of each PAGE in a fresh kernel, print its real output "
                          "and every mismatch with the page.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="a lesson page, e.g. episodes/02-penguins.md")
    parser.add_argument("--take-outputs", action="store_true",
                        help="rewrite the page's output blocks with the real output of this run (keeps elisions "
                             "other than in Keras progress lines; see CONTRIBUTING.md)")


def run(args) -> int:
    """0: every page passed (or its outputs were re-taken with nothing left to do by hand); 1: problems."""
    if error := missing_pages(args.pages):
        print(f"error: {error}", file=sys.stderr)
        return 2
    status = 0
    for path in args.pages:
        result = run_page(path, on_block=_show)
        print()
        problems = result.problems
        if args.take_outputs:
            text, notes = take_outputs(result)
            if text != result.page.text:
                Path(path).write_text(text, encoding="utf-8")
                print(f"re-took the outputs of {result.page.display_path}; check them with git diff")
            problems = [p for p in problems if not isinstance(p, OutputMismatch)] + notes
        for p in problems:
            print(p, end="\n\n")
        for w in result.warnings:
            print("warning:", w)
        print(result.summary())
        status |= 1 if problems else 0
    return status


def _show(res: BlockResult) -> None:
    b = res.block
    print(f"--- {b.line}: {res.status} in {res.seconds:.1f} s" + (f" [{', '.join(b.divs)}]" if b.divs else "")
          + (f", {len(res.images)} figure(s)" if res.images else ""))
    if res.stdout.strip():
        print(res.stdout.rstrip())
    if res.error:
        print(f"[raised] {res.error}")
