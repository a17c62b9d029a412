# %% [markdown]
# # Monitoring and improving training
#
# *Introduction to deep learning*, episode 4. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - How can I tell from the training curves whether a network overfits or underfits?
# - Which techniques reduce overfitting, and how do I choose between them?
# - What is the difference between scaling the inputs and batch normalization?
# - How do I report the performance of my final model honestly, and keep the model?
#
# **Objectives**
#
# - Diagnose overfitting and underfitting from training and validation curves, and link underfitting to the learning rate.
# - Reduce overfitting with a smaller network, more data, early stopping and dropout, and compare the results on the validation set.
# - Set the dropout rate as the fraction of units that are dropped, and choose it from validation results.
# - Explain how input scaling and batch normalization differ, and add a `BatchNormalization` layer to a network.
# - Evaluate the chosen model once on the test set, compare it with the naive baseline, save it and use the saved model for predictions.

# %% [markdown]
# ## Where we left off
#
# In [the previous episode](https://deep-learning-intro.github.io/deep-learning-intro/03-weather-regression.html) we trained a dense network to predict tomorrow's
# hours of sunshine in Basel from today's weather at 18 European stations. It beat the naive forecast
# "tomorrow is like today" on the validation years (though not a linear ridge regression), and its
# training curves showed a problem: the error on the training days kept falling while the error on
# the validation days rose again after a few epochs. In this episode we learn to read such curves, and we try the standard remedies one by
# one. At the end we evaluate one final model on the test years that we have kept locked away.

# %% [markdown]
# ## Recap: the data, the split and two helper functions
#
# Everybody starts this episode the same way, whether in the notebook of the previous episode or in
# a fresh one (after a break or on another day): download
# [`weather-recap.py`](https://deep-learning-intro.github.io/deep-learning-intro/files/weather-recap.py) (right-click the link and save it) into the folder of
# your notebook, the folder that Jupyter's file browser shows (in Colab, upload it with the file
# browser on the left), and run it in a cell with `%run weather-recap.py`. It repeats the data
# preparation of the previous episode, defines `create_nn` as there, and defines two helper
# functions that are new here. Its code is in the box below too, to read or to copy into a cell
# (in the notebook download of this episode, it is already in the first code cells).
#
# Throughout the lesson, the rule is the same: **type the code of the main text** (the blocks are
# short, and typing them is how you learn them); **copy** the code of solutions, of optional parts
# and of this recap.
#
# ### Details: The code of `weather-recap.py`
#
# The data preparation of the previous episode, in one go:

# %%
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


# %% [markdown]
# The network of the previous episode, and the two helper functions of this one:

# %%
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


# %% [markdown]
# We will train many networks in this episode, so the steps that are the same every time go into
# functions. `compile_and_fit(model, epochs)` compiles a network as in the previous episode (Adam,
# the mean squared error, the RMSE metric), optionally with another learning rate or with callbacks
# (we meet them below), trains it on the training days in batches of 32 and returns the history.
# `plot_history(history)` prints the lowest validation RMSE with its epoch and the last epoch's
# numbers, and plots the curves with the pandas one-liner of the previous episode.

# %% [markdown]
# ## Reading training curves
#
# We train the network of the previous episode again, with the same seed, but for 30 epochs instead of
# 20. The first 20 epochs repeat what you saw there:

# %%
keras.utils.set_random_seed(1)
model = create_nn(X_train_scaled.shape[1])
history = compile_and_fit(model, epochs=30)
plot_history(history)

