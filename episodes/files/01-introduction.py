# %% [markdown]
# # Introduction to deep learning
#
# *Introduction to deep learning*, episode 1. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - What is deep learning, and when is it the right tool for a research problem (and when is it not)?
# - What does a single neuron, and a network of neurons, actually compute?
# - How does a neural network learn from data?
# - Which steps does a deep-learning project follow, and which software will we use for them?
#
# **Objectives**
#
# - Place deep learning within artificial intelligence and machine learning, and judge whether a research problem suits it.
# - Calculate the output of a single neuron by hand and with NumPy, using the identity, sigmoid and ReLU activation functions, and the probabilities of a softmax output layer; choose the activation of an output layer for the kind of answer it must give.
# - Explain, with a small network that solves XOR, why a network needs hidden layers with a non-linear activation function, and why a single neuron trained on XOR ends at a probability of 0.5 although a straight line can classify three of the four points.
# - Compute the mean squared error and the cross-entropy of a set of predictions.
# - Train a one-neuron model with gradient descent in NumPy, explain the effect of the learning rate, and compute the number of steps per epoch for a given batch size.
# - Apply the key steps of the deep-learning workflow (question, inputs and outputs, pretrained model, loss, evaluation and baseline) to a research problem of your own.
# - Check that Keras 3 is installed, and find out which backend and device it uses.

# %% [markdown]
# ## What is deep learning?
#
# **Artificial intelligence** (AI) is the broad aim of making computers do tasks that we link
# with intelligence: playing chess, planning a route, understanding speech. Early AI systems
# were mostly rules written by people. **Machine learning** (ML) is the part of AI in which the
# computer derives the rules from example data instead. You already do machine learning when you
# call `fit` on a scikit-learn model: a random forest builds its decision rules from the
# training data, you never write them.
#
# **Deep learning** is the part of machine learning that uses *artificial neural networks* with
# many layers. The main difference from the classic machine learning you know is where the
# features come from. Suppose you want to sort microscope images of cells into phenotypes. For a
# random forest, you would first measure features yourself (cell area, roundness, mean
# brightness) and give the model a table of them. A deep network gets the raw pixels instead and
# learns useful features on the way: its first layers respond to simple patterns such as edges
# and spots, later layers combine these into shapes and structures. This is called
# *representation learning*. It saves you the feature engineering and often finds better
# features than people do, at a price: a network has many more parameters to fit than a random
# forest, so it needs more data and more computation.
#
# ![Three nested rounded boxes. The outer box is artificial intelligence (rule-based expert systems, search and planning, game playing). Inside it is machine learning (linear and logistic regression, random forests, k-means). Inside that is deep learning (neural networks with many layers that learn their own features: image classifiers, speech recognition, language models).](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_ai_ml_dl.png)
#
# *Deep learning is a part of machine learning, which is a part of artificial intelligence.*
#
# The word "neural" is a loose borrowing from biology. An artificial neuron is a few lines of
# arithmetic, as you will compute yourself in a moment; it is not a model of a brain cell.

# %% [markdown]
# ## When to use deep learning, and when not
#
# Deep learning has become the standard method for some kinds of problems, and is a poor choice
# for others. Before you reach for it, check your problem against the following points.
#
# **Where it works well**
#
# - *Unstructured data* such as images, sound, video, text and long sequences (DNA, sensor
#   signals), where good features are hard to design by hand.
# - *Many examples*: large labelled data sets, or a large unlabelled one plus a few labels.
# - *A pretrained model exists* for similar data, which you can adapt to your problem
#   (see below).
# - Relationships that are complicated and non-linear, when there is enough data to learn them.
#
# **What it does poorly**
#
# - Learn reliably from a handful of examples if it starts from scratch.
# - Extrapolate: a network predicts well only for inputs that resemble its training data.
#   A model trained on summer photos of fields knows nothing about snow.
# - Tell you about causes. It learns associations in the data, including accidental ones: if
#   the X-ray images of severe cases all came from one hospital that stamps a marker in the
#   corner, a network may learn to look for the marker instead of the disease.
# - Explain its decisions in a way that is easy to check.
# - Reliably beat simpler models on typical tables of data. In a benchmark of 45 tabular data
#   sets, tree-based models such as random forests and gradient boosting stayed ahead of deep
#   networks on medium-sized data (about 10,000 rows) ([Grinsztajn, Oyallon and Varoquaux,
#   NeurIPS 2022](https://arxiv.org/abs/2207.08815)). For a spreadsheet-like problem, try
#   scikit-learn first.
#
# **Where it should not be used**
#
# - When a simpler, well-understood method does the job: a linear model, a random forest, or
#   an equation from physics that you already know.
# - For decisions about people (hiring, credit, medical triage) unless you can validate the
#   model thoroughly, check it for bias, and explain it. A network trained on biased data
#   reproduces the bias.
# - When you cannot check whether its answers are right, because there is no ground truth to
#   test it against.
# - When the data may not be used this way (consent, privacy, licences).
#
# **How much data do you need?** There is no fixed number. It depends on how complicated the
# relation between input and output is, how noisy the labels are, and whether you start from a
# pretrained model. As a rough orientation: an image classifier trained from scratch usually
# needs thousands of labelled images per class (the CIFAR-10 data set of the
# [image classification episode](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html) has 6,000 per class, 5,000 of them
# for training), while adapting a pretrained model can work with tens to a few hundred per
# class. The reliable way to find out is a *learning curve*: train on 25 %, 50 % and 100 % of
# your data and measure the performance on the same test set each time. If it still improves at
# 100 %, more data will help.
#
# **Pretrained models.** Training a large network from scratch can take days on many GPUs. Often
# you do not have to: someone has trained a network on a huge data set (for example ImageNet,
# about 1.3 million labelled photos in 1,000 classes) and published its weights. You can use
# such a model as it is, or keep the early layers, which learned general features such as edges
# and textures, and retrain only the last layers on your own, much smaller data set. This is
# called *transfer learning* or *fine-tuning*. Places to look for pretrained models are
# [Keras Applications](https://keras.io/api/applications/), [KerasHub](https://keras.io/keras_hub/)
# and the [Hugging Face Hub](https://huggingface.co/models). For many research problems,
# adapting a pretrained model is the quickest route to a good result.
#
# ### Challenge: Deep learning or not?
#
# For each research problem, decide whether deep learning is a good choice, a good choice only
# if you start from a pretrained model, a poor choice, or something it should not be used for.
# Give one reason for each.
#
# 1. Sorting 2 million microscope images of cells into 5 phenotypes; 20,000 of them are labelled.
# 2. Predicting the crop yield of 300 fields from 12 measured soil and weather variables.
# 3. Transcribing 500 hours of recorded interviews into text.
# 4. Deciding which patients in a clinic get a scarce treatment first.
# 5. Calculating the orbit of a satellite from its position, velocity and the laws of gravity.
# 6. Recognising bird species in 10,000 hours of field recordings, of which 2,000 short clips
#    are labelled.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. **Good choice.** Images, a large labelled set and a clear classification task: this is what
#    deep learning is best at. A pretrained image model will still shorten training.
# 2. **Poor choice.** 300 rows of tabular data: a linear model or a random forest will be as good
#    or better, faster, and easier to explain.
# 3. **Good choice with a pretrained model.** Speech recognition needs far more data than 500
#    hours to train from scratch, but excellent pretrained speech-to-text models exist. Check
#    their licence and where they process your (possibly sensitive) interview data.
# 4. **Should not be decided by a network alone.** A high-stakes decision about people needs a
#    transparent, validated procedure; a model could at most support the decision, after careful
#    checks for bias.
# 5. **Poor choice.** The physics is known and exact; a network could only learn an
#    approximation of the equations you already have.
# 6. **Good choice with a pretrained model.** 2,000 labelled clips are few for training from
#    scratch, but audio models pretrained on large sound collections can be fine-tuned on them,
#    and the unlabelled 10,000 hours are where the model then saves you work.
#
# There is room for discussion: for problem 1 you might argue for a pretrained model too, and for
# problem 2 you might want to try a small network as a comparison. What matters is the reasoning:
# type of data, amount of data, existence of pretrained models, and the cost of mistakes.
#
# </details>

