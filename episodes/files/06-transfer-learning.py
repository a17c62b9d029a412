# %% [markdown]
# # Transfer learning with a pretrained network
#
# *Introduction to deep learning*, episode 6. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - How can I use a network that others have trained on millions of images for my own, much smaller, image task?
# - What does a pretrained network reuse, and why does that work?
# - Is the gain from pretraining, or just from a bigger model?
# - What must I check before I use someone else's pretrained model?
#
# **Objectives**
#
# - Load a pretrained MobileNet from Keras applications without its classification top, freeze it, and put resizing and preprocessing inside the model as Keras layers.
# - Extract features with the frozen base once, and train a new classification head on them.
# - Compare the pretrained model with a CNN trained from scratch on the same small training set, using trainable and total parameter counts and validation accuracy, and evaluate the chosen model once on the test set.
# - Fine-tune the top of the pretrained base with a low learning rate, and judge whether it helped.
# - Check the licence, the training data, the input size and the preprocessing of a pretrained model before using it, and know where to find other pretrained models.

# %% [markdown]
# ## Standing on the shoulders of others
#
# In [the image classification episode](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html) we trained a convolutional
# network on 45,000 labelled images. Most research projects do not have that many: labelling images
# by hand is slow and expensive, and a few hundred examples per class is more typical. With so few
# images, a network trained from scratch learns its training images by heart long before it has
# learned what a cat looks like.
#
# *Transfer learning* is the usual way out. Someone else has already trained a large network on a
# huge, general image collection. The early and middle layers of such a network have learned to
# detect edges, textures, shapes and object parts, and these are useful for almost any photograph.
# We keep those layers, with their weights, and train only a new, small final part for our own
# classes. The ten steps of the workflow stay the same; what changes is step 4, where we now
# *choose a pretrained model* instead of building an architecture.

# %% [markdown]
# ## Step 1: formulate the problem
#
# We pretend to be a research group that wants to sort small photographs into the ten CIFAR-10
# classes, but that has labelled only 300 images per class. The question of this episode is
# practical: with so little data, does starting from a pretrained network beat training our own CNN,
# and if it does, is that thanks to the pretraining or simply to a bigger network?

# %% [markdown]
# ## Step 2: identify inputs and outputs
#
# The inputs are again colour images of 32 × 32 pixels, and the output is one of ten classes. We
# start from a fresh notebook and load CIFAR-10 from the Keras cache, where
# [the image classification episode](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html) put it (if it is not there, this
# call downloads the 163 MiB archive again):

# %%
import keras
import numpy as np
import pandas as pd

(x_train_all, y_train_all), (x_test, y_test) = keras.datasets.cifar10.load_data()

# %% [markdown]
# ## Step 3: prepare the data
#
# We draw our small labelled set from the 50,000 training images: 3,000 images for training
# (300 per class) and 1,000 for validation (100 per class). We leave the other 46,000 unused and
# pretend we never had them. `stratify` keeps the classes balanced in both sets:

# %%
from sklearn.model_selection import train_test_split

x_train, x_val, y_train, y_val = train_test_split(
    x_train_all, y_train_all, train_size=3000, test_size=1000,
    stratify=y_train_all, random_state=1)
print(x_train.shape, x_val.shape)

# %% [markdown]
# Why 3,000? It is the size of dataset many projects really have, small enough that a CNN trained
# from scratch struggles (we will see how much), and large enough that the numbers we compare are
# not dominated by chance: measured on 1,000 validation images, an accuracy near 0.7 has a
# sampling error of about 1.5 percentage points (the square root of 0.7 × 0.3 / 1,000), small
# next to the differences we will see. It also keeps every step within a minute on a laptop CPU
# with TensorFlow or PyTorch,
# because the pretrained network is far more expensive to run than our CNN of the previous
# episode.
#
# This time we do **not** scale the pixels ourselves. The pretrained network expects its inputs
# prepared exactly as during its own training, so we will build that preparation into the model,
# where it cannot be forgotten.

