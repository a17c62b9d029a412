# %% [markdown]
# # Regression with a neural network: tomorrow's sunshine
#
# *Introduction to deep learning*, episode 3. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/03-weather-regression.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - How do I train a neural network to predict a number instead of a class?
# - How must I split a time series into training, validation and test data, and why not at random?
# - How do I know whether a regression model is any good?
#
# **Objectives**
#
# - Explore a table of daily weather observations with pandas and a plot, and find impossible values.
# - Turn a time series into features and a target, split it in time order into training, validation and test sets, and scale the features with training-set statistics.
# - Explain why a shuffled split of a time series can make scores too optimistic, and test whether it does on this data.
# - Build a dense regression network in Keras with a linear output, the mean squared error loss and the RMSE metric.
# - Train with validation data, and relate batch size, steps and epochs to gradient descent.
# - Plot training and validation curves from the training history, and plot predictions against the truth.
# - Compare the network with the naive baseline "tomorrow is like today" and with a linear model (ridge regression).

# %% [markdown]
# ## The question: how sunny will it be tomorrow?
#
# In [the penguins episode](https://deep-learning-intro.github.io/deep-learning-intro/02-penguins.html) the network answered a question with one of three
# categories. Many research questions ask for a **number** instead: a concentration, a yield, a
# temperature. Predicting a number is called *regression*. In this episode and the next we predict the
# weather, a classic regression task with a long history of statistical and physical models.
#
# Our question: **from today's weather measurements across Europe, how many hours of sunshine will
# Basel (Switzerland) get tomorrow?**
#
# We use the *weather prediction dataset* by Huber et al. (2021): daily observations from 2000 to 2009
# at 18 European weather stations, such as the mean temperature, the cloud cover, the air pressure and
# the hours of sunshine, taken from the European Climate Assessment & Dataset (ECA&D). The data are
# published on Zenodo under the CC BY 4.0 license, so cite them when you use them:
#
# > Huber, F., van Kuppevelt, D., Steinbach, P., Sauze, C., Liu, Y., & Weel, B. (2021). Weather
# > prediction dataset (v1.0) [Data set]. Zenodo. <https://doi.org/10.5281/zenodo.4980359>.
# > Observations from the European Climate Assessment & Dataset (ECA&D), <https://www.ecad.eu>.
#
# This episode follows the workflow of the penguins episode: formulate the problem (done), identify
# inputs and outputs, prepare the data, build a network, choose a loss, train, predict and measure.
# The [next episode](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) is about the last workflow step: refining the model.

# %% [markdown]
# ## Loading and exploring the data
#
# `keras.utils.get_file` downloads the file (2.8 MB) once, keeps it in a cache folder
# (`~/.keras/datasets/`) and returns its path; later calls use the cached copy, also without internet.

# %%
import keras
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

path = keras.utils.get_file(
    "weather_prediction_dataset.csv",
    "https://zenodo.org/record/4980359/files/weather_prediction_dataset.csv",
)
weather = pd.read_csv(path)
weather.shape

# %% [markdown]
# Each row is one day. The columns `DATE` and `MONTH` say which day; every other column is one
# measurement at one station, named `STATION_variable`. Let us look at the first days in Basel:

# %%
weather.filter(like="BASEL").head(3)

# %% [markdown]
# Not every station measures everything (Basel reports no wind, for example). The units are those of
# the dataset: sunshine in hours per day, temperatures in °C, cloud cover in eighths of the sky
# (*oktas*, 0 to 8; one Stockholm day has 9, the code for a sky that cannot be seen), humidity as a fraction and air pressure in units of 1000 hPa.
#
# The `DATE` column holds numbers such as `20000101`. We turn them into text and then into real dates,
# which pandas can compare and plot (`format` says which digits are the year, the month and the day):

# %%
weather["DATE"] = pd.to_datetime(weather["DATE"].astype(str), format="%Y%m%d")
weather["DATE"].min(), weather["DATE"].max()

# %% [markdown]
# Now the quantity we want to predict. With the dates as the index, `.loc["2005"]` selects one
# year. We plot its daily sunshine in Basel, and a 30-day moving average on top:

# %%
sunshine = weather.set_index("DATE").loc["2005", "BASEL_sunshine"]
ax = sunshine.plot(color="lightgray", label="daily value", figsize=(9, 4))
sunshine.rolling(30, center=True).mean().plot(ax=ax, color="black", label="30-day average")
ax.set(xlabel="Date", ylabel="Sunshine in Basel (hours per day)")
ax.legend()
plt.show()

# %% [markdown]
# ![Line chart of the daily hours of sunshine in Basel during 2005. The daily values, drawn in light grey, jump between 0 and up to 15 hours from one day to the next. A black 30-day average rises from about 3 hours in January to about 9 hours in June and falls to below 1 hour in December.](https://deep-learning-intro.github.io/deep-learning-intro/fig/03_sunshine_2005.png)
#
# *Daily hours of sunshine in Basel during 2005 (grey) and their 30-day moving average (black): a seasonal cycle with large jumps from day to day.*
#
# Two things stand out. There is a strong seasonal cycle: summer days are longer and clearer. And on
# top of it, the value jumps from one day to the next, between overcast days with no sunshine at all
# and clear days with more than ten hours. Those jumps are what makes the question hard, and
# interesting.
#
# ### Challenge 1: is tomorrow like today?
#
# The simplest forecast is that tomorrow will be like today. How well does today's sunshine in Basel
# predict tomorrow's?
#
# We will keep the last years of the data for testing our model at the very end (see below). Anything
# we learn from looking at those years would be a peek at the test, so explore only the years 2000 to
# 2005: `early = weather[weather["DATE"].dt.year <= 2005]`.
#
# 1. Compute the correlation between the sunshine of each day and of the day after. The pandas method
#    `Series.autocorr(lag=1)` does exactly that.
# 2. Compare it with the correlation between each day and the same date one year later,
#    `autocorr(lag=365)`. What does the difference tell you?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# early = weather[weather["DATE"].dt.year <= 2005]
# print(f"one day apart: {early['BASEL_sunshine'].autocorr(lag=1):.2f}")
# print(f"one year apart: {early['BASEL_sunshine'].autocorr(lag=365):.2f}")
# ```
#
# Today and tomorrow are clearly related, but far from identical: a correlation of 1 would mean that
# tomorrow is exactly like today. The correlation with the same day of the previous year is lower: it
# only comes from the seasons. Today's weather carries information beyond the season, so a model that
# sees today's measurements has something to learn from. We will use "tomorrow is like today" as the
# baseline that our network has to beat.
#
# </details>

# %% [markdown]
# ## Impossible values
#
# Real measurement series have gaps. This dataset has no empty cells, but a few values are
# impossible. The file holds the air pressure reduced to sea level, which in Europe stays well above
# 900 hPa (0.9 in the units of the file), and cloud cover cannot be negative:

# %%
print(weather.filter(like="pressure").min().nsmallest(3))
print(weather.filter(like="cloud_cover").min().nsmallest(2))

# %% [markdown]
# Values such as `-99` are codes for a missing measurement. Left in, they would become huge inputs
# after scaling and throw the predictions for those days far off. We mark them as missing
# (`mask` replaces the values where the condition holds by `NaN`) and then fill each gap with the
# previous day's value, which uses no information from the future:

# %%
pressure = weather.filter(like="pressure").columns
weather[pressure] = weather[pressure].mask(weather[pressure] < 0.9)
clouds = weather.filter(like="cloud_cover").columns
weather[clouds] = weather[clouds].mask(weather[clouds] < 0)

print("missing values:", weather.isna().sum().sum())
weather = weather.ffill()

# %% [markdown]
# ## Features and target
#
# Each row becomes one example. The **features** (inputs) are all of today's measurements at all 18
# stations, plus the month: weather moves across Europe, so yesterday's rain in London may be today's
# cloud in Basel. The **target** (output) is the sunshine in Basel on the **next** day. `shift(-1)`
# moves every value of a column one row up, so each row gets the value of the following day:

# %%
features = weather.drop(columns=["DATE"])
target = weather["BASEL_sunshine"].shift(-1)

# The last day has no tomorrow
features = features.iloc[:-1]
target = target.iloc[:-1]
print(features.shape, target.shape)

# %% [markdown]
# The `MONTH` column is among the features, as a number from 1 to 12. That is a crude way to tell
# the network the season: to a layer that multiplies it by a weight, December (12) and January (1)
# are 11 units apart, although they are neighbours in the calendar and have similar weather, while
# June (6) sits in the middle. The network can still learn something from it, and the temperatures
# carry the season too. A better encoding puts the date on a circle, with the sine and the cosine of
# the day of the year as two features; we keep `MONTH` as it is, to keep the code short.