# %% [markdown]
# ## A single neuron
#
# A *neuron* (or *unit*) takes a few numbers as input, $x_1, x_2, \dots, x_n$. It multiplies each
# input by its own *weight* $w_i$, adds them up together with a *bias* $b$, and passes the result
# $z$, the *weighted sum*, through an *activation function* $f$:
#
# $$ z = w_1 x_1 + w_2 x_2 + \dots + w_n x_n + b, \qquad y = f(z) $$
#
# The weights and the bias are the *parameters* of the neuron. A weight says how strongly an input
# influences the output, and its sign says in which direction; the bias shifts the weighted sum up
# or down, whatever the inputs are. Training a network means finding good values for all of its
# weights and biases.
#
# ![Diagram of a neuron. Three input circles x1 = 0.5, x2 = -1 and x3 = 2 send arrows labelled with weights w1 = 0.8, w2 = 0.2 and w3 = -0.5 to a circle marked with a summation sign. A dashed circle for the bias b = 0.1 also feeds into it. Above it: weighted sum z = w1 x1 + w2 x2 + w3 x3 + b = -0.7. An arrow leads from the sum to a box labelled activation f(z), and from there to the output y = f(z).](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_neuron.png)
#
# *A single neuron with three inputs. The numbers are the ones of the worked example below.*
#
# Let us compute this neuron by hand first. With the inputs 0.5, -1.0 and 2.0, the weights 0.8,
# 0.2 and -0.5, and the bias 0.1:
#
# $$ z = 0.8 \cdot 0.5 + 0.2 \cdot (-1.0) + (-0.5) \cdot 2.0 + 0.1 = 0.4 - 0.2 - 1.0 + 0.1 = -0.7 $$
#
# The same in NumPy, where `np.dot` multiplies the two arrays element by element and sums the
# products:

# %%
import numpy as np

inputs = np.array([0.5, -1.0, 2.0])
weights = np.array([0.8, 0.2, -0.5])
bias = 0.1

weighted_sum = np.dot(weights, inputs) + bias
print(round(weighted_sum, 4))


# %% [markdown]
# We round the printed value: computers store decimal numbers such as 0.1 only approximately, so
# the unrounded result has a tiny error in the 16th digit.
#
# ### Callout: You have met single neurons before
#
# If you know scikit-learn, you already know two single neurons. `LinearRegression` computes a
# weighted sum plus a bias and outputs it unchanged: a neuron with the identity as activation
# function. `LogisticRegression` passes the same weighted sum through the sigmoid function
# (below) to get a probability. Their `coef_` are the weights and their `intercept_` is the bias.
# Neural networks become interesting when many such neurons are connected.

# %% [markdown]
# ## Activation functions
#
# The activation function decides what the neuron passes on. Four of them cover most of this
# lesson:
#
# - **Identity**, $f(z) = z$: passes the weighted sum on unchanged. Used in the output layer when
#   the network predicts a number (regression). Keras calls it `"linear"`, and uses it when
#   you give a layer no activation.
# - **Sigmoid**, $f(z) = 1 / (1 + e^{-z})$: squeezes any number into the range 0 to 1. Used in the
#   output layer for a yes/no probability.
# - **ReLU** (rectified linear unit), $f(z) = \max(0, z)$: zero for negative input, unchanged for
#   positive input. The usual choice for hidden layers, because it is cheap to compute and
#   networks with it train well.
# - **Softmax**: works on a whole layer at once and turns a list of scores into probabilities that
#   add up to 1. Used in the output layer to choose one of several classes.
#
# The first three are one line of NumPy each. Let us apply them to our neuron's weighted sum:

# %%
def identity(z):
    return z

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def relu(z):
    return np.maximum(0, z)

print("identity:", np.round(identity(weighted_sum), 4))
print("sigmoid: ", np.round(sigmoid(weighted_sum), 4))
print("ReLU:    ", np.round(relu(weighted_sum), 4))

# %% [markdown]
# The same weighted sum gives three different outputs. With ReLU, this neuron is silent: its
# weighted sum is negative. Plotting the functions shows why:

# %%
import matplotlib.pyplot as plt

z = np.linspace(-4, 4, 81)
plt.plot(z, identity(z), linestyle=":", label="identity")
plt.plot(z, sigmoid(z), linestyle="-", label="sigmoid")
plt.plot(z, relu(z), linestyle="--", label="ReLU")
plt.xlabel("weighted sum z")
plt.ylabel("activation f(z)")
plt.legend()
plt.show()


