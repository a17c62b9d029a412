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
# - Count the parameters of dense and convolutional layers by hand and check the counts with `model.summary()`.
# - Compute a convolution (kernel, stride, padding, feature map) and a max pooling with NumPy, and relate them to Keras layers.
# - Build, compile and train a CNN, compare its validation accuracy with that of a dense-only network, and analyse its errors with training curves and a confusion matrix.
# - Refine a CNN with more depth, dropout and data augmentation, choose a model from its training and validation curves, and evaluate it once on the test set.
# - Save a trained image classifier in the `.keras` format and reload it.

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
print("training images:", x_train_all.shape, x_train_all.dtype)
print("training labels:", y_train_all.shape, y_train_all.dtype)
print("test images:    ", x_test.shape, x_test.dtype)
print("test labels:    ", y_test.shape, y_test.dtype)

# %% [markdown]
# Each image is an array of 32 rows × 32 columns × 3 colour *channels* (red, green, blue). The
# type `uint8` means unsigned 8-bit integers, whole numbers from 0 to 255:

# %%
print("smallest pixel value:", x_train_all.min())
print("largest pixel value: ", x_train_all.max())

# %% [markdown]
# The labels are integers from 0 to 9, one per image, stored as a column (shape `(50000, 1)`). The
# names of the classes are not in the data; the dataset's web page lists them in this order:

# %%
class_names = ["airplane", "automobile", "bird", "cat", "deer",
               "dog", "frog", "horse", "ship", "truck"]
labels, counts = np.unique(y_train_all, return_counts=True)
for label, count in zip(labels, counts):
    print(label, class_names[label], count)

# %% [markdown]
# Every class has exactly 5,000 training images: the classes are balanced, so a model that guesses
# at random is right 10 % of the time. That is the baseline any model must beat.
#
# A picture says more than the shapes. We show the first eight training images of each class, one
# class per row:

# %%
fig, axes = plt.subplots(10, 8, figsize=(8, 10.5))
for label, row in enumerate(axes):
    indices = np.flatnonzero(y_train_all[:, 0] == label)[:8]
    for ax, index in zip(row, indices):
        ax.imshow(x_train_all[index])
        ax.set_xticks([])
        ax.set_yticks([])
    row[0].set_ylabel(class_names[label], rotation=0, ha="right", va="center")
plt.show()

# %% [markdown]
# ![A grid of 80 small colour photographs in 10 rows of 8, each row labelled on the left with its class: airplane, automobile, bird, cat, deer, dog, frog, horse, ship and truck. The images are blurry at 32 by 32 pixels; the objects appear at different sizes, positions and angles, against skies, roads, grass, water and indoor backgrounds.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cifar10_examples.png)
#
# *Eight CIFAR-10 training images per class, one class per row.*
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
print(x_train_all.dtype, x_train_all.min(), x_train_all.max())

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
# We train on all 45,000 remaining images, without taking a smaller training subset for speed.
# A subset would make each epoch faster, but for the same computing time the network would see the
# same few images many times over instead of many different images once, and a network that sees
# the same images again and again starts to learn them by heart: it overfits sooner. Our networks
# are small enough that one epoch on all 45,000 images takes about 10 seconds on a two-core laptop
# CPU, so we do not need a subset.
#
# ### Challenge 1: check the split
#
# 1. How many images of each class are in the validation set? Use `np.unique` as above.
# 2. Why do we split the validation set off the *training* images and not off the test images?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. 500 of each class, thanks to `stratify`:
#
# ```python
# np.unique(y_val, return_counts=True)
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
# For images, many pretrained networks exist, and for a real project you would start from one. We
# build our own small network here, because the way it is built explains how all image networks
# work.
#
# ### Why not a dense network?
#
# A dense layer connects every input to every neuron. To feed an image to it, we flatten the image
# into one long vector of 32 × 32 × 3 = 3,072 numbers.
#
# ### Challenge 2: a dense layer on an image
#
# 1. How many parameters (weights and biases) does a dense layer with 100 neurons have when its input
#    is a flattened CIFAR-10 image? Compute it by hand.
# 2. How many would it have for a modest smartphone photo of 1000 × 1000 pixels in colour?
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
# window it computes a weighted sum of the pixels, with the same weights everywhere. The weights
# form the *kernel* (or filter). Sliding the window over the whole image gives a new, slightly
# smaller image: the *feature map*. Each value in it says how strongly the pattern of the kernel is
# present at that place.
#
# Let us compute one ourselves, on a tiny 6 × 6 black-and-white image of a vertical bar:

