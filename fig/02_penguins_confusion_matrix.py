"""Confusion matrix of the episode-2 penguin classifier on the test set, from a real training run.

Writes episodes/fig/02_penguins_confusion_matrix.png (run from the repository root:
.venv/bin/python fig/02_penguins_confusion_matrix.py; about 15 seconds on a laptop CPU).
It uses the lesson's data preparation and network (fig/penguins_data.py: same split, seed and
settings) and draws the same heatmap as the lesson.
"""
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from PIL import Image
from sklearn.metrics import confusion_matrix

from penguins_data import penguin_model, penguin_split

OUT = Path(__file__).resolve().parent.parent / "episodes" / "fig" / "02_penguins_confusion_matrix.png"

X_train, X_test, X_train_scaled, X_test_scaled, y_train, y_test = penguin_split()
model = penguin_model()
model.fit(X_train_scaled, y_train, epochs=100, batch_size=16, verbose=0)

species_names = y_train.columns
probabilities = pd.DataFrame(model.predict(X_test_scaled, verbose=0), columns=species_names, index=y_test.index)
predicted_species = probabilities.idxmax(axis=1)
true_species = y_test.idxmax(axis=1)
matrix = confusion_matrix(true_species, predicted_species, labels=species_names)
matrix = pd.DataFrame(matrix, index=species_names, columns=species_names)
print(matrix)

fig, ax = plt.subplots(figsize=(4.6, 3.8))
sns.heatmap(matrix, annot=True, cmap="Greys", cbar=False, ax=ax, linewidths=0.5, linecolor="0.7")
ax.set_xlabel("Predicted species")
ax.set_ylabel("True species")
ax.set_title("Penguin classifier on the test set")
fig.tight_layout()
fig.savefig(OUT, dpi=90)
Image.open(OUT).convert("RGB").quantize(colors=32).save(OUT, optimize=True)  # small palette PNG
print("wrote", OUT)