# %% [markdown]
# ![Line plot of three activation functions for weighted sums from -4 to 4. The identity (dotted) is a straight diagonal line from -4 to 4. The sigmoid (solid) is an S-shaped curve rising from near 0 to near 1, passing 0.5 at z = 0. ReLU (dashed) is 0 for all negative z and then rises along the diagonal.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_activation_functions.png)
#
# *The three activation functions for weighted sums from -4 to 4, as drawn by the code above: the identity passes z on, the sigmoid stays between 0 and 1, and ReLU is 0 for every negative z.*
#
# Softmax takes a whole array of scores, one per class, and returns one probability per class.
# It exponentiates every score (which makes it positive) and divides by the sum:

# %%
def softmax(scores):
    exps = np.exp(scores)
    return exps / exps.sum()

scores = np.array([2.0, 1.0, 0.1])
probabilities = softmax(scores)
print(np.round(probabilities, 3))
print(np.round(probabilities.sum(), 3))

# %% [markdown]
# The highest score gets the highest probability, and the probabilities add up to 1. An output
# layer with three neurons and a softmax activation is how a network in the
# [penguins episode](https://deep-learning-intro.github.io/deep-learning-intro/02-penguins.html) will say "Adelie, Chinstrap or Gentoo".
#
# ### Challenge: Quick check: which output activation?
#
# Which activation function would you give the output layer of a network that predicts
#
# 1. tomorrow's hours of sunshine;
# 2. whether a microscope image shows a dividing cell or not;
# 3. which of the 10 digits a handwritten digit is?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. The identity: the output is a number, not a probability. (ReLU would also do, since
#    sunshine cannot be negative.)
# 2. The sigmoid, on one output neuron: it gives the probability of "dividing". (A softmax over
#    two output neurons, one per answer, does the same job.)
# 3. Softmax, on an output layer of 10 neurons: it gives one probability per digit, and they
#    add up to 1.
#
# </details>
#
# ### Challenge: A neuron by hand
#
# A neuron has two inputs, $x_1 = 1.0$ and $x_2 = 2.0$, the weights $w_1 = 0.5$ and
# $w_2 = -1.5$, and the bias $b = 1.0$.
#
# 1. Compute its weighted sum $z$ on paper.
# 2. What does the neuron output with the identity, the ReLU and the sigmoid activation?
#    (For the sigmoid, a calculator or NumPy helps.)
# 3. Check your answers with NumPy, using the functions defined above.
# 4. Above which value must the bias be for the ReLU version to output something above zero?
# 5. An output layer of three neurons computes the weighted sums `[-1.5, 0.5, 0.5]`. Without
#    calculating: which classes get the highest probability after softmax, and which the lowest?
#    Then compute the probabilities with the `softmax` function above.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. $z = 0.5 \cdot 1.0 + (-1.5) \cdot 2.0 + 1.0 = 0.5 - 3.0 + 1.0 = -1.5$
# 2. Identity: $-1.5$. ReLU: $0$, because $z$ is negative. Sigmoid: $1 / (1 + e^{1.5})$, about
#    0.18.
# 3. In NumPy:
#
# ```python
# z_exercise = np.dot(np.array([0.5, -1.5]), np.array([1.0, 2.0])) + 1.0
# print("z:       ", np.round(z_exercise, 4))
# print("identity:", np.round(identity(z_exercise), 4))
# print("ReLU:    ", np.round(relu(z_exercise), 4))
# print("sigmoid: ", np.round(sigmoid(z_exercise), 4))
# ```
#
# 4. Without the bias the weighted sum is $0.5 - 3.0 = -2.5$, so the bias must be larger than
#    2.5 for $z$, and therefore the ReLU output, to be above zero. With a bias of exactly 2.5
#    the output is still 0.
# 5. The second and third classes have the same, highest score, so they get the same, highest
#    probability; the first class gets much less:
#
# ```python
# print(np.round(softmax(np.array([-1.5, 0.5, 0.5])), 3))
# ```
#
# </details>

# %% [markdown]
# ## From neurons to networks
#
# A *layer* is a group of neurons that all receive the same inputs, each with its own weights
# and bias. When every neuron of a layer receives every output of the layer before it, the
# layer is called *dense* or *fully connected*; Keras calls it `Dense`. A layer is computed in one
# go with a matrix product: if `X` holds the inputs (one row per example), the weight matrix `W`
# has one row per input and one column per neuron, and `b` holds one bias per neuron, the
# layer's outputs are `f(X @ W + b)`, where `@` is NumPy's operator for matrix multiplication.
#
# A *network* is layers connected one after the other:
#
# - the *input layer* is just the data, one value per feature; nothing is computed there;
# - the *hidden layers* compute intermediate features; we never see their values in the data,
#   hence "hidden";
# - the *output layer* produces the prediction: one neuron per number to predict, or one per
#   class.
#
# Computing the outputs layer by layer, from the inputs to the prediction, is called the
# *forward pass*.
#
# ![Diagram of a network with four columns of circles connected by lines: an input layer of 3 white circles, hidden layer 1 with 4 grey circles, hidden layer 2 with 4 grey circles and an output layer of 2 dark circles. Every circle is connected to every circle of the next column. An arrow above points from left to right, labelled: information flows from left to right (forward pass).](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_network.png)
#
# *A dense network with two hidden layers. Every line is one weight.*
#
# What makes a network *deep*? There is no sharp line: usually, a network with more than one
# hidden layer is called deep. Modern image networks have tens to hundreds of layers (the
# well-known ResNet-50 has 50). Depth lets later layers build on the features computed by
# earlier ones, such as edges, then textures, then parts of objects.

# %% [markdown]
# ## Why hidden layers matter: XOR
#
# Why do we need hidden layers at all? Consider the *exclusive or* (XOR) problem: two inputs, each
# 0 or 1, and the output should be 1 when exactly one of the inputs is 1.
#
# | $x_1$ | $x_2$ | XOR |
# | --- | --- | --- |
# | 0 | 0 | 0 |
# | 0 | 1 | 1 |
# | 1 | 0 | 1 |
# | 1 | 1 | 0 |
#
# A single neuron with a sigmoid is logistic regression, whose decision boundary is a straight
# line. Try it:

# %%
from sklearn.linear_model import LogisticRegression

X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y_xor = np.array([0, 1, 1, 0])

linear_model = LogisticRegression().fit(X_xor, y_xor)
print("probability of 1:", linear_model.predict_proba(X_xor)[:, 1].round(3))
print("accuracy:", linear_model.score(X_xor, y_xor))

