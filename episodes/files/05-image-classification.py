# %% [markdown]
# # Image classification with convolutional networks
#
# *Introduction to deep learning*, episode 5. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - How do I prepare a set of labelled images for a neural network?
# - Why are dense layers a poor fit for images, and what does a convolutional layer compute instead?
# - How do I build, train and evaluate a convolutional neural network (CNN) with Keras?
# - How do I decide whether more layers, dropout or data augmentation improve an image classifier?
# - How do I save a trained model and share it so that others can use it correctly?
#
# **Objectives**
#
# - Load CIFAR-10, inspect its shapes, data types and value ranges, scale the pixels, and split off a validation set so that the test set is used only once.
# - Explain what a convolution (kernel, stride, padding, feature map) and max pooling compute, and count the parameters of dense and convolutional layers.
# - Build, compile and train a CNN with a function, compare it with a dense-only network, and analyse its errors with training curves and a confusion matrix.
# - Compare changes to a CNN (depth, dropout, data augmentation) against the variation between random seeds, choose a model from its training and validation curves, and evaluate it once on the test set.
# - Save a trained image classifier in the `.keras` format, reload it, and list what must be shared with it.

# %% [markdown]
# ## Images through the workflow
#
# In [the penguins episode](https://deep-learning-intro.github.io/deep-learning-intro/02-penguins.html) we took a table of measurements through the ten steps of
# the deep-learning workflow. Now the inputs are photographs. Images are where deep learning first
# clearly beat every other method, and they need a new kind of layer: the *convolutional* layer.
# We follow the same steps again, by name:
#
# 1. formulate the problem,
# 2. identify inputs and outputs,
# 3. prepare the data,
# 4. choose a pretrained model or build an architecture,
# 5. choose a loss function and an optimizer,
# 6. train the model,
# 7. make predictions,
# 8. measure performance,
# 9. refine the model,
# 10. share the model.

# %% [markdown]
# ## Step 1: formulate the problem
#
# We want a program that looks at a small colour photograph and says what it shows: an aeroplane,
# a car, a bird, a cat, a deer, a dog, a frog, a horse, a ship or a truck. Exactly one of these ten
# answers is right for each image, so this is a multi-class classification task, like the penguins,
# but with pixels instead of measurements.
#
# Nobody can write down rules that separate a cat from a dog pixel by pixel, and we have tens of
# thousands of labelled examples. Both are signs that a neural network is the right tool.

# %% [markdown]
# ## Step 2: identify inputs and outputs
#
# We use CIFAR-10, a classic set of 60,000 labelled colour images of 32 × 32 pixels. Keras can
# download it for us:

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

(x_train_all, y_train_all), (x_test, y_test) = keras.datasets.cifar10.load_data()

# %% [markdown]
# The first call downloads 163 MiB from the University of Toronto into `~/.keras/datasets/` (a
# progress bar shows the download); later calls read that copy. `load_data()` returns two pairs:
# 50,000 training images with their labels, and 10,000 test images with their labels.
#
# ### Callout: Where CIFAR-10 comes from, and may we use it?
#
# Alex Krizhevsky, Vinod Nair and Geoffrey Hinton built CIFAR-10 in 2009 from the *80 Million
# Tiny Images* collection, which had gathered 32 × 32 pictures from web image searches.
# People hired for the task checked the images by hand and kept only those that clearly showed one
# of the ten classes (the classes do not overlap: "automobile" means cars and similar, "truck" only
# big trucks). The dataset is described, and should be cited, as:
#
# Krizhevsky, A. (2009). *Learning Multiple Layers of Features from Tiny Images*. Technical report,
# University of Toronto. <https://www.cs.toronto.edu/~kriz/learning-features-2009-TR.pdf>
#
# Things to know before you use it:
#
# - **No license.** The authors distribute the images for research and teaching, but the pictures
#   were taken from the web, and their copyrights belong to the original photographers. Use
#   CIFAR-10 to learn and to compare methods; do not build a product on it or redistribute it as
#   your own data.
# - **Its parent was withdrawn.** In June 2020 the creators of 80 Million Tiny Images took that
#   collection offline, after Prabhu and Birhane (2020, "Large image datasets: A pyrrhic win for
#   computer vision?") showed that it contained derogatory labels and offensive images, collected
#   automatically. CIFAR-10 is a small, hand-checked subset with ten harmless labels, and its authors
#   still distribute it.
# - **Why we still teach with it.** It is small enough to train on a laptop in minutes, hard enough
#   that a naive model fails, and so widely used that you can compare your results with thousands of
#   published ones. For your own research, check the origin and the license of every dataset you
#   use, as we did here.
#
# Let us look at what we got:

# %%
print(x_train_all.shape, x_train_all.dtype, x_train_all.min(), x_train_all.max())
print(y_train_all.shape, x_test.shape, y_test.shape)

# %% [markdown]
# Each image is an array of 32 rows × 32 columns × 3 colour *channels* (red, green, blue). The
# type `uint8` means unsigned 8-bit integers, whole numbers from 0 to 255. The labels are integers
# from 0 to 9, one per image, stored as a column (shape `(50000, 1)`). The names of the classes are
# not in the data; the dataset's web page lists them in this order. `np.bincount` counts how often
# each label occurs:

# %%
class_names = ["airplane", "automobile", "bird", "cat", "deer",
               "dog", "frog", "horse", "ship", "truck"]
np.bincount(y_train_all[:, 0])

# %% [markdown]
# Every class has exactly 5,000 training images: the classes are balanced, so a model that guesses
# at random is right 10 % of the time. That is the baseline any model must beat.
#
# A picture says more than the shapes. We show the first sixteen training images with their class:

# %%
fig, axes = plt.subplots(2, 8, figsize=(9, 2.8))
for ax, image, label in zip(axes.flat, x_train_all, y_train_all[:, 0]):
    ax.imshow(image)
    ax.set_title(class_names[label], fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ![Sixteen small colour photographs in two rows of eight, each titled with its class. Top row: cat, deer, horse, automobile, dog, truck, deer and frog; bottom row: horse, dog, truck, ship, ship, ship, horse and frog. At 32 by 32 pixels the images are blurry; some objects fill the picture, others are small against grass, water or sky, and a few are hard to recognise.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cifar10_examples.png)
#
# *The first sixteen training images of our copy of CIFAR-10, each with its class name. Your first images may be different ones.*
#
# The images are tiny, and the objects appear in every size, position and pose. Some are hard to
# recognise even for a person.
#
# So the **input** is an array of 32 × 32 × 3 numbers, and the **output** is one of ten classes.
# As for the penguins, the network will output ten probabilities, one per class.

# %% [markdown]
# ## Step 3: prepare the data
#
# ### Scaling the pixel values
#
# Networks train best on small input values. Dividing by 255 maps the pixels to the range 0 to 1.
# We also convert to 32-bit floats, the type Keras computes with: dividing the `uint8` array
# directly would give 64-bit floats, which take twice the memory (1.2 GB for the training images
# alone) for no benefit.

# %%
x_train_all = x_train_all.astype("float32") / 255
x_test = x_test.astype("float32") / 255

# %% [markdown]
# ### Training, validation and test sets
#
# We will train several models and compare them. If we chose between them by their accuracy on the
# test set, the test set would become part of our training process and its accuracy would no longer
# be an honest estimate. So we **split a validation set off the training images**, use it for every
# decision, and touch the test set only once, at the very end.
#
# We keep 5,000 of the 50,000 training images (10 %) for validation, with the same share of each class
# in both parts (`stratify`):

# %%
from sklearn.model_selection import train_test_split

x_train, x_val, y_train, y_val = train_test_split(
    x_train_all, y_train_all, test_size=5000, stratify=y_train_all, random_state=1
)
print(x_train.shape, x_val.shape)

# %% [markdown]
# We train on all 45,000 remaining images. A smaller training subset would make each epoch faster,
# but the network would see the same few images again and again and start to learn them by heart
# (it would overfit sooner). Our networks are small enough that one epoch on all 45,000 images takes
# 4 to 11 seconds with TensorFlow on a two-core laptop CPU (other backends: see Step 6).
#
# ### Challenge 1: check the split
#
# 1. How many images of each class are in the validation set? Use `np.bincount` as above.
# 2. Why do we split the validation set off the *training* images and not off the test images?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. 500 of each class, thanks to `stratify`:
#
# ```python
# np.bincount(y_val[:, 0])
# ```
#
# 2. Every decision we make with the validation set (which model, how many epochs, which dropout
#    rate) adapts our model a little to those images. The test set must stay unseen until the end, so
#    that its accuracy tells us how the final model does on new images. Taking the validation images
#    from the training set keeps all 10,000 test images for that single final check.
#
# </details>

# %% [markdown]
# ## Step 4: build an architecture
#
# For images, many pretrained networks exist, and for a real project you would start from one ([the
# next episode, on transfer learning](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html), does). We build our own small network here, because the
# way it is built explains how all image networks work.
#
# ### Why not a dense network?
#
# A dense layer connects every input to every neuron. To feed an image to it, we flatten the image
# into one long vector of 32 × 32 × 3 = 3,072 numbers.
#
# ### Challenge 2: a dense layer on an image
#
# 1. How many parameters (weights and biases) does a dense layer with 100 neurons have when its input
#    is a flattened 32 × 32 colour image?
# 2. And for a colour photograph of 1000 × 1000 pixels?
# 3. Check your first answer with Keras.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Each of the 100 neurons has one weight per input and one bias: 3,072 × 100 + 100 = 307,300.
# 2. 1000 × 1000 × 3 × 100 + 100 = 300,000,100: three hundred million parameters for a single,
#    small layer.
# 3. With Keras:
#
# ```python
# inputs = keras.Input(shape=(32, 32, 3))
# flat = keras.layers.Flatten()(inputs)
# hidden = keras.layers.Dense(100, activation="relu")(flat)
# keras.Model(inputs=inputs, outputs=hidden).count_params()
# ```
#
# </details>
#
# The number of parameters grows with the number of pixels. Worse, a dense layer ignores what we
# know about images: that neighbouring pixels belong together, and that a cat is a cat wherever it
# is in the picture. A dense network has to learn "cat ear in the top left" and "cat ear in the
# bottom right" separately.
#
# ### What a convolution computes
#
# A convolutional layer looks at the image through a small window, typically 3 × 3 pixels. In each
# window it multiplies the pixels by a set of weights and adds the products up, with the same
# weights everywhere. The weights form the *kernel* (or filter). Sliding the window over the whole
# image gives a new, slightly smaller image: the *feature map*. Each value in it says how strongly
# the pattern of the kernel is present at that place.
#
# The figure shows this on a tiny 6 × 6 black-and-white image of a vertical bar (pixels of value 1
# on a background of 0). The kernel subtracts the left column of each window from its right column,
# so it responds to *vertical edges*: positively where the image gets brighter from left to right,
# negatively where it gets darker.
#
# ![Three grids of numbers. Left, a 6 by 6 image of zeros with a bar of ones, two columns wide and four rows high, in the middle; a dashed square outlines the 3 by 3 window whose top-left corner is in row 2, column 3. Middle, the 3 by 3 kernel with -1 in the left column, 0 in the middle column and 1 in the right column. Right, the 4 by 4 feature map with rows 2, 2, -2, -2; 3, 3, -3, -3; 3, 3, -3, -3; and 2, 2, -2, -2; the cell in row 2, column 3, holding -3, is outlined and a dotted arrow leads to it from the window. Below, the sum for the outlined window: 3 times (1 times -1 plus 1 times 0 plus 0 times 1) equals -3.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_convolution.png)
#
# *A 3 × 3 kernel slides over a 6 × 6 image of a vertical bar. Each window position gives one value of the 4 × 4 feature map: positive along the bar's left edge, negative along its right edge.*
#
# Three more ideas complete the picture:
#
# - The **stride** is the step by which the window moves. With stride 2 it skips every other
#   position, and the feature map is about half as wide and high.
# - The feature map is smaller than the image (4 × 4 instead of 6 × 6), because a 3 × 3 window fits
#   only 4 times across 6 pixels. **Padding** adds a border of zeros around the image first, so that
#   the window fits 6 times and the feature map keeps the size of the image. Keras calls this
#   `padding="same"`; no padding is `padding="valid"`.
# - A convolutional layer learns **many kernels** at once, each giving its own feature map. Together
#   they form the channels of the layer's output, just as red, green and blue are the channels of
#   the input.
#
# In a trained network, nobody chooses the kernels: they are weights like any other, and gradient
# descent finds kernels that help to tell the classes apart. The first layers of trained image
# networks typically end up with edge and colour detectors much like ours.
#
# ### Challenge: Quick check: the size of a feature map
#
# A convolutional layer with 3 × 3 kernels, stride 1 and no padding (`padding="valid"`) gets a
# 32 × 32 colour image. How wide and high are its feature maps?
#
# - a) 32 × 32
# - b) 30 × 30
# - c) 16 × 16
# - d) 10 × 10

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# b) 30 × 30: a 3 × 3 window fits 30 times across 32 pixels. With `padding="same"` the answer would
# be a), and with padding and stride 2 it would be c).
#
# </details>
#
# ### Optional: a convolution in NumPy
#
# This section computes the figure above with NumPy and checks it against Keras. It is not needed
# for the rest of the episode.

# %%
image = np.array([
    [0, 0, 0, 0, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0],
])
kernel = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])


# %% [markdown]
# A convolution takes a few lines of NumPy: a window at every position, and the sum of its
# products with the kernel:

# %%
def convolve(image, kernel, stride=1):
    size = kernel.shape[0]
    n_out = (image.shape[0] - size) // stride + 1
    feature_map = np.zeros((n_out, n_out))
    for i in range(n_out):
        for j in range(n_out):
            window = image[i * stride:i * stride + size, j * stride:j * stride + size]
            feature_map[i, j] = np.sum(window * kernel)
    return feature_map

convolve(image, kernel)

# %% [markdown]
# If you know convolutions from signal processing (`np.convolve`, `scipy.signal.convolve2d`): those
# flip the kernel before sliding it, and would give our feature map with the signs reversed. Deep
# learning libraries skip the flip (mathematicians call that a *cross-correlation*) but still say
# "convolution"; as the network learns its kernels, the difference does not matter.
#
# Keras's `Conv2D` layer computes the same thing. We give it our kernel as its weights (in the
# shape Keras expects: height, width, input channels, output channels) instead of letting it learn
# them:

# %%
conv = keras.layers.Conv2D(filters=1, kernel_size=3, use_bias=False)
conv.build(input_shape=(None, 6, 6, 1))
conv.set_weights([kernel.reshape(3, 3, 1, 1)])
images = image.reshape(1, 6, 6, 1).astype("float32")  # a batch of one image with one channel
print(keras.ops.convert_to_numpy(conv(images))[0, :, :, 0])


# %% [markdown]
# Max pooling (next section) is just as short:

# %%
def max_pool(feature_map, size=2):
    n_out = feature_map.shape[0] // size
    pooled = np.zeros((n_out, n_out))
    for i in range(n_out):
        for j in range(n_out):
            block = feature_map[i * size:(i + 1) * size, j * size:(j + 1) * size]
            pooled[i, j] = block.max()
    return pooled

max_pool(convolve(image, kernel))

# %% [markdown]
# Kernels work the same way on real photographs. We convert one training image to grey (the mean
# of its three channels) and look at its vertical and horizontal edges:

# %%
photo = x_train_all[np.flatnonzero(y_train_all[:, 0] == 1)[0]]  # the first automobile
grey = photo.mean(axis=2)
fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
axes[0].imshow(photo)
axes[1].imshow(convolve(grey, kernel), cmap="gray")
axes[2].imshow(convolve(grey, kernel.T), cmap="gray")  # the transposed kernel: horizontal edges
for ax, title in zip(axes, ["image", "vertical edges", "horizontal edges"]):
    ax.set_title(title)
    ax.axis("off")
plt.show()


# %% [markdown]
# ![Three panels side by side. Left, a small colour photograph of a car. Middle, the result of the vertical-edge kernel in shades of grey: bright and dark lines along the vertical outlines of the car, mid-grey elsewhere. Right, the result of the horizontal-edge kernel: bright and dark lines along the horizontal outlines, such as the roof, the windows and the bottom of the car.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_edges.png)
#
# *A training image of a car and the feature maps of our two edge kernels: bright and dark lines mark where the image gets brighter or darker across the car's outlines.*
#
# ### Challenge: Optional: stride, padding and another kernel
#
# 1. Predict the shape of the feature map of our 6 × 6 image with a 3 × 3 kernel and stride 2. Then
#    check with `convolve(image, kernel, stride=2)`.
# 2. Add a border of zeros with `np.pad(image, 1)` and convolve the padded image with stride 1.
#    What shape do you get, and why is that what `padding="same"` promises?
# 3. Write a kernel that detects *horizontal* edges, and convolve our image with it. Where are the
#    largest values, and why?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. The window starts at positions 0 and 2 in each direction (at 4 it would stick out), so the
#    feature map is 2 × 2:
#
# ```python
# convolve(image, kernel, stride=2)
# ```
#
# 2. The padded image is 8 × 8, so the feature map is 6 × 6, the size of the original image:
#
# ```python
# convolve(np.pad(image, 1), kernel).shape
# ```
#
# 3. Turn the kernel on its side: it subtracts the top row of each window from its bottom row.
#
# ```python
# horizontal_kernel = np.array([
#     [-1, -1, -1],
#     [0, 0, 0],
#     [1, 1, 1],
# ])
# convolve(image, horizontal_kernel)
# ```
#
# The largest values are in the top row (where the bar begins, dark above and bright below) and the
# most negative in the bottom row (where it ends). Along the long sides of the bar there is no
# horizontal edge, so the values are 0.
#
# </details>
#
# ### Counting the parameters of a convolutional layer
#
# A kernel has one weight per pixel of the window *and per input channel*: on a colour image, a 3 × 3
# kernel looks at 3 × 3 × 3 = 27 numbers. Each kernel also has one bias. A layer with `filters`
# kernels therefore has
#
# $$
# \text{parameters} = (\text{kernel height} \times \text{kernel width} \times \text{input channels} + 1) \times \text{filters}.
# $$
#
# The number does not depend on the size of the image: the same kernel is used at every position.
# This *weight sharing* is why convolutional layers need so few parameters.
#
# ### Challenge 3: parameters of convolutional layers
#
# Our network will start with three convolutional layers with 3 × 3 kernels:
#
# 1. 16 filters on the colour image (3 channels);
# 2. 32 filters on the 16 feature maps of the first layer;
# 3. 128 filters on the 32 feature maps of the second layer.
#
# How many parameters does each layer have? Compare the three together with the dense layer of
# Challenge 2. You will check your answers with `model.summary()` below.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. (3 × 3 × 3 + 1) × 16 = 448
# 2. (3 × 3 × 16 + 1) × 32 = 4,640
# 3. (3 × 3 × 32 + 1) × 128 = 36,992
#
# Together 42,080 parameters, about a seventh of the 307,300 of the single dense layer with 100
# neurons, although they compute 176 feature maps.
#
# </details>
#
# ### Pooling
#
# After a convolution, a *pooling* layer shrinks the feature maps. Max pooling with a 2 × 2 window
# keeps the largest value of each 2 × 2 block, so it halves the width and the height: the 4 × 4
# feature map of our bar becomes 2 × 2, with the values 3 and -2 in each row.
# Pooling has no parameters. It keeps the strongest response in each neighbourhood, so a pattern
# that moves by a pixel often gives the same pooled value, and it reduces the work for the next
# layers. In a network, each convolution-pooling *block* halves the image size while the number of
# channels grows: the layers see larger and larger parts of the image and can combine edges into
# shapes and shapes into objects. Keras's layer for this is `keras.layers.MaxPooling2D(pool_size=2)`.
#
# ### From feature maps to classes
#
# At the end, the feature maps must become ten class probabilities. We lay all values of all feature
# maps out in one long vector with `keras.layers.Flatten()`, and a dense layer maps that vector to
# the classes, as in the penguins network.
#
# ### Challenge: Optional: flatten or global pooling?
#
# `keras.layers.GlobalAveragePooling2D()` is the other common way: it replaces each feature map by
# its average, one number per channel. After three blocks of convolution and 2 × 2 pooling, our
# 32 × 32 images have become feature maps of 4 × 4 pixels with 128 channels.
#
# 1. How many values does `Flatten` produce from them, and how many parameters does the final
#    `Dense(10)` layer then have?
# 2. The same with `GlobalAveragePooling2D`. What information does it throw away?
# 3. Check both with Keras, on an input of shape `(4, 4, 128)`.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. 4 × 4 × 128 = 2,048 values; the dense layer has 2,048 × 10 + 10 = 20,490 parameters.
# 2. 128 values (one per channel); 128 × 10 + 10 = 1,290 parameters. It throws away *where* in the
#    image each feature was found, needs far fewer parameters, and works for images of any size.
# 3. With Keras:
#
# ```python
# feature_maps = keras.Input(shape=(4, 4, 128))
# flat_output = keras.layers.Dense(10)(keras.layers.Flatten()(feature_maps))
# pooled_output = keras.layers.Dense(10)(keras.layers.GlobalAveragePooling2D()(feature_maps))
# print(keras.Model(feature_maps, flat_output).count_params())
# print(keras.Model(feature_maps, pooled_output).count_params())
# ```
#
# </details>
#
# ### Our first convolutional network
#
# We will build several variants of the network in this episode, so we write a function that builds
# one, instead of typing the layers again each time. It stacks convolution-pooling blocks, one per
# entry of `filters`, and ends with a dense output layer, using the functional API as in the
# penguins episode. `padding="same"` keeps the size through each convolution, so only the pooling
# layers shrink the images: 32 → 16 → 8 → 4 pixels. The `dropout_rate` argument is for Step 9; at
# its default of 0, the `Dropout` layer does nothing.

