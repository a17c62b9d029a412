"""Nested boxes: deep learning inside machine learning inside artificial intelligence.

Writes episodes/fig/01_ai_ml_dl.png (run from the repository root: python fig/01_ai_ml_dl.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_ai_ml_dl.png"

fig, ax = plt.subplots(figsize=(8, 4.6))
ax.set_xlim(0, 10)
ax.set_ylim(0, 6)
ax.axis("off")

boxes = [
    # x, y, width, height, fill, title, examples
    (0.1, 0.1, 9.8, 5.8, "0.93", "Artificial intelligence",
     "computer systems that do tasks we link with intelligence:\n"
     "rule-based expert systems, search and planning, game playing"),
    (0.9, 0.35, 8.2, 3.85, "0.80", "Machine learning",
     "rules learned from example data instead of written by hand:\n"
     "linear and logistic regression, random forests, k-means"),
    (1.9, 0.75, 6.2, 1.7, "0.62", "Deep learning",
     "neural networks with many layers that learn their own features:\n"
     "image classifiers, speech recognition, language models"),
]
for x, y, w, h, grey, title, examples in boxes:
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.25",
                                facecolor=grey, edgecolor="black", linewidth=1.2))
    ax.text(x + w / 2, y + h - 0.35, title, ha="center", va="top", fontsize=13, fontweight="bold")
    ax.text(x + w / 2, y + h - 0.8, examples, ha="center", va="top", fontsize=9.5, linespacing=1.4)

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