# %% [markdown]
# The trained model gives every point a probability of 0.5, which `predict` turns into class 0:
# two of the four points right, no better than a coin. A straight line *can* do better than
# that. The dashed line in the left panel of the figure below has (1, 1) on one side and the
# other three points on the other, so it classifies three of the four points correctly. What no
# line can do is get all four right: that would need both 1s on one side and both 0s on the
# other.
#
# So why does training not find a three-out-of-four line? Logistic regression does not count
# correct answers; it makes a loss as small as possible (the cross-entropy, which you will meet
# in the section on loss functions), and that loss charges far more for the one point a line
# gets confidently wrong than it gives back for the three it gets right. On XOR, every line
# that makes some points more certain costs more on the others than it gains, so the lowest
# loss a single neuron can reach is a flat 0.5 for every point. You will check this with
# numbers in a quick check below.
#
# That a single neuron cannot learn XOR was a famous argument against neural networks in the
# 1969 book *Perceptrons* by Minsky and Papert; networks with hidden layers answer it.
#
# Now add a hidden layer of two ReLU neurons. We choose their weights by hand: the first neuron
# computes $\mathrm{ReLU}(x_1 + x_2)$, the second $\mathrm{ReLU}(x_1 + x_2 - 1)$. The weight matrix has one column per hidden neuron:

# %%
W_hidden = np.array([[1.0, 1.0],
                     [1.0, 1.0]])
b_hidden = np.array([0.0, -1.0])

hidden = relu(X_xor @ W_hidden + b_hidden)
print(hidden)

# %% [markdown]
# Each row shows what the two hidden neurons output for one of the four input pairs. The output
# neuron (identity activation) takes the first hidden value minus twice the second:

# %%
w_output = np.array([1.0, -2.0])
b_output = 0.0

output = hidden @ w_output + b_output
print(output)


# %% [markdown]
# That is XOR. The hidden layer has turned the inputs into new features: in the hidden values,
# the two inputs with output 1 have landed on the same point, `[1, 0]`, and a single line (the
# output neuron) can now separate them from the rest. This is what "learning features" means,
# in miniature. Here we picked the weights ourselves. Training a network means finding such
# weights automatically from the data, and that is what the rest of this episode is about.
#
# ![Two square plots of input x1 (horizontal) against input x2 (vertical), each with four points: open circles (output 0) at (0,0) and (1,1), black crosses (output 1) at (0,1) and (1,0). Left: a dashed diagonal line has only the circle at (1,1) above it and the other three points below, and a dotted horizontal line has two points on each side; neither separates the crosses from the circles; title: a single neuron draws one straight line, no line separates the X from the O. Right: a grey diagonal band between two parallel lines contains both crosses and neither circle; title: the network with a hidden layer, output above 0.5 in the grey band.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_xor.png)
#
# *The four XOR points. Left: a straight line gets at most three of them on the correct side (the dashed line has only (1, 1) above it). Right: the hand-built network outputs more than 0.5 in the grey band, which holds exactly the two points of class 1.*
#
# ### Challenge: Take away the non-linearity
#
# Compute the hand-built XOR network again, but with the identity instead of ReLU in the hidden
# layer. Keep all weights and biases.
#
# 1. What are the four outputs now? Is it still XOR?
# 2. Write the output as a formula of $x_1$ and $x_2$. What kind of function is it?
# 3. Could any choice of weights make a network with only identity activations solve XOR?

# %%

# %% [markdown]
# <details>
# <summary>Give me a hint</summary>
#
# Replace `relu` by `identity` in the line that computes `hidden`, and reuse `w_output` and
# `b_output`.
#
# </details>
#
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# hidden_linear = identity(X_xor @ W_hidden + b_hidden)
# print(hidden_linear @ w_output + b_output)
# ```
#
# 1. The outputs are 2, 1, 1, 0: not XOR.
# 2. The hidden neurons now compute $x_1 + x_2$ and $x_1 + x_2 - 1$; the output is
#    $(x_1 + x_2) - 2(x_1 + x_2 - 1) = 2 - x_1 - x_2$, a linear function, just like a single
#    neuron.
# 3. No. A weighted sum of weighted sums is again a weighted sum, so without a non-linear
#    activation any number of layers collapses into a single linear neuron, which cannot draw
#    the boundary XOR needs. The non-linear activation is what makes hidden layers worth having.
#
# </details>

# %% [markdown]
# ## How a network learns
#
# Learning means finding weights and biases for which the network's outputs are close to the
# known answers (the *targets*) of the training data. Three ingredients make this work:
#
# 1. a *loss function* that measures, as one number, how wrong the outputs are;
# 2. the *gradient* of the loss: for every weight, how much the loss changes when that weight
#    changes a little;
# 3. an *optimizer* that uses the gradient to change all weights a small step in the direction
#    that lowers the loss, over and over again.

# %% [markdown]
# ## Loss functions
#
# Which loss function to use depends on the kind of output.
#
# For **regression** (predicting numbers) the usual choice is the **mean squared error** (MSE):
# the average of the squared differences between target and prediction. Say a model predicts
# the hours of sunshine on three days, a task you will tackle in the
# [weather episode](https://deep-learning-intro.github.io/deep-learning-intro/03-weather-regression.html):

# %%
def mean_squared_error(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)

sunshine_true = np.array([5.2, 0.0, 9.1])
sunshine_pred = np.array([4.8, 1.0, 8.0])
print(np.round(mean_squared_error(sunshine_true, sunshine_pred), 3))


# %% [markdown]
# Squaring makes every error positive and punishes large errors more than small ones.
#
# For **classification** the usual choice is the **cross-entropy**. The network outputs a
# probability for each class (with softmax), and the loss for one example is minus the logarithm
# of the probability it gave to the *true* class. Three predictions for a penguin that really is
# a Gentoo, the third of the classes Adelie, Chinstrap and Gentoo (Python counts from 0, so
# Gentoo is class 2):

# %%
def cross_entropy(true_class, probabilities):
    return -np.log(probabilities[true_class])

gentoo = 2
print(f"confident and right: {cross_entropy(gentoo, np.array([0.1, 0.2, 0.7])):.3f}")
print(f"unsure:              {cross_entropy(gentoo, np.array([0.3, 0.3, 0.4])):.3f}")
print(f"confident and wrong: {cross_entropy(gentoo, np.array([0.98, 0.01, 0.01])):.3f}")