# %% [markdown]
# ## Step 4: choose a pretrained model
#
# Keras comes with a collection of image networks pretrained on ImageNet, `keras.applications`. We
# take one of the smallest, MobileNet, designed to run on mobile phones (Howard et al., 2017,
# *MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications*,
# [arXiv:1704.04861](https://arxiv.org/abs/1704.04861)). `alpha=0.25` selects the narrowest version,
# with a quarter of the filters in every layer:

# %%
base = keras.applications.MobileNet(
    alpha=0.25, input_shape=(224, 224, 3), include_top=False, weights="imagenet")
base.trainable = False
print(f"{base.count_params():,} parameters in {len(base.layers)} layers")

# %% [markdown]
# The first call downloads the weights (2.1 MB) into `~/.keras/models/`; later calls use that
# copy. Three arguments matter:
#
# - `weights="imagenet"`: the weights learned on ImageNet, about 1.3 million photographs in 1,000
#   classes. With `weights=None` we would get the same architecture with random weights.
# - `include_top=False`: without the *top*, the final layers that choose among the 1,000 ImageNet
#   classes. We need our own ten classes instead. What remains, the *base*, turns an image into
#   feature maps.
# - `input_shape=(224, 224, 3)`: the image size the network was trained on.
#
# `base.trainable = False` *freezes* the base: training will not change any of its weights.
#
# ### Callout: What is reused, and why it works
#
# A trained CNN builds up its picture of an image layer by layer, as in the previous episode: the
# first layers respond to edges and colours, the middle layers to textures and simple shapes, the
# last layers to parts of objects such as eyes, wheels or wings. Little in the early and middle
# layers is specific to the 1,000 ImageNet classes; ImageNet simply contained enough varied
# photographs to learn good detectors. Among its classes are many breeds of dogs and cats, birds,
# cars, trucks, ships and aeroplanes, so even the last layers of the base have seen things like
# ours. That is why the base works as a general *feature extractor*, and why only the top is
# thrown away.
#
# Transfer works best when the new images resemble the old ones. Microscope slides, satellite
# images or spectrograms look very different from holiday photographs: the early layers still help,
# the last ones less so, and fine-tuning (below) matters more.
#
# ### Preparing the images inside the model
#
# MobileNet has two expectations that CIFAR-10 does not meet:
#
# 1. **Size.** It was trained on 224 × 224 images. MobileNet halves the size of its feature maps
#    five times (224 → 7), so a 32 × 32 image would shrink to a single pixel (1 × 1), leaving the
#    last layers nothing to look at. We enlarge the images with a `Resizing` layer. They do not
#    get sharper, but the objects now have the size in pixels that the filters were trained on.
# 2. **Values.** MobileNet was trained on pixels scaled to the range -1 to 1, not 0 to 1 as in the
#    previous episode. A `Rescaling` layer computes `pixel / 127.5 - 1`.
#
# We build both into a model that turns a batch of CIFAR-10 images into one vector of features
# per image. The base outputs 7 × 7 feature maps with 256 channels; global average pooling, which we
# met in the previous episode, averages each feature map to one number:

# %%
inputs = keras.Input(shape=(32, 32, 3))
x = keras.layers.Resizing(224, 224)(inputs)
x = keras.layers.Rescaling(1 / 127.5, offset=-1)(x)
x = base(x, training=False)
features = keras.layers.GlobalAveragePooling2D()(x)
extractor = keras.Model(inputs, features)

# %% [markdown]
# `training=False` makes the base run in inference mode even while we train: its batch
# normalization layers keep using the statistics they learned on ImageNet. This matters later, if
# we unfreeze part of the base.
#
# ### Challenge 1: check the preprocessing
#
# Every pretrained model comes with its own preprocessing; Keras provides it as a function, here
# `keras.applications.mobilenet.preprocess_input`.
#
# 1. Apply that function and our `Rescaling` layer to the pixel values 0, 127.5 and 255, and
#    compare.
# 2. Predict: what would the base see if we forgot the `Rescaling` layer, or scaled the pixels to
#    0-1 as in the previous episode? Would Keras raise an error?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Both map 0 to -1, 127.5 to 0 and 255 to 1:
#
# ```python
# pixels = np.array([0.0, 127.5, 255.0])
# print(keras.applications.mobilenet.preprocess_input(pixels.copy()))
# rescaled = keras.layers.Rescaling(1 / 127.5, offset=-1)(pixels)
# print(keras.ops.convert_to_numpy(rescaled))
# ```
#
#    `preprocess_input` works on NumPy arrays too, and changes them in place, hence `.copy()`. We
#    use the layer because it is part of the model: whoever uses the model cannot forget it.
# 2. Without `Rescaling` the base would see values from 0 to 255, and with the scaling of the
#    previous episode values from 0 to 1: both far from the -1 to 1 it was trained on. Keras raises
#    no error, because the shapes are right. The features would simply be worse, and so would the
#    accuracy. This silent failure is a common mistake with pretrained models (see the
#    optional Challenge 5).
#
# </details>

