"""Training loss of the episode-2 penguin network in three settings, from real training runs.

Writes episodes/fig/02_penguins_loss_curves.png (run from the repository root:
.venv/bin/python fig/02_penguins_loss_curves.py; about a minute on a laptop CPU).
The data preparation, network, seed and training settings are those of episodes/02-penguins.md
(fig/penguins_data.py);
only the inputs (scaled or not) and the learning rate change between the curves.
"""
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from PIL import Image

from penguins_data import penguin_model, penguin_split

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "02_penguins_loss_curves.png"

X_train, X_test, X_train_scaled, X_test_scaled, y_train, y_test = penguin_split()


def train(inputs_for_training, learning_rate):
    model = penguin_model(learning_rate)
    history = model.fit(inputs_for_training, y_train, epochs=100, batch_size=16, verbose=0)
    return history.history["loss"]


runs = [
    ("scaled inputs, learning rate 0.001 (the lesson's model)", X_train_scaled, 0.001, "-", "o"),
    ("scaled inputs, learning rate 0.0001 (too small)", X_train_scaled, 0.0001, "--", "^"),
    ("unscaled inputs, learning rate 0.001", X_train.to_numpy(), 0.001, ":", "s"),
]
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for label, data, rate, style, marker in runs:
    loss = train(data, rate)
    print(f"{label}: first {loss[0]:.3f}, last {loss[-1]:.3f}")
    ax.plot(range(1, len(loss) + 1), loss, linestyle=style, marker=marker, markevery=10, color="black",
            label=label)
ax.set_yscale("log")
ax.set_xlabel("Epoch")
ax.set_ylabel("Training loss (log scale)")
ax.set_title("Same network, same seed: only the inputs or the learning rate differ")
ax.legend(frameon=False, fontsize=9)
fig.tight_layout()
fig.savefig(OUT, dpi=90)
Image.open(OUT).convert("RGB").quantize(colors=32).save(OUT, optimize=True)  # small palette PNG
print("wrote", OUT)
