"""The model of the transfer learning episode: a frozen pretrained base and a new head.

Writes episodes/fig/06_transfer_learning.png (run from the repository root:
python fig/06_transfer_learning.py). The numbers are those `model.summary()` prints in the episode.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "06_transfer_learning.png"

# (label, fill, hatch): light boxes have no weights, the grey box is frozen, the hatched one trained
boxes = [
    ("CIFAR-10 image\n32 × 32 × 3", "white", None),
    ("Resizing\n224 × 224 × 3", "0.95", None),
    ("Rescaling\nto -1 … 1", "0.95", None),
    ("MobileNet base\n(ImageNet)\nfrozen: 218,544", "0.7", None),
    ("Global average\npooling\n256 features", "0.95", None),
    ("New head\nDense, softmax\ntrained: 2,570", "white", "///"),
    ("10 class\nprobabilities", "white", None),
]
width, height, gap = 2.0, 1.3, 0.4

fig, ax = plt.subplots(figsize=(12, 3.2))
ax.set_xlim(-0.1, len(boxes) * (width + gap))
ax.set_ylim(-0.75, 2.35)
ax.axis("off")

for k, (text, fill, hatch) in enumerate(boxes):
    x = k * (width + gap)
    ax.add_patch(FancyBboxPatch((x, 0), width, height, boxstyle="round,pad=0.03",
                                facecolor=fill, edgecolor="black", hatch=hatch, linewidth=1.2))
    ax.text(x + width / 2, height / 2, text, ha="center", va="center", fontsize=9,
            bbox=dict(facecolor="white", edgecolor="none", pad=1) if hatch else None)
    if k:
        ax.add_patch(FancyArrowPatch((x - gap, height / 2), (x, height / 2),
                                     arrowstyle="-|>", mutation_scale=12, color="black"))

# feature extraction: the first five boxes run once per image
extract_end = 5 * (width + gap) - gap / 2
ax.add_patch(Rectangle((-0.08, -0.3), extract_end + 0.08, height + 0.6, fill=False,
                       linestyle="--", edgecolor="black"))
ax.text(extract_end / 2, height + 0.45, "feature extraction: run once per image (extractor.predict)",
        ha="center", va="bottom", fontsize=10)
ax.text(5 * (width + gap) + width / 2, height + 0.45, "trained on\nthe features",
        ha="center", va="bottom", fontsize=10)
ax.text(0, -0.6, "dark grey: frozen, ImageNet weights   ·   hatched: trained on our 3,000 images   ·   other boxes: no weights",
        ha="left", va="center", fontsize=9)

fig.savefig(OUT, dpi=150, bbox_inches="tight")
print(f"wrote {OUT}")