# %% [markdown]
# ## Steps 5 and 6: a new head, trained on extracted features
#
# The frozen base never changes, so it would compute the same features for the same image in every
# epoch. Instead of running the expensive base thousands of times, we run it **once** per image and
# keep its outputs, and then train only a new head on them:
#
# ![Diagram of seven boxes from left to right joined by arrows: a CIFAR-10 image of 32 by 32 by 3; a Resizing layer to 224 by 224 by 3; a Rescaling layer to the range -1 to 1; the MobileNet base with ImageNet weights, shaded grey and labelled frozen, 218,544 parameters; global average pooling to 256 features; the new head, a dense softmax layer, hatched and labelled trained, 2,570 parameters; and 10 class probabilities. A dashed frame around the first five boxes is labelled feature extraction: run once per image, with extractor.predict. Above the head: trained on the features. A legend below says dark grey means frozen with ImageNet weights, hatched means trained on our 3,000 images, and the other boxes have no weights.](https://deep-learning-intro.github.io/deep-learning-intro/fig/06_transfer_learning.png)
#
# *The model of this episode. The frozen base and the layers before it run once per image; only the new head is trained.*
#
# Computing the features is called *feature extraction*:

# %%
train_features = extractor.predict(x_train, verbose=0)
val_features = extractor.predict(x_val, verbose=0)
print(train_features.shape, val_features.shape)

# %% [markdown]
# Each image is now described by 256 numbers. On these we train the new *head*: a single dense
# layer with a softmax, one output per class. The loss and the optimizer are those of the previous
# episode (step 5):

# %%
keras.utils.set_random_seed(1)
feature_inputs = keras.Input(shape=(256,))
predictions = keras.layers.Dense(10, activation="softmax")(feature_inputs)
head = keras.Model(feature_inputs, predictions, name="head")
head.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
             metrics=["accuracy"])
head_history = head.fit(train_features, y_train, epochs=30, verbose=0,
                        validation_data=(val_features, y_val))

# %% [markdown]
# An epoch over 3,000 vectors of 256 numbers takes a fraction of a second, so we can afford 30
# epochs. The curves, every fifth epoch:

# %%
head_curves = pd.DataFrame(head_history.history)
print(head_curves[["accuracy", "val_accuracy"]].iloc[4::5].round(3))

# %% [markdown]
# The validation accuracy rises to about 0.70 within twenty epochs and then levels off, while the
# training accuracy keeps creeping up. The head is the same model as a logistic regression on
# the 256 features: it has only 256 × 10 + 10 = 2,570 parameters, so it overfits only a little
# (after 30 epochs, 0.785 on the training images against 0.695 on the validation images).
#
# ### Challenge 2: what was trained?
#
# Without running any code: after this training, which of these have changed?
#
# A. The weights of the first convolutional layer of the base.
# B. The 218,544 parameters of the base.
# C. The 2,570 parameters of the head.
# D. The features in `train_features`.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Only **C**. The base is frozen, so A and B are the ImageNet weights, unchanged. The features were
# computed once, before training, and do not change either: training the head is only ever
# training a small network on a fixed table of 256 columns. You can check that training could not
# touch the base:
#
# ```python
# print(sum(w.size for w in base.get_weights()), len(base.trainable_weights))
# ```
#
# A frozen base has no trainable weights at all.
#
# </details>

