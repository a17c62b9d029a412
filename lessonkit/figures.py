"""Figures the lesson's code draws, saved from the harness's run: `./lesson figures PAGE...`.

CONTRIBUTING.md, "Figures", gives the rules: the `<!-- test: figure NAME.png ... -->` directive, the stamp
(the page and a hash of the code that ran up to the drawing block) that makes a figure up to date, why
pixels are not compared, and the diagrams that fig/ scripts draw instead.
"""
import hashlib
import io
import sys
from pathlib import Path

from .lesson import existing_page
from .markdown import CodeBlock, Page, parse_page

MAX_WIDTH = 800  # pixels: keeps the PNGs small and sharp enough for the page
MAX_BYTES = 150_000  # larger figures (photographs) are stored with a 256-colour palette
STAMP_PAGE, STAMP_CODE = "lesson-page", "lesson-code-sha256"


def figure_blocks(page: Page) -> list[tuple[CodeBlock, list[str]]]:
    return [(b, b.directive.args.split()) for b in page.python_blocks
            if b.directive is not None and b.directive.verb == "figure"]


def code_hash(page: Page, block: CodeBlock) -> str:
    """Hash of the code that runs up to and including `block` (indentation and blank lines kept)."""
    ran = page.python_blocks[:page.python_blocks.index(block) + 1]
    code = ["\n".join(line.rstrip() for line in b.source.strip("\n").split("\n")) for b in ran
            if b.directive is None or b.directive.verb != "skip"]
    return hashlib.sha256("".join(c + "\0" for c in code).encode()).hexdigest()


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


def write_figures(result) -> list[Path]:
    """Save the figures of every block of a `runner.PageResult` that names them and passed, in the page's fig/."""
    written = []
    for res in result.blocks:
        d = res.block.directive
        if res.status == "passed" and d is not None and d.verb == "figure":
            for name, png in zip(d.args.split(), res.images):
                written.append(result.page.path.parent / "fig" / name)
                save(png, written[-1], result.page, res.block)
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
            elif (made_by := stamp(path).get(STAMP_CODE)) is None:
                problems.append(f"{where}: fig/{name} was not made by the harness (no stamp); {fix}, and delete "
                                f"the script in fig/ that drew it")
            elif made_by != code_hash(page, block):
                problems.append(f"{where}: fig/{name} is out of date: the code that draws it changed; {fix}")
    return problems


def configure(parser) -> None:
    parser.description = ("Run each PAGE and save every figure its blocks draw under the names of their "
                          "'<!-- test: figure NAME.png -->' directives, in the page's fig/ folder.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", type=existing_page,
                        help="a lesson page, e.g. episodes/02-penguins.md")


def run(args) -> int:
    """0: figures written and the page passed; 1: the page has problems (figures of passed blocks are
    still written); 2: no such page (argparse), or a page with no figure directive."""
    from .runner import run_page

    for name in args.pages:
        if not figure_blocks(parse_page(name)):
            print(f"error: {name} names no figure (<!-- test: figure NAME.png --> before the block that draws it)",
                  file=sys.stderr)
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
