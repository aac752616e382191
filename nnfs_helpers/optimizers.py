"""Stochastic gradient descent, with the optional decay and momentum of the book's chapter 10."""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import check_positive_float, describe


def _check_fraction(value, name: str, *, upper_open: bool) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    if not np.isfinite(value) or value < 0 or (upper_open and value >= 1):
        bound = "0 <= value < 1" if upper_open else "value >= 0"
        raise ValueError(f"{name} must satisfy {bound}, got {value}")
    return float(value)


class OptimizerSGD:
    r"""Plain SGD: :math:`W \leftarrow W - \eta \, \partial L / \partial W` for every layer.

    Args:
        learning_rate: :math:`\eta > 0`, the step size.
        decay: learning-rate decay per step, :math:`\eta_t = \eta / (1 + \text{decay} \cdot t)`; 0 = none.
        momentum: fraction of the previous update kept in the next one (0 = plain SGD, < 1).

    Use ``update_params(layer)`` for one layer (what the book does), or ``step(layers)``
    to update several and advance the decay schedule once.
    """

    def __init__(self, learning_rate=1.0, *, decay=0.0, momentum=0.0):
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")
        self.decay = _check_fraction(decay, "decay", upper_open=False)
        self.momentum = _check_fraction(momentum, "momentum", upper_open=True)
        self.current_learning_rate = self.learning_rate
        self.iterations = 0

    def pre_update_params(self) -> None:
        """Set the learning rate for this step from the decay schedule."""
        self.current_learning_rate = self.learning_rate / (1.0 + self.decay * self.iterations)

    def update_params(self, layer) -> None:
        """Move ``layer.weights`` and ``layer.biases`` against ``dweights`` and ``dbiases``."""
        if getattr(layer, "dweights", None) is None or getattr(layer, "dbiases", None) is None:
            raise ValueError(
                f"update_params needs a layer whose backward() has run (with .dweights and .dbiases), "
                f"got {type(layer).__name__} without them"
            )
        lr = self.current_learning_rate
        if self.momentum:
            if not hasattr(layer, "weight_momentums"):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            layer.weight_momentums = self.momentum * layer.weight_momentums - lr * layer.dweights
            layer.bias_momentums = self.momentum * layer.bias_momentums - lr * layer.dbiases
            layer.weights += layer.weight_momentums
            layer.biases += layer.bias_momentums
        else:
            layer.weights += -lr * layer.dweights
            layer.biases += -lr * layer.dbiases

    def post_update_params(self) -> None:
        """Count the step (drives the decay schedule)."""
        self.iterations += 1

    def step(self, layers) -> None:
        """One optimisation step over every layer in ``layers``."""
        self.pre_update_params()
        for layer in layers:
            self.update_params(layer)
        self.post_update_params()