# %% [markdown]
# ## Steps 7 and 8: predictions, and an honest comparison
#
# To use the head on new images, we join the two parts into one model that takes CIFAR-10 images as
# they come from `load_data()`:

# %%
model = keras.Model(inputs, head(features), name="pretrained")
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.summary()

# %% [markdown]
# The summary shows the whole base as one layer. The model has 221,114 parameters, of which only
# the 2,570 of the head were trained on our data; the other 218,544 came from ImageNet. The
# model's validation accuracy is the head's:

# %%
val_loss, val_accuracy = model.evaluate(x_val, y_val, verbose=0)
print(f"pretrained MobileNet, validation accuracy: {val_accuracy:.3f}")

# %% [markdown]
# ### The same data, from scratch
#
# Is 0.70 good? The fair comparison is a network trained from scratch on **the same 3,000 images**,
# judged on the same 1,000 validation images. You know how to build one already.
#
# ### Challenge 3: a CNN from scratch on the same data
#
# 1. Build the first CNN of [the image classification episode](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html)
#    (three blocks of `Conv2D` and `MaxPooling2D` with 16, 32 and 128 filters, then `Flatten` and
#    a `Dense` softmax layer) with `keras.layers.Rescaling(1 / 255)` as its first layer, since our
#    pixels are not scaled. Call it `scratch` and compile it as before. Copy from your notebook of
#    that episode if you have it.
# 2. After `keras.utils.set_random_seed(1)`, train it on `x_train` for 20 epochs with
#    `validation_data=(x_val, y_val)` and `verbose=0` (12 to 15 seconds with TensorFlow on a two-core
#    CPU), and keep the history
#    as a table `scratch_curves`.
# 3. Compare its training and validation accuracy. What happens?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. and 2. Our code is in the box below the exercise: compare it with yours, and run it (or copy it)
#    before you go on, since the comparison that follows uses `scratch` and `scratch_curves`.
#
# 3. The pattern of the previous episode, much sooner: after 20 epochs the CNN gets more than nine
#    in ten training images right but only about half of the validation images, and its
#    validation accuracy rises slowly or not at all (in our TensorFlow run it peaked at 0.496
#    before the last epoch and ended at 0.451). With 300 images per class it learns the training images by heart.
#
# </details>
#
# The comparison below needs `scratch` and `scratch_curves`: if your own version is missing or
# differs, open the box and run our code (copy it; it is the solution of parts 1 and 2).
#
# ### Details: The CNN from scratch, to copy

# %%
keras.utils.set_random_seed(1)
inputs = keras.Input(shape=(32, 32, 3))
x = keras.layers.Rescaling(1 / 255)(inputs)
for n_filters in (16, 32, 128):
    x = keras.layers.Conv2D(n_filters, 3, padding="same", activation="relu")(x)
    x = keras.layers.MaxPooling2D(2)(x)
outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
scratch = keras.Model(inputs, outputs)
scratch.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
scratch_history = scratch.fit(x_train, y_train, epochs=20, verbose=0,
                              validation_data=(x_val, y_val))
scratch_curves = pd.DataFrame(scratch_history.history)
print(scratch_curves[["accuracy", "val_accuracy"]].iloc[4::5].round(3))

# %% [markdown]
# ### Pretraining, or just size?
#
# The pretrained model has more than three times as many parameters as our CNN. Could it simply be
# the bigger network? We put the numbers side by side:

# %%
comparison = pd.DataFrame({
    "trainable": [scratch.count_params(), head.count_params()],
    "total": [scratch.count_params(), model.count_params()],
    "val_accuracy": [scratch_curves["val_accuracy"].max(), val_accuracy],
}, index=["CNN from scratch", "pretrained MobileNet"])
print(comparison.round(3))