# %% [markdown]
# ## Splitting a time series
#
# As in the penguins episode we need data that the network never trains on, but this time two sets of
# them, so the days fall into three sets:
#
# - the **training set** to fit the weights;
# - the **validation set** to watch how well the network does on new days during and after training,
#   and to choose between networks and settings;
# - the **test set**, kept locked away until the very end, for one honest estimate of how well the
#   final choice works.
#
# We choose between models by their validation scores, so those scores become a little optimistic;
# the test set guards against that.
#
# For a time series, **the split must follow time**: train on the past, validate and test on the
# future, exactly as the model will be used. We train on 2000 to 2005, validate on 2006 and 2007 and
# test on 2008 and 2009:

# %%
year = weather["DATE"].dt.year.iloc[:-1]
train = year <= 2005
val = year.between(2006, 2007)
test = year >= 2008

X_train, y_train = features[train], target[train]
X_val, y_val = features[val], target[val]
X_test, y_test = features[test], target[test]
print(len(X_train), len(X_val), len(X_test))

# %% [markdown]
# Why not `train_test_split` with its default `shuffle=True`, as for the penguins? Neighbouring days
# are not independent examples. Weather comes in spells: a high-pressure system can bring a week of
# sunshine, a front several grey days in a row. After a shuffled split, almost every test day has its
# neighbours, the day before and the day after, in the training data, with nearly the same
# measurements and often a similar tomorrow. The model is then tested on days that look like days it
# was trained on, an easier task than the one we care about: forecasting days in a future that
# resembles no training day in particular. A score measured that way can be too optimistic, and it
# rewards models that memorise their training days. A split in time has this problem only at the
# few days where one set ends and the next begins, and it tests exactly what we want to do with the
# model. Whether a shuffled split really flatters a model,
# and by how much, depends on the data: we will measure it for ours in a challenge after training.
#
# ### Challenge 2: quick check, which split?
#
# Which of these would give an honest estimate of how well a model forecasts the sunshine of 2010?
#
# A. A random 20 % of all days from 2000 to 2009 as the test set.
# B. The days of 2008 and 2009 as the test set, training on 2000 to 2005.
# C. Every fifth day as the test set, so that all seasons and years are covered.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# B. Both A and C put neighbours of every test day into the training data (C even guarantees that
# the day before and the day after every test day are training days). Only B tests on days that come
# after everything the model was trained on, as 2010 would.
#
# </details>

# %% [markdown]
# ## Scaling the features
#
# The features have very different ranges: pressure varies by a few hundredths around 1, cloud cover
# between 0 and 8, temperatures between about -30 and 40. As in the penguins episode, we scale every feature
# to mean 0 and standard deviation 1, with the mean and standard deviation of the **training set
# only** (the validation and test years must not influence anything we fit):

# %%
from sklearn.preprocessing import StandardScaler

scaler = StandardScaler()
scaler.fit(X_train)
X_train_scaled = scaler.transform(X_train)
X_val_scaled = scaler.transform(X_val)
X_test_scaled = scaler.transform(X_test)


# %% [markdown]
# The target stays in hours, so that predictions and errors are in hours too.

# %% [markdown]
# ## A dense network for regression
#
# The network gets 164 inputs, has two hidden layers with the ReLU activation and ends in **one output
# unit without an activation function** (the identity, or "linear" activation). A classifier ends in
# softmax to produce probabilities; a regression network must be able to output any number. We write
# the construction as a function, so that we can build fresh copies of the network later, also with
# other numbers of units (the next episode needs that):

# %%
def create_nn(n_features, units1=100, units2=50):
    inputs = keras.Input(shape=(n_features,))
    hidden = keras.layers.Dense(units1, activation="relu")(inputs)
    hidden = keras.layers.Dense(units2, activation="relu")(hidden)
    outputs = keras.layers.Dense(1)(hidden)
    return keras.Model(inputs=inputs, outputs=outputs, name="sunshine_predictor")


# %% [markdown]
# We fix the random seed, so that the starting weights (and our numbers) are the same at every run,
# and build the network:

# %%
keras.utils.set_random_seed(1)
model = create_nn(X_train_scaled.shape[1])
model.summary()

