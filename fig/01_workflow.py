"""The ten steps of the deep-learning workflow used in every episode, with the refine loop.

Writes episodes/fig/01_workflow.png (run from the repository root: python fig/01_workflow.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_workflow.png"

steps = [
    "Formulate the problem",
    "Identify inputs and outputs",
    "Prepare the data",
    "Choose a pretrained model\nor build an architecture",
    "Choose a loss function\nand an optimizer",
    "Train the model",
    "Make predictions",
    "Measure performance",
    "Refine the model",
    "Share the model",
]
fills = ["0.95"] * 3 + ["0.8"] * 2 + ["0.65"] + ["0.95"] * 2 + ["0.8", "0.95"]

# a U: the first column is read downwards, the second one upwards
width, height = 3.5, 0.95
x_cols = [0.3, 5.6]
y_rows = [8.0, 6.4, 4.8, 3.2, 1.6]

fig, ax = plt.subplots(figsize=(8, 5.4))
ax.set_xlim(0, 9.4)
ax.set_ylim(1.3, 9.2)
ax.axis("off")

centers = []
for k, (text, fill) in enumerate(zip(steps, fills)):
    col, row = divmod(k, 5)
    if col == 1:
        row = 4 - row
    x, y = x_cols[col], y_rows[row]
    ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.05,rounding_size=0.15",
                                facecolor=fill, edgecolor="black", linewidth=1.2))
    ax.text(x + 0.2, y + height / 2, f"{k + 1}", ha="left", va="center", fontsize=13, fontweight="bold")
    ax.text(x + 0.6, y + height / 2, text, ha="left", va="center", fontsize=10.5)
    centers.append((x, y))


def arrow(start, end, style="-|>", connection="arc3", linestyle="-"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=15, linewidth=1.3,
                                 color="black", connectionstyle=connection, linestyle=linestyle))


for k in range(9):
    (x_a, y_a), (x_b, y_b) = centers[k], centers[k + 1]
    if k == 4:  # across the bottom, from column 1 to column 2
        arrow((x_a + width, y_a + height / 2), (x_b, y_b + height / 2))
    elif k < 4:  # down the first column
        arrow((x_a + width / 2, y_a), (x_b + width / 2, y_b + height))
    else:  # up the second column
        arrow((x_a + width / 2, y_a + height), (x_b + width / 2, y_b))

# the refine loop: from step 9 back to step 4 (architecture)
x9, y9 = centers[8]
x4, y4 = centers[3]
arrow((x9 - 0.05, y9 + height * 0.5), (x4 + width + 0.05, y4 + height * 0.5), connection="arc3,rad=0.2",
      linestyle="--")
ax.text(4.95, 5.0, "refine and\ntrain again", ha="center", va="center", fontsize=10, style="italic")

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
