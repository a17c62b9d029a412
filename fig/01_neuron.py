"""A single neuron with the numbers of the worked example in episode 1.

Writes episodes/fig/01_neuron.png (run from the repository root: python fig/01_neuron.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_neuron.png"

inputs = [0.5, -1.0, 2.0]
weights = [0.8, 0.2, -0.5]
bias = 0.1

fig, ax = plt.subplots(figsize=(8.6, 4.2))
ax.set_xlim(0.3, 10.7)
ax.set_ylim(0, 5)
ax.set_aspect("equal")
ax.axis("off")


def arrow(start, end, text=None, text_pos=None):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, linewidth=1.3,
                                 color="black", shrinkA=0, shrinkB=0))
    if text:
        ax.text(*text_pos, text, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none"))


sum_center = (5.2, 2.5)
r_in, r_sum = 0.45, 0.65
ys = [4.1, 2.5, 0.9]
for i, (x_val, w_val, y) in enumerate(zip(inputs, weights, ys), start=1):
    ax.add_patch(Circle((1.0, y), r_in, facecolor="0.85", edgecolor="black"))
    ax.text(1.0, y, f"$x_{i}$\n{x_val:g}", ha="center", va="center", fontsize=10)
    start = (1.0 + r_in, y)
    end = (sum_center[0] - r_sum * 0.95, sum_center[1] + (y - 2.5) * 0.25)
    arrow(start, end, f"$w_{i}$ = {w_val:g}", ((start[0] + end[0]) / 2 - 0.3, (start[1] + end[1]) / 2 + 0.05))

# bias enters from below
ax.add_patch(Circle((5.2, 0.55), 0.4, facecolor="white", edgecolor="black", linestyle="--"))
ax.text(5.2, 0.55, f"$b$\n{bias:g}", ha="center", va="center", fontsize=10)
arrow((5.2, 0.95), (5.2, sum_center[1] - r_sum))

ax.add_patch(Circle(sum_center, r_sum, facecolor="0.7", edgecolor="black"))
ax.text(*sum_center, r"$\Sigma$", ha="center", va="center", fontsize=20)
ax.text(5.2, 3.45, "weighted sum\n$z = w_1x_1 + w_2x_2 + w_3x_3 + b$\n$= -0.7$", ha="center",
        va="bottom", fontsize=10)

ax.add_patch(FancyBboxPatch((7.0, 2.0), 1.4, 1.0, boxstyle="round,pad=0.05", facecolor="0.85",
                            edgecolor="black"))
ax.text(7.7, 2.5, "activation\n$f(z)$", ha="center", va="center", fontsize=10)
arrow((sum_center[0] + r_sum, 2.5), (7.0, 2.5))

arrow((8.45, 2.5), (9.4, 2.5))
ax.text(9.5, 2.5, "output\n$y = f(z)$", ha="left", va="center", fontsize=10)

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
