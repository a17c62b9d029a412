"""The recap download of episode 4 is the code that the page shows (and the harness runs) in its recap box.

Learners start episode 4 with `%run weather-recap.py`; the harness executes the blocks of the page's
`spoiler` box instead. This test keeps the two identical, so the download is tested code.
"""
from pathlib import Path

from lessonkit.markdown import parse_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "episodes" / "04-monitor-training.md"
RECAP = ROOT / "episodes" / "files" / "weather-recap.py"


def recap_code_in_page() -> str:
    blocks = [b.source.strip("\n") for b in parse_page(PAGE).python_blocks if "spoiler" in b.divs]
    assert blocks, f"{PAGE.relative_to(ROOT)} has no Python blocks in a spoiler box (the recap)"
    return "\n\n\n".join(blocks) + "\n"


def code_of_download() -> str:
    """The download without its leading comment lines (what the file is and where it comes from)."""
    lines = RECAP.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)


def test_recap_download_is_the_code_of_the_recap_box():
    assert code_of_download() == recap_code_in_page(), (
        f"{RECAP.relative_to(ROOT)} differs from the code in the recap box of {PAGE.relative_to(ROOT)}: "
        f"copy the box's code into the file (below its comment header)")


def test_page_links_the_download():
    assert "(files/weather-recap.py)" in PAGE.read_text(encoding="utf-8")