# %% [markdown]
# ### Challenge 3: quick check, the output layer
#
# A colleague ends the sunshine network with `keras.layers.Dense(1, activation="softmax")`, as in the
# penguins classifier. Predict what the network will output for every day, whatever its weights.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Softmax turns a group of numbers into fractions that add up to 1. For a group of one number, that
# fraction is always 1: the network predicts 1 hour of sunshine for every day and cannot learn. A
# regression output needs no activation function (or one that fits the range of the target).
#
# </details>
#
# ### Challenge 4: where do the parameters come from?
#
# The summary reports 21,601 trainable parameters. Calculate that number yourself, layer by layer.
# Which layer holds most of them, and why?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# A `Dense` layer with `n_in` inputs and `n_out` units has one weight per connection plus one bias per
# unit: `n_in * n_out + n_out`.
#
# ```python
# first = 164 * 100 + 100
# second = 100 * 50 + 50
# output = 50 * 1 + 1
# print(first, second, output, first + second + output)
# ```
#
# The first layer holds three quarters of the parameters, because it connects all 164 features to each
# of its 100 units. With 2,192 training days and 21,601 parameters, the network has far more knobs
# than we have examples: keep that in mind when we look at the training curves.
#
# </details>

# %% [markdown]
# ## Loss and metric for regression
#
# For regression, the standard loss is the **mean squared error** (MSE) that you met in
# [the introduction](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html): the average of the squared differences between predictions
# and targets. Squaring punishes large errors much more than small ones. Its unit, hours squared, is
# hard to interpret, so we also ask Keras to report the **root mean squared error** (RMSE), the square
# root of the MSE, as a metric. RMSE is in hours: a typical size of a prediction error. We name the
# metric `rmse`, so that it shows up under that short name in the training output:

# %%
model.compile(
    optimizer="adam",
    loss="mse",
    metrics=[keras.metrics.RootMeanSquaredError(name="rmse")],
)

# %% [markdown]
# Adam is a variant of gradient descent that adapts the step size for each weight; its default
# learning rate of 0.001 is a good start.

# %% [markdown]
# ## Training with validation data
#
# We pass the validation set to `fit`. Keras then computes the loss and the metric on the validation
# days after every epoch, without ever training on them. With `verbose=2`, Keras prints one line per
# epoch; we show the first and the last:

# %%
history = model.fit(
    X_train_scaled,
    y_train,
    batch_size=32,
    epochs=20,
    validation_data=(X_val_scaled, y_val),
    verbose=2,
)

# %% [markdown]
# Training takes a few seconds. Your numbers will differ a little from ours: even with the same seed,
# computers and library versions round differently, and the differences grow during training.
#
# In each line, `69/69` counts the steps of the epoch: the 2,192 training days in batches of 32.
#
# ### Challenge 5: batches, steps and epochs
#
# In [the introduction](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html) you trained a neuron with full-batch gradient descent and met
# batches and epochs.
#
# 1. Why does an epoch have 69 steps? How many times were the weights updated during the 20 epochs?
# 2. How many steps per epoch would `batch_size=256` give, and how many would `batch_size=2192`? What
#    is the second one called?
# 3. Train a fresh network (same seed) with `batch_size=256` for 20 epochs and compare its final
#    training and validation RMSE with those of our network after 20 epochs. Explain the
#    differences with the number of weight updates.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# import math
#
# print("steps per epoch with batch size 32:", math.ceil(2192 / 32))
# print("weight updates in 20 epochs:", 20 * math.ceil(2192 / 32))
# print("steps per epoch with batch size 256:", math.ceil(2192 / 256))
# ```
#
# 1. 2,192 / 32 = 68.5, so each epoch has 68 full batches and one of 16 days: 69 steps, and
#    20 × 69 = 1,380 updates of the weights.
# 2. 9 steps with a batch size of 256, and a single step with 2,192: every step then uses the whole
#    training set, which is *full-batch* gradient descent, as in the introduction's toy example.
#
# ```python
# keras.utils.set_random_seed(1)
# big_batch_model = create_nn(X_train_scaled.shape[1])
# big_batch_model.compile(
#     optimizer="adam", loss="mse", metrics=[keras.metrics.RootMeanSquaredError(name="rmse")]
# )
# big_batch_history = big_batch_model.fit(
#     X_train_scaled, y_train, batch_size=256, epochs=20,
#     validation_data=(X_val_scaled, y_val), verbose=0,
# )
# print(f"training RMSE: {big_batch_history.history['rmse'][-1]:.2f}")
# print(f"validation RMSE: {big_batch_history.history['val_rmse'][-1]:.2f}")
# ```
#
# 3. With batches of 256, 20 epochs mean only 180 weight updates instead of 1,380, each of a size
#    set by the same learning rate. The network has not travelled as far downhill on the training
#    data, so its training RMSE is clearly higher than that of our network. Its validation RMSE,
#    however, is *lower*: our network, with its many more updates, has gone on to learn details of
#    the training days that do not help on new days (you will see this in the training curves in a
#    moment). The number of epochs is not a fixed recipe: what matters is how far training has gone,
#    and that depends on the batch size and the learning rate too. Larger batches give a less noisy
#    estimate of the gradient and use parallel hardware better; smaller batches give more updates per
#    epoch. Batch sizes from 16 to 256 are common starting points.
#
# </details>

