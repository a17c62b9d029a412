"""The training-loss plots that the code of episode 1 draws, saved for the rendered page.

The training and plotting code is the same as in the episode. Writes
episodes/fig/01_training_curves_loss.png and episodes/fig/01_training_curves_learning_rates.png
(run from the repository root: python fig/01_training_curves.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

FIG = Path(__file__).resolve().parent.parent / "episodes" / "fig"

x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
y = np.array([2.9, 5.1, 7.0, 8.8, 11.2])


def train(learning_rate, epochs):
    w, b = 0.0, 0.0
    losses = []
    for epoch in range(epochs):
        y_pred = w * x + b
        error = y_pred - y
        losses.append(np.mean(error ** 2))
        grad_w = np.mean(2 * error * x)
        grad_b = np.mean(2 * error)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b, losses


plt.figure(figsize=(6.4, 4.2))
w, b, losses = train(learning_rate=0.01, epochs=100)
plt.plot(losses)
plt.xlabel("epoch")
plt.ylabel("mean squared error")
plt.tight_layout()
plt.savefig(FIG / "01_training_curves_loss.png", dpi=90)
plt.close()

plt.figure(figsize=(6.4, 4.2))
for learning_rate, style in [(0.001, ":"), (0.01, "-"), (0.1, "--")]:
    w, b, losses = train(learning_rate, epochs=100)
    plt.plot(losses, linestyle=style, label=f"learning rate {learning_rate}")
plt.yscale("log")
plt.xlabel("epoch")
plt.ylabel("mean squared error (log scale)")
plt.legend()
plt.tight_layout()
plt.savefig(FIG / "01_training_curves_learning_rates.png", dpi=90)
print("wrote", FIG / "01_training_curves_*.png")