# %% [markdown]
# We even gave the CNN its best epoch, which is a little optimistic. The numbers answer the
# question:
#
# - The pretrained model **trained 24 times fewer parameters** on our data (2,570 against 62,570),
#   and still reaches about 0.70 against about 0.50 (0.53 with PyTorch, 0.54 with JAX). What our
#   3,000 images taught it fits in a single dense layer; everything else came from ImageNet.
# - The CNN is not short of parameters: it already fits its training images far better than
#   new ones. A bigger CNN would fit them just as well and generalise no better (try it in the
#   optional part of Challenge 4).
# - The gap of 15 to 20 percentage points (depending on the backend) is far larger than the noise
#   of this comparison: 1,000
#   validation images give a sampling error of about 1.5 points (step 3), and training again with
#   another random seed (or on another backend, which draws other random numbers) moves the CNN's
#   best validation accuracy by up to about five points (0.496 to 0.54 in our runs; try it in
#   Challenge 4).
#
# The 221,114 parameters of the pretrained model matter only because 218,544 of them were trained
# on 1.3 million other images. That is the gain of pretraining: knowledge from a large dataset,
# carried over to a small one.
#
# ### Challenge 4: is it the pretraining?
#
# 1. Which single experiment would separate "pretrained weights" from "the MobileNet architecture"
#    most directly? Describe it; you do not need to run it.
# 2. How much of the gap could be chance? Train the head again with the seeds 2 and 3:
#    `keras.models.clone_model(head)` makes a copy with fresh random weights; compile and fit it as
#    before. How much do the validation accuracies move, compared with the gap to the CNN?
# 3. Optional: to test "a bigger CNN would do no better", build the same CNN with the filters
#    `(32, 64, 256)`. How many parameters does it have, compared with MobileNet's? Train it for ten
#    epochs on the same data and compare its best validation accuracy (this takes about 15
#    seconds on a two-core CPU).

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Train the same architecture with `weights=None`, the random starting weights, on the same
#    3,000 images, with the base unfrozen so that all its weights can learn. Only the pretraining
#    differs. (Freezing the random base would be no fair test: weights that were never trained
#    give features a head cannot use.) It needs many epochs through the full 224 × 224 network,
#    each much slower than our feature extraction, which is why we do not run it here. Part 3
#    tests a related, cheaper question: does a bigger network alone help?
# 2. A copy of the head per seed, trained on the same features:
#
# ```python
# for seed in (2, 3):
#     keras.utils.set_random_seed(seed)
#     retrained = keras.models.clone_model(head)
#     retrained.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
#                       metrics=["accuracy"])
#     history = retrained.fit(train_features, y_train, epochs=30, verbose=0,
#                             validation_data=(val_features, y_val))
#     print(seed, round(history.history["val_accuracy"][-1], 3))
# ```
#
#    With the seeds 1, 2 and 3 the head reaches 0.695, 0.692 and 0.705: the validation accuracy
#    moves by about a point. The CNN's best validation accuracy moves more: by up to about five
#    points between our runs on the three backends, which draw different random numbers (each run
#    takes as long as Challenge 3). Against a gap of 15 to 20 points, chance plays no role.
#
# 3. The larger CNN has 208,074 parameters, about as many as MobileNet's base:
#
# ```python
# keras.utils.set_random_seed(1)
# inputs = keras.Input(shape=(32, 32, 3))
# x = keras.layers.Rescaling(1 / 255)(inputs)
# for n_filters in (32, 64, 256):
#     x = keras.layers.Conv2D(n_filters, 3, padding="same", activation="relu")(x)
#     x = keras.layers.MaxPooling2D(2)(x)
# outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
# bigger = keras.Model(inputs, outputs)
# bigger.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
#                metrics=["accuracy"])
# bigger_history = bigger.fit(x_train, y_train, epochs=10, verbose=0,
#                             validation_data=(x_val, y_val))
# print(bigger.count_params(), round(max(bigger_history.history["val_accuracy"]), 3))
# ```
#
#    Three times the parameters, and the best validation accuracy stays near 0.5: the limit is the
#    data, not the size.
#
# </details>