# %% [markdown]
# ![Line chart of the RMSE in hours against the epoch, 1 to 30. The training curve (solid, circles) falls steadily from 4 hours to about 1.1 hours. The validation curve (dashed, squares) reaches its lowest value, 3.14 hours, at epoch 5, then climbs steadily to about 3.65 hours at epoch 30.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_30_epochs.png)
#
# *Training RMSE (solid, circles) and validation RMSE (dashed, squares) in hours over 30 epochs of the first network: the validation error is lowest at epoch 5 and then climbs while the training error keeps falling.*
#
# The further training goes, the larger the gap between the two curves: after 30 epochs the typical
# error on the training days is about 1.1 hours, on the validation days about 3.65 hours. The network
# adapts its 21,601 weights ever more closely to the 2,192 training days, including their random
# details, and those details do not carry over to new days. Compare the curves with the three
# typical shapes:
#
# ![Three schematic panels of error against epoch, each with a solid training curve and a dashed validation curve. Underfitting: both curves stay high, close together and are still falling slowly at the end. A good fit: both curves fall quickly and level off at a low error, the validation curve a little above the training curve. Overfitting: the training curve keeps falling towards zero, while the validation curve falls at first, reaches its lowest point (marked with a dot and labelled lowest validation error) and then rises again.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_fit_regimes.png)
#
# *Typical training and validation curves (schematic, not from a real run).*
#
# - **Underfitting**: training and validation errors are both high. The model has not learnt what it
#   could learn: it is too simple, it has not trained long enough, or the optimizer takes steps that
#   are too small (or too large) to make progress.
# - **A good fit**: both curves level off, close to each other. Some gap is normal: a model always
#   does a little better on the data it was fitted to.
# - **Overfitting**: the training error keeps falling, while the validation error stops falling or
#   rises. The model memorises the training data. The point where the validation error is lowest is
#   the best this model gets on new data.
#
# Our network overfits from about epoch 5 on. Note what the training curve alone would have told us:
# that everything goes fine. **Always look at the validation curve.**
#
# ### Challenge 1: quick check, which shape?
#
# A network ends its training with these numbers:
# `lowest validation RMSE: 3.92 hours (epoch 40)` and `last epoch: training 3.95, validation 3.92`
# (out of 40 epochs). Which shape is this, and what would you try first?
#
# A. Overfitting: stop training earlier.
# B. Underfitting: train longer, or give the network more capacity or a better learning rate.
# C. A good fit: nothing to do.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# B. Both errors are high (only a little better than always predicting the mean, 4.21 hours, and
# worse than ridge regression, 3.19 hours) and close together, and the lowest validation error is at
# the last epoch, so the curve is probably still falling. There is nothing to stop early: the network
# has not yet learnt what it could.
#
# </details>
#
# ### Challenge 2: the learning rate and underfitting
#
# In [the introduction](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html) you saw gradient descent with a learning rate that was too
# small and one that was too large. Train the same network (same seed, 60 epochs) with the Adam
# learning rates `0.00001` and `0.1` instead of the default `0.001`, and plot the curves.
#
# 1. Which of the three shapes does each curve resemble?
# 2. What would you change for each of them?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# keras.utils.set_random_seed(1)
# slow_model = create_nn(X_train_scaled.shape[1])
# slow_history = compile_and_fit(slow_model, epochs=60, learning_rate=0.00001)
# plot_history(slow_history)
# ```
#
# ![Line chart of RMSE in hours against epoch for the learning rate 0.00001. Both curves start at about 6.5 hours and fall slowly and smoothly, close together; after 60 epochs both are still falling, at about 3.4 to 3.5 hours.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_slow.png)
#
# *Training and validation RMSE in hours over 60 epochs with the learning rate 0.00001: both fall slowly and are still falling at the end.*
#
# ```python
# keras.utils.set_random_seed(1)
# fast_model = create_nn(X_train_scaled.shape[1])
# fast_history = compile_and_fit(fast_model, epochs=60, learning_rate=0.1)
# plot_history(fast_history)
# ```
#
# 1. With 0.00001 both curves fall slowly, stay close together and are still falling at the end:
#    underfitting. Each step of gradient descent is so small that 60 epochs are not enough to get
#    anywhere near a good set of weights. With 0.1 the validation RMSE, 4.21 hours, is the same as
#    that of always predicting the mean of the training days (Challenge 7 of the previous episode): the
#    network has learnt nothing but a constant, and both curves are flat after a few epochs. The
#    steps were so large that the weights were thrown far off; in our run, every unit of the second
#    hidden layer ended up with a negative weighted sum for every training day, so its ReLU always
#    outputs 0 ("dead" units). A dead ReLU unit has a gradient of zero, so gradient descent cannot
#    bring it back. This is underfitting too, with the opposite cause.
# 2. With the small rate, train much longer or raise the learning rate. With the large rate, lower the
#    learning rate. Adam's default of 0.001 is a good start for most problems; change it by factors of
#    about 3 to 10, and judge by the validation curve.
#
# </details>

# %% [markdown]
# ## Remedy 1: a smaller network
#
# A network with fewer weights has less capacity to memorise. We keep the design and cut the hidden
# layers to 10 and 5 units, with the arguments of `create_nn`:

# %%
keras.utils.set_random_seed(1)
small_model = create_nn(X_train_scaled.shape[1], units1=10, units2=5)
print("parameters:", small_model.count_params())
small_history = compile_and_fit(small_model, epochs=60)
plot_history(small_history)

# %% [markdown]
# ![Line chart of RMSE in hours against epoch for the small network. Both curves start near 6.5 hours, stay high for four epochs and drop steeply to about 3.5 hours at epoch 7. The training curve then falls slowly to 2.5 hours at epoch 60; the validation curve levels off at about 3.2 hours from epoch 15 on and rises only very slightly towards the end.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_small.png)
#
# *Training and validation RMSE in hours over 60 epochs of the small network (10 and 5 units): the validation error levels off at about 3.2 hours and hardly rises.*
#
# With less than a tenth of the parameters (1,711 instead of 21,601), the network reaches about the
# same lowest validation error as the large network (3.17 against 3.14 hours), but much later, at
# epoch 33, and afterwards the validation error rises far more slowly than the large network's. (With
# PyTorch and JAX the small network's best epoch was about 20, the large network's 4 to 8.) It still overfits a
# little, as the growing gap between the curves shows, but slowly. The size of a network is a setting to tune like
# any other: too small and it underfits, too large and it overfits quickly.

# %% [markdown]
# ## Remedy 2: more data
#
# The more examples a network sees, the harder it becomes to memorise them all, and the more the
# patterns it learns are real ones. More data is the most reliable remedy against overfitting, when
# you can get it. For a time series that means more years, more stations, or measurements at a finer
# time resolution; for images, more images or *data augmentation* (see the [next
# episode](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html)).
#
# We cannot easily get more weather, but we can see what *less* data does: train the network on only
# the last year of the training period.
#
# ### Challenge 3: one year instead of six
#
# Train a fresh large network (`create_nn`) for 30 epochs on the days of 2005 only: select them with
# `last_year = (year[train] == 2005).to_numpy()`, then use `X_train_scaled[last_year]` and
# `y_train[last_year]`. Because `compile_and_fit` always trains on the full training set, call
# `compile` and `fit` yourself here. One run can mislead, so repeat it with the seeds 1, 2 and 3, and
# train the network on all six years with the same seeds.
#
# 1. How low does the training error get with one year? What does that tell you?
# 2. How does the lowest validation error compare with that of the network trained on six years?
#    Are the differences larger than those between seeds?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# last_year = (year[train] == 2005).to_numpy()
# print("training days:", last_year.sum())
# for seed in [1, 2, 3]:
#     keras.utils.set_random_seed(seed)
#     one_year_model = create_nn(X_train_scaled.shape[1])
#     one_year_model.compile(optimizer="adam", loss="mse",
#                            metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
#     h = one_year_model.fit(X_train_scaled[last_year], y_train[last_year], batch_size=32, epochs=30,
#                            validation_data=(X_val_scaled, y_val), verbose=0).history
#     print(f"one year, seed {seed}: training {h['rmse'][-1]:.2f}, lowest validation {min(h['val_rmse']):.2f}")
# ```
#
# The network trained on six years with seed 1 is the one at the start of this episode, whose
# 30-epoch `history` we still have; seeds 2 and 3 are new:
#
# ```python
# h = history.history
# print(f"six years, seed 1: training {h['rmse'][-1]:.2f}, lowest validation {min(h['val_rmse']):.2f}")
# for seed in [2, 3]:
#     keras.utils.set_random_seed(seed)
#     h = compile_and_fit(create_nn(X_train_scaled.shape[1]), epochs=30).history
#     print(f"six years, seed {seed}: training {h['rmse'][-1]:.2f}, lowest validation {min(h['val_rmse']):.2f}")
# ```
#
# 1. With one year, the training error falls to about 0.7 to 1.0 hours in 30 epochs, below the 1.1
#    to 1.2 hours of the six-year networks, although an epoch on 365 days has only 12 weight updates
#    instead of 69: 21,601 weights are plenty to store
#    365 answers, and the network memorises them (the training error keeps falling if you train longer).
# 2. The lowest validation errors with one year (3.22 to 3.28 hours) are a little higher than with
#    six years (3.14 to 3.23 hours). The difference, about a tenth of an hour, is as large as the
#    spread between seeds: here the two ranges overlap (the worst six-year run is no better than two
#    of the one-year runs), while on PyTorch and JAX they did not (one year 3.28 to 3.32 hours, six
#    years 3.13 to 3.19). So six times more data helps, but only a little, and a single run of each
#    could have shown either order. Much of tomorrow's weather cannot be predicted from today's
#    measurements, however many years we train on; to measure a gain this small, we need several
#    seeds and a larger validation set.
#
# </details>