# %% [markdown]
# A perfect prediction (probability 1 for the true class) would give a loss of 0. The more
# probability the network gives to the wrong classes, the higher the loss, and a confident wrong
# answer costs far more than an unsure one. Over a whole data set, the loss is the average over
# all examples. For two classes, the same idea is called *binary cross-entropy*. In
# scikit-learn, `sklearn.metrics.log_loss` computes the cross-entropy for two or more classes.
#
# ### Challenge: Which model is better?
#
# 1. Two models predict the sunshine of the three days above (`sunshine_true`). Model S predicts
#    `[7.2, 0.0, 9.1]`, model T predicts `[6.2, 1.0, 9.1]`. Both are 2 hours off in total: S on
#    one day, T on two. Which has the lower mean squared error? Work it out on paper, then check
#    with the `mean_squared_error` function above.
#
# Two other models predict whether a sample contains a certain bacterium (1) or not (0). For four
# samples with the true labels `[1, 0, 1, 1]`, they give these probabilities for class 1:
#
# - model A: `[0.9, 0.1, 0.8, 0.4]`
# - model B: `[0.6, 0.4, 0.6, 0.55]`
#
# 2. Write a function `binary_cross_entropy(y_true, p)` that returns the average over the samples
#    of $-\log(p)$ where the label is 1 and $-\log(1 - p)$ where it is 0. Compute it for both
#    models and check your function against `sklearn.metrics.log_loss`.
# 3. Which model has the lower loss? Which one has the higher accuracy, if you predict class 1
#    whenever the probability is above 0.5?
# 4. What does this tell you about loss and accuracy?

# %%

# %% [markdown]
# <details>
# <summary>Give me a hint</summary>
#
# For part 2, `np.where(y_true == 1, a, b)` takes the values of `a` where the label is 1 and those
# of `b` where it is 0. `np.log` is the natural logarithm.
#
# </details>
#
# <details>
# <summary>Show me the solution</summary>
#
# 1. On paper: S has the squared errors $2^2, 0, 0$, so its MSE is $4 / 3 \approx 1.33$; T has
#    $1^2, 1^2, 0$, so its MSE is $2 / 3 \approx 0.67$. T has the lower MSE: squaring makes one
#    large error cost more than two small errors with the same total.
#
# ```python
# model_s = np.array([7.2, 0.0, 9.1])
# model_t = np.array([6.2, 1.0, 9.1])
# print("MSE of S:", np.round(mean_squared_error(sunshine_true, model_s), 3))
# print("MSE of T:", np.round(mean_squared_error(sunshine_true, model_t), 3))
# ```
#
# For the bacteria models:
#
# ```python
# from sklearn.metrics import log_loss
#
# def binary_cross_entropy(y_true, p):
#     return np.mean(-y_true * np.log(p) - (1 - y_true) * np.log(1 - p))
#
# labels = np.array([1, 0, 1, 1])
# p_a = np.array([0.9, 0.1, 0.8, 0.4])
# p_b = np.array([0.6, 0.4, 0.6, 0.55])
#
# for name, p in [("A", p_a), ("B", p_b)]:
#     loss = binary_cross_entropy(labels, p)
#     accuracy = np.mean((p > 0.5) == labels)
#     print(f"model {name}: loss {loss:.3f}, log_loss {log_loss(labels, p):.3f}, accuracy {accuracy:.2f}")
# ```
#
# 2. Our function agrees with scikit-learn's `log_loss`. (Multiplying by the labels, as above,
#    works as well as `np.where`: one of the two terms is always zero.)
# 3. Model A has the lower loss, but model B has the higher accuracy: B gets all four samples
#    right, A gets the last one wrong.
# 4. Loss and accuracy measure different things. Accuracy only asks whether a prediction is on
#    the right side of 0.5; the cross-entropy also rewards confidence in the right answer
#    (model A is very sure about three samples) and punishes confidence in a wrong one. A network
#    is trained by lowering its loss, because the loss changes smoothly when the weights change,
#    while accuracy jumps. You still report the measure that matters for your research question.
#
# </details>
#
# ### Challenge: Quick check: back to XOR
#
# Logistic regression gave each of the four XOR points a probability of 0.5. A neuron with the
# weights 2 and 2 and the bias -1 draws a line that gets three of the four points right (all but
# (1, 1)); its probabilities of class 1 for the points (0, 0), (0, 1), (1, 0) and (1, 1) are 0.27,
# 0.73, 0.73 and 0.95. Which of the two has the lower cross-entropy? Guess first, then check with `log_loss`.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# from sklearn.metrics import log_loss
#
# line_probabilities = sigmoid(X_xor @ np.array([2.0, 2.0]) - 1.0)
# print("a line, 3 of 4 right: ", round(log_loss(y_xor, line_probabilities), 3))
# print("0.5 for every point:  ", round(log_loss(y_xor, [0.5, 0.5, 0.5, 0.5]), 3))
# ```
#
# The flat 0.5 wins. The three points the line gets right cost $-\log(0.73) \approx 0.31$ each,
# but the point (1, 1), where the line is confidently wrong, costs $-\log(1 - 0.95) \approx 3.0$.
# Tilting or moving the line only trades one point against another, and because XOR is
# symmetric the trade never pays: the lowest loss a single neuron can reach on XOR is
# $\log 2 \approx 0.693$, with 0.5 for every point. That is where training settled, even though
# a line with an accuracy of 0.75 exists.
#
# </details>

# %% [markdown]
# ## Gradient descent
#
# Imagine the loss as a landscape over all possible values of the weights. Training starts at
# some point in this landscape (a network starts from small random weights) and walks downhill.
# The *gradient* says, for each weight, which way is uphill and how steep it is: it is the change
# of the loss per small change of that weight, with all other weights kept fixed. If nudging a
# weight up by 0.001 raises the loss by 0.005, that weight's gradient is 5; the loss rises in that
# direction, so the step goes the other way. Each step changes every weight against its gradient:
#
# $$ \text{new weight} = \text{old weight} - \text{learning rate} \times \text{gradient} $$
#
# The *learning rate* sets the size of the steps. Too small, and training crawls; too
# large, and the steps overshoot the valley, so the loss grows instead of shrinking.
#
# ![Three panels, each showing the same U-shaped grey loss curve over a weight w with its minimum at w = 2, and a sequence of dashed steps starting from a square marker at w = -1. Left, learning rate too small: eight tiny steps that end at about w = 0.7, still far from the minimum. Middle, learning rate about right: the steps jump close to the minimum and settle there. Right, learning rate too large: the steps jump back and forth across the valley, higher up the curve each time.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_gradient_descent.png)
#
# *Gradient descent on a loss curve with one weight, for three learning rates: too small a rate creeps towards the minimum, a good one settles there in a few steps, and too large a rate overshoots further with every step.*
#
# Let us train the smallest possible model this way: one neuron with the identity activation,
# $\hat{y} = w x + b$, on five measurements. That is linear regression, which you could also
# solve exactly, so we can check the result.

