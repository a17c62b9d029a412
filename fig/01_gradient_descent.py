"""Gradient descent on a one-weight loss curve with three learning rates.

Writes episodes/fig/01_gradient_descent.png (run from the repository root:
python fig/01_gradient_descent.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_gradient_descent.png"


def loss(w):
    return (w - 2) ** 2


def gradient(w):
    return 2 * (w - 2)


runs = [
    (0.05, 8, "learning rate too small:\ntiny steps, still far from the minimum"),
    (0.3, 8, "learning rate about right:\nlarge steps first, then smaller ones"),
    (1.05, 4, "learning rate too large:\nsteps overshoot and the loss grows"),
]

fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
curve = np.linspace(-2.5, 6.5, 200)
for ax, (lr, steps, title) in zip(axes, runs):
    w = -1.0
    path = [w]
    for _ in range(steps):
        w = w - lr * gradient(w)
        path.append(w)
    path = np.array(path)
    ax.plot(curve, loss(curve), color="0.6", linewidth=2, label="loss")
    ax.plot(path, loss(path), linestyle="--", color="black", linewidth=1, marker="o", markersize=5,
            label="steps")
    ax.plot(path[0], loss(path[0]), marker="s", markersize=8, color="black", linestyle="none",
            label="start")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("weight $w$")
    ax.set_xlim(-2.5, 6.5)
    ax.set_ylim(-0.5, 20)
axes[0].set_ylabel("loss")
axes[0].legend(loc="upper right", fontsize=8)

fig.tight_layout()
fig.savefig(OUT, dpi=100)
print("wrote", OUT)
