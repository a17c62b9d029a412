# %% [markdown]
# # Outlook: your own project, and what comes next
#
# *Introduction to deep learning*, episode 7. This notebook holds the code and text of [the episode on the lesson website](https://deep-learning-intro.github.io/deep-learning-intro/07-outlook.html). Run the cells from top to bottom. Each exercise has an empty code cell for your answer; its solution is folded below it ("Show me the solution"): try the exercise yourself before you open it. Solutions are text, so running the notebook does not run them.

# %% [markdown]
# **Questions**
#
# - How do I apply the deep-learning workflow to my own research problem?
# - Which kinds of data and models did this lesson leave out, and where can I learn about them?
# - What changes when I train on a GPU, in the cloud or on a computing cluster?
# - How do I keep track of my experiments, and what should I check about bias and the origin of my data?
#
# **Objectives**
#
# - Plan a deep-learning project of your own through the ten steps of the workflow.
# - Name a suitable model family for sequences and text, for language, and for generating data, and find material to learn each.
# - Explain which parts of the lesson's code change on a GPU, on Colab or on an HPC cluster, and which do not.
# - Organise experiments with fixed seeds, recorded settings and tracked results.
# - Check a dataset and a model for bias, provenance and licence before using or sharing them.

# %% [markdown]
# ## The workflow, one last time
#
# In five episodes we took three datasets through the same ten steps: tables of penguin
# measurements, a time series of weather observations, and small photographs, first with our own
# networks and then with a pretrained one. The steps were the same every time; what changed was
# the data, the architecture and the loss. This episode has almost no code. It is about taking
# what you learned to your own research, and about what to learn next.
#
# ### Challenge 1: plan your project through the ten steps
#
# Take a problem from your own research, perhaps the one you described in the
# [introduction](https://deep-learning-intro.github.io/deep-learning-intro/01-introduction.html), and write one or two sentences for each step:
#
# 1. **Formulate the problem.** What should the model answer? Is deep learning the right tool,
#    or would a classic method on a few features do?
# 2. **Identify inputs and outputs.** What is one example, and what is its label? How many
#    labelled examples do you have, and how many could you get?
# 3. **Prepare the data.** How will you split it so that the test set is really new (other years,
#    other sites, other patients)? What has to be scaled?
# 4. **Choose a pretrained model or build an architecture.** Is there a pretrained model for
#    similar data? Which licence does it have?
# 5. **Choose a loss function and an optimizer.** Which loss fits your output?
# 6. **Train the model.** Can you train on a laptop, or do you need a GPU?
# 7. **Make predictions.** On which data will the model be used, and does it look like the
#    training data?
# 8. **Measure performance.** Which metric matters for your question, and which baseline must
#    the model beat?
# 9. **Refine the model.** What would you try first if it overfits, or if it underfits?
# 10. **Share the model.** What must others know to use it correctly?
#
# Then swap plans with your neighbour and look for the weakest step in each other's plan.

# %%

# %% [markdown]
# <details>
# <summary>Show me the solution</summary>
#
# Every plan is different; here are the weak spots we see most often.
#
# - Step 2: too few labels. A few hundred labelled examples per class call for a pretrained model
#   (as in [the transfer learning episode](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html)), for augmentation, or for
#   labelling more data, which is often the best use of time.
# - Step 3: a split that leaks. Neighbouring days, images of the same animal or the same patient,
#   or repeated measurements of one sample end up on both sides of a random split, and the test
#   score is then too good to be true.
# - Step 8: no baseline. Without "always the most common class" or "tomorrow is like today" to
#   compare with, an accuracy of 0.9 means nothing.
# - Step 10: the preprocessing is not part of the model, so nobody can use it correctly later.
#
# </details>

# %% [markdown]
# ## Other kinds of data and models
#
# The lesson covered tables and images with dense and convolutional networks. Three families of
# models cover most of what it left out.
#
# **Sequences and text.** Measurements in time order (sensor signals, DNA, speech) and text are
# sequences: the order carries meaning. One-dimensional convolutions (`keras.layers.Conv1D`) slide
# a kernel along the sequence, as our `Conv2D` slid one over an image; recurrent layers such as
# `keras.layers.LSTM` read a sequence step by step and keep a memory of what they have seen. Text
# is first split into *tokens* (words or pieces of words), which an `Embedding` layer turns into
# vectors. The Keras code examples on timeseries and on natural language processing
# (<https://keras.io/examples/>) show each of these on real data.
#
# **Transformers and large language models.** A *transformer* replaces the step-by-step reading
# by *attention*: every token looks at every other token and weighs how much each matters. It
# trains efficiently on GPUs and has become the standard for text, and increasingly for images,
# audio and protein sequences. Large language models are transformers with billions of parameters,
# pretrained on much of the public text of the web. You will rarely train one; like our MobileNet,
# you start from a pretrained model and adapt it, or use it as it is through a prompt. The ideas
# of this lesson still hold: check its training data, its licence and its evaluation, and measure
# it on your own validation set. KerasHub (<https://keras.io/keras_hub/>) provides pretrained
# transformers as Keras models, and the free Hugging Face course
# (<https://huggingface.co/learn>) teaches how to fine-tune them.
#
# **Generative models.** All our models predicted a label or a number. Generative models produce
# new data: images, text, molecules or simulated measurements. *Autoencoders* learn to compress
# data into a few numbers and to rebuild it, which is also useful to find unusual samples;
# *diffusion models* generate images by learning to remove noise step by step; language models
# generate text one token at a time. The Keras examples include an autoencoder and a diffusion
# model to start from. For research, be careful: generated data looks convincing whether or not
# it is right.

