"""The plots that the code of episode 4 draws, saved for the rendered page.

Runs every Python block of episodes/04-monitor-training.md in order, with the real data (set
LESSON_DATA_MIRROR, see data/README.md), and saves the figure of each plt.show() under the name in
FIGURES (None: a plot in a solution that the page does not show as an image). The runner is the
one of fig/03_weather_figures.py.

Run from the repository root:
    LESSON_DATA_MIRROR=/path/to/data .venv/bin/python fig/04_monitor_figures.py
"""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "episodes" / "04-monitor-training.md"
FIGURES = [
    "04_history_30_epochs.png",
    "04_history_slow.png",  # Challenge 2, learning rate 0.00001
    None,  # Challenge 2, learning rate 0.1
    "04_history_small.png",
    "04_history_early_stopping.png",
    "04_history_dropout.png",
    None,  # Challenge 6, dropout rate 0.1
    None,  # Challenge 6, dropout rate 0.9
    "04_history_batchnorm.png",
]

spec = importlib.util.spec_from_file_location("weather_figures", Path(__file__).parent / "03_weather_figures.py")
weather_figures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(weather_figures)

if __name__ == "__main__":
    weather_figures.run_page_saving_figures(PAGE, FIGURES)
