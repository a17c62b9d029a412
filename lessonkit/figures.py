"""Figures the lesson's code draws, saved from the harness's run: `./lesson figures PAGE...`.

A python block that draws a figure shown on the page names it in a directive on the line before it:

    <!-- test: figure 02_penguins_pairplot.png -->
    ```python
    sns.pairplot(penguins, hue="species")
    ```

    ![Pair plot ...](fig/02_penguins_pairplot.png){alt='...'}

The harness checks that the block draws exactly as many figures as the directive names; this
command runs the page and writes them, in order, to the page's `fig/` folder (at most MAX_WIDTH
pixels wide). Each PNG carries a stamp: the page and a hash of the code that made it (every
python block that runs up to and including the drawing block). A figure is up to date when its
stamp matches the page's current code: pixels are not compared, because training curves differ
between runs and machines. `check_page` (run by the tests) reports figures that are missing,
stale, not stamped, or never shown on the page. Images without a directive (diagrams) are not
the harness's: they live in fig/ with the scripts that draw them.
"""
from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

from .markdown import CodeBlock, Page, parse_page

MAX_WIDTH = 800  # pixels: keeps the PNGs small and sharp enough for the page
MAX_BYTES = 150_000  # larger figures (photographs) are stored with a 256-colour palette
STAMP_PAGE, STAMP_CODE = "lesson-page", "lesson-code-sha256"


def figure_blocks(page: Page) -> list[tuple[CodeBlock, list[str]]]:
    return [(b, b.directive.args.split()) for b in page.python_blocks
            if b.directive is not None and b.directive.verb == "figure"]


def code_hash(page: Page, block: CodeBlock) -> str:
    """Hash of the code that runs up to and including `block` (indentation and blank lines kept)."""
    h = hashlib.sha256()
    for b in page.python_blocks:
        if b.directive is None or b.directive.verb != "skip":
            h.update("\n".join(line.rstrip() for line in b.source.strip("\n").split("\n")).encode() + b"\0")
        if b is block:
            break
    return h.hexdigest()


def save(png: bytes, path: Path, page: Page, block: CodeBlock) -> None:
    from PIL import Image, PngImagePlugin

    image = Image.open(io.BytesIO(png))
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.LANCZOS)
    info = PngImagePlugin.PngInfo()
    info.add_text(STAMP_PAGE, page.display_path)
    info.add_text(STAMP_CODE, code_hash(page, block))
    image.save(path, pnginfo=info, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.convert("RGB").quantize(256).save(path, pnginfo=info, optimize=True)


def stamp(path: Path) -> dict:
    from PIL import Image

    with Image.open(path) as image:
        return dict(getattr(image, "text", {}))


def write_figures(result, fig_dir: Path | None = None) -> list[Path]:
    """Save the figures of every block of a `runner.PageResult` that names them and passed."""
    page = result.page
    fig_dir = fig_dir or page.path.parent / "fig"
    written = []
    for res in result.blocks:
        d = res.block.directive
        if res.status != "passed" or d is None or d.verb != "figure":
            continue
        for name, png in zip(d.args.split(), res.images):
            save(png, fig_dir / name, page, res.block)
            written.append(fig_dir / name)
    return written


def check_page(page: Page) -> list[str]:
    """Problems with the harness-made figures of a page: missing, stale, not stamped, not shown."""
    problems = []
    shown = {Path(link.target).name for link in page.links if link.kind == "image"}
    fix = f"run ./lesson figures {page.display_path}"
    for block, names in figure_blocks(page):
        where = page.where(block.directive.line)
        for name in names:
            path = page.path.parent / "fig" / name
            if name not in shown:
                problems.append(f"{where}: the figure {name} is made but the page shows no image fig/{name}")
            if not path.is_file():
                problems.append(f"{where}: fig/{name} does not exist; {fix}")
                continue
            s = stamp(path)
            if STAMP_CODE not in s:
                problems.append(f"{where}: fig/{name} was not made by the harness (no stamp); {fix}, and delete "
                                f"the script in fig/ that drew it")
            elif s[STAMP_CODE] != code_hash(page, block):
                problems.append(f"{where}: fig/{name} is out of date: the code that draws it changed; {fix}")
    return problems


def configure(parser) -> None:
    parser.description = ("Run each PAGE and save every figure its blocks draw under the names of their "
                          "'<!-- test: figure NAME.png -->' directives, in the page's fig/ folder.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="a lesson page, e.g. episodes/02-penguins.md")


def run(args) -> int:
    """0: figures written and the page passed; 1: the page has problems (figures of passed blocks are
    still written); 2: no such page, or a page with no figure directive."""
    from .runner import run_page

    for name in args.pages:
        if not Path(name).is_file() or not figure_blocks(parse_page(name)):
            print(f"error: {name}: no such page, or it names no figure (<!-- test: figure NAME.png --> before "
                  f"the block that draws it)", file=sys.stderr)
            return 2
    status = 0
    for name in args.pages:
        result = run_page(name)
        for path in write_figures(result):
            print(f"wrote {path}")
        for p in result.problems:
            print(p, end="\n\n")
        print(result.summary())
        status |= 1 if result.problems else 0
    return status
