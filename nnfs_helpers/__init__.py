"""Helpers for the backpropagation notebook series: layers, activations, losses,
gradient checks, data, plots and interactive explorers.

``import nnfs_helpers`` loads the maths only. The exercise engine (``nnfs_helpers.exercises``),
the explorers (``nnfs_helpers.widgets``) and the plots (``nnfs_helpers.plots``) load when first
used, so ``nnfs_helpers.check_exercise`` still works without importing ipywidgets up front.

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
from .training import Classifier, TrainingHistory, accuracy, train, train_spiral

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
    "train_spiral",
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

# The exercise engine, the widgets and the plots load on first use (contract 4): importing the
# maths must not pull in ipywidgets or matplotlib, which take seconds and are not needed to train.
_LAZY_NAMES = {"ExerciseResult": "exercises", "check_exercise": "exercises", "check_explorer": "exercises"}
_LAZY_MODULES = ("exercises", "widgets", "plots")

__all__ += list(_LAZY_NAMES)


def __getattr__(name: str):
    """Import ``nnfs_helpers.exercises`` (and the like) the first time one of its names is used."""
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f".{_LAZY_NAMES[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'nnfs_helpers' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_NAMES) | set(_LAZY_MODULES))