# %% [markdown]
# ## Step 9: refine the model
#
# With a frozen base, our only freedom is the head. The next step is *fine-tuning*: unfreezing the
# last layers of the base and training them together with the head, with a **low learning rate**,
# so that the pretrained weights are adjusted to our images rather than overwritten. With a
# normal learning rate, the first large updates can destroy much of what the base learned on
# ImageNet. Fine-tuning is slower than feature extraction, because every image has to pass
# through the whole base again in every epoch.
#
# ### Challenge: Optional: Challenge 5: fine-tune the top of the base
#
# Work on a copy of the model, so that `model` stays as it is: save it and load it again.
#
# 1. Unfreeze the last six layers of the base (its last depthwise-separable block), recompile with
#    `keras.optimizers.Adam(learning_rate=1e-4)`, and print the number of trainable parameters.
# 2. Train the copy on `x_train` for two epochs (11 to 17 seconds with TensorFlow on a two-core CPU) and
#    compare its validation
#    accuracy with that of `model`. Did fine-tuning help? How sure can you be?
# 3. Evaluate the copy on `x_val / 255`, the images with the previous episode's scaling, and
#    compare with the same images unscaled.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. After loading, the base is the layer named `mobilenet_0.25_224`. Unfreeze it, then freeze
#    all but its last six layers:
#
# ```python
# model.save("cifar10_mobilenet.keras")
# tuned = keras.models.load_model("cifar10_mobilenet.keras")
# tuned_base = tuned.get_layer("mobilenet_0.25_224")
# tuned_base.trainable = True
# for layer in tuned_base.layers[:-6]:
#     layer.trainable = False
# tuned.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
#               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# print(sum(np.prod(w.shape) for w in tuned.trainable_weights))
# ```
#
#    Now 71,434 parameters are trainable: the head and the last block of the base.
#
# 2. Training the copy:
#
# ```python
# keras.utils.set_random_seed(1)
# tuned_history = tuned.fit(x_train, y_train, epochs=2, verbose=0,
#                           validation_data=(x_val, y_val))
# print(np.round(tuned_history.history["val_accuracy"], 3))
# ```
#
#    After the first epoch the validation accuracy dropped to 0.649, after the second it is back at
#    0.684, slightly below the 0.695 of `model`: no gain, and a difference of about a point, no
#    larger than the noise between seeds (Challenge 4). With PyTorch and JAX it dropped further
#    (0.601 and 0.632) and ended two to three points below the frozen model (0.669 and 0.672, against
#    0.695 and 0.696): no gain there either. Two epochs on 3,000 images are not enough
#    to adapt the base. Fine-tuning pays off with more data, more epochs (on a GPU) and images that
#    differ from ImageNet. With this evidence we keep the simpler model.
#
# 3. With the wrong scaling the model runs without complaint, but its accuracy collapses:
#
# ```python
# print(round(tuned.evaluate(x_val / 255, y_val, verbose=0)[1], 3))
# ```
#
#    0.097 is no better than guessing one of ten classes.
#
# </details>
#
# ### The test set, once
#
# We keep the pretrained model with its new head, and now, only now, look at the test set. To stay
# within a minute on a laptop CPU we evaluate the first 2,000 of the 10,000 test images:

# %%
test_loss, test_accuracy = model.evaluate(x_test[:2000], y_test[:2000], verbose=0)
print(f"test accuracy: {test_accuracy:.3f}")

# %% [markdown]
# About 68 % of the test images are classified correctly (0.686 with PyTorch, 0.674 with JAX), close
# to the 0.695 on the validation images; on 2,000 images the sampling error is about one point. Our choices did not flatter the
# validation accuracy much. In the previous episode our CNN reached about 0.70 on the test set,
# but it was trained on 45,000 images, fifteen times as many. With 3,000 images, the pretrained
# network is the better starting point by far.

