"""The first CNN of episode 5 (image classification), drawn block by block.

Writes episodes/fig/05_cnn_architecture.png (run from the repository root:
.venv/bin/python fig/05_cnn_architecture.py). Each box is one layer's output: its height shows
the image size in pixels, its width the number of channels (both on a square-root scale, so that
the small shapes stay visible). The shapes are those `cnn.summary()` prints in the episode.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "05_cnn_architecture.png"

# (label above, shape text below, height in pixels, channels, fill grey, hatch)
stages = [
    ("input", "32 x 32 x 3", 32, 3, "1.0", ""),
    ("Conv2D 16", "32 x 32 x 16", 32, 16, "0.8", ""),
    ("MaxPool", "16 x 16 x 16", 16, 16, "0.55", "//"),
    ("Conv2D 32", "16 x 16 x 32", 16, 32, "0.8", ""),
    ("MaxPool", "8 x 8 x 32", 8, 32, "0.55", "//"),
    ("Conv2D 128", "8 x 8 x 128", 8, 128, "0.8", ""),
    ("MaxPool", "4 x 4 x 128", 4, 128, "0.55", "//"),
]

fig, ax = plt.subplots(figsize=(10, 2.9))
ax.axis("off")
x = 0.0
gap = 1.05
scale_h, scale_w = 0.42, 0.13
centres = []
for label, shape, size, channels, grey, hatch in stages:
    height = scale_h * size ** 0.5
    width = scale_w * channels ** 0.5
    ax.add_patch(Rectangle((x, -height / 2), width, height, facecolor=grey, edgecolor="black",
                           linewidth=1.2, hatch=hatch))
    ax.text(x + width / 2, 1.35, label, ha="center", va="bottom", fontsize=10, rotation=0)
    ax.text(x + width / 2, -1.35, shape, ha="center", va="top", fontsize=9)
    centres.append((x, x + width))
    x += width + gap

# flatten: a thin tall bar; dense: a short bar with 10 outputs
flat_h, dense_h = 2.3, 0.9
ax.add_patch(Rectangle((x, -flat_h / 2), 0.12, flat_h, facecolor="0.3", edgecolor="black", linewidth=1.2))
ax.text(x + 0.06, 1.35, "Flatten", ha="center", va="bottom", fontsize=10)
ax.text(x + 0.06, -1.35, "2048", ha="center", va="top", fontsize=9)
centres.append((x, x + 0.12))
x += 0.12 + gap
ax.add_patch(Rectangle((x, -dense_h / 2), 0.12, dense_h, facecolor="0.0", edgecolor="black", linewidth=1.2))
ax.text(x + 0.06, 1.35, "Dense 10", ha="center", va="bottom", fontsize=10)
ax.text(x + 0.06, -1.35, "10 classes\n(softmax)", ha="center", va="top", fontsize=9)
centres.append((x, x + 0.12))

for (_, right), (left, _) in zip(centres[:-1], centres[1:]):
    ax.add_patch(FancyArrowPatch((right + 0.05, 0), (left - 0.05, 0), arrowstyle="-|>", mutation_scale=12,
                                 linewidth=1.0, color="black"))

ax.set_xlim(-0.3, x + 0.5)
ax.set_ylim(-2.2, 1.9)
ax.set_aspect("equal")
fig.tight_layout()
fig.savefig(OUT, dpi=80)
print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
