"""Helpers for the backpropagation notebook series: layers, activations, losses,
gradient checks, data, plots and interactive explorers.

Names and attributes follow "Neural Networks from Scratch" (``forward`` stores
``.output``; ``backward`` stores ``.dinputs``, and ``.dweights`` / ``.dbiases`` for a dense
layer), so code moves between the book and this package unchanged. The book spells the
class names with underscores (``Layer_Dense``); those spellings are aliases of the same classes.
"""

from .activations import ActivationReLU, ActivationSoftmax, softmax, softmax_backward_jacobian
from .data import spiral_data
from .gradcheck import (
    GradientCheckError,
    GradientReport,
    assert_layer_gradients,
    check_function_gradient,
    check_layer_gradients,
    numerical_gradient,
    rel_error,
)
from .layers import LayerDense
from .losses import (
    ActivationSoftmaxLossCategoricalCrossentropy,
    Loss,
    LossCategoricalCrossentropy,
    one_hot,
)
from .neuron import neuron_backward, neuron_forward, sgd_step
from .optimizers import OptimizerSGD
from .training import Classifier, TrainingHistory, accuracy, train

__all__ = [
    "ActivationReLU",
    "ActivationSoftmax",
    "ActivationSoftmaxLossCategoricalCrossentropy",
    "Classifier",
    "GradientCheckError",
    "GradientReport",
    "LayerDense",
    "Loss",
    "LossCategoricalCrossentropy",
    "OptimizerSGD",
    "TrainingHistory",
    "accuracy",
    "assert_layer_gradients",
    "check_function_gradient",
    "check_layer_gradients",
    "neuron_backward",
    "neuron_forward",
    "numerical_gradient",
    "one_hot",
    "rel_error",
    "sgd_step",
    "softmax",
    "softmax_backward_jacobian",
    "spiral_data",
    "train",
    # the book's spellings (aliases, below)
    "Layer_Dense",
    "Activation_ReLU",
    "Activation_Softmax",
    "Loss_CategoricalCrossentropy",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Optimizer_SGD",
]

# The book's spellings, so its listings run as printed. Same classes, not copies.
Layer_Dense = LayerDense
Activation_ReLU = ActivationReLU
Activation_Softmax = ActivationSoftmax
Loss_CategoricalCrossentropy = LossCategoricalCrossentropy
Activation_Softmax_Loss_CategoricalCrossentropy = ActivationSoftmaxLossCategoricalCrossentropy
Optimizer_SGD = OptimizerSGD

# Last, so an exercise module may import anything above from the package.
from .exercises import ExerciseResult, check_exercise, check_explorer  # noqa: E402

__all__ += ["ExerciseResult", "check_exercise", "check_explorer"]
