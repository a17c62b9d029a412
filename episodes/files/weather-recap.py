# Recap of episode 3 of the lesson "Introduction to deep learning" (weather regression), used at
# the start of episode 4 ("Monitoring and improving training").
# In a notebook, put this file in the notebook's folder and run it in a cell: %run weather-recap.py
# It loads and cleans the weather data, builds features and target, splits them by year, scales them,
# and defines create_nn, compile_and_fit and plot_history. The data: Huber et al. (2021), Weather
# prediction dataset, https://doi.org/10.5281/zenodo.4980359 (CC BY 4.0).

import keras
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.metrics import root_mean_squared_error
from sklearn.preprocessing import StandardScaler

path = keras.utils.get_file(
    "weather_prediction_dataset.csv",
    "https://zenodo.org/record/4980359/files/weather_prediction_dataset.csv",
)
weather = pd.read_csv(path)
weather["DATE"] = pd.to_datetime(weather["DATE"].astype(str), format="%Y%m%d")

# Impossible values are missing measurements: use the previous day's value instead
pressure = weather.filter(like="pressure").columns
weather[pressure] = weather[pressure].mask(weather[pressure] < 0.9)
clouds = weather.filter(like="cloud_cover").columns
weather[clouds] = weather[clouds].mask(weather[clouds] < 0)
weather = weather.ffill()

# Features: today's measurements; target: tomorrow's sunshine in Basel
features = weather.drop(columns=["DATE"]).iloc[:-1]
target = weather["BASEL_sunshine"].shift(-1).iloc[:-1]

# Split in time order: train 2000-2005, validate 2006-2007, test 2008-2009
year = weather["DATE"].dt.year.iloc[:-1]
train, val, test = year <= 2005, year.between(2006, 2007), year >= 2008
X_train, y_train = features[train], target[train]
X_val, y_val = features[val], target[val]
X_test, y_test = features[test], target[test]

scaler = StandardScaler().fit(X_train)
X_train_scaled = scaler.transform(X_train)
X_val_scaled = scaler.transform(X_val)
X_test_scaled = scaler.transform(X_test)

baseline_val_rmse = root_mean_squared_error(y_val, X_val["BASEL_sunshine"])
print(f"tomorrow = today, validation RMSE: {baseline_val_rmse:.2f} hours")


def create_nn(n_features, units1=100, units2=50):
    inputs = keras.Input(shape=(n_features,))
    hidden = keras.layers.Dense(units1, activation="relu")(inputs)
    hidden = keras.layers.Dense(units2, activation="relu")(hidden)
    outputs = keras.layers.Dense(1)(hidden)
    return keras.Model(inputs=inputs, outputs=outputs, name="sunshine_predictor")


def compile_and_fit(model, epochs, learning_rate=0.001, callbacks=None):
    """Compile the model for regression, train it on the training days, watch the validation days."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse",
                  metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
    return model.fit(X_train_scaled, y_train, batch_size=32, epochs=epochs,
                     validation_data=(X_val_scaled, y_val), callbacks=callbacks, verbose=0)


def plot_history(history):
    """Print the lowest validation RMSE and the last epoch's, and plot the RMSE of every epoch."""
    curves = pd.DataFrame(history.history)
    curves.index += 1
    best = curves["val_rmse"].idxmin()
    print(f"lowest validation RMSE: {curves.loc[best, 'val_rmse']:.2f} hours (epoch {best})")
    print(f"last epoch: training {curves['rmse'].iloc[-1]:.2f}, validation {curves['val_rmse'].iloc[-1]:.2f}")
    curves[["rmse", "val_rmse"]].plot(style=["o-", "s--"], xlabel="Epoch", ylabel="RMSE (hours)")
    plt.show()
