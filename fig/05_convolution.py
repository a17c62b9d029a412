"""How a 3x3 convolution kernel slides over a small image, for episode 5 (image classification).

Writes episodes/fig/05_convolution.png (run from the repository root:
.venv/bin/python fig/05_convolution.py). The image and the kernel are the ones the episode's
NumPy example uses: a 6x6 image with a bright vertical bar and a vertical-edge kernel. One
3x3 window of the image is outlined, together with the output value it produces.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "05_convolution.png"

image = np.array([
    [0, 0, 0, 0, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0],
])
kernel = np.array([
    [-1, 0, 1],
    [-1, 0, 1],
    [-1, 0, 1],
])
size = image.shape[0] - kernel.shape[0] + 1
feature_map = np.array([[np.sum(image[i:i + 3, j:j + 3] * kernel) for j in range(size)] for i in range(size)])
row, col = 1, 2  # the highlighted window (top-left corner) and output cell


def grid(ax, x0, y0, values, shade, title, highlight=None, hatch_cell=None):
    """Draw `values` as a grid of numbered squares with its top-left corner at (x0, y0)."""
    n = values.shape[0]
    for i in range(n):
        for j in range(n):
            grey = shade(values[i, j])
            ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=str(grey), edgecolor="0.5", linewidth=0.8))
            text_colour = "white" if grey < 0.5 else "black"
            ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{values[i, j]:d}", ha="center", va="center",
                    fontsize=13, color=text_colour)
    if highlight is not None:
        i, j, k = highlight
        ax.add_patch(Rectangle((x0 + j, y0 - i - k), k, k, fill=False, edgecolor="black", linewidth=3.2,
                               linestyle="--"))
    if hatch_cell is not None:
        i, j = hatch_cell
        ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, fill=False, edgecolor="black", linewidth=3.2,
                               linestyle="--"))
    ax.text(x0 + n / 2, y0 + 0.45, title, ha="center", va="bottom", fontsize=12)


fig, ax = plt.subplots(figsize=(9.6, 4.0))
ax.set_aspect("equal")
ax.axis("off")
ax.set_xlim(-0.2, 18.2)
ax.set_ylim(-6.9, 2.0)

grid(ax, 0, 0, image, lambda v: 0.15 if v else 0.95, "image (6 x 6)", highlight=(row, col, 3))
ax.text(6.75, -3, "*", ha="center", va="center", fontsize=26)
grid(ax, 7.5, -1.5, kernel, lambda v: {-1: 0.55, 0: 0.95, 1: 0.8}[v], "kernel (3 x 3)")
ax.text(11.25, -3, "=", ha="center", va="center", fontsize=26)
grid(ax, 12.0, -1.0, feature_map, lambda v: 0.95 - 0.15 * v if v > 0 else 0.95,
     "feature map (4 x 4)", hatch_cell=(row, col))

window = image[row:row + 3, col:col + 3]
row_terms = " + ".join(f"{w}*({k})" for w, k in zip(window[0], kernel[0]))
ax.text(9.0, -6.4, f"outlined window times kernel, summed: 3 x ({row_terms}) = {feature_map[row, col]}",
        ha="center", va="center", fontsize=11)
ax.add_patch(FancyArrowPatch((col + 3.0, -row + 0.05), (12.0 + col + 0.5, -1.0 - row + 0.05),
                             connectionstyle="arc3,rad=-0.25", arrowstyle="-|>", mutation_scale=16,
                             linewidth=1.4, color="black", linestyle=":"))

fig.tight_layout()
fig.savefig(OUT, dpi=80)
print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
print(feature_map)