# %%
image = np.array([
    [0, 0, 0, 0, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0],
])
kernel = np.array([
    [-1, 0, 1],
    [-1, 0, 1],
    [-1, 0, 1],
])


# %% [markdown]
# This kernel subtracts the left column of each window from its right column: it responds to
# *vertical edges*, positively where the image gets brighter from left to right and negatively
# where it gets darker. Here is a convolution in a few lines of NumPy:

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
# ![Three grids of numbers. Left, a 6 by 6 image of zeros with a bar of ones, two columns wide and four rows high, in the middle; a dashed square outlines the 3 by 3 window whose top-left corner is in row 2, column 3. Middle, the 3 by 3 kernel with -1 in the left column, 0 in the middle column and 1 in the right column. Right, the 4 by 4 feature map with rows 2, 2, -2, -2; 3, 3, -3, -3; 3, 3, -3, -3; and 2, 2, -2, -2; the cell in row 2, column 3, holding -3, is outlined and a dotted arrow leads to it from the window. Below, the sum for the outlined window: 3 times (1 times -1 plus 1 times 0 plus 0 times 1) equals -3.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_convolution.png)
#
# *A 3 × 3 kernel slides over a 6 × 6 image; each position gives one value of the 4 × 4 feature map.*
#
# The left edge of the bar gives positive values, its right edge negative ones. Three more ideas
# complete the picture:
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
# In a trained network, nobody chooses the kernels: they are weights like any other, and gradient
# descent finds kernels that help to tell the classes apart. The first layers of trained image
# networks typically end up with edge and colour detectors much like ours.
#
# ### Challenge 3: stride, padding and another kernel
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
# Kernels work the same way on real photographs. We convert one training image to grey (the mean
# of its three channels) and look at its vertical and horizontal edges:

# %%
photo = x_train_all[np.flatnonzero(y_train_all[:, 0] == 1)[0]]  # the first automobile
grey = photo.mean(axis=2)
vertical_edges = convolve(grey, kernel)
horizontal_edges = convolve(grey, kernel.T)  # the transposed kernel finds horizontal edges

fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
axes[0].imshow(photo)
axes[0].set_title("image")
axes[1].imshow(vertical_edges, cmap="gray")
axes[1].set_title("vertical edges")
axes[2].imshow(horizontal_edges, cmap="gray")
axes[2].set_title("horizontal edges")
for ax in axes:
    ax.axis("off")
plt.show()


# %% [markdown]
# ![Three panels side by side. Left, a small colour photograph of a car. Middle, the result of the vertical-edge kernel in shades of grey: bright and dark lines along the vertical outlines of the car, mid-grey elsewhere. Right, the result of the horizontal-edge kernel: bright and dark lines along the horizontal outlines, such as the roof, the windows and the bottom of the car.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_edges.png)
#
# *A training image and its vertical and horizontal edges, computed with our two kernels.*
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
# ### Challenge 4: parameters of convolutional layers
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
# keeps the largest value of each 2 × 2 block, so it halves the width and the height:

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
# Pooling has no parameters. It keeps the strongest response in each neighbourhood, so a pattern
# that moves by a pixel often gives the same pooled value, and it reduces the work for the next layers. In a
# network, each convolution-pooling *block* halves the image size while the number of channels
# grows: the layers see larger and larger parts of the image and can combine edges into shapes and
# shapes into objects. Keras's layer for this is `keras.layers.MaxPooling2D(pool_size=2)`.
#
# ### From feature maps to classes: flatten or global pooling
#
# At the end, the feature maps must become ten class probabilities. Two common ways:
#
# - `keras.layers.Flatten()` lays all values of all feature maps out in one vector, and a dense layer
#   maps that vector to the classes. It keeps the information *where* in the image a feature was.
# - `keras.layers.GlobalAveragePooling2D()` replaces each feature map by its average, one number per
#   channel. It throws away the positions, needs far fewer parameters and works for images of any
#   size.
#
# ### Challenge 5: flatten or global pooling?
#
# After three blocks of convolution and 2 × 2 pooling, our 32 × 32 images have become feature maps
# of 4 × 4 pixels with 128 channels.
#
# 1. How many values does `Flatten` produce from them, and how many parameters does the final
#    `Dense(10)` layer then have?
# 2. The same with `GlobalAveragePooling2D`.
# 3. Check both with Keras, on an input of shape `(4, 4, 128)`.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. 4 × 4 × 128 = 2,048 values; the dense layer has 2,048 × 10 + 10 = 20,490 parameters.
# 2. 128 values (one per channel); 128 × 10 + 10 = 1,290 parameters.
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
# We now stack three convolution-pooling blocks and a dense output layer, with the functional API
# as in the penguins episode. `padding="same"` keeps the size through each convolution, so only the
# pooling layers shrink the images: 32 → 16 → 8 → 4 pixels. We follow a common pattern: few
# filters where the images are large, more where they are small. A filter of the first layer is
# applied at all 32 × 32 positions, one of the third layer at only 8 × 8, so the third layer can
# afford 128 filters, which give the output layer many features to choose from. The first layer
# also sees only 3 input channels, so 16 filters are enough to combine them.

