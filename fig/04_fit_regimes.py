"""Schematic training and validation curves: underfitting, a good fit, overfitting.

The curves are drawn from simple formulas, not from a training run; they show the typical shapes.
Writes episodes/fig/04_fit_regimes.png (run from the repository root:
.venv/bin/python fig/04_fit_regimes.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

FIG = Path(__file__).resolve().parent.parent / "episodes" / "fig"
epochs = np.arange(1, 61)

curves = {
    "Underfitting": (3.9 - 0.5 * (1 - np.exp(-epochs / 40)), 4.0 - 0.45 * (1 - np.exp(-epochs / 40))),
    "A good fit": (2.6 + 1.4 * np.exp(-epochs / 6), 2.9 + 1.1 * np.exp(-epochs / 6)),
    "Overfitting": (0.8 + 3.2 * np.exp(-epochs / 15), 3.1 + 1.0 * np.exp(-epochs / 3) + 0.012 * epochs),
}

fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), sharey=True)
for ax, (title, (train, val)) in zip(axes, curves.items()):
    ax.plot(epochs, train, linestyle="-", color="black", label="training")
    ax.plot(epochs, val, linestyle="--", color="black", label="validation")
    ax.set_title(title)
    ax.set_xlabel("Epoch")
    ax.set_xticks([])
    ax.set_yticks([])
    if title == "Overfitting":
        best = int(np.argmin(val))
        ax.plot(epochs[best], val[best], marker="o", color="black")
        ax.annotate("lowest validation error", (epochs[best], val[best]), xytext=(14, 2.2),
                    arrowprops={"arrowstyle": "->"})
axes[0].set_ylabel("Error (lower is better)")
axes[0].legend(loc="lower left")
fig.tight_layout()
fig.savefig(FIG / "04_fit_regimes.png", dpi=80)
print("wrote", FIG / "04_fit_regimes.png")