# %% [markdown]
# ## Step 10: share the model, and know what you share
#
# Because the resizing and the scaling are layers of the model, `model.save("name.keras")` stores
# everything that someone else needs to classify raw CIFAR-10-sized images; they cannot forget the
# preprocessing. What they also need to know is where the weights came from.
#
# ### Callout: Licences of pretrained models
#
# A pretrained model carries two licences: that of its **weights**, and the terms of the **data** it
# was trained on.
#
# - The MobileNet weights in Keras applications are published under the Apache-2.0 licence, which
#   allows almost any use, commercial use included, with attribution.
# - They were trained on ImageNet (Deng et al., 2009, *ImageNet: A large-scale hierarchical image
#   database*, CVPR). Its images were collected from the web and belong to their photographers;
#   ImageNet may be used for non-commercial research and education only. Whether that restriction
#   extends to weights learned from the images is legally unsettled.
# - Our model adds CIFAR-10, which has no licence at all (see
#   [where CIFAR-10 comes from](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html#where-cifar-10-comes-from-and-may-we-use-it)).
#
# For teaching and research all of this is fine. Before you build a product or publish a model for
# others to use commercially, check each licence, and ask your institution if in doubt.
#
# ### Where to find other pretrained models
#
# - **Keras applications** (<https://keras.io/api/applications/>): dozens of image classification
#   networks, from MobileNet to EfficientNet and ConvNeXt, all loaded like our MobileNet, each with
#   its own `preprocess_input`.
# - **KerasHub** (<https://keras.io/keras_hub/>): pretrained models for images, text and audio,
#   including large language models, as Keras layers and models.
# - **Hugging Face Hub** (<https://huggingface.co/models>): hundreds of thousands of models from
#   companies, universities and individuals, of very varied quality. Some can be loaded with
#   KerasHub; most need other libraries, such as PyTorch and Hugging Face's `transformers`.
#
# Every model there comes with a *model card* or documentation page. Read it before you download
# the weights, and check four things:
#
# - **Licence**: of the weights, and the terms of the data they were trained on.
# - **Training data**: what the model has seen, how much it resembles your data, and whether your
#   test images could be among its training images.
# - **Input size**: the image size and the number of channels it expects.
# - **Preprocessing**: how the pixels must be scaled, and in which order the channels come.
#   Put all of it into your model as layers, as we did here.
#
# ### Challenge 6: choose a pretrained model
#
# You want to classify 2,000 labelled microscope images of cells, 512 × 512 pixels in greyscale, for
# a paper, and later perhaps for a spin-off company. On a model hub you find two candidates:
#
# - model A: an EfficientNet trained on ImageNet, weights under Apache-2.0, input 224 × 224 × 3,
#   pixels scaled to 0-1;
# - model B: a network trained on one million microscope images from a public archive, weights
#   under CC BY-NC 4.0, input 256 × 256 × 1, pixels standardised with a mean and standard
#   deviation given in the model card.
#
# 1. List what you need to check or change before each model can see your images.
# 2. Which would you try first for the paper, and which could you use for the company?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Model A: resize 512 to 224 (or crop), turn one grey channel into three (repeat it), scale to
#    0-1, all as layers in the model. Model B: resize 512 to 256, keep one channel, standardise with
#    the mean and standard deviation of its model card (not those of your own data). For both:
#    which images were they trained on (are your images, or your test images, perhaps among them?),
#    and how were they evaluated?
# 2. For the paper, model B is the natural first try: its training images resemble yours, so more of
#    its layers are useful. Compare it with model A on your validation set, as we compared our
#    models here. For the company, CC BY-NC ("non-commercial") rules out model B without the
#    authors' permission; model A's weights are Apache-2.0, but it was trained on ImageNet, so ask
#    whether the non-commercial terms of the images matter for your use.
#
# </details>
#
# **Key Points**
#
# - A pretrained network reuses what it learned on a large dataset: its base turns images into
#   general features, and only a new, small head is trained for your classes.
# - Load it with `keras.applications`, `include_top=False` and `weights="imagenet"`, freeze it with
#   `base.trainable = False`, and put the resizing and preprocessing it expects inside the model as
#   layers.
# - With a frozen base, compute the features once (feature extraction) and train the head on them:
#   fast, even on a laptop CPU.
# - Compare with a model trained from scratch on the same data, with trainable and total parameter
#   counts: here 2,570 trained parameters on top of ImageNet features beat 62,570 trained from
#   scratch by 15 to 20 points, far more than the noise between seeds, so the gain comes from
#   pretraining, not size.
# - Look at the test set once, at the end, for the model you chose.
# - Fine-tuning unfreezes the top of the base and trains it with a low learning rate; check on the
#   validation set whether it really helps.
# - Before using a pretrained model, check the licence of its weights and of its training data, the
#   data it was trained on, its input size and its preprocessing.