# %% [markdown]
# ## Remedy 3: early stopping
#
# If the validation error is lowest after a few epochs, why not stop there? The `EarlyStopping`
# callback watches a quantity after every epoch and stops training when it has not improved for
# `patience` epochs. With `restore_best_weights=True`, it also puts back the weights of the best
# epoch; without it, the model keeps the weights of the last epoch, which are already worse. We let
# it watch `val_loss`, the validation MSE; the RMSE is its square root, so both are lowest at the
# same epoch.

# %%
early_stopper = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=20, restore_best_weights=True
)

keras.utils.set_random_seed(1)
model = create_nn(X_train_scaled.shape[1])
history = compile_and_fit(model, epochs=200, callbacks=[early_stopper])
plot_history(history)

val_loss, val_rmse = model.evaluate(X_val_scaled, y_val, verbose=0)
print(f"validation RMSE of the restored model: {val_rmse:.2f}")


# %% [markdown]
# ![Line chart of RMSE in hours against epoch for training with early stopping. The training curve falls steadily from 4 to about 1.3 hours; the validation curve reaches its lowest point, 3.14 hours, at epoch 5 and rises slowly to about 3.5 hours; the curves end at epoch 25, where training stopped.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_early_stopping.png)
#
# *Training and validation RMSE in hours with early stopping: the validation error is lowest at epoch 5, and training stops 20 epochs later.*
#
# We asked for up to 200 epochs, but training stopped after 25: 20 epochs after the lowest validation
# loss at epoch 5. The model now has the weights of that best epoch, as `evaluate` confirms. We chose
# a patience of 20 epochs because validation curves can wiggle (see Challenge 4); for this network,
# 10 would have given the same result. Early stopping costs nothing, saves time and removes the
# guesswork of choosing the number of epochs, so it belongs in almost every training run.
#
# Note that the validation set now decides when to stop: it has become part of how the model is made.
# That is one more reason why the final, honest evaluation needs the separate test set.
#
# ### Challenge 4: patience
#
# 1. What could go wrong with `patience=0` (stop at the first epoch that is not better)? The
#    validation curves of our large and small networks fell smoothly until they were close to their
#    lowest point. What can make a validation curve go up and down from one epoch to the next?
# 2. What happens with a very large patience, say 100, and `restore_best_weights=True`? And with
#    `restore_best_weights=False`?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Every weight update is made with a small, random batch, so the weights after each epoch, and
#    the validation error they give, are a little random too; on a small validation set, the error
#    of a few days more or less decides whether an epoch looks better. Small batches, a large
#    learning rate and dropout (next section) make the curves noisier. With `patience=0` a single
#    unlucky epoch stops training, possibly long before the real minimum. For our large network it
#    would have happened to work (its curve fell smoothly to epoch 5), but you cannot know that in
#    advance. A patience of 5 to 20 epochs is common.
# 2. With a large patience and `restore_best_weights=True`, the result is the same best model, but
#    training takes longer. With `restore_best_weights=False` you get the weights of the last epoch,
#    `patience` epochs after the best one: with a large patience, an overfitted model. Keras's default
#    is `restore_best_weights=False`, so remember to set it.
#
# </details>

# %% [markdown]
# ## Remedy 4: dropout
#
# *Dropout* ([Srivastava et al., 2014](https://jmlr.org/papers/v15/srivastava14a.html)) switches off
# a random selection of units in every training step. A `Dropout` layer with **rate 0.5 sets each
# value that passes through it to zero with probability 0.5**, so about half of them, a different
# random selection in every step; the rate is the fraction of units **dropped**, not the fraction
# kept. To keep the expected total signal the same, Keras multiplies the remaining values by
# 1 / (1 - rate), here by 2. Dropout is only active during training: `predict` and `evaluate` use all
# units.
#
# Because no unit can rely on any particular other unit being present, the network has to spread what
# it learns over many units, and it cannot easily memorise single training days. A network with
# dropout is a new design, so it gets its own function: the network of `create_nn` with a `Dropout`
# layer after each hidden layer.

