"""The plots that the code of episode 5 (image classification) draws, taken from a real run.

Runs episodes/05-image-classification.md through the lesson harness (the same kernel, data and
seeds as `./lesson run`) and saves every figure a block draws as the PNG that the page shows
right after that block: the first `![...](fig/05_*.png)` image below the block. Run it from the
repository root with the offline data, about 8 minutes on a two-core laptop CPU:

    LESSON_DATA_MIRROR=/path/to/mirror .venv/bin/python fig/05_lesson_plots.py [--outputs FILE]

With `--outputs FILE` it also writes every block's printed output and its time in seconds, for
copying into the page's output blocks and for the timing notes.
"""
import base64
import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from lessonkit import runner  # noqa: E402
from lessonkit.markdown import parse_page  # noqa: E402

PAGE = ROOT / "episodes" / "05-image-classification.md"
FIG = ROOT / "episodes" / "fig"
MAX_WIDTH = 800  # pixels; keeps the PNGs small
MAX_BYTES = 150_000


def figure_targets(page):
    """For each python block, the page's first fig/05_*.png image below it (or None)."""
    images = sorted((link.line, link.target) for link in page.links
                    if link.kind == "image" and link.target.startswith("fig/05_"))
    targets = {}
    for block in page.python_blocks:
        below = [target for line, target in images if line > block.end_line]
        targets[block.line] = below[0] if below else None
    return targets


def main(argv):
    outputs_file = Path(argv[argv.index("--outputs") + 1]) if "--outputs" in argv else None
    page = parse_page(PAGE)
    targets = figure_targets(page)
    pending = []
    collect = runner._collect

    def collect_with_images(outputs):
        for o in outputs:
            if o.output_type in ("execute_result", "display_data") and "image/png" in o.get("data", {}):
                pending.append(base64.b64decode(o["data"]["image/png"]))
        return collect(outputs)

    runner._collect = collect_with_images
    report = []

    def on_block(res):
        line = res.block.line
        report.append(f"--- block at line {line}: {res.status} in {res.seconds:.1f} s\n{runner._strip(res.stdout)}")
        for problem in res.problems:
            report.append(problem)
        if pending:
            target = targets.get(line)
            if target is None or len(pending) > 1:
                print(f"line {line}: {len(pending)} figure(s) but target {target}; not saved", file=sys.stderr)
            else:
                image = Image.open(io.BytesIO(pending[0])).convert("RGB")
                if image.width > MAX_WIDTH:
                    image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)),
                                         Image.LANCZOS)
                out = FIG / Path(target).name
                image.save(out, optimize=True)
                for scale, colours in [(1.0, 256), (1.0, 128), (0.9, 128), (0.8, 128), (0.8, 64)]:
                    if out.stat().st_size <= MAX_BYTES:
                        break
                    # photographs compress badly in PNG: use a palette, and shrink a little if needed
                    smaller = image.resize((round(image.width * scale), round(image.height * scale)),
                                           Image.LANCZOS)
                    smaller.quantize(colors=colours).save(out, optimize=True)
                print(f"line {line}: wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
            pending.clear()
        print(f"line {line}: {res.status} in {res.seconds:.1f} s", flush=True)

    result = runner.run_page(PAGE, on_block=on_block)
    print(result.summary())
    for problem in result.problems:
        print(problem)
    if outputs_file:
        outputs_file.write_text("\n".join(report) + "\n" + result.summary() + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
