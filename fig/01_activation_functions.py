"""The activation-function plot that the code of episode 1 draws, saved for the rendered page.

The plotting code is the same as in the episode. Writes episodes/fig/01_activation_functions.png
(run from the repository root: python fig/01_activation_functions.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "01_activation_functions.png"


def identity(z):
    return z


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(0, z)


plt.figure(figsize=(6.4, 4.2))
z = np.linspace(-4, 4, 81)
plt.plot(z, identity(z), linestyle=":", label="identity")
plt.plot(z, sigmoid(z), linestyle="-", label="sigmoid")
plt.plot(z, relu(z), linestyle="--", label="ReLU")
plt.xlabel("weighted sum z")
plt.ylabel("activation f(z)")
plt.legend()
plt.tight_layout()
plt.savefig(OUT, dpi=90)
print("wrote", OUT)