# %%
keras.utils.set_random_seed(1)
inputs = keras.Input(shape=(32, 32, 3))
x = keras.layers.Conv2D(16, kernel_size=3, padding="same", activation="relu")(inputs)
x = keras.layers.MaxPooling2D(pool_size=2)(x)
x = keras.layers.Conv2D(32, kernel_size=3, padding="same", activation="relu")(x)
x = keras.layers.MaxPooling2D(pool_size=2)(x)
x = keras.layers.Conv2D(128, kernel_size=3, padding="same", activation="relu")(x)
x = keras.layers.MaxPooling2D(pool_size=2)(x)
x = keras.layers.Flatten()(x)
outputs = keras.layers.Dense(10, activation="softmax")(x)
cnn = keras.Model(inputs=inputs, outputs=outputs, name="cifar_cnn")
cnn.summary()

# %% [markdown]
# The layer names (such as `conv2d_1`) depend on how many layers you have created before, so we
# have left them out. Compare the parameter counts with your answers to Challenges 4 and 5: the
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
# the same loss takes them as they are:

# %%
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %% [markdown]
# Both variants compute exactly the same number; they only expect the labels in different formats.
# Before training, the network gives every class a probability of about 1/10, so its loss should
# be about ln(10) ≈ 2.30, whatever the image:

# %%
untrained_probabilities = cnn.predict(x_val[:1000], verbose=0)
loss_function = keras.losses.SparseCategoricalCrossentropy()
print(f"{float(loss_function(y_val[:1000], untrained_probabilities)):.2f}")

# %% [markdown]
# The non-sparse loss refuses our integer labels, because it expects ten numbers per image:

# %%
# This cell raises an error on purpose (see the episode); remove the '# ' to see it.
# keras.losses.CategoricalCrossentropy()(y_val[:1000], untrained_probabilities)

# %% [markdown]
# ## Step 6: train the model
#
# We train with batches of 128 images for three epochs, and pass the validation set so that Keras
# reports the validation accuracy after each epoch. With `verbose=2` it prints one line per epoch.
# This takes about half a minute on a two-core laptop:

# %%
history = cnn.fit(x_train, y_train, batch_size=128, epochs=3,
                  validation_data=(x_val, y_val), verbose=2)

# %% [markdown]
# Each epoch passes over the 45,000 training images in 352 batches of 128 (the last batch is
# smaller). Your numbers will differ slightly from ours: the random starting weights, the order of
# the batches and the library versions all play a part. After three epochs the network recognises
# about 60 % of the validation images; a random guess would get 10 %.
#
# ### Reading the training curves
#
# `fit` returns a `History` object whose `history` attribute holds one list per metric. We put it
# into a pandas table, with the epoch numbers as index, and plot training and validation curves
# side by side:

# %%
import pandas as pd

def curves_of(history):
    return pd.DataFrame(history.history, index=[epoch + 1 for epoch in history.epoch])

