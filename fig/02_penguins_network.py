"""The penguin classifier of episode 2: 4 inputs, 10 hidden ReLU units, 3 softmax outputs.

Writes episodes/fig/02_penguins_network.png (run from the repository root:
.venv/bin/python fig/02_penguins_network.py).
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "02_penguins_network.png"

inputs = ["bill length", "bill depth", "flipper length", "body mass"]
outputs = ["Adelie", "Chinstrap", "Gentoo"]
n_hidden = 10
x_in, x_hidden, x_out = 2.2, 5.0, 7.8
radius = 0.22
spacing = 0.55


def positions(n):
    top = (n - 1) * spacing / 2
    return [top - spacing * k for k in range(n)]


fig, ax = plt.subplots(figsize=(8, 4.4))
ax.set_xlim(0, 9.8)
ax.set_ylim(-3.6, 2.9)
ax.set_aspect("equal")
ax.axis("off")

y_in, y_hidden, y_out = positions(len(inputs)), positions(n_hidden), positions(len(outputs))
# every neuron of one layer is connected to every neuron of the next (dense layers)
for xa, ya_list, xb, yb_list in [(x_in, y_in, x_hidden, y_hidden), (x_hidden, y_hidden, x_out, y_out)]:
    for ya in ya_list:
        for yb in yb_list:
            ax.plot([xa, xb], [ya, yb], color="0.6", linewidth=0.6, zorder=1)

for y, name in zip(y_in, inputs):
    ax.add_patch(Circle((x_in, y), radius, facecolor="white", edgecolor="black", linewidth=1.2, zorder=2))
    ax.text(x_in - 0.35, y, name, ha="right", va="center", fontsize=10)
for y in y_hidden:
    ax.add_patch(Circle((x_hidden, y), radius, facecolor="0.8", edgecolor="black", linewidth=1.2, zorder=2))
for y, name in zip(y_out, outputs):
    ax.add_patch(Circle((x_out, y), radius, facecolor="0.45", edgecolor="black", linewidth=1.2, zorder=2))
    ax.text(x_out + 0.35, y, name, ha="left", va="center", fontsize=10)

bottom = -3.25
ax.text(x_in, bottom, "input\n4 scaled features", ha="center", va="center", fontsize=10)
ax.text(x_hidden, bottom, "hidden layer\n10 units, ReLU", ha="center", va="center", fontsize=10)
ax.text(x_out, bottom, "output layer\n3 units, softmax", ha="center", va="center", fontsize=10)

fig.tight_layout()
fig.savefig(OUT, dpi=90)
Image.open(OUT).convert("RGB").quantize(colors=32).save(OUT, optimize=True)  # small palette PNG
print("wrote", OUT)
