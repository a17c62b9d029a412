"""The data preparation and network of episodes/02-penguins.md, shared by the fig/02_penguins_* scripts.

Same features, split, scaling, architecture and seed as the lesson, so that the figures show what
the lesson's code produces.
"""
import keras
import pandas as pd
from palmerpenguins import load_penguins
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

FEATURE_NAMES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


def penguin_split():
    """Training and test features (unscaled and scaled) and one-hot species, as in the lesson."""
    penguins = load_penguins().dropna(subset=FEATURE_NAMES)
    features = penguins[FEATURE_NAMES]
    target = pd.get_dummies(penguins["species"], dtype=int)
    X_train, X_test, y_train, y_test = train_test_split(
        features, target, test_size=0.2, stratify=penguins["species"], random_state=1
    )
    scaler = StandardScaler().fit(X_train)
    return X_train, X_test, scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def penguin_model(learning_rate=0.001):
    """The lesson's network (4 inputs, 10 ReLU neurons, 3 softmax outputs), compiled, after seed 1."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(10, activation="relu")(inputs)
    outputs = keras.layers.Dense(3, activation="softmax")(hidden)
    model = keras.Model(inputs=inputs, outputs=outputs, name="penguin_classifier")
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate),
                  metrics=["accuracy"])
    return model