# %%
x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
y = np.array([2.9, 5.1, 7.0, 8.8, 11.2])


# %% [markdown]
# For this model and the MSE loss, the gradients have a simple form. With
# $\text{error} = \hat{y} - y$, the prediction minus the target:
#
# $$ \text{gradient of } w = \mathrm{mean}(2 \cdot \text{error} \cdot x), \qquad
#    \text{gradient of } b = \mathrm{mean}(2 \cdot \text{error}) $$
#
# Take them on trust for now: an optional section below shows where they come from and checks
# them with numbers. For a real network you never write gradients yourself: Keras computes them
# for every weight with an algorithm called *backpropagation*.
#
# The training loop computes the predictions, the loss and the gradients, and then takes one
# step, again and again. Each pass through the loop looks at all the training data once; such a
# pass is called an *epoch*. We put the loop in a function, because we will call it with
# different learning rates:

# %%
def train(learning_rate, epochs):
    w, b, losses = 0.0, 0.0, []
    for epoch in range(epochs):
        error = (w * x + b) - y
        losses.append(np.mean(error ** 2))
        grad_w = np.mean(2 * error * x)
        grad_b = np.mean(2 * error)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b, losses


# %%
w, b, losses = train(learning_rate=0.01, epochs=100)
print(f"w = {w:.3f}, b = {b:.3f}")
print(f"loss in the first epoch: {losses[0]:.2f}, in the last: {losses[-1]:.4f}")
print("exact least-squares fit (w, b):", np.round(np.polyfit(x, y, deg=1), 3))

# %%
plt.plot(losses)
plt.xlabel("epoch")
plt.ylabel("mean squared error")
plt.show()

# %% [markdown]
# ![Line plot of the mean squared error (vertical) against the epoch from 0 to 99 (horizontal). The loss starts near 57, falls below 1 within the first ten epochs, and then stays flat close to zero.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_training_curves_loss.png)
#
# *Training loss of the one-neuron model per epoch at a learning rate of 0.01, as drawn by the code above: it falls from 57 to below 1 within ten epochs, then flattens out.*
#
# The loss falls steeply in the first few epochs and then levels off. After 100 steps the
# weight is close to the exact answer; the bias is still on its way there. The loss is much
# flatter in the direction of the bias than in that of the weight (a slightly too-large weight
# makes up for most of a too-small bias), so the gradient that would correct the bias is small.
# This slow last stretch is typical for gradient descent.
#
# Now compare three learning rates:

# %%
for learning_rate, style in [(0.001, ":"), (0.01, "-"), (0.1, "--")]:
    w, b, losses = train(learning_rate, epochs=100)
    print(f"learning rate {learning_rate}: final loss {losses[-1]:.3g}")
    plt.plot(losses, linestyle=style, label=f"learning rate {learning_rate}")
plt.yscale("log")
plt.xlabel("epoch")
plt.ylabel("mean squared error (log scale)")
plt.legend()
plt.show()


# %% [markdown]
# ![Line plot of the mean squared error on a logarithmic vertical axis against the epoch from 0 to 99. Learning rate 0.001 (dotted) falls slowly and ends near 0.5. Learning rate 0.01 (solid) falls quickly to about 0.03. Learning rate 0.1 (dashed) rises steadily to about 10 to the power 28.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_training_curves_learning_rates.png)
#
# *Training loss for three learning rates on a logarithmic axis, as drawn by the code above: 0.001 falls slowly, 0.01 converges, and 0.1 diverges.*
#
# With 0.001 the loss is still falling slowly after 100 epochs, 0.01 gets close to the minimum,
# and 0.1 *diverges*: every step overshoots further, and the loss explodes. In a real network a
# diverging loss soon shows up as `nan` (not a number).

# %% [markdown]
# ## Batches and epochs
#
# Our loop used all five examples to compute every step. That is called *full-batch* gradient
# descent, and it works here because five examples are quickly summed. A real training set may
# hold millions of examples, so networks are trained on small random *batches* (often 32 to 256
# examples) instead: each step uses the gradient of one batch, a noisy but cheap estimate of the
# full gradient. This is *stochastic gradient descent* (SGD).
#
# One *epoch* is one pass through the whole training set. With $N$ training examples and a batch
# size of $B$, one epoch takes $\lceil N / B \rceil$ steps. In Keras you will set both when you
# call `model.fit(..., batch_size=..., epochs=...)`. Keras also offers optimizers that are
# smarter than plain SGD, such as Adam, which adapts the step size of every weight as training
# goes on.
#
# ### Challenge: Tune the learning rate
#
# 1. Train the one-neuron model for 100 epochs with the learning rates 0.05, 0.08 and 0.09.
#    Which of them still converge? Roughly where is the largest learning rate that still works?
# 2. Was the learning rate 0.001 wrong, or did it need something else?
# 3. A training set has 10,000 examples and you use a batch size of 32. How many steps does one
#    epoch take? What was the batch size in our toy training, and how many steps did one epoch
#    take there?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# ```python
# for learning_rate in [0.05, 0.08, 0.09]:
#     w, b, losses = train(learning_rate, epochs=100)
#     print(f"learning rate {learning_rate}: final loss {losses[-1]:.3g}")
#
# w, b, losses = train(0.001, epochs=1000)
# print(f"learning rate 0.001 for 1000 epochs: final loss {losses[-1]:.3g}")
#
# print("steps per epoch:", int(np.ceil(10_000 / 32)))
# ```
#
# 1. 0.05 and 0.08 converge, and reach a lower loss than 0.01 did in the same 100 epochs; 0.09
#    diverges. The limit lies between 0.08 and 0.09 for this data set. Larger steps are faster
#    only until they overshoot; that limit depends on the data, which is one reason why inputs
#    are usually scaled to similar, small ranges before training.
# 2. 0.001 was not wrong, only slow: with ten times more epochs it reaches the loss that 0.01
#    reached in 100 epochs. A too-small learning rate costs time; a too-large one breaks training.
# 3. $\lceil 10000 / 32 \rceil = 313$ steps (312 full batches and a last one of 16 examples). In
#    the toy training the batch was the whole data set of 5 examples, so every epoch was a single
#    step.
#
# </details>

