"""XOR: no straight line separates the classes; the hand-built network of episode 1 does.

Writes episodes/fig/01_xor.png (run from the repository root: python fig/01_xor.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_xor.png"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y = np.array([0, 1, 1, 0])


def network(points):
    """The network of the episode: two ReLU hidden neurons, one identity output neuron."""
    hidden = np.maximum(0, points @ np.array([[1.0, 1.0], [1.0, 1.0]]) + np.array([0.0, -1.0]))
    return hidden @ np.array([1.0, -2.0])


def draw_points(ax):
    ax.scatter(*X[y == 0].T, marker="o", s=160, facecolor="white", edgecolor="black", linewidth=1.8,
               zorder=3, label="output 0")
    ax.scatter(*X[y == 1].T, marker="X", s=190, color="black", zorder=3, label="output 1")
    ax.set_xlim(-0.4, 1.4)
    ax.set_ylim(-0.4, 1.4)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    ax.set_aspect("equal")


fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.3))

draw_points(left)
line = np.linspace(-0.4, 1.4, 2)
left.plot(line, 1.2 - line, linestyle="--", color="0.3", label="one attempt at a straight line")
left.plot(line, 0.5 + 0 * line, linestyle=":", color="0.3", label="another attempt")
left.set_title("A single neuron draws one straight line:\nno line separates the X from the O", fontsize=10)
left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=9, ncol=2)

draw_points(right)
grid = np.linspace(-0.4, 1.4, 301)
g1, g2 = np.meshgrid(grid, grid)
out = network(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
right.contourf(g1, g2, out > 0.5, levels=[-0.5, 0.5, 1.5], colors=["white", "0.8"])
right.contour(g1, g2, out, levels=[0.5], colors="black", linewidths=1.2)
right.set_title("The network with a hidden layer:\noutput > 0.5 in the grey band", fontsize=10)
right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=9, ncol=2)

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