# %%
def make_cnn(filters=(16, 32, 128), dropout_rate=0.0):
    x = inputs = keras.Input(shape=(32, 32, 3))
    for n_filters in filters:
        x = keras.layers.Conv2D(n_filters, kernel_size=3, padding="same", activation="relu")(x)
        x = keras.layers.MaxPooling2D(pool_size=2)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(dropout_rate)(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


# %% [markdown]
# The default `filters` follow a common pattern: few filters where the images are large, more where
# they are small. A filter of the first layer is applied at all 32 × 32 positions, one of the third
# layer at only 8 × 8, so the third layer can afford 128 filters, which give the output layer many
# features to choose from.

# %%
keras.utils.set_random_seed(1)
cnn = make_cnn()
cnn.summary()

# %% [markdown]
# The model and layer names (such as `conv2d_1`) depend on how many you have created before, so we
# have left them out. Compare the parameter counts with your answers to Challenge 3: the
# convolutional layers have 448, 4,640 and 36,992, and the output layer 20,490. The whole network
# has 62,570 parameters, a fifth of the single dense layer of Challenge 2.
#
# ![Diagram of the network from left to right as boxes whose height shows the image size and whose width shows the number of channels: the input of 32 by 32 pixels with 3 channels; a convolution to 32 by 32 by 16; pooling to 16 by 16 by 16; a convolution to 16 by 16 by 32; pooling to 8 by 8 by 32; a convolution to 8 by 8 by 128; pooling to 4 by 4 by 128; flattening to 2048 values; and a dense layer with 10 outputs, one per class.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cnn_architecture.png)
#
# *The first CNN, block by block. Each convolution keeps the image size and adds channels; each pooling halves the size.*

# %% [markdown]
# ## Step 5: choose a loss function and an optimizer
#
# The network ends in ten softmax outputs, one probability per class, so the loss is the
# cross-entropy, as for the penguins. The penguin labels were one-hot encoded, which needs
# `"categorical_crossentropy"`. Our CIFAR-10 labels are integers from 0 to 9; the *sparse* variant of
# the same loss takes them as they are. Both variants compute exactly the same number; they only
# expect the labels in different formats.

# %%
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %% [markdown]
# ### Challenge: Quick check: the loss before training
#
# Before training, the network gives every class a probability of about 1/10, whatever the image.
# What loss do you expect it to have on the validation set? Recall that the cross-entropy of one
# image is minus the logarithm of the probability given to its true class.
#
# - a) 0
# - b) about 0.1
# - c) about 2.3
# - d) about 10

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# c) -ln(1/10) = ln(10) ≈ 2.30. A loss far above that at the start of training is a sign of a
# mistake, such as unscaled pixels. The accuracy should be near 0.1, the rate of guessing.
#
# </details>
#
# `evaluate` returns the loss and the accuracy; let us check:

# %%
cnn.evaluate(x_val, y_val, verbose=0)


# %% [markdown]
# The loss is 2.31 and the accuracy 0.09 (your digits will differ): the untrained network guesses.
# The non-sparse loss refuses our integer labels, because it expects ten numbers per image:

# %%
# This cell raises an error on purpose (see the episode); remove the '# ' to see it.
# keras.losses.CategoricalCrossentropy()(y_val, cnn.predict(x_val, verbose=0))

# %% [markdown]
# ## Step 6: train the model
#
# ### Callout: JAX on a CPU is slow for this episode
#
# If you chose the JAX backend and have no GPU, switch to TensorFlow or PyTorch for this episode and
# the next (set `KERAS_BACKEND` and restart the kernel, as in
# [episode 1](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html#deep-learning-libraries)). JAX's convolutions on a CPU are several
# times slower: on our two-core test machine each three-epoch training of this episode took 72 to
# 130 seconds with JAX (measured while other work shared the CPU), against 12 to 31 seconds with
# TensorFlow and 25 to 44 with PyTorch, and the whole episode's code about 20 minutes instead of 5 or 8.
#
# We will train in rounds of three epochs, 12 to 31 seconds each on a two-core laptop with
# TensorFlow, 25 to 44 with PyTorch (with JAX, see the callout above), so that we can look at the
# numbers in between, and we will do that for several models. So we wrap `fit` in a small function.
# It trains with batches of 128 images, passes the validation set so that Keras reports the
# validation accuracy after each epoch, and prints one line per epoch (`verbose=2`). Calling `fit`
# again continues from the current weights; `initial_epoch` tells Keras how many epochs are already
# done, and `epochs` is the number of the last epoch, not the number of new ones. The function
# returns the table of all epochs so far, one row per epoch, built from the `History` object that
# `fit` returns:

# %%
def train(model, curves=None, epochs=3):
    done = 0 if curves is None else len(curves)
    history = model.fit(x_train, y_train, batch_size=128, epochs=done + epochs,
                        initial_epoch=done, validation_data=(x_val, y_val), verbose=2)
    new_rows = pd.DataFrame(history.history, index=np.add(history.epoch, 1))
    return pd.concat([curves, new_rows])

cnn_curves = train(cnn)

# %% [markdown]
# Each epoch passes over the 45,000 training images in 352 batches of 128 (the last batch is
# smaller). After the number of batches, each line shows how long the epoch took and the time per
# batch, which depend on your computer and on what else it is doing, and then the four metrics.
# Your numbers will differ slightly from ours: the random starting weights, the order of
# the batches and the library versions all play a part. After three epochs the network recognises
# about 60 % of the validation images; a random guess would get 10 %. The validation accuracy is
# about as high as the training accuracy, and both still climb steeply: the network has not finished
# learning. (The training numbers are averages over each epoch, while the weights were still
# changing, which is why they can lag behind the validation numbers, measured at the end of each
# epoch.) So we train three more epochs:

# %%
cnn_curves = train(cnn, cnn_curves)

# %% [markdown]
# ### Reading the training curves
#
# pandas plots the table in one call: accuracy and loss in two panels, training as solid lines with
# circles, validation as dashed lines with squares.

# %%
cnn_curves.plot(subplots=[("accuracy", "val_accuracy"), ("loss", "val_loss")], layout=(1, 2),
                style=["o-", "o-", "s--", "s--"], figsize=(10, 3.5), xlabel="epoch",
                title=["accuracy (fraction correct)", "loss (cross-entropy)"])
plt.show()

# %% [markdown]
# ![Two line charts against epochs 1 to 6, titled accuracy (fraction correct) and loss (cross-entropy). In each, the training curve is a solid line with circles and the validation curve a dashed line with squares. Left: the training accuracy rises from 0.41 to 0.69; the validation accuracy rises from 0.50 to 0.67, more and more slowly; the two curves meet at epochs 3 and 4, and from epoch 5 on the training curve is above. Right: the training loss falls from 1.65 to 0.91 and the validation loss from 1.40 to 0.98, flattening; from epoch 3 on the validation loss stays above the training loss, with a gap that grows.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cnn_curves_6.png)
#
# *Accuracy and loss of the CNN over six epochs: the validation accuracy rises more and more slowly, and from epoch 5 on the training curves pull ahead of the validation curves.*
#
# The validation accuracy still rises, to about 67 %, but more slowly. In the last two epochs the
# training accuracy pulls ahead of it, and the gap between training and validation loss grows: the
# network starts to learn details of the training images that do not carry over to new images. This
# is the beginning of overfitting, which we will deal with in Step 9.
#
# ### A dense network for comparison
#
# Any image model should beat a plain dense network, so that is the comparison to make first. You
# build it yourself, with the function `train` for the training.
#
# ### Challenge 4: dense or convolutional?
#
# Is the convolutional network really better than a plain dense network?
#
# 1. Build a dense network on the flattened images with two hidden layers of 128 and 64 neurons
#    (ReLU) and a softmax output layer. Compile it like `cnn`, train it for six epochs with
#    `train(dense_model, epochs=6)` after `keras.utils.set_random_seed(1)`, and compare the
#    parameter counts and the validation accuracies after six epochs.
# 2. One epoch of the dense network takes a quarter of the time of a CNN epoch, or less. Why is the CNN
#    so much slower, although it has fewer parameters?
# 3. Explain the difference in accuracy with what you know about convolutions.

# %%

# %% [markdown]
# <details>
# <summary>Give me a hint</summary>
#
# `keras.Sequential` takes a list of layers, which is shorter to type than the functional API for
# a plain stack like this one; both build the same kind of model. Start the list with
# `keras.Input(shape=(32, 32, 3))` and `keras.layers.Flatten()`.
#
# </details>
#
# <details>
# <summary>Show me the solution</summary>
#
# 1. With `keras.Sequential` (the functional API works just as well):
#
# ```python
# keras.utils.set_random_seed(1)
# dense_model = keras.Sequential([
#     keras.Input(shape=(32, 32, 3)),
#     keras.layers.Flatten(),
#     keras.layers.Dense(128, activation="relu"),
#     keras.layers.Dense(64, activation="relu"),
#     keras.layers.Dense(10, activation="softmax"),
# ])
# dense_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# dense_curves = train(dense_model, epochs=6)
# ```
#
# ```python
# print(dense_model.count_params(), cnn.count_params())
# ```
#
#    The dense network has 402,250 parameters, more than six times the 62,570 of the CNN, yet it
#    reaches only 0.435 validation accuracy after six epochs, against 0.668 for the CNN. A gap
#    of 23 percentage points is far larger than the differences another random seed causes (Step 9
#    measures one).
# 2. Each weight of a dense layer is used once per image. Each kernel weight of a convolution is
#    used at every position of the image: the 4,640 weights of our second convolutional layer take
#    part in 16 × 16 = 256 sums per image. The CNN does far more arithmetic per parameter.
# 3. The dense network must learn every pattern separately at every position, and it has no notion
#    of neighbouring pixels: shuffling the pixels of all images in the same way would not change
#    what it can learn. The CNN's small kernels are reused across the image, so what it learns about
#    an edge or a texture in one place applies everywhere, and pooling makes it tolerant to small
#    shifts.
#
# </details>

# %% [markdown]
# ## Step 7: make predictions
#
# `predict` returns ten probabilities per image; the predicted class is the one with the highest
# probability. We show the first sixteen validation images with the predicted class and, in
# brackets, the true one:

# %%
val_predictions = cnn.predict(x_val, verbose=0).argmax(axis=1)

fig, axes = plt.subplots(2, 8, figsize=(9, 3))
for ax, image, predicted, true in zip(axes.flat, x_val, val_predictions, y_val[:, 0]):
    ax.imshow(image)
    ax.set_title(f"{class_names[predicted]}\n({class_names[true]})", fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# ![Sixteen small photographs in two rows of eight, each titled with the predicted class and, in brackets, the true class. 11 of the 16 predictions are right. The 5 mistakes: a dog predicted as a horse, a car predicted as an airplane, a cat predicted as a truck, a dog predicted as a cat, and a frog predicted as a cat.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_predictions.png)
#
# *Sixteen validation images, each titled with the class the CNN predicted and, in brackets, the true class.*
#
# In our run, 11 of these 16 predictions are right; the mistakes include a dog taken for a cat and
# a car taken for an airplane. Your validation images, and so this picture, will be different.

# %% [markdown]
# ## Step 8: measure performance
#
# The validation accuracy is one number for all classes together. A *confusion matrix* shows, for
# each true class (rows), how many images were predicted as each class (columns). scikit-learn
# draws one in a single call:

# %%
from sklearn.metrics import ConfusionMatrixDisplay

display = ConfusionMatrixDisplay.from_predictions(
    y_val[:, 0], val_predictions, display_labels=class_names, cmap="Greys",
    colorbar=False, xticks_rotation="vertical")
plt.show()

# %% [markdown]
# ![A 10 by 10 grid of counts with the true labels as rows and the predicted labels as columns, both in the order airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck; darker cells hold larger counts. The diagonal is darkest, with correct predictions from 212 for bird and 267 for dog to 398 for horse and 407 for truck, out of 500 images per class. The largest counts off the diagonal are 83 dogs predicted as cats, 80 automobiles predicted as trucks, 77 birds predicted as deer, 69 deer predicted as horses and 68 cats predicted as dogs; most other cells hold fewer than 30, and none of them more than 50.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_confusion_matrix.png)
#
# *Confusion matrix of the CNN on the 5,000 validation images after six epochs: counts of images per true class (rows) and predicted class (columns).*
#
# The diagonal holds the correctly classified images, 500 per row at most, because each class has
# 500 validation images. The darker a diagonal cell, the better that class is recognised; the
# largest counts off the diagonal show which classes the network mixes up.
#
# ### Challenge 5: which classes are confused?
#
# The counts are in `display.confusion_matrix`, a NumPy array with one row per true class.
#
# 1. Compute the accuracy of each class: the share of each row that is on the diagonal. Which
#    classes are recognised best and worst?
# 2. Find the three (true class, predicted class) pairs with the most mistakes, by eye or with
#    code. Are the mistakes symmetric: is a cat mistaken for a dog as often as a dog for a cat?
# 3. Why might these pairs be hard for a network that sees 32 × 32 pixels? What could help?

# %%

# %% [markdown]
# <details>
# <summary>Give me a hint</summary>
#
# `np.diag(matrix)` gives the diagonal. For the pairs, a pandas table with the class names as index
# and columns helps: `.stack()` turns it into a series indexed by (true class, predicted class).
#
# </details>
#
# <details>
# <summary>Show me the solution</summary>
#
# 1. The accuracy of each class:
#
# ```python
# matrix = pd.DataFrame(display.confusion_matrix, index=class_names, columns=class_names)
# print((np.diag(matrix) / matrix.sum(axis=1)).round(2))
# ```
#
# 2. The largest off-diagonal counts:
#
# ```python
# mistakes = matrix.stack()
# mistakes = mistakes[[true != predicted for true, predicted in mistakes.index]]
# print(mistakes.sort_values(ascending=False).head(3))
# ```
#
#    In our run, 83 dogs were predicted as cats, 80 cars ("automobile") as trucks, and 77 birds as
#    deer (your counts, and perhaps the pairs, will differ: with the same code, JAX gave dogs as cats,
#    cats as dogs and airplanes as ships, PyTorch dogs as cats, cats as dogs and birds as frogs).
#    Each row is one true class, so compare a pair with its reverse: here only 68 cats were taken for
#    dogs, and only 28 trucks for cars. The mistakes need not be symmetric, but a difference of a
#    dozen images means little: JAX mistook 96 dogs for cats and 82 cats for dogs, PyTorch 87 each
#    way. What every run shows is that cats and dogs are the pair most often confused, in both
#    directions.
# 3. Cats and dogs share fur, four legs, eyes and ears, and at 32 × 32 pixels the details that tell
#    them apart are a few pixels wide. Cars and trucks are both vehicles on roads; airplanes and ships
#    are both seen against sky or water. Birds, deer, frogs and horses are animals on green or brown
#    backgrounds, so a network that relies partly on the background confuses them. More training images, augmentation, larger images or a deeper
#    network would help; so would a pretrained network that has learned from many more images.
#
# </details>

# %% [markdown]
# ## Step 9: refine the model
#
# The curves of Step 6 told us two things: the validation accuracy was still rising after six
# epochs, and the training accuracy had started to pull ahead. Three common ways to improve a CNN
# are to make it deeper, to add dropout against overfitting, and to augment the training images.
# `make_cnn` already lets us change the first two with its arguments.
#
# Before we compare variants, we need to know how much the validation accuracy changes when
# *nothing* changes but the random seed: the starting weights and the order of the batches. A
# difference smaller than that tells us nothing.
#
# ### Which differences matter?
#
# ### Challenge 6: one change at a time
#
# Each of these variants changes one thing about `cnn`:
#
# - **seeds 2, 3 and 4**: `make_cnn()`, the same network, after `keras.utils.set_random_seed(2)`
#   (or 3, or 4);
# - **two blocks**: `make_cnn(filters=(16, 32))`;
# - **four blocks**: `make_cnn(filters=(16, 32, 64, 128))`;
# - **dropout**: `make_cnn(dropout_rate=0.25)`.
#
# 1. Before running anything: how many parameters do the two- and four-block networks have? Which
#    part of the network changes most?
# 2. Pick one variant (in a workshop, split them among the room). Build it after
#    `keras.utils.set_random_seed(1)` (or the seed of your seed variant), compile it like `cnn`,
#    train it for three epochs with `train`, and compare its training and validation accuracy after
#    three epochs with those of `cnn` (`cnn_curves.loc[3]`).
# 3. Collect the results of all variants. How far apart are the four seeds of the same network?
#    Which differences between variants are larger than that?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. With two blocks, the last feature maps are 8 × 8 × 32 = 2,048 values, so the output layer
#    has 20,490 parameters: 448 + 4,640 + 20,490 = 25,578 in total. With four blocks, the
#    convolutions have 448, 4,640, (3 × 3 × 32 + 1) × 64 = 18,496 and (3 × 3 × 64 + 1) × 128 =
#    73,856 parameters, and the last feature maps are only 2 × 2 × 128 = 512 values, so the output
#    layer has 5,130: 102,570 in total. Depth moves parameters from the output layer into
#    convolutions.
# 2. Each variant in its own cell. The same network with other seeds:
#
# ```python
# keras.utils.set_random_seed(2)
# seed_2 = make_cnn()
# seed_2.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# seed_2_curves = train(seed_2)
# ```
#
# ```python
# keras.utils.set_random_seed(3)
# seed_3 = make_cnn()
# seed_3.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# seed_3_curves = train(seed_3)
# ```
#
# ```python
# keras.utils.set_random_seed(4)
# seed_4 = make_cnn()
# seed_4.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# seed_4_curves = train(seed_4)
# ```
#
# The other variants:
#
# ```python
# keras.utils.set_random_seed(1)
# two_blocks = make_cnn(filters=(16, 32))
# two_blocks.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# two_blocks_curves = train(two_blocks)
# ```
#
# ```python
# keras.utils.set_random_seed(1)
# four_blocks = make_cnn(filters=(16, 32, 64, 128))
# four_blocks.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# four_blocks_curves = train(four_blocks)
# ```
#
# ```python
# keras.utils.set_random_seed(1)
# dropout = make_cnn(dropout_rate=0.25)
# dropout.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# dropout_curves = train(dropout)
# ```
#
# 3. All of them after three epochs:
#
# ```python
# after_3_epochs = pd.DataFrame({
#     "cnn (seed 1)": cnn_curves.loc[3], "seed 2": seed_2_curves.loc[3],
#     "seed 3": seed_3_curves.loc[3], "seed 4": seed_4_curves.loc[3],
#     "two blocks": two_blocks_curves.loc[3], "four blocks": four_blocks_curves.loc[3],
#     "dropout 0.25": dropout_curves.loc[3],
# }).T
# print(after_3_epochs[["accuracy", "val_accuracy"]].round(3))
# ```
#
#    With four seeds, the same network reached between 0.585 and 0.608: the seed alone moves the
#    validation accuracy after three epochs by about two percentage points. The two-block network
#    (0.574) is below that whole range. The four-block network (0.584), although it has the most
#    parameters, is at its lower edge: not better than three blocks, and not clearly worse.
#    Dropout lowers the training accuracy (0.579 against 0.601), and its validation accuracy
#    (0.598) is well within the range of the seeds: after three epochs it neither helps nor hurts.
#
#    The same code on the other backends (validation accuracy after three epochs):
#
#    | variant | TensorFlow | PyTorch | JAX |
#    |---|---|---|---|
#    | three blocks, seeds 1 to 4 | 0.585 to 0.608 | 0.606 to 0.617 | 0.593 to 0.616 |
#    | two blocks | 0.574 | 0.565 | 0.585 |
#    | four blocks | 0.584 | 0.600 | 0.603 |
#    | dropout 0.25 | 0.598 | 0.592 | 0.618 |
#
#    Two blocks are below the seeds' range everywhere: that conclusion holds. Four blocks are within
#    the range or just below it, never above: not better than three. Dropout lands within the
#    range, just below it or just above it, depending on the backend: after three epochs it neither
#    clearly helps nor hurts.
#
# </details>
#
# What do these numbers support? Within three epochs, a fourth block did not help: its result lies
# within the range that the seeds alone produce, or just below it. Two blocks did worse than every seed of three
# blocks. Four seeds give only a rough idea of the run-to-run variation, though, and three epochs
# cannot tell how the networks compare after longer training: a deeper network has more weights
# to adjust and may need more epochs to catch up. So we keep three blocks, the cheaper choice that
# is at least as good within our time budget. To compare variants seriously, train each with
# several seeds for as long as you will really train, and compare the differences between
# variants with the spread between seeds.
#
# A fourth block shrinks the images to 2 × 2 pixels, and a fifth would leave a single pixel: with
# 32 × 32 images there is no room for many more pooling layers. Deeper networks for small images
# therefore put two or three convolutions into each block before pooling, often with *batch
# normalization* layers that keep the values between layers in a stable range; that costs more
# computing time than we have, and our three blocks train well without it.
#
# ### Dropout
#
# In [the episode on monitoring training](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) we met *dropout*: during
# training, a dropout layer sets a random fraction of its inputs to zero in every batch, so that the
# network cannot rely on a few particular features. `make_cnn` puts it between the flattened
# feature maps and the output layer. Dropout makes the training images harder to fit, so it can
# only pay off once the network without it starts to overfit, which ours did only from about the
# fifth epoch. Three epochs cannot show its benefit.
#
# ### Data augmentation
#
# A photo of a cat, mirrored left to right, is still a photo of a cat. *Data augmentation* uses
# such transformations to show the network a slightly different version of each image in every
# epoch, so that it learns what stays the same (the class) rather than the details of individual
# images. Keras has preprocessing layers for this, which we put at the start of the model. They
# only change images during training; for `predict` and `evaluate` they pass the images through
# unchanged. We use random horizontal flips:

# %%
flip = keras.layers.RandomFlip("horizontal")

# %% [markdown]
# ### Challenge 7: sensible augmentations
#
# Keras also has `RandomRotation`, `RandomTranslation`, `RandomZoom`, `RandomContrast` and
# `RandomBrightness` layers, and `RandomFlip("vertical")`.
#
# 1. Which of these transformations keep the class of a CIFAR-10 image? Which would confuse the
#    network?
# 2. Would your answer change for microscope images of cells, or for handwritten digits?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Horizontal flips, small shifts, small rotations, a little zoom, and moderate changes of
#    contrast or brightness all keep the class. Vertical flips do not: upside-down cars, ships and
#    horses hardly occur in CIFAR-10, so the network would waste effort on them. Large rotations,
#    shifts or zooms can push the object out of a 32 × 32 image.
# 2. Cells under a microscope have no "up", so vertical flips and rotations by any angle are fine.
#    For digits, flips and large rotations change the meaning (a mirrored 2 is not a 2, a rotated 6
#    becomes a 9). Augmentations encode what you know about your data; there is no universal set.
#
# </details>
#
# More transformations are not always better when training time is short: every transformation
# makes the training images harder to learn, so the network needs more epochs before the benefit
# shows. With our budget of nine epochs we keep only the flips, the mildest of them.
#
# #### Optional: see the flips
#
# The same training image passed eight times through the layer (`training=True` switches the
# flips on outside of `fit`):

# %%
car = x_train[np.flatnonzero(y_train[:, 0] == 1)[0]]  # the first automobile of the training set
keras.utils.set_random_seed(2)
flipped_cars = keras.ops.convert_to_numpy(flip(np.stack([car] * 8), training=True))
fig, axes = plt.subplots(1, 8, figsize=(9, 1.5))
for ax, flipped_car in zip(axes, flipped_cars):
    ax.imshow(flipped_car)
    ax.axis("off")
plt.show()

# %% [markdown]
# ![Eight copies of the same small photograph of a white car on a sandy background, in a row. In some copies the car is shown as in the original; in the others it is mirrored left to right, facing the other way.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_augmentation.png)
#
# *The same training image passed eight times through the random horizontal flip: some copies are mirrored, the others unchanged.*
#
# ### Choosing what to keep
#
# Dropout and augmentation both fight overfitting, and both pay off only when we train long enough
# to overfit. So we build a candidate with both, the flips and a dropout rate of 0.25, train it for
# nine epochs, and compare its curves with those of `cnn` over the same nine epochs.
# `keras.Sequential` stacks the flip layer and a network from `make_cnn` into one model: a model
# can be used as a layer of another one.

# %%
keras.utils.set_random_seed(1)
candidate = keras.Sequential([keras.Input(shape=(32, 32, 3)), flip, make_cnn(dropout_rate=0.25)])
candidate.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
candidate_curves = train(candidate)

# %%
candidate_curves = train(candidate, candidate_curves)

# %%
candidate_curves = train(candidate, candidate_curves)

# %% [markdown]
# And the original network, for three more epochs:

# %%
cnn_curves = train(cnn, cnn_curves)

# %% [markdown]
# We put the accuracies of both into one table and plot it, the original in grey and the
# candidate in black:

# %%
comparison = pd.DataFrame({
    "original, train": cnn_curves["accuracy"], "original, val": cnn_curves["val_accuracy"],
    "candidate, train": candidate_curves["accuracy"], "candidate, val": candidate_curves["val_accuracy"]})
comparison.plot(style=["o-", "s--", "o-", "s--"], color=["0.6", "0.6", "black", "black"],
                xlabel="epoch", ylabel="accuracy (fraction correct)", figsize=(6.5, 4))
plt.show()

# %% [markdown]
# ![Line chart of accuracy (fraction correct) against epochs 1 to 9 with four curves: solid lines with circles for training and dashed lines with squares for validation, grey for the original network and black for the candidate. The original training accuracy rises from 0.41 to 0.73. The original validation accuracy rises from 0.50 to 0.67 at epoch 6 and then levels off at 0.68, further and further below the original training curve. The candidate training accuracy rises more slowly, from 0.39 to 0.69, below its validation accuracy at every epoch. The candidate validation accuracy stays close to the original one until epoch 5, then pulls ahead and reaches 0.70 at epoch 9, still rising.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_choose_model.png)
#
# *Training and validation accuracy of the original CNN (grey) and of the candidate with dropout and flips (black) over nine epochs: the original's validation accuracy levels off from epoch 6 while its training accuracy keeps climbing; the candidate's validation accuracy stays above its training accuracy and is still rising.*

# %%
print(comparison.round(3))

# %% [markdown]
# For the first five epochs the two validation curves are within a percentage point of each
# other. From the sixth epoch on the candidate is ahead: after nine epochs its validation accuracy
# is 0.701, against 0.680 for the original. (On PyTorch and JAX the two curves crossed more than
# once before the candidate ended ahead: 0.698 against 0.688, and 0.704 against 0.685.) A lead of
# one or two percentage points in one run would not convince us on its own: the four seeds of
# Challenge 6 spread over about as much. The training curves are the stronger evidence. The
# original's training accuracy keeps climbing (0.732 after nine epochs) while its validation
# accuracy rises only slowly since epoch 6 (from 0.668 to 0.680): the gap widens, it overfits, and
# more epochs would only widen it further. The candidate's training accuracy stays below, or at
# most level with, its validation accuracy (it is measured with dropout active and flipped images,
# averaged over each epoch while the weights change), so it does not overfit yet, and its
# validation accuracy is still rising: it can use more epochs.
#
# So we keep the candidate. Because we changed two things at once, we cannot tell whether dropout
# or the flips did more of the work; to find out, you would train one variant with each alone. We
# stop at nine epochs because of our time budget; with more time you would train until the
# validation accuracy stops improving, which the early stopping of
# [the monitoring episode](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) does automatically.
#
# ### The test set, once
#
# We have made our choice, so now, and only now, we measure the chosen model on the 10,000 test
# images that played no part in any decision:

# %%
test_loss, test_accuracy = candidate.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {test_accuracy:.3f}")

# %% [markdown]
# About 70 % of the test images are classified correctly (your number will differ slightly), close
# to the validation accuracy of 0.701. Because no decision was based on the test set, this is an
# honest estimate of how the model does on new images of this kind. It is far above the 10 % of
# guessing and the 43 % (on the validation set) of the dense network with six times as many
# parameters.
#
# It is also far below the best published results on CIFAR-10, above 99 % (for example
# Dosovitskiy et al., 2021, *An image is worth 16x16 words: Transformers for image recognition at
# scale*, ICLR), obtained with networks thousands of times larger, pretrained on hundreds of
# millions of other images with a great deal of computing time on accelerators. For your own
# images, starting from such a pretrained network is usually the best first step; [the
# next episode, on transfer learning](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html), shows how.

# %% [markdown]
# ## Step 10: share the model
#
# The `.keras` format stores the architecture, the weights and the compile settings (loss,
# optimizer and its state) in one file. We save the candidate, load it back, and check that the
# copy gives the same predictions:

# %%
candidate.save("cifar10_cnn.keras")
reloaded = keras.models.load_model("cifar10_cnn.keras")
same = np.allclose(reloaded.predict(x_val, verbose=0), candidate.predict(x_val, verbose=0))
print("same predictions:", same)

# %% [markdown]
# The file is written to the folder your notebook runs in. The flip and dropout layers are part of
# the saved model; they do nothing when the model predicts.
#
# A model file alone is not enough for someone else to use the model well. Share with it at least:
# which data it was trained on (CIFAR-10, with its citation) and how it was split, how the pixels
# were scaled (divided by 255; the model expects values from 0 to 1), the order of the class names,
# the training settings (epochs, batch size, seed), the validation and test accuracies, and the
# library versions. The license question of CIFAR-10 applies to the model too: a model trained on
# images of unclear copyright is fine for teaching and research, but check before you publish it
# for other uses.
#
# ### Challenge 8: use the shared model
#
# Pretend you received `cifar10_cnn.keras` from a colleague.
#
# 1. Load it and classify the first five validation images. Print the predicted and the true class
#    names.
# 2. What would go wrong if you forgot to divide the pixels by 255? Try it by evaluating the model on
#    `x_val * 255`, the validation images with their original pixel values.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Loading and predicting (your images, and so your output, will differ):
#
# ```python
# colleagues_model = keras.models.load_model("cifar10_cnn.keras")
# predicted = colleagues_model.predict(x_val[:5], verbose=0).argmax(axis=1)
# for prediction, truth in zip(predicted, y_val[:5, 0]):
#     print(f"predicted {class_names[prediction]:<10} true {class_names[truth]}")
# ```
#
# 2. The model receives values up to 255 instead of up to 1. It runs without any error, which makes
#    this mistake dangerous, but its accuracy drops from about 0.70 to about 0.56:
#
# ```python
# unscaled_loss, unscaled_accuracy = colleagues_model.evaluate(x_val * 255, y_val, verbose=0)
# print(f"accuracy on unscaled images: {unscaled_accuracy:.3f}")
# ```
#
# Always share the preprocessing together with the model, or build it into the model, for example
# with a `keras.layers.Rescaling(1 / 255)` layer at the start.
#
# </details>
#
# <!-- Maintainers: training outputs on this page are checked with abs=0.04 (accuracies and
# losses), the test accuracy with abs=0.03, per-class accuracies with abs=0.08 and confusion
# counts with ints=25; the seed-2, -3 and -4 runs in Challenge 6 are the page's own measure of run-to-run
# variation: keep every conclusion about variants within what that spread supports. -->
#
# **Key Points**
#
# - Images are arrays of height × width × channels; scale the pixels (for example divide by 255)
#   and keep the test set aside until the very end, choosing models on a validation set.
# - A dense layer on a flattened image needs one weight per input value (pixel × channel) and
#   neuron; a convolutional layer needs (kernel height × kernel width × input channels + 1) ×
#   filters parameters, whatever the image size, because it reuses its kernels at every position.
# - A convolution slides a kernel over the image and sums the products into a feature map; stride
#   sets the step, padding keeps the size; max pooling halves the size and keeps the strongest
#   responses.
# - A function that builds the network makes variants cheap to try; a CNN of a few
#   convolution-pooling blocks beats a dense network with six times more parameters on CIFAR-10,
#   and curves and a confusion matrix show how and where it goes wrong.
# - Compare variants against the spread between random seeds: within three epochs, a fourth
#   convolution-pooling block gave no gain beyond that spread, so more depth is not automatically
#   better.
# - Dropout and data augmentation fight overfitting but hold back learning on the training images:
#   compare variants on training and validation curves over the number of epochs you will really
#   train.
# - Save a model with `model.save("name.keras")`, and share with it the data, the preprocessing and
#   the training settings.