# %% [markdown]
# ## Compute: GPUs, Colab and clusters
#
# Every network in this lesson trained in under a minute on a laptop CPU, because we kept the data
# and the models small. Larger images, more data or a transformer need a *GPU*, a processor that
# does thousands of multiplications in parallel.
#
# - **What does not change: your code.** The same Keras code runs on a CPU and on a GPU. Keras
#   uses a GPU automatically when the backend finds one; you install the GPU build of the backend
#   (the [setup page](https://deep-learning-intro.github.io/deep-learning-intro/index.html#optional-using-a-gpu) shows how for TensorFlow) and nothing else.
# - **What changes: the numbers and the settings.** Results differ in the last decimals (a GPU
#   adds numbers in another order), larger batches become affordable (a batch size of 128 or 256
#   keeps a GPU busy), and the slowest part is often reading the data rather than training.
# - **Google Colab** (<https://colab.research.google.com/>) gives you a notebook with a GPU in the
#   browser, free for short sessions. It is the easiest way to try a GPU, but sessions end after
#   some hours, and your files go with them unless you save them elsewhere. Do not upload
#   sensitive or personal data to it.
# - **HPC clusters** at universities and national centres offer many GPUs for long runs. You write
#   your notebook's code as a Python script (each episode of this lesson with code offers its own
#   as a download at the top of the page), and a *job scheduler* such as Slurm runs it when GPUs
#   are free; the script saves the model and the history to files instead of showing plots. Your
#   local research computing team offers training for this; the HPC Carpentry lessons
#   (<https://www.hpc-carpentry.org/>) are a good start.

# %% [markdown]
# ## Organising experiments
#
# In episodes 4 to 6 we compared many variants of a model. In a real project there are soon
# dozens, and after a month nobody remembers which settings gave which number. A few habits help:
#
# - **Fix and record the seed**, as we did with `keras.utils.set_random_seed`, and repeat important
#   comparisons with two or three seeds before you believe a difference of a point or two.
# - **Keep all settings in one place**, for example a dictionary or a small configuration file
#   (learning rate, batch size, epochs, layers, data version), and save it next to each trained
#   model.
# - **Track results automatically.** Save `history.history` of every run to a file, or use a
#   tracking tool such as TensorBoard (`keras.callbacks.TensorBoard`), MLflow or Weights & Biases,
#   which record settings, curves and models for each run and let you compare them.
# - **Version the code and the data** with git, and record which data, split and code version
#   each result came from. The test set is still used once, at the end, for the model you chose.

# %% [markdown]
# ## Bias, provenance and ethics
#
# A model learns whatever its data contains, including its gaps and prejudices. In the image
# classification episode we looked at
# [where CIFAR-10 came from](https://deep-learning-intro.github.io/deep-learning-intro/05-image-classification.html#where-cifar-10-comes-from-and-may-we-use-it):
# its parent collection of 80 million web images was withdrawn because of offensive labels and
# images gathered automatically. And in the transfer learning episode our model inherited
# [ImageNet's images and their terms of use](https://deep-learning-intro.github.io/deep-learning-intro/06-transfer-learning.html#licences-of-pretrained-models).
# Before you train or reuse a model, ask:
#
# - **Provenance.** Where does the data come from, who collected and labelled it, under which
#   licence and with what consent? Are there personal data, and does your use comply with data
#   protection law?
# - **Representativeness.** Whom or what does the data cover, and whom does it miss? A model of
#   skin lesions trained mostly on light skin, or a camera-trap model trained at one site, will
#   fail more often elsewhere. Measure performance per group or per site, not only overall.
# - **Labels.** Who decided what the right answer is? Labels carry the judgements, and the
#   mistakes, of the people who made them.
# - **Use.** What happens when the model is wrong, and to whom? Who can check its decisions?
#
# Write the answers down and share them with the model, for example as a *model card* or a
# *datasheet for datasets* (Gebru et al., 2021, *Datasheets for Datasets*, Communications of the
# ACM 64(12)).
#
# ### Discussion: Who could be harmed?
#
# Think about the project you planned in Challenge 1. Which group, place or situation might be
# under-represented in your data? How would you find out, and what would a wrong prediction cost
# there? Discuss with your neighbour for two minutes.

# %% [markdown]
# ## Where to learn more
#
# The [reference page](https://deep-learning-intro.github.io/deep-learning-intro/reference.html#where-to-learn-more) lists books, courses and documentation for each
# of the topics above, together with the lesson's glossary. Keep the notebooks of this lesson:
# their code is a template for your own first project.
#
# **Key Points**
#
# - The ten steps of the workflow apply to any deep-learning project; plan your own through them,
#   with an honest split, a baseline and a plan for sharing.
# - Sequences and text use 1D convolutions, recurrent layers and transformers; large language
#   models and generative models are usually reused pretrained and need the same checks as any
#   pretrained model.
# - The same Keras code runs on a CPU, a GPU, Colab or an HPC cluster; what changes is the
#   installation, the batch size, the speed and the last decimals.
# - Fix seeds, record every setting, track results automatically and version code and data.
# - Check where data comes from, whom it represents, who labelled it and under which licence, and
#   document it with the model.