# %% [markdown]
# ## Training curves
#
# `fit` returns a `History` object: `history.history` is a dictionary with one list per quantity, one
# value per epoch (`loss`, `rmse`, and the same with a `val_` prefix for the validation set). pandas
# turns it into a table, one row per epoch, and plots it in one line. We number the rows from 1, as
# Keras numbers the epochs, and plot the two RMSE columns with different line styles and markers:

# %%
curves = pd.DataFrame(history.history)
curves.index += 1
curves[["rmse", "val_rmse"]].plot(style=["o-", "s--"], xlabel="Epoch", ylabel="RMSE (hours)")
plt.show()
best = curves["val_rmse"].idxmin()
print(f"lowest validation RMSE: {curves.loc[best, 'val_rmse']:.2f} hours (epoch {best})")

# %% [markdown]
# ![Line chart of the RMSE in hours against the epoch, 1 to 20. The training curve (solid line with circles) falls steadily from 4.0 to about 1.7 hours. The validation curve (dashed line with squares) falls from about 3.4 to its lowest value, about 3.1 hours, at epoch 5, and then rises steadily to about 3.45 hours at epoch 20.](https://deep-learning-intro.github.io/deep-learning-intro/fig/03_history.png)
#
# *Training RMSE (solid line, circles) and validation RMSE (dashed line, squares) in hours for each of the 20 epochs of the first network: the training error keeps falling, the validation error is lowest at epoch 5 and then rises.*
#
# The two curves tell different stories. On the training days, the error keeps falling. On the
# validation days, it falls during the first few epochs, and then slowly **rises** again, while the
# training error is still dropping. The network is learning details of the training days that do not
# carry over to new days. This is called *overfitting*, and the next episode is about recognising it
# and fixing it.

# %% [markdown]
# ## Predictions against the truth
#
# `predict` returns an array with one column; `ravel()` flattens it. A scatter plot of predicted
# against true sunshine on the validation days shows how good the predictions are. Perfect
# predictions would lie on the dashed diagonal:

# %%
y_val_predicted = model.predict(X_val_scaled, verbose=0).ravel()

plt.scatter(y_val, y_val_predicted, s=5, alpha=0.5, color="black")
plt.plot([0, 15], [0, 15], color="gray", linestyle="--")
plt.xlabel("True sunshine (hours)")
plt.ylabel("Predicted sunshine (hours)")
plt.show()