# %% [markdown]
# ## Optional: backpropagation, for the curious
#
# This section is for readers who know some calculus and want to see where gradients come from.
# Nothing later in the lesson depends on it; skip it if you like.
#
# Where do the gradients come from? For our neuron, the loss $L$ depends on the prediction
# $\hat{y}$, and the prediction depends on the weight $w$. The *chain rule* of calculus says that
# the effect of $w$ on $L$ is the product of the effects along the chain. Written with *partial
# derivatives* ($\partial L / \partial w$ is the change of $L$ per small change of $w$, all other
# weights fixed: the gradient of $w$):
#
# $$ \frac{\partial L}{\partial w} = \frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial w} $$
#
# For one example, the first factor (how the loss changes with the prediction) is
# $2 (\hat{y} - y) / n$, where $n$ is the number of examples, and the second (how the prediction
# $w x + b$ changes with the weight) is $x$. Multiply them and add up over all examples, and you
# get $\mathrm{mean}\big(2 (\hat{y} - y)\, x\big)$, the formula we used. You can check a gradient without
# any calculus: nudge the weight a tiny bit up and down and see how much the loss changes.

# %%
def loss_at(w, b):
    return np.mean((w * x + b - y) ** 2)

w, b, nudge = 1.0, 0.0, 1e-6
numerical = (loss_at(w + nudge, b) - loss_at(w - nudge, b)) / (2 * nudge)
from_formula = np.mean(2 * (w * x + b - y) * x)
print(f"numerical: {numerical:.4f}, from the formula: {from_formula:.4f}")

# %% [markdown]
# In a network with many layers the chain is simply longer. The loss depends on the output layer,
# which depends on the last hidden layer, which depends on the one before, and so on.
# *Backpropagation* applies the chain rule from the output backwards: each layer receives "how much
# the loss changes when my output changes", multiplies it by its own local derivative, and passes
# the result on to the layer before it. One backward pass gives the gradient for every weight of
# the network, at a cost similar to that of the forward pass (typically about twice as much),
# which is what makes training networks with millions of weights possible. (Nudging each weight separately, as in our check, would need two
# forward passes per weight.)
#
# You will never write this by hand in practice: Keras and the libraries under it compute the
# gradients of any network automatically (*automatic differentiation*). It still helps to know
# what happens, for example to understand why a ReLU neuron whose weighted sum is negative for
# every example stops learning: its slope is zero there, so no gradient flows back through it.

# %% [markdown]
# ## The deep-learning workflow
#
# Every episode of this lesson follows the same ten steps. Knowing them helps you plan a project
# of your own and find your way around a new one.
#
# 1. **Formulate the problem.** What question should the model answer, and is deep learning the
#    right tool (see above)?
# 2. **Identify inputs and outputs.** What does the model receive (measurements, images, text),
#    and what should it produce (a number, a class, several classes)?
# 3. **Prepare the data.** Load, clean and explore the data; turn it into numbers; scale it; split
#    it into training, validation and test sets.
# 4. **Choose a pretrained model or build an architecture.** Adapt an existing model if one
#    exists; otherwise choose the layers, how many neurons they have, and their activations.
# 5. **Choose a loss function and an optimizer.** The loss follows from the kind of output (MSE
#    for numbers, cross-entropy for classes); the optimizer decides how the weights are updated.
# 6. **Train the model.** Run gradient descent for a number of epochs and watch the loss.
# 7. **Make predictions.** Use the trained model on data it has not seen.
# 8. **Measure performance.** Compare the predictions with the true values of the test set, with
#    a metric that matters for your question, and against a simple baseline.
# 9. **Refine the model.** Change the data preparation, the architecture or the training
#    settings, and train again.
# 10. **Share the model.** Save it, document how it was trained and on which data, and publish it
#     so that others can reuse and check it.
#
# ![Flow chart of ten numbered boxes in a U shape. Down the left column: 1 formulate the problem, 2 identify inputs and outputs, 3 prepare the data, 4 choose a pretrained model or build an architecture, 5 choose a loss function and an optimizer. An arrow along the bottom leads to the right column, read upwards: 6 train the model, 7 make predictions, 8 measure performance, 9 refine the model, 10 share the model. A dashed arrow labelled refine and train again leads from step 9 back to step 4.](https://deep-learning-intro.github.io/deep-learning-intro/fig/01_workflow.png)
#
# *The ten steps of the deep-learning workflow, with a loop from refining the model back to choosing the architecture.*
#
# The rest of the lesson walks through the workflow five times, each time adding something new:
#
# | episode | problem | what it adds |
# | --- | --- | --- |
# | [Classifying penguins](https://deep-learning-intro.github.io/deep-learning-intro/02-penguins.html) | which species is a penguin, from its body measurements? | all ten steps with a small dense network in Keras |
# | [Predicting sunshine](https://deep-learning-intro.github.io/deep-learning-intro/03-weather-regression.html) | how many hours of sunshine will Basel have tomorrow? | regression, a time-ordered split of the data, a baseline to beat |
# | [Monitoring training](https://deep-learning-intro.github.io/deep-learning-intro/04-monitor-training.html) | the weather model, improved | step 9 in depth: overfitting, early stopping, dropout, batch normalization |
# | [Image classification](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html) | what is in a small colour image (CIFAR-10)? | convolutional networks for images |
# | [Transfer learning](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html) | what is in a small colour image, with only 300 labelled images per class? | step 4 with a pretrained network, compared fairly with a network trained from scratch |
#
# The [outlook](https://deep-learning-intro.github.io/deep-learning-intro/07-outlook.html) then plans your own research problem through the ten steps and
# points to what to learn next.
#
# ### Challenge: Your research problem through the workflow
#
# Take a problem from your own research (or one from your field) that you might solve with deep
# learning. Write down, in one or two sentences each:
#
# 1. the question the model should answer;
# 2. the inputs and the outputs, and how many labelled examples you have or could get;
# 3. whether a pretrained model for similar data might exist;
# 4. which loss function you would start with;
# 5. how you would measure whether the model is good enough, and what simple baseline you would
#    compare it with.
#
# Compare with your neighbour: would deep learning be the right tool for their problem?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Answers depend on your problem. An example from ecology:
#
# 1. Which animal species appears in each photo from 40 camera traps?
# 2. Input: colour photos. Output: one of 12 species, or "empty". About 3,000 photos have been
#    labelled by hand; 200,000 are not.
# 3. Yes: general image models pretrained on ImageNet exist, and some models are trained on
#    camera-trap photos specifically, so fine-tuning is the first thing to try.
# 4. Cross-entropy, with a softmax output layer of 13 neurons.
# 5. Accuracy per species on a test set of photos from camera traps the model has not seen
#    during training (so that it cannot recognise the background instead of the animal),
#    compared with always predicting the most common class.
#
# If your answers to 2 or 3 are "a few hundred rows of measurements" and "no", a classic
# machine-learning method is probably the better start.
#
# </details>