def plot_curves(curves, title):
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax, metric in zip(axes, ["accuracy", "loss"]):
        ax.plot(curves.index, curves[metric], marker="o", label="training")
        ax.plot(curves.index, curves["val_" + metric], marker="s", linestyle="--", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.legend()
    fig.suptitle(title)
    plt.show()

cnn_curves = curves_of(history)
plot_curves(cnn_curves, "CNN, first three epochs")

# %% [markdown]
# ![Two line charts against epochs 1 to 3. Left, accuracy: the training curve (solid line, circles) rises from 0.41 to 0.60, the validation curve (dashed line, squares) from 0.50 to 0.60, above the training curve until the two meet at epoch 3. Right, loss: the training loss falls from 1.65 to 1.14, the validation loss from 1.40 to 1.16; the two curves cross between epochs 2 and 3 and end close together.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cnn_curves_3.png)
#
# *Accuracy and loss of the CNN on the training and validation sets after each of the first three epochs.*
#
# Both curves still climb steeply, and the validation accuracy is as high as the training accuracy:
# the network is not overfitting, it has simply not finished learning. (The training numbers are
# averages over each epoch, while the weights were still changing, which is why they can lag
# behind the validation numbers, measured at the end of each epoch.)
#
# So we train for longer. Calling `fit` again continues from the current weights. With
# `initial_epoch=3`, Keras counts on from epoch 4, and `epochs=6` is the number of the last epoch,
# not the number of new ones. We add the new rows to our table of curves:

# %%
history = cnn.fit(x_train, y_train, batch_size=128, epochs=6, initial_epoch=3,
                  validation_data=(x_val, y_val), verbose=2)
cnn_curves = pd.concat([cnn_curves, curves_of(history)])

# %%
plot_curves(cnn_curves, "CNN, six epochs")

# %% [markdown]
# ![Two line charts against epochs 1 to 6. Left, accuracy: the training curve (solid line, circles) rises from 0.41 to 0.69; the validation curve (dashed line, squares) rises from 0.50 to 0.67, more and more slowly; the two curves lie on top of each other from epoch 3 to 4, and from epoch 5 on the training curve is above. Right, loss: the training loss falls from 1.65 to 0.91; the validation loss falls from 1.40 to 0.98, flattening, and from epoch 3 on it stays above the training loss, with a gap that grows from epoch 4 on.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_cnn_curves_6.png)
#
# *Accuracy and loss of the CNN over six epochs.*
#
# The validation accuracy still rises, to about 67 %, but more slowly. In the last two epochs the
# training accuracy pulls ahead of it, and the gap between training and validation loss grows: the
# network starts to learn details of the training images that do not carry over to new images. This
# is the beginning of overfitting, which we will deal with in Step 9.
#
# ### A dense network for comparison
#
# Is the convolutional network really better than a plain dense network? We train one with two
# hidden layers on the flattened images, with the same data, loss and number of epochs:

# %%
keras.utils.set_random_seed(1)
inputs = keras.Input(shape=(32, 32, 3))
x = keras.layers.Flatten()(inputs)
x = keras.layers.Dense(128, activation="relu")(x)
x = keras.layers.Dense(64, activation="relu")(x)
outputs = keras.layers.Dense(10, activation="softmax")(x)
dense_model = keras.Model(inputs=inputs, outputs=outputs, name="dense_only")
dense_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print(dense_model.count_params())

# %%
dense_history = dense_model.fit(x_train, y_train, batch_size=128, epochs=6,
                                validation_data=(x_val, y_val), verbose=0)
dense_curves = curves_of(dense_history)
print(dense_curves[["accuracy", "val_accuracy"]].round(3))

# %% [markdown]
# ### Challenge 6: dense or convolutional?
#
# Compare the two networks after six epochs.
#
# 1. Which one has more parameters, and which one reaches the higher validation accuracy?
# 2. On our two-core machine, one epoch of the CNN took about 10 seconds, one epoch of the dense
#    network about 2 seconds. Why is the CNN so much slower, although it has fewer
#    parameters?
# 3. Explain the difference in accuracy with what you know about convolutions.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. The dense network has 402,250 parameters, more than six times the 62,570 of the CNN, yet it
#    reaches only about 43 % validation accuracy after six epochs, against about 67 % for the CNN.
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
# probability:

# %%
val_probabilities = cnn.predict(x_val, verbose=0)
val_predictions = val_probabilities.argmax(axis=1)
print(val_probabilities.shape, val_predictions.shape)

# %% [markdown]
# Let us look at a few validation images with the predicted and the true class:

# %%
fig, axes = plt.subplots(3, 6, figsize=(9, 5.2))
for index, ax in enumerate(axes.flat):
    ax.imshow(x_val[index])
    predicted = class_names[val_predictions[index]]
    true = class_names[y_val[index, 0]]
    ax.set_title(f"{predicted}\n(true: {true})", fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ![A grid of 18 small photographs in 3 rows of 6, each titled with the predicted class and, in brackets, the true class. 11 of the 18 predictions are right. The 7 mistakes: two dogs predicted as a horse and a cat, a car predicted as an airplane, a cat predicted as a truck, a frog predicted as a cat, an airplane predicted as a dog, and a frog predicted as a deer.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_predictions.png)
#
# *Eighteen validation images, each with the class the CNN predicted and the true class.*
#
# In our run, 11 of these 18 predictions are right; the mistakes include a dog taken for a cat and
# a frog taken for a deer. Your validation images, and so this picture, will be different.

# %% [markdown]
# ## Step 8: measure performance
#
# The validation accuracy after the last epoch, recomputed with `evaluate`:

# %%
val_loss, val_accuracy = cnn.evaluate(x_val, y_val, verbose=0)
print(f"validation accuracy: {val_accuracy:.3f}")

# %% [markdown]
# Accuracy is one number for all classes together. A *confusion matrix* shows, for each true class
# (rows), how many images were predicted as each class (columns):

# %%
import seaborn as sns
from sklearn.metrics import confusion_matrix

matrix = confusion_matrix(y_val[:, 0], val_predictions)
matrix = pd.DataFrame(matrix, index=class_names, columns=class_names)

plt.figure(figsize=(8, 6.5))
sns.heatmap(matrix, annot=True, fmt="d", cmap="Greys", cbar=False)
plt.xlabel("predicted class")
plt.ylabel("true class")
plt.title("CNN on the validation set")
plt.show()

# %% [markdown]
# ![A 10 by 10 grid of counts with the true classes as rows and the predicted classes as columns, both in the order airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck; darker cells hold larger counts. The diagonal is darkest, with correct predictions from 212 for bird and 267 for dog to 407 for truck, out of 500 images per class. The largest counts off the diagonal are 83 dogs predicted as cats, 80 automobiles predicted as trucks, 77 birds predicted as deer, 69 deer predicted as horses and 68 cats predicted as dogs; most other cells hold fewer than 30.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_confusion_matrix.png)
#
# *Confusion matrix of the CNN on the 5,000 validation images.*
#
# The diagonal holds the correctly classified images, 500 per row at most. The share of each
# row on the diagonal is the accuracy for that class:

# %%
class_accuracy = pd.Series(np.diag(matrix) / matrix.sum(axis=1), index=class_names)
print(class_accuracy.round(2))


# %% [markdown]
# Trucks and horses are recognised best, with about 80 % correct; birds worst, with 42 %, followed
# by dogs and cats. The confusion matrix shows where the mistakes go.
#
# ### Challenge 7: which classes are confused?
#
# 1. Find the three (true class, predicted class) pairs with the most mistakes in the confusion
#    matrix, by eye or with code.
# 2. Are the mistakes symmetric: is a cat mistaken for a dog as often as a dog for a cat?
# 3. Why might these pairs be hard for a network that sees 32 × 32 pixels? What could help?

# %%

# %% [markdown]
# <details>
# <summary>Give me a hint</summary>
#
# `matrix.stack()` turns the table into a series indexed by (true class, predicted class) pairs.
# Drop the pairs where both are the same before sorting.
#
# </details>
#
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# mistakes = matrix.stack()
# mistakes = mistakes[[true != predicted for true, predicted in mistakes.index]]
# print(mistakes.sort_values(ascending=False).head(3))
# ```
#
# 1. In our run, 83 dogs were predicted as cats, 80 cars ("automobile") as trucks, and 77 birds as
#    deer (your counts, and perhaps their order, will differ). Other large counts: deer as horses
#    and cats as dogs.
# 2. No: 83 dogs were taken for cats, but only 68 cats for dogs, and 80 cars for trucks against 28
#    trucks for cars. The matrix is not symmetric; each row is one true class.
# 3. Cats and dogs share fur, four legs, eyes and ears, and at 32 × 32 pixels the details that tell
#    them apart are a few pixels wide. Cars and trucks are both vehicles on roads. Birds, deer and
#    horses are animals on green or brown backgrounds, so a network that relies partly on the
#    background confuses them. More training images, augmentation, larger images or a deeper
#    network would help; so would a pretrained network that has learned from many more images.
#
# </details>

# %% [markdown]
# ## Step 9: refine the model
#
# The curves of Step 6 told us two things: the validation accuracy was still rising after six
# epochs, and the training accuracy had started to pull ahead. Three common ways to improve a CNN
# are to make it deeper, to add dropout against overfitting, and to augment the training images.
# To compare variants fairly, we write a function that builds and compiles one, and train every
# variant for the same number of epochs with the same seed:

# %%
def make_cnn(filters=(16, 32, 128), dropout_rate=0.0, augmentation=None):
    inputs = keras.Input(shape=(32, 32, 3))
    x = inputs
    if augmentation is not None:
        x = augmentation(x)
    for n_filters in filters:
        x = keras.layers.Conv2D(n_filters, kernel_size=3, padding="same", activation="relu")(x)
        x = keras.layers.MaxPooling2D(pool_size=2)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(dropout_rate)(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# %% [markdown]
# One convolution-pooling block is added per entry in `filters`; a dropout rate of 0 means no
# dropout. `make_cnn()` with the default arguments builds the same network as `cnn`; its summary
# shows one more layer, a `Dropout` layer that does nothing at a rate of 0.
#
# ### Depth
#
# ### Challenge 8: how deep?
#
# 1. Before running anything: how many parameters do networks with two blocks
#    (`filters=(16, 32)`) and four blocks (`filters=(16, 32, 64, 128)`) have? Which part of the
#    network changes most?
# 2. Train each for three epochs (`verbose=0`), after `keras.utils.set_random_seed(1)`, and compare
#    their validation accuracy after three epochs with that of `cnn` (`cnn_curves.loc[3]`). Note
#    roughly how long each training takes: with `verbose=0` Keras prints nothing, but in Jupyter
#    `%%time` as the first line of a cell prints how long the cell ran.

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
#    convolutions. (The four-block network needs about as much computing time as ours: its third
#    and fourth layers work on small images.)
# 2. Two blocks:
#
# ```python
# keras.utils.set_random_seed(1)
# two_blocks = make_cnn(filters=(16, 32))
# history = two_blocks.fit(x_train, y_train, batch_size=128, epochs=3,
#                          validation_data=(x_val, y_val), verbose=0)
# two_blocks_curves = curves_of(history)
# print(two_blocks.count_params(), round(two_blocks_curves.loc[3, "val_accuracy"], 3))
# ```
#
# Four blocks:
#
# ```python
# keras.utils.set_random_seed(1)
# four_blocks = make_cnn(filters=(16, 32, 64, 128))
# history = four_blocks.fit(x_train, y_train, batch_size=128, epochs=3,
#                           validation_data=(x_val, y_val), verbose=0)
# four_blocks_curves = curves_of(history)
# print(four_blocks.count_params(), round(four_blocks_curves.loc[3, "val_accuracy"], 3))
# ```
#
# And three blocks, for comparison:
#
# ```python
# print(cnn.count_params(), round(cnn_curves.loc[3, "val_accuracy"], 3))
# ```
#
# After three epochs, the two-block network reaches 0.574, ours with three blocks 0.603, and the
# four-block network 0.584, although it has the most parameters. On our machine each took 17 to 33
# seconds, and the times varied from run to run about as much as between networks. Differences of
# a percentage point or two between single runs are not reliable (another seed changes them too),
# but nothing here suggests that a fourth block pays off, so we keep three.
#
# </details>
#
# A fourth block shrinks the images to 2 × 2 pixels, and a fifth would leave a single pixel: with
# 32 × 32 images there is no room for many more pooling layers. Deeper networks for small images therefore put two or three convolutions into
# each block before pooling, which costs more computing time than we have in this lesson.
#
# ### Dropout
#
# In [the episode on monitoring training](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) we met *dropout*: during
# training, a dropout layer sets a random fraction of its inputs to zero in every batch, so that the
# network cannot rely on a few particular features. `make_cnn` puts it between the flattened
# feature maps and the output layer.
#
# ### Challenge 9: the dropout rate
#
# 1. Train `make_cnn(dropout_rate=0.25)` and `make_cnn(dropout_rate=0.5)` for three epochs each,
#    after `keras.utils.set_random_seed(1)`, in two separate cells (each takes about half a minute).
# 2. Compare the training accuracy, the validation accuracy and the difference between the two after
#    three epochs with those of `cnn` (`cnn_curves.loc[3]`). What does dropout do to each?
# 3. Is three epochs enough to decide whether dropout helps?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Dropout rate 0.25:
#
# ```python
# keras.utils.set_random_seed(1)
# dropout_25 = make_cnn(dropout_rate=0.25)
# history = dropout_25.fit(x_train, y_train, batch_size=128, epochs=3,
#                          validation_data=(x_val, y_val), verbose=0)
# dropout_25_curves = curves_of(history)
# ```
#
# Dropout rate 0.5:
#
# ```python
# keras.utils.set_random_seed(1)
# dropout_50 = make_cnn(dropout_rate=0.5)
# history = dropout_50.fit(x_train, y_train, batch_size=128, epochs=3,
#                          validation_data=(x_val, y_val), verbose=0)
# dropout_50_curves = curves_of(history)
# ```
#
# 2. The three models after three epochs:
#
# ```python
# after_3_epochs = pd.DataFrame({
#     "no dropout": cnn_curves.loc[3],
#     "dropout 0.25": dropout_25_curves.loc[3],
#     "dropout 0.5": dropout_50_curves.loc[3],
# }).T
# after_3_epochs["difference"] = after_3_epochs["accuracy"] - after_3_epochs["val_accuracy"]
# print(after_3_epochs[["accuracy", "val_accuracy", "difference"]].round(3))
# ```
#
#    Dropout lowers the training accuracy (from 0.601 to 0.579 and 0.557) but hardly the
#    validation accuracy (0.603, 0.598 and 0.599). The training accuracy is measured with dropout
#    switched on, so it falls below the validation accuracy; the "difference" becomes negative.
# 3. No. After three epochs the network without dropout does not overfit yet, so dropout has
#    nothing to prevent; its benefit can only appear once the network without it starts to
#    overfit. To decide, we must compare the validation curves over the number of epochs we
#    actually intend to train.
#
# </details>
#
# ### Data augmentation
#
# A photo of a cat, mirrored left to right, is still a photo of a cat. *Data augmentation* uses
# such transformations to show the network a slightly different version of each image in every
# epoch, so that it learns what stays the same (the class) rather than the details of individual
# images. Keras has preprocessing layers for this, which we put at the start of the model. They
# only change images during training; for `predict` and `evaluate` they pass the images through
# unchanged.

# %%
augmentation = keras.layers.RandomFlip("horizontal")

car = x_train[np.flatnonzero(y_train[:, 0] == 1)[0]]  # the first automobile of the training set
eight_cars = np.stack([car] * 8)
keras.utils.set_random_seed(2)
augmented = keras.ops.convert_to_numpy(augmentation(eight_cars, training=True))

fig, axes = plt.subplots(1, 8, figsize=(9, 1.5))
for ax, flipped_car in zip(axes, augmented):
    ax.imshow(flipped_car)
    ax.axis("off")
plt.show()

# %% [markdown]
# ![Eight copies of the same small photograph of a white car on a sandy background, in a row. In some copies the car is shown as in the original; in the others it is mirrored left to right, facing the other way.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_augmentation.png)
#
# *The same training image passed eight times through the random horizontal flip.*
#
# ### Challenge 10: sensible augmentations
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
# shows. With our budget of a dozen epochs we keep only the flips, the mildest of them.
#
# ### Choosing what to keep
#
# Dropout and augmentation both fight overfitting, and both pay off only when we train long enough
# to overfit. We build a candidate with both: the flips, and a dropout rate of 0.25.
# Challenge 9 could not tell us which rate is best; we take the milder one as a guess, because
# both dropout and flips hold back learning on the training images, and we can only afford a few
# epochs. Then we train the candidate for longer and compare its validation curve with that of
# `cnn`.
#
# Training goes in steps of three epochs, about half a minute each (the flips make an epoch a little
# slower), so that we can look at the numbers in between. First the original network, for
# three more epochs:

# %%
history = cnn.fit(x_train, y_train, batch_size=128, epochs=9, initial_epoch=6,
                  validation_data=(x_val, y_val), verbose=2)
cnn_curves = pd.concat([cnn_curves, curves_of(history)])

# %% [markdown]
# Then the candidate, from scratch:

# %%
keras.utils.set_random_seed(1)
candidate = make_cnn(dropout_rate=0.25, augmentation=augmentation)
history = candidate.fit(x_train, y_train, batch_size=128, epochs=3,
                        validation_data=(x_val, y_val), verbose=2)
candidate_curves = curves_of(history)

# %%
history = candidate.fit(x_train, y_train, batch_size=128, epochs=6, initial_epoch=3,
                        validation_data=(x_val, y_val), verbose=2)
candidate_curves = pd.concat([candidate_curves, curves_of(history)])

# %%
history = candidate.fit(x_train, y_train, batch_size=128, epochs=9, initial_epoch=6,
                        validation_data=(x_val, y_val), verbose=2)
candidate_curves = pd.concat([candidate_curves, curves_of(history)])

# %% [markdown]
# We plot the validation curves of both, and the training curves for reference:

# %%
plt.figure(figsize=(6.5, 4))
plt.plot(cnn_curves["accuracy"], marker="o", color="0.6", label="original, training")
plt.plot(cnn_curves["val_accuracy"], marker="s", linestyle="--", color="0.6",
         label="original, validation")
plt.plot(candidate_curves["accuracy"], marker="o", color="black", label="candidate, training")
plt.plot(candidate_curves["val_accuracy"], marker="s", linestyle="--", color="black",
         label="candidate, validation")
plt.xlabel("epoch")
plt.ylabel("accuracy")
plt.legend()
plt.show()

# %% [markdown]
# ![Line chart of accuracy against epochs 1 to 9 with four curves: solid lines with circles for training and dashed lines with squares for validation, grey for the original network and black for the candidate. The original training accuracy rises from 0.41 to 0.74. The original validation accuracy rises from 0.50 to 0.69, more and more slowly, and falls further and further below the original training curve from epoch 5 on. The candidate training accuracy rises more slowly, from 0.39 to 0.69, below its validation accuracy at every epoch. The candidate validation accuracy stays close to the original one until epoch 5, then pulls ahead and reaches 0.70 at epoch 9, still rising.](https://deep-learning-intro.github.io/deep-learning-intro/fig/05_choose_model.png)
#
# *Training and validation accuracy of the original CNN and of the candidate with dropout and flips.*
#
# The validation accuracies side by side:

# %%
print(pd.DataFrame({"original": cnn_curves["val_accuracy"],
                    "candidate": candidate_curves["val_accuracy"]}).round(3))

# %% [markdown]
# For the first five epochs the two validation curves are close. From the sixth epoch on the
# candidate is ahead: after nine epochs its validation accuracy is 0.701, against 0.686 for the
# original. A lead of 1.5 percentage points alone would not convince us, because another seed
# could change it by as much. The training curves are the stronger evidence. The original's
# training accuracy keeps climbing (0.735 after nine epochs) further and further above its
# validation accuracy, which rises more and more slowly: it overfits, and more epochs would widen
# the gap. The candidate's training accuracy is still below its validation accuracy (it is
# measured with dropout active, and averaged over each epoch while the weights change), so it
# does not overfit yet, and its validation accuracy is still rising steadily: it can use more
# epochs.
#
# So we keep the candidate. Because we changed two things at once, we cannot tell whether dropout
# or the flips did more of the work; to find out, you would train one variant with each alone. We
# give the candidate three more epochs:

# %%
history = candidate.fit(x_train, y_train, batch_size=128, epochs=12, initial_epoch=9,
                        validation_data=(x_val, y_val), verbose=2)
candidate_curves = pd.concat([candidate_curves, curves_of(history)])

# %% [markdown]
# After twelve epochs the validation accuracy is 0.718, still rising. We stop here because of
# our time budget; with more time you would train until the validation accuracy stops improving,
# which the early stopping of [the monitoring episode](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) does automatically.
#
# ### The test set, once
#
# We have made our choice, so now, and only now, we measure the chosen model on the 10,000 test
# images that played no part in any decision:

# %%
test_loss, test_accuracy = candidate.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {test_accuracy:.3f}")

# %% [markdown]
# About 71 % of the test images are classified correctly (your number will differ slightly), close
# to the validation accuracy of 0.718. Because no decision was based on the test set, this is an
# honest estimate of how the model does on new images of this kind. It is far above the 10 % of
# guessing and the 43 % (on the validation set) of the dense network with six times as many
# parameters.
#
# It is also far below the best published results on CIFAR-10, above 99 % (for example
# Dosovitskiy et al., 2021, *An image is worth 16x16 words: Transformers for image recognition at
# scale*, ICLR), obtained with networks thousands of times larger, pretrained on hundreds of
# millions of other images with a great deal of computing time on accelerators. For your own images, starting
# from such a pretrained network is usually the best first step.

# %% [markdown]
# ## Step 10: share the model
#
# The `.keras` format stores the architecture, the weights and the compile settings (loss,
# optimizer and its state) in one file:

# %%
candidate.save("cifar10_cnn.keras")
reloaded = keras.models.load_model("cifar10_cnn.keras")
same = np.allclose(reloaded.predict(x_val, verbose=0), candidate.predict(x_val, verbose=0))
print("same predictions:", same)

# %% [markdown]
# The file is written to the folder your notebook runs in. The augmentation and dropout layers are
# part of the saved model; they do nothing when the model predicts.
#
# A model file alone is not enough for someone else to use the model well. Share with it at least:
# which data it was trained on (CIFAR-10, with its citation) and how it was split, how the pixels
# were scaled (divided by 255; the model expects values from 0 to 1), the order of the class names,
# the training settings (epochs, batch size, seed), the validation and test accuracies, and the
# library versions. The license question of CIFAR-10 applies to the model too: a model trained on
# images of unclear copyright is fine for teaching and research, but check before you publish it
# for other uses.
#
# ### Challenge 11: use the shared model
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
#    this mistake dangerous, but its accuracy drops from about 0.72 to about 0.56:
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
# - A CNN of a few convolution-pooling blocks beats a dense network with six times more parameters
#   on CIFAR-10; curves and a confusion matrix show how and where it goes wrong.
# - Deeper is not automatically better: in our three-epoch test, a fourth convolution-pooling
#   block on 32 × 32 images did not pay off.
# - Dropout and data augmentation fight overfitting but hold back learning on the training images:
#   compare variants on training and validation curves over the number of epochs you will really
#   train.
# - Save a model with `model.save("name.keras")`, and share with it the data, the preprocessing and
#   the training settings.