# %%
def create_dropout_nn(n_features, dropout_rate):
    inputs = keras.Input(shape=(n_features,))
    hidden = keras.layers.Dense(100, activation="relu")(inputs)
    hidden = keras.layers.Dropout(dropout_rate)(hidden)
    hidden = keras.layers.Dense(50, activation="relu")(hidden)
    hidden = keras.layers.Dropout(dropout_rate)(hidden)
    outputs = keras.layers.Dense(1)(hidden)
    return keras.Model(inputs=inputs, outputs=outputs, name="sunshine_predictor_dropout")


# %% [markdown]
# We train it with the rate 0.5 and early stopping:

# %%
keras.utils.set_random_seed(1)
dropout_model = create_dropout_nn(X_train_scaled.shape[1], dropout_rate=0.5)
dropout_history = compile_and_fit(dropout_model, epochs=200, callbacks=[early_stopper])
plot_history(dropout_history)

# %% [markdown]
# ![Line chart of RMSE in hours against epoch for the network with dropout rate 0.5, trained with early stopping for 46 epochs. The training curve starts at 4.6 hours and lies above the validation curve for the first dozen epochs, crosses it back and forth until about epoch 20, then falls slowly below it to about 2.8 hours. The validation curve drops to about 3.2 hours by epoch 8 and stays between about 3.15 and 3.25 hours until the end, without rising.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_dropout.png)
#
# *Training and validation RMSE in hours of the network with dropout rate 0.5, trained with early stopping: the validation error stays near its lowest value instead of rising, and the training curve lies above it at first.*
#
# Two things differ from before. The validation curve no longer climbs: dropout holds back
# overfitting, and the validation error stays close to its lowest value for many epochs. And for the
# first dozen epochs the training curve even lies *above* the validation curve, and the two cross
# until about epoch 20. That is not a bug: Keras
# computes the training error during training, with half of the units switched off, while the
# validation error is computed with the full network. (A second, smaller reason, which you also saw
# in the first epoch of every curve so far: the training error is an average over the epoch, while
# the weights were still improving, and the validation error is measured at the end of the epoch.)
# The validation curve also goes up and down from one epoch to the next, more than without dropout:
# this is the kind of curve for which `patience=0` would stop far too early.
#
# The lowest validation error, about 3.16 hours, is about the same as with early stopping alone (3.14
# hours). Differences of a few hundredths of an hour are smaller than the differences between runs
# with different seeds (3.14 to 3.23 hours for the same network in Challenge 3), so they tell us
# nothing. What dropout adds is robustness: the result no longer
# hinges on stopping at one particular epoch.
#
# ### Challenge 5: quick check, dropout on a row of ones
#
# A `Dropout` layer with the rate 0.5 gets ten values, all equal to 1, during training
# (`training=True`). Predict which values can come out, and roughly how many of each. What comes out
# in `predict`, where `training` is `False`?

# %%
ones = np.ones((1, 10))
dropped = keras.layers.Dropout(0.5)(ones, training=True)

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Each value becomes 0 with probability 0.5; the others are multiplied by 1 / (1 - 0.5) = 2. So only
# 0 and 2 can come out, about five of each (the exact count is random). Without training, the layer
# passes the values through unchanged: ten ones.
#
# ```python
# print(np.unique(keras.ops.convert_to_numpy(dropped)))
# print(keras.ops.convert_to_numpy(keras.layers.Dropout(0.5)(ones, training=False)))
# ```
#
# </details>
#
# ### Challenge 6: choose the dropout rate
#
# Train the dropout network with the rates 0.1 and 0.9 for 40 epochs each (no early stopping, so that
# you see the full curves), with seed 1.
#
# 1. Before you run it: which rate will overfit, and which will underfit?
# 2. Which rate would you choose, and based on which numbers?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# for rate in [0.1, 0.9]:
#     keras.utils.set_random_seed(1)
#     rate_model = create_dropout_nn(X_train_scaled.shape[1], dropout_rate=rate)
#     rate_history = compile_and_fit(rate_model, epochs=40)
#     print(f"dropout rate {rate}:")
#     plot_history(rate_history)
# ```
#
# 1. With the rate 0.1 only one unit in ten is dropped: the network overfits almost as much as without
#    dropout (the validation error is lowest at epoch 7 and rises again, and the training error falls
#    far below it). With 0.9, nine units out of ten are dropped in every step: the network underfits,
#    both errors stay high (above 3.7 hours) and fall only slowly. Had you read the rate
#    as the fraction of units *kept*, you would have expected the opposite.
# 2. Choose by the validation error, never by the training error, which is computed with dropout
#    switched on and also rewards memorising. The rate 0.9 is clearly too high. With 0.1 the lowest
#    validation error (about 3.16 hours) is as good as with 0.5, but only at one epoch: the result
#    depends entirely on stopping there, exactly as without dropout. The rate 0.5 gives the same low
#    error over a wide range of epochs, so we keep it. The best rate depends on the network and the
#    data; 0.2 to 0.5 are common starting points.
#
# </details>

