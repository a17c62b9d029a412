"""Execute a lesson page's Python blocks in one fresh Jupyter kernel, as a learner would.

`run_page` is shared by the pytest harness, `./lesson run` and the bench. Blocks run in document
order and are checked against the output, error and warning blocks after them and the directives
before them (CONTRIBUTING.md). A page whose data is not available offline is not run. Every figure
a block draws is kept for `./lesson figures`.
"""
import base64
import contextlib
import json
import os
import tempfile
import textwrap
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import data
from .lesson import existing_page
from .markdown import CodeBlock, Page, count_python_fences, parse_page
from .outputs import ANSI_RE, Tolerance, ToleranceSyntaxError, compare, retake
from .problems import Problem

BLOCK_TIMEOUT = int(os.environ.get("LESSON_BLOCK_TIMEOUT", "900"))
#: What a block needs after each directive it may have; the usage shown for an unknown one.
BLOCK_DIRECTIVES = {"skip": "a reason: <!-- test: skip REASON -->",
                    "figure": "the names of the figures the block draws: <!-- test: figure NAME.png ... -->"}
BLOCK_USAGE = "use 'skip REASON' or 'figure NAME.png ...'"
#: A block that stops the kernel: the problem's kind and what happened.
STOPPED = {CellTimeoutError: ("timeout", f"the block did not finish within {BLOCK_TIMEOUT} s"),
           DeadKernelError: ("kernel-died", "the kernel died (out of memory?)")}
#: A shown output, error or warning block that does not match what the block produced (the kind is the label).
MISMATCH = {"error": "the error shown{alt} does not match the error raised by the block at line {line}",
            "output": "the output shown{alt} does not match what the block at line {line} printed on {backend}",
            "warning": "the warning shown was not written to stderr by the block at line {line}"}
# Run after the page's blocks: what it ran on, asked of the kernel only if the page loaded Keras.
FACTS_CELL = """import sys as _s
if "keras" in _s.modules:
    import json as _j, keras as _k
    from lessonkit.environment import device as _d
    print(_j.dumps({"backend": _k.backend.backend(), "device": _d(_k.backend.backend()), "keras": _k.__version__}))
"""


@dataclass
class BlockResult:
    block: CodeBlock
    status: str  # 'passed', 'failed', 'skipped', 'not run'
    seconds: float = 0.0
    checked: int = 0  # output/error/warning blocks verified
    with_tolerance: int = 0
    problems: list[Problem] = field(default_factory=list)
    stdout: str = ""
    error: str = ""  # 'ename: evalue' of what the block raised, or why it stopped the kernel
    images: list[bytes] = field(default_factory=list)  # PNG figures the block drew, in order


