"""Pair plot of the four penguin measurements by species, as drawn in episode 2.

Writes episodes/fig/02_penguins_pairplot.png (run from the repository root:
.venv/bin/python fig/02_penguins_pairplot.py). Same call as the lesson code, with markers and
hatching added to the density curves on the diagonal so that the species can be told apart in greyscale.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import seaborn as sns
from palmerpenguins import load_penguins
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "02_penguins_pairplot.png"

penguins = load_penguins()
feature_names = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
grid = sns.pairplot(penguins, vars=feature_names, hue="species", markers=["o", "s", "D"], height=1.9,
                    plot_kws={"s": 14, "alpha": 0.8})
# give each species' density curve its own hatching (the legend shows the markers)
for ax in grid.diag_axes:
    for area, hatch in zip(ax.collections, ["", "////", "...."]):
        area.set_hatch(hatch)
grid.savefig(OUT, dpi=70)
# a palette PNG is several times smaller and looks the same
Image.open(OUT).convert("RGB").quantize(colors=64).save(OUT, optimize=True)
print("wrote", OUT)