# %% [markdown]
# ## Batch normalization, and how it differs from scaling the inputs
#
# We scaled the inputs before training: `StandardScaler` computed the mean and standard deviation of
# each feature **once, on the training set**, and we applied the same fixed transformation to the
# training, validation and test data. This makes the features comparable, so that gradient descent
# can take similar steps for all weights.
#
# Inside the network, however, the outputs of a hidden layer (the inputs of the next layer) have no
# fixed scale: they change every time the weights of the earlier layers change. A
# `BatchNormalization` layer ([Ioffe and Szegedy, 2015](https://arxiv.org/abs/1502.03167)) normalises
# these intermediate values:
#
# - **during training**, it subtracts from each unit's values the mean of the **current batch** and
#   divides them by the batch's standard deviation, and then applies a scale and a shift that it
#   learns like any other weights;
# - it keeps **moving averages** of those batch means and variances, and uses them, instead of the
#   batch statistics, in `predict` and `evaluate`.
#
# So input scaling is a fixed preprocessing step outside the network, while batch normalization is a
# layer that adapts during training. Batch normalization makes deep networks, with many layers, train
# faster and more reliably, and allows larger learning rates. It does not replace the scaling of the
# inputs. Whether it helps a small network like ours is a question for an experiment.
#
# ### Challenge 7: batch normalization in practice
#
# 1. Write a function `create_batchnorm_nn(n_features)`: the network of `create_nn` with a
#    `keras.layers.BatchNormalization()` layer after each hidden layer. Train it (seed 1) with
#    `compile_and_fit` and the `early_stopper`, and compare its lowest validation RMSE with that of
#    the network without it (3.14 hours).
# 2. Print its `summary()`. The `BatchNormalization` layer after the layer of 100 units has 400
#    parameters, four per unit, and the model has 300 non-trainable parameters. What are the four
#    numbers per unit, and why are some of them not trainable?
# 3. A colleague proposes to drop the `StandardScaler` and put a `BatchNormalization` layer directly
#    after the input instead. What would be different?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# def create_batchnorm_nn(n_features):
#     inputs = keras.Input(shape=(n_features,))
#     hidden = keras.layers.Dense(100, activation="relu")(inputs)
#     hidden = keras.layers.BatchNormalization()(hidden)
#     hidden = keras.layers.Dense(50, activation="relu")(hidden)
#     hidden = keras.layers.BatchNormalization()(hidden)
#     outputs = keras.layers.Dense(1)(hidden)
#     return keras.Model(inputs=inputs, outputs=outputs, name="sunshine_predictor_batchnorm")
#
# keras.utils.set_random_seed(1)
# batchnorm_model = create_batchnorm_nn(X_train_scaled.shape[1])
# batchnorm_history = compile_and_fit(batchnorm_model, epochs=200, callbacks=[early_stopper])
# plot_history(batchnorm_history)
# ```
#
# ![Line chart of RMSE in hours against epoch for the network with batch normalization, trained with early stopping. Both curves start at about 5.5 hours. The training curve falls quickly to about 1.4 hours; the validation curve is lowest, about 3.3 hours, at epoch 5 and then rises to about 4.2 hours at epoch 25, where training stopped.](https://deep-learning-intro.github.io/deep-learning-intro/fig/04_history_batchnorm.png)
#
# *Training and validation RMSE in hours of the network with batch normalization, trained with early stopping: the validation error is lowest at epoch 5 and then rises quickly.*
#
# 1. Batch normalization does not help here: the network still overfits quickly, and its lowest
#    validation error (about 3.27 hours; 3.23 to 3.32 on the other backends) is no better than
#    without it, which ranged from 3.14 to 3.23 hours over three seeds (Challenge 3; 3.13 to 3.19 on
#    the other backends). Whether it is slightly worse, a single run cannot tell. That is an honest
#    result. Batch
#    normalization is a tool for training **deep** networks, with many layers, such as many of the
#    pretrained image networks you may reuse later; our network has two hidden layers and trains
#    without trouble (so do the small convolutional networks of the next episode, which do without
#    it). It is not a remedy for overfitting: the noise of the batch statistics regularises a
#    little, but not enough to rely on.
#
# ```python
# batchnorm_model.summary()
# ```
#
# The numbers in the layer names (such as `dense_27`) count the layers created so far in your
# session, so yours may differ.
#
# 2. Per unit, the layer learns a scale (`gamma`) and a shift (`beta`) by gradient descent: these are
#    trainable. It also keeps the moving mean and the moving variance, which are updated by averaging
#    batch statistics, not by gradient descent, so they are non-trainable: 2 × 100 + 2 × 50 = 300
#    numbers for the two layers. (The "optimizer params" are Adam's own bookkeeping: two running
#    averages for every trainable weight, 2 × 21,901 = 43,802, plus its step counter and its
#    learning rate.)
# 3. During training, the input layer would be normalised with the statistics of each batch of 32 days
#    instead of those of all 2,192 training days, and at prediction time with moving averages that are
#    only estimates of those. It can work, but the result depends on the batch size and is harder to
#    reason about, while the `StandardScaler` is exact and simple. If you want the scaling to be part
#    of the model (so that a saved model takes raw measurements), use the `keras.layers.Normalization`
#    layer: after `adapt(X_train)` it does exactly what `StandardScaler` does, with fixed statistics
#    of the training data.
#
# </details>

