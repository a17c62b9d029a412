"""The plots that the code of episode 3 draws, saved for the rendered page.

The Workbench does not run lesson code, so the rendered page shows these PNG files. This script
runs every Python block of the episode, in order, exactly as the page shows it (with the real data:
set LESSON_DATA_MIRROR to the folder with the offline copy, see data/README.md), and saves each
figure that the code shows with plt.show(), under the names listed in FIGURES.

Run from the repository root:
    LESSON_DATA_MIRROR=/path/to/data .venv/bin/python fig/03_weather_figures.py
"""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "episodes" / "03-weather-regression.md"
FIGURES = ["03_sunshine_2005.png", "03_history.png", "03_predictions.png"]


def run_page_saving_figures(page, names, dpi=80):
    """Execute the page's Python blocks; save the figure of the n-th plt.show() as names[n].

    A name of None skips that figure."""
    sys.path.insert(0, str(ROOT))
    from lessonkit import data
    from lessonkit.markdown import parse_page

    tmp = Path(tempfile.mkdtemp(prefix="lesson-figures-"))
    provisions = data.prepare_keras_home(tmp / "keras")
    if not all(p.real for p in provisions if p.name == "weather"):
        raise SystemExit("set LESSON_DATA_MIRROR to the folder with the real weather data")
    os.environ["KERAS_HOME"] = str(tmp / "keras")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = []

    def show(*args, **kwargs):
        if len(shown) >= len(names):
            raise SystemExit(f"the page shows more than {len(names)} figures; update the list of names")
        name = names[len(shown)]
        if name is not None:  # None: a figure that the page does not show as an image
            plt.gcf().savefig(ROOT / "episodes" / "fig" / name, dpi=dpi, bbox_inches="tight")
            print("wrote", "episodes/fig/" + name)
        plt.close("all")
        shown.append(name)

    plt.show = show
    namespace = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        for block in parse_page(page).python_blocks:
            if block.directive is not None and block.directive.verb == "skip":
                continue
            try:
                exec(compile(block.source, f"{page.name}:{block.line}", "exec"), namespace)
            except Exception:
                if not any(r.lang == "error" for r in block.results):
                    raise
    finally:
        os.chdir(cwd)
    if len(shown) != len(names):
        raise SystemExit(f"the page showed {len(shown)} figures, expected {len(names)}")


if __name__ == "__main__":
    run_page_saving_figures(PAGE, FIGURES)