# %% [markdown]
# ![Scatter plot of predicted against true sunshine hours for the validation days, the true values from 0 to 15 hours, with a dashed diagonal line for perfect predictions. The points form a wide cloud around the diagonal, rising with the true value. Many days had no sunshine at all; for these, the predictions form a vertical column at 0 true hours, reaching from about -2 to 10 predicted hours. Some predictions lie below zero.](https://deep-learning-intro.github.io/deep-learning-intro/fig/03_predictions.png)
#
# *Predicted against true hours of sunshine for the validation days 2006-2007, with a dashed diagonal for perfect predictions: a wide cloud of points, with a column of predictions at 0 true hours.*
#
# The network does predict more sunshine for sunnier days, but with errors of several hours. Days
# without any sunshine (the column of points at 0) are especially hard. (Plot the training days too,
# and you will see them much closer to the diagonal: the overfitting again.)
#
# Some predictions are **negative**. The output unit has no activation function, so nothing stops it
# from producing physically impossible values. You could clip the predictions at zero afterwards
# (`np.clip(predictions, 0, None)`), or end the network in a ReLU; for now we accept the small error
# this causes.
#
# ### Challenge 6: does a shuffled split flatter our network?
#
# Earlier we argued that a shuffled split tests a model on days whose neighbours it has trained on.
# Measure what that does here. Take the days of 2000 to 2007 (training and validation years
# together), split them at random with `train_test_split(..., test_size=730, random_state=0)` from
# scikit-learn, so that the held-out set has as many days as our validation set (and the training part as many
# as ours, 2,192). Scale with the new
# training part, train a fresh network exactly as above (seed 1, 20 epochs) and compare its lowest
# held-out RMSE with the lowest validation RMSE of the split in time.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# from sklearn.model_selection import train_test_split
#
# early_years = year <= 2007
# X_a, X_b, y_a, y_b = train_test_split(
#     features[early_years], target[early_years], test_size=730, random_state=0
# )
# shuffled_scaler = StandardScaler().fit(X_a)
# keras.utils.set_random_seed(1)
# shuffled_model = create_nn(X_a.shape[1])
# shuffled_model.compile(optimizer="adam", loss="mse",
#                        metrics=[keras.metrics.RootMeanSquaredError(name="rmse")])
# shuffled_history = shuffled_model.fit(
#     shuffled_scaler.transform(X_a), y_a, batch_size=32, epochs=20, verbose=0,
#     validation_data=(shuffled_scaler.transform(X_b), y_b),
# )
# print(f"shuffled split, lowest held-out RMSE: {min(shuffled_history.history['val_rmse']):.2f} hours")
# print(f"split in time, lowest validation RMSE: {curves['val_rmse'].min():.2f} hours")
# ```
#
# For tomorrow's sunshine, the shuffled split makes hardly any difference: the two numbers are within
# the differences you would see between two random seeds. Sunshine changes so much from one day to
# the next (a correlation of about 0.55 between neighbouring days, Challenge 1) that a test day's
# neighbours give the network little to lean on. So the leak is small here, and we cannot claim more
# from this run. We still split in time, because it is the test we need: it asks the question we will
# ask the model (forecast later years), and it would also reveal a change between years, such as a
# new instrument or a trend, that a shuffled split hides by mixing the years. In data whose
# neighbouring examples are near copies of each other (measurements every minute, several samples
# from the same patient, field site or experiment), a shuffled split can make a useless model look
# excellent; such examples belong together on one side of the split.
#
# </details>

# %% [markdown]
# ## Compared with what? A naive forecast and a linear model
#
# Our network ends with a validation RMSE of about 3.45 hours. Is that good? A number means little
# without a reference. For weather, the classic reference is **persistence**: tomorrow will be like
# today. It needs no training at all: the prediction for tomorrow is today's sunshine, which is
# already a column of our (unscaled) features. scikit-learn computes the RMSE for us, and `evaluate`
# gives the network's loss and metric:

# %%
from sklearn.metrics import root_mean_squared_error

baseline_val_rmse = root_mean_squared_error(y_val, X_val["BASEL_sunshine"])
print(f"tomorrow = today, validation RMSE: {baseline_val_rmse:.2f} hours")
val_loss, val_rmse = model.evaluate(X_val_scaled, y_val, verbose=0)
print(f"neural network, validation RMSE: {val_rmse:.2f} hours")

# %% [markdown]
# The network beats the naive forecast: its typical error is about 0.6 hours smaller. But persistence
# is a low bar. Anyone who knows scikit-learn will ask how a plain **linear model** does on the same
# scaled features. We fit ridge regression, linear regression with a penalty on large weights, whose
# strength `alpha` we chose by trying a few values (1 to 3000) on the validation set:

# %%
from sklearn.linear_model import Ridge

ridge = Ridge(alpha=300).fit(X_train_scaled, y_train)
ridge_val_rmse = root_mean_squared_error(y_val, ridge.predict(X_val_scaled))
print(f"ridge regression, validation RMSE: {ridge_val_rmse:.2f} hours")