# %% [markdown]
# ## The final model and the test set
#
# Time to decide. On the validation years, early stopping alone, dropout with early stopping and the
# small network all reached about the same lowest error, well below the naive forecast and about
# equal to ridge regression (3.19 hours in the previous episode); batch normalization did not help.
# We choose dropout with early stopping, `dropout_model` with the weights of its best epoch, because
# its validation error stayed low over many epochs instead of at a single one. We did not use the
# test years for any decision so far. Now, **once**, we evaluate the final model on them, together
# with the naive forecast:

# %%
test_loss, test_rmse = dropout_model.evaluate(X_test_scaled, y_test, verbose=0)
baseline_test_rmse = root_mean_squared_error(y_test, X_test["BASEL_sunshine"])

print(f"tomorrow = today, test RMSE: {baseline_test_rmse:.2f} hours")
print(f"final network, test RMSE: {test_rmse:.2f} hours")

# %% [markdown]
# On 2008 and 2009, years that played no part in training or in any of our choices, the network's
# typical error is about 3.16 hours, against 4.39 hours for the forecast "tomorrow is like today": 1.2
# hours, or more than a quarter, smaller. Your network's number will differ a little; the baseline is
# exactly the same for everybody. This is the number to report. If you now went back and changed the
# model because of it, the test set would become a second validation set, and you would need new
# data for an honest estimate.
#
# A typical error of over 3 hours is still large: sunshine tomorrow depends on weather that today's
# measurements at 18 stations can only partly foresee. Weather services use much more data and
# physical models of the atmosphere.
#
# ### Challenge 8: quick check, one look at the test set
#
# Your test RMSE is a little worse than you hoped. Which of these keeps the reported number honest?
#
# A. Try dropout rates 0.3 and 0.4, and report the one with the lower test RMSE.
# B. Report the test RMSE as it is, and try new ideas on the validation set, with new test data
#    (for example 2010 onwards) for the next honest estimate.
# C. Move 2008 into the training set and evaluate on 2009 only.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# B. In A the test set chooses the model, so it has become a validation set and its score is
# optimistic. C changes the data after seeing the result; it can be a reasonable design for the
# *next* study, but once you have looked at the 2009 results, they are no longer an untouched test.
#
# </details>

# %% [markdown]
# ## Saving the model
#
# The `.keras` format stores the architecture, the weights and the compile settings in one file, as
# in the penguins episode:

# %%
dropout_model.save("sunshine_model.keras")

reloaded_model = keras.saving.load_model("sunshine_model.keras")
same = np.allclose(reloaded_model.predict(X_test_scaled, verbose=0),
                   dropout_model.predict(X_test_scaled, verbose=0))
print("reloaded model gives the same predictions:", same)

# %% [markdown]
# The model expects scaled inputs, so whoever uses it also needs the scaler (save it with `joblib`,
# or build the scaling into the model with a `keras.layers.Normalization` layer), and a description of
# the 164 input columns in the right order.
#
# ### Challenge 9: use the saved model
#
# A colleague wants forecasts for the first week of 2008. Use `reloaded_model` to predict the
# sunshine of the days after the first seven test days, and put the predictions next to the true
# values and the naive forecast in one pandas table. Why must the inputs go through `scaler` first?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# first_week = X_test.iloc[:7]
# forecast = reloaded_model.predict(scaler.transform(first_week), verbose=0).ravel()
# tomorrow = weather.loc[first_week.index, "DATE"] + pd.Timedelta(days=1)
# print(pd.DataFrame({
#     "true": y_test.iloc[:7].to_numpy(),
#     "network": forecast.round(1),
#     "tomorrow = today": first_week["BASEL_sunshine"].to_numpy(),
# }, index=tomorrow.dt.date))
# ```
#
# The network was trained on features scaled with the training years' means and standard
# deviations; raw measurements (pressure around 1, temperatures up to 35) would be far outside what
# it has seen, and its predictions would be meaningless. Here, `X_test_scaled[:7]` would give the
# same result, because it was made with the same `scaler`. In this week of grey winter days, the
# naive forecast is closer to the truth on most days, and the network is closer on the two days the
# sun came back, 7 and 8 January. A single week says little either way, which is why we report the RMSE over two years.
#
# </details>
#
# ### Callout: Optional: watching training live with TensorBoard
#
# For long training runs it helps to watch the curves while training is still going on, and to
# compare many runs side by side. TensorBoard, a web application from the TensorFlow project, does
# this. It is installed separately (`python -m pip install tensorboard`; TensorFlow 2.21 and later
# no longer install it), and the callback needs the `tensorflow` package with any Keras backend. Add a callback that writes logs to a folder, one subfolder per run:

# %%
# Not run as it stands (needs the tensorboard package, which the test environment (tensorflow-cpu) does not install).
# tensorboard = keras.callbacks.TensorBoard(log_dir="logs/dropout_0.5")
# keras.utils.set_random_seed(1)
# logged_model = create_dropout_nn(X_train_scaled.shape[1], dropout_rate=0.5)
# compile_and_fit(logged_model, epochs=200, callbacks=[early_stopper, tensorboard])

# %% [markdown]
# Then start TensorBoard in a terminal, in the folder of your notebook, and open the address it prints
# (usually `http://localhost:6006`) in a browser:
#
# ```bash
# tensorboard --logdir logs
# ```
#
# In Jupyter, `%load_ext tensorboard` followed by `%tensorboard --logdir logs` shows it inside the
# notebook. If you only need the numbers in a file, `keras.callbacks.CSVLogger("training_log.csv")`
# writes one row per epoch, which you can read with pandas.
#
# **Key Points**
#
# - Plot training and validation curves after every run: underfitting shows as two high curves,
#   overfitting as a training curve that keeps falling while the validation curve rises.
# - A learning rate far too small or far too large makes a network underfit: tune it by factors of 3
#   to 10.
# - Smaller networks and more training data reduce overfitting.
# - Early stopping with `restore_best_weights=True` ends training when the validation loss stops
#   improving and keeps the best weights.
# - A dropout rate is the fraction of units dropped in each training step; choose it by the
#   validation error. Dropout is only active during training.
# - Input scaling is fixed preprocessing with training-set statistics; batch normalization is a layer
#   that normalises intermediate values per batch during training. It helps deep networks train, and
#   does not replace input scaling; for our small network it did not help.
# - Conclusions must be larger than the differences between runs with different seeds: repeat a
#   comparison with a few seeds before you trust a small difference.
# - Make every choice with the validation set, evaluate the final model once on the test set, compare
#   it with the naive baseline, and save the model in the `.keras` format; whoever uses it needs the
#   scaler too.