# %% [markdown]
# ## Deep-learning libraries
#
# You could build every network of this lesson in NumPy, as we did above, but you would soon
# miss automatic gradients, ready-made layers and optimizers, fast execution on graphics cards
# (GPUs), and ways to load data and save models. Deep-learning libraries provide all of that.
# The three you will meet most often are:
#
# - **[PyTorch](https://pytorch.org/)**, started by Meta and now run by the PyTorch Foundation,
#   very widely used in research;
# - **[TensorFlow](https://www.tensorflow.org/)**, by Google, widespread in industry and for
#   deploying models;
# - **[JAX](https://docs.jax.dev/)**, by Google, NumPy-like functions with automatic gradients,
#   popular in research on large models.
#
# **[Keras](https://keras.io/)** is a high-level interface on top of them. Since version 3, the
# same Keras code runs with TensorFlow, PyTorch or JAX as its *backend*: Keras describes the
# network, the backend does the computation. This lesson uses Keras because its code is short
# and readable, and each line maps onto one of the ideas of this episode: a `Dense` layer, an
# activation, a loss, an optimizer, a batch size, a number of epochs. The concepts carry over
# to PyTorch or JAX, which differ in how you write the code, not in what it does. Older
# tutorials online often use Keras 2 through `tf.keras`; most of their ideas still apply, but
# some details of the code differ from Keras 3.
# (scikit-learn also has a small neural network, `MLPClassifier`, but it has no GPU support and
# no layers for images or sequences.)
#
# Let us check that Keras is installed and see which version and backend you have:

# %%
import keras

print("Keras version:", keras.__version__)
print("Keras 3:", keras.__version__.startswith("3."))
print("Backend:", keras.backend.backend())

# %% [markdown]
# The exact version number on your machine will differ; what matters is that the second line
# says `True`. The backend is `tensorflow` if you followed the [setup instructions](https://deep-learning-intro.github.io/deep-learning-intro/index.html#setup);
# it says `torch` or `jax` if you chose one of those. Importing Keras may print a few
# informational messages from the backend (about CPU instructions or CUDA, for example); you can
# ignore them. If `import keras` fails with `ModuleNotFoundError`, or the second line says `False`,
# Jupyter is running another Python environment than the one you installed: see
# [Common installation problems](https://deep-learning-intro.github.io/deep-learning-intro/index.html#common-installation-problems) on the setup
# page.
#
# Can the backend use a GPU? Each backend library answers that its own way: PyTorch with
# `torch.cuda.is_available()`, TensorFlow and JAX through Keras's list of devices:

# %%
if keras.backend.backend() == "torch":
    import torch
    print("GPU:", torch.cuda.is_available())
else:
    print("GPU:", any(d.startswith("gpu") for d in keras.distribution.list_devices()))

# %% [markdown]
# `True` means the backend has found a GPU it can use; on most laptops it says `False`, and the
# computations run on the CPU. A CPU is enough for everything in this lesson.
#
# ### Callout: Choosing the backend
#
# Keras reads the backend when it is imported, from the environment variable `KERAS_BACKEND`
# or, if that is not set, from the file `keras.json` in the folder `.keras` in your home
# directory. To switch, install the other library, set the variable, and start a new Python
# session (restart the Jupyter kernel): changing it after `import keras` has no effect. The
# setup page shows [how to install PyTorch or JAX and set the variable](https://deep-learning-intro.github.io/deep-learning-intro/index.html#optional-pytorch-or-jax-instead-of-tensorflow).
#
# Every page of this lesson is tested with all three backends. The code runs unchanged; the
# numbers a training prints differ, because each backend draws its own random numbers, so
# where this lesson shows a training result, yours may differ a little on TensorFlow and more
# on another backend. Where a backend gives clearly different numbers, the page says so.
# On a laptop CPU, PyTorch trains the image networks of episodes 5 and 6 about half as fast as
# TensorFlow, and JAX about a fifth as fast: with JAX, use TensorFlow or PyTorch for those episodes.
#
# ### Challenge: Check your installation
#
# 1. Run the two checks above on your own computer. Which Keras version, backend and devices
#    do you see?
# 2. How could you find out, without changing anything, whether your installation would use a
#    GPU?
# 3. A colleague has installed JAX and wants to run the lesson with it. What must they do?

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# 1. Your version will be 3.something; with the setup of this lesson the backend is
#    `tensorflow`, and on most laptops there is no GPU: `GPU: False`.
# 2. The second check above prints `GPU: True` if the backend has found a usable GPU. If you have
#    an NVIDIA GPU but see `False`, the backend was installed without GPU support or cannot find
#    the GPU driver; the lesson works on the CPU anyway.
# 3. Set the environment variable before Keras is imported, for example at the very top of a
#    fresh notebook, and check the result:
#
# ```python
# import os
# os.environ["KERAS_BACKEND"] = "jax"
#
# import keras
# print(keras.backend.backend())
# ```
#
# In a terminal, `export KERAS_BACKEND=jax` before starting Jupyter does the same for every
# notebook.
#
# </details>
#
# **Key Points**
#
# - Deep learning is machine learning with neural networks of many layers that learn their own features from raw data; it suits large amounts of images, sound, text or other unstructured data, or problems where a pretrained model can be adapted, and rarely beats simpler methods on small tables.
# - A neuron computes a weighted sum of its inputs plus a bias and passes it through an activation function: identity for numbers, sigmoid for one probability, ReLU in hidden layers, softmax for one class out of several.
# - A single neuron draws one straight line, which gets at most three of the four XOR points right; hidden layers with a non-linear activation let a network compute new features, and without the non-linearity any number of layers collapses into a single linear neuron.
# - A loss function measures how wrong the predictions are as one number: mean squared error for regression, cross-entropy for classification.
# - Training is gradient descent: the gradient says, for every weight, how much the loss changes when that weight changes a little, and the optimizer steps against it; the learning rate sets the step size, a batch is the set of examples per step, and an epoch is one pass through the training data. Keras computes the gradients for you (backpropagation).
# - Every project follows the same workflow: formulate the problem, identify inputs and outputs, prepare the data, choose a pretrained model or an architecture, choose loss and optimizer, train, predict, measure performance, refine, and share.
# - Keras 3 is a high-level interface that runs on TensorFlow, PyTorch or JAX; `keras.backend.backend()` shows which backend your installation uses, and each backend can tell whether it has a GPU.