@dataclass
class PageResult:
    page: Page
    blocks: list[BlockResult] = field(default_factory=list)
    provisions: list[data.Provision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # every failure; str(problem) starts with file:line
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
        tolerance = sum(b.with_tolerance for b in self.blocks if b.status == "passed")
        bad = "".join(f", {self.count(s)} {label}" for s, label in (("not run", "not run"), ("failed", "FAILED"))
                      if self.count(s))
        return (f"{self.page.display_path}: {len(self.page.python_blocks)} python blocks, {self.executed} executed, "
                f"{self.count('skipped')} skipped, {self.outputs_verified} outputs verified ({tolerance} within a "
                f"tolerance), {self.seconds:.0f} s{bad}")


def _collect(outputs) -> tuple[str, str, dict | None, list[bytes]]:
    """What a learner sees: stdout, results and text-only displays; stderr apart; figures."""
    out, err, error, images = [], [], None, []
    for o in outputs:
        if o.output_type == "stream":
            (out if o.name == "stdout" else err).append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            d = o.get("data", {})
            images += [base64.b64decode(d["image/png"])] if "image/png" in d else []
            if "text/plain" in d and not any(k.startswith("image/") for k in d):  # a figure shows its picture
                out.append(d["text/plain"] + "\n")
        elif o.output_type == "error":
            error = {"ename": o.ename, "evalue": o.evalue, "traceback": o.traceback}
    return "".join(out), "".join(err), error, images


def run_page(path: str | Path, *, on_block=None) -> PageResult:
    """Run every Python block of the page at `path` and check what the page shows.

    `on_block(BlockResult)` is called after each block (`./lesson run` shows its progress with it)."""
    started = time.perf_counter()
    page = parse_page(path)
    result = PageResult(page, problems=[replace(p, path=page.display_path) for p in page.div_problems])
    with tempfile.TemporaryDirectory(prefix="lesson-page-") as tmp:
        _run_blocks(result, Path(tmp), on_block)

    # Every block counts: executed + skipped must equal the python fences in the file.
    fences = count_python_fences(page.text)
    done = sum(1 for r in result.blocks if r.status != "not run")
    if not result.problems and done != fences:
        result.problems.append(Problem(
            page.display_path, 1, "uncounted-block", f"the page has {fences} ```python blocks but {done} were "
            f"executed or skipped; a block the parser did not see would silently not run. Check that every fence "
            f"is closed and not indented inside other code."))
    result.seconds = time.perf_counter() - started
    return result


def _run_blocks(result: PageResult, tmp_path: Path, on_block) -> None:
    """Run the page's blocks in a fresh kernel in `tmp_path`, adding to `result` the blocks, problems, data, facts.

    The notebook's cells: the kernel's setup, the page's blocks, the question of what it ran on."""
    page = result.page
    (workdir := tmp_path / "work").mkdir()
    keras_home, guard_log = tmp_path / "keras", tmp_path / "network-attempts.log"
    used = {d["name"] for d in data.datasets_used(page.text)}
    result.provisions = [p for p in data.prepare_keras_home(keras_home) if p.name in used]
    data.require(result.provisions)

    # __import__ leaves no name of the harness in the learner's namespace
    setup = f"__import__('lessonkit.kernel').kernel.install({str(guard_log)!r}, {_cifar_arg(result.provisions)!r})"
    sources = [setup] + [b.source for b in page.python_blocks] + [FACTS_CELL]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    client = NotebookClient(nb, timeout=BLOCK_TIMEOUT, kernel_name="python3")
    # The user's environment, with the page's own Keras cache and network log, and lessonkit importable.
    env = os.environ | {"KERAS_HOME": str(keras_home), "LESSONKIT_GUARD_LOG": str(guard_log),
                        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                        "PYTHONPATH": os.pathsep.join(filter(None, [str(data.ROOT), os.environ.get("PYTHONPATH")]))}
    with client.setup_kernel(env=env, cwd=str(workdir)):
        try:
            client.execute_cell(nb.cells[0], 0)
        except CellExecutionError as e:
            result.problems.append(Problem(page.display_path, 1, "setup",
                                           f"the harness could not prepare the kernel:\n{ANSI_RE.sub('', str(e))}"))
            return
        stop = False
        for index, block in enumerate(page.python_blocks, start=1):
            res = BlockResult(block, "not run") if stop else _run_block(client, nb.cells[index], index, block, page)
            result.blocks.append(res)
            result.problems.extend(res.problems)
            if on_block and not stop:
                on_block(res)
            # Later blocks depend on this one: stop after an error the page does not show, or a stopped kernel.
            stop = (stop or any(p.kind in ("timeout", "kernel-died") for p in res.problems)
                    or bool(res.error and not any(r.lang == "error" for r in block.results)))
        if not any(p.kind == "kernel-died" for p in result.problems):
            with contextlib.suppress(Exception):  # only a report: a page never fails for it
                client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
                facts = _collect(nb.cells[-1].outputs)[0].strip()
                result.facts.update(json.loads(facts.splitlines()[-1]) if facts else {})
    if guard_log.exists():
        targets = sorted(set(guard_log.read_text().split()))
        result.problems.append(Problem(page.display_path, 1, "network", f"the page tried to use the network "
                                       f"({', '.join(targets)}); lesson tests run offline. Load data through the "
                                       f"mirror (see data/README.md)."))


def _cifar_arg(provisions):
    """The JPEG copy replacing load_data(), where the original CIFAR-10 archive is absent; else None."""
    jpeg = any(p.name == "cifar10" and p.source == "JPEG copy" for p in provisions)
    return str(data.mirror_dir() / data.dataset("cifar10")["jpeg_copy"]) if jpeg else None


def backend() -> str:
    """The Keras backend the pages run on, which picks the outputs they are checked against."""
    return os.environ.get("KERAS_BACKEND") or "tensorflow"


def _tolerance(output: CodeBlock) -> Tolerance | None:
    """The tolerance of an output block (None: exact); ToleranceSyntaxError for a bad directive before it."""
    d = output.directive
    if d is not None and d.verb != "tolerance":
        raise ToleranceSyntaxError(f"unknown directive 'test: {d.verb}' before an output block; use 'tolerance ...'")
    return Tolerance.parse(d.args) if d is not None else None


def _anywhere(warning: str) -> str:
    """A shown warning as a pattern found anywhere in stderr, and within its line (Python prefixes file:line)."""
    lines = (l if l.strip() in ("", "...") else f"...{l.strip()}..." for l in warning.strip().split("\n"))
    return "...\n" + "\n".join(lines) + "\n..."


def _run_block(client, cell, index: int, block: CodeBlock, page: Page) -> BlockResult:
    """Run one block; check its directive, figures, and the output, error and warning blocks after it."""
    res = BlockResult(block, "passed")

    def fail(line: int, kind: str, message: str, detail: str = "") -> BlockResult:
        """A problem at `line`: the message, the block (not for a directive's) and the diff or traceback."""
        code = textwrap.indent(block.source.rstrip("\n"), "    ", bool) if kind != "directive" else ""
        res.problems.append(Problem(page.display_path, line, kind, "\n".join(p for p in (message, code, detail) if p)))
        res.status = "failed"
        return res

    d = block.directive
    if d is not None and d.verb not in BLOCK_DIRECTIVES:
        return fail(d.line, "directive", f"unknown directive 'test: {d.verb}' before a python block; {BLOCK_USAGE}")
    if d is not None and not d.args.strip():
        return fail(d.line, "directive", f"a {d.verb} directive needs {BLOCK_DIRECTIVES[d.verb]}")
    if d is not None and d.verb == "skip":
        return BlockResult(block, "skipped")

    t0 = time.perf_counter()
    try:
        client.execute_cell(cell, index)
    except (CellTimeoutError, DeadKernelError) as e:
        kind, res.error = STOPPED[type(e)]
    except CellExecutionError:
        pass  # judged below from the cell's outputs
    res.seconds = time.perf_counter() - t0
    if res.error:  # the kernel stopped
        return fail(block.line, kind, res.error)
    res.stdout, stderr, error, res.images = _collect(cell.outputs)
    names = d.args.split() if d is not None else []
    if names and len(names) != len(res.images) and not error:
        fail(d.line, "figure", f"the directive names {len(names)} figure(s) ({', '.join(names)}) but the block "
                               f"drew {len(res.images)}")

    shown = {lang: [r for r in block.results if r.lang == lang] for lang in MISMATCH}
    res.error = f"{error['ename']}: {error['evalue']}" if error else ""
    if error and not shown["error"]:
        fail(block.line, "error", f"the block raised {error['ename']}, but the page shows no ```error block "
                                  f"after it", ANSI_RE.sub("", "\n".join(error["traceback"])))
    elif shown["error"] and not error:
        fail(shown["error"][0].line, "error", f"the page shows an error, but the block at line {block.line} "
                                              f"raised nothing")
    # (kind, the shown blocks compared as one, what they show, what the block produced, tolerance)
    checks = [("error", [s], s.shown(backend()), res.error, None) for s in shown["error"] if error]
    tolerances = []
    for s in shown["output"]:
        try:
            tolerances.append(_tolerance(s))
        except ToleranceSyntaxError as e:
            fail(s.directive.line, "directive", str(e))
    if shown["output"] and len(tolerances) == len(shown["output"]):
        tol = next((t for t in reversed(tolerances) if t), None)
        checks.append(("output", shown["output"], "\n".join(s.shown(backend()) for s in shown["output"]),
                       res.stdout, tol))
    checks += [("warning", [s], _anywhere(s.source), stderr, None) for s in shown["warning"]]
    for kind, blocks, expected, actual, tol in checks:
        cmp = compare(expected, actual, tol)
        alt = blocks[0].alternatives.get(backend())
        if cmp.ok:
            res.checked += len(blocks)
            res.with_tolerance += len(blocks) if tol else 0
        else:
            fail(alt.line if alt else blocks[0].line, kind, MISMATCH[kind].format(
                alt=f" for {backend()}" if alt else "", line=block.line, backend=backend()), cmp.detail)
    return res


# --- ./lesson run ---------------------------------------------------------------------------------


def take_outputs(result: PageResult) -> tuple[str, list[Problem]]:
    """The page's text with its output blocks re-taken from this run by CONTRIBUTING.md's rule
    (`outputs.retake`), and a 'retake' problem for each output block left as it was. Only a block
    whose only problem (if any) is its output is re-taken; on another backend, into its comment."""
    lines = result.page.text.split("\n")
    kept = []
    for res in reversed(result.blocks):
        shown = [r for r in res.block.results if r.lang == "output"]
        if not shown or res.status not in ("passed", "failed") or any(p.kind != "output" for p in res.problems):
            continue
        out, alt = shown[0], shown[0].alternatives.get(backend())
        old = out.shown(backend())
        new = retake(old, res.stdout, _tolerance(out)) if res.stdout.strip() and len(shown) == 1 else None
        if new is None:
            why = ("the block printed nothing; remove the output block by hand" if not res.stdout.strip() else
                   f"{len(shown)} output blocks after one python block; re-take by hand" if len(shown) > 1 else
                   "the shown output elides something and no longer matches; edit by hand")
            kept.append(Problem(result.page.display_path, out.line, "retake", f"kept: {why}"))
        elif new != old.rstrip("\n") and backend() == "tensorflow":
            lines[out.line:out.end_line - 1] = new.split("\n")
        elif new != old.rstrip("\n") and (alt or res.problems):
            # The page shows TensorFlow's output; another backend's goes in its comment after it.
            after = max([out.end_line] + [a.end_line for a in out.alternatives.values()])
            start, end = (alt.line - 1, alt.end_line) if alt else (after, after)
            lines[start:end] = [f"<!-- test: {backend()}", *new.split("\n"), "-->"]
    return "\n".join(lines), kept[::-1]


def configure(parser) -> None:
    parser.description = ("Execute every python block of each PAGE in a fresh kernel, print its real output "
                          "and every mismatch with the page.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", type=existing_page,
                        help="a lesson page, e.g. episodes/02-penguins.md")
    parser.add_argument("--take-outputs", action="store_true",
                        help="rewrite the page's output blocks with the real output of this run (keeps elisions "
                             "other than in Keras progress lines; see CONTRIBUTING.md)")


def run(args) -> int:
    """0: every page passed (or its outputs were re-taken with nothing left to do by hand); 1: problems."""
    status = 0
    for path in args.pages:
        result = run_page(path, on_block=_show)
        print()
        problems = result.problems
        if args.take_outputs:
            text, kept = take_outputs(result)
            if text != result.page.text:
                Path(path).write_text(text, encoding="utf-8")
                print(f"re-took the outputs of {result.page.display_path}; check them with git diff")
            problems = [p for p in problems if p.kind != "output"] + kept
        for p in problems:
            print(p, end="\n\n")
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