# %% [markdown]
# An honest comparison: the linear model, fitted in a fraction of a second, beats our network as we
# trained it (3.19 against 3.45 hours). Even at its best epoch (3.14 hours at epoch 5) the network only
# draws level with it: a difference of a few hundredths of an hour is smaller than the differences
# between training runs with different seeds (the next episode measures them). With 164 well-chosen measurements
# and a few thousand days, much of what today's weather says about tomorrow's sunshine is close to
# linear. Deep learning pays off most where useful features must be learnt from raw,
# high-dimensional inputs such as images (episode 5). In the next episode we make the network
# generalise better; the ridge model stays as the score to beat. Your network's numbers will differ
# slightly; the baseline and the ridge model are exactly the same for everybody. We keep the test set
# untouched: it is for the very end of the next episode, once we have settled on a final model.
#
# ### Challenge 7: another baseline
#
# Persistence is one naive forecast. Another is *climatology*: predict the same typical value every
# day.
#
# 1. Compute the validation RMSE of always predicting the mean sunshine of the **training** days.
# 2. Does persistence or the mean do better? How do the network and the ridge model compare with both?
# 3. Why must the mean come from the training days, not from the validation days?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# mean_prediction = y_train.mean()
# mean_val_rmse = root_mean_squared_error(y_val, np.full(len(y_val), mean_prediction))
# print(f"mean of the training days: {mean_prediction:.2f} hours")
# print(f"always the mean, validation RMSE: {mean_val_rmse:.2f} hours")
# ```
#
# 1. and 2. Always predicting the mean is slightly worse than persistence on the validation years, and
#    both are clearly worse than the network and the ridge model. A constant prediction ignores both the season and the
#    weather of the day; the RMSE of the mean is close to the standard deviation of the sunshine.
# 3. The mean is a parameter fitted to data, just like the weights of the network. Fitted on the
#    validation days, it would use the answers it is evaluated on, another form of leakage.
#
# </details>
#
# ### Challenge: Optional: a network for a different place or quantity
#
# Choose another target: the sunshine in another city, or tomorrow's maximum temperature in Basel
# (`BASEL_temp_max`). Which lines of this episode must change? Predict first: will the persistence
# baseline be harder or easier to beat for the maximum temperature than for sunshine?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Only the target changes (`target = weather["BASEL_temp_max"].shift(-1)`); the features, the split,
# the scaling and the network stay the same, and the baseline becomes the column `BASEL_temp_max` of
# the features. Temperature changes much more slowly from day to day than sunshine, so persistence is
# a far stronger baseline for it:
#
# ```python
# temp_tomorrow = weather["BASEL_temp_max"].shift(-1).iloc[:-1]
# temp_baseline_rmse = root_mean_squared_error(temp_tomorrow[val], X_val["BASEL_temp_max"])
# temp_mean_rmse = root_mean_squared_error(temp_tomorrow[val], np.full(730, temp_tomorrow[train].mean()))
# print(f"persistence for the maximum temperature, validation RMSE: {temp_baseline_rmse:.2f} °C")
# print(f"always the mean, validation RMSE: {temp_mean_rmse:.2f} °C")
# ```
#
# For sunshine, persistence (4.05 hours) was only a little better than always predicting the mean
# (4.21 hours, Challenge 7). For the maximum temperature, persistence cuts the error of the mean to
# about a third: today's maximum temperature already tells you much of tomorrow's. A
# network has to beat 3.07 °C, not 8.73 °C, to be useful. Always check the baseline before you celebrate a
# model.
#
# </details>
#
# **Key Points**
#
# - Regression networks end in a single unit without an activation function, are trained with the
#   mean squared error loss, and are easiest to judge with the RMSE, which has the unit of the target.
# - Split a time series in time order: train on the past, validate and test on the future. A shuffled
#   split tests on days whose neighbours were in the training data; how much that flatters a model
#   depends on the data (little for tomorrow's sunshine), but only the split in time tests the
#   forecast we want.
# - Look for impossible values before training, and fit the scaler (and anything else you fit) on the
#   training data only.
# - An epoch has as many gradient-descent steps as there are batches; the batch size changes how many
#   updates an epoch makes.
# - Pass validation data to `fit` and plot training and validation curves after every training run:
#   `pd.DataFrame(history.history).plot()` does it in one line.
# - Always compare with a naive baseline such as "tomorrow is like today" and with a simple trained
#   model such as ridge regression; a network is only worth its cost if it clearly beats them.
