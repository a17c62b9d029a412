"""A small dense network: 3 inputs, two hidden layers of 4 neurons, 2 outputs.

Writes episodes/fig/01_network.png (run from the repository root: python fig/01_network.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_network.png"

layers = [
    # neurons, x position, fill, hatch, label
    (3, 1.0, "white", "", "input layer\n3 features"),
    (4, 3.5, "0.75", "", "hidden layer 1\n4 neurons"),
    (4, 6.0, "0.75", "", "hidden layer 2\n4 neurons"),
    (2, 8.5, "0.45", "", "output layer\n2 neurons"),
]
radius = 0.32

fig, ax = plt.subplots(figsize=(8, 4.6))
ax.set_xlim(0, 9.5)
ax.set_ylim(-0.9, 4.6)
ax.set_aspect("equal")
ax.axis("off")


def positions(n):
    top = 1.8 + (n - 1) * 0.6
    return [top - 1.2 * k for k in range(n)]


# connections first, so that the circles are drawn on top of them
for (n_a, x_a, *_), (n_b, x_b, *_) in zip(layers[:-1], layers[1:]):
    for y_a in positions(n_a):
        for y_b in positions(n_b):
            ax.plot([x_a, x_b], [y_a, y_b], color="0.35", linewidth=0.8, zorder=1)

for n, x, fill, hatch, label in layers:
    for y in positions(n):
        ax.add_patch(Circle((x, y), radius, facecolor=fill, edgecolor="black", linewidth=1.2, zorder=2))
    ax.text(x, -0.75, label, ha="center", va="center", fontsize=10)

ax.annotate("", xy=(7.4, 4.35), xytext=(2.1, 4.35),
            arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.2))
ax.text(4.75, 4.5, "information flows from left to right (forward pass)", ha="center", va="bottom", fontsize=10)

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
