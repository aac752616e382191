"""Stochastic gradient descent, with the optional decay and momentum of the book's chapter 10."""

from __future__ import annotations

import numpy as np

from ._checks import check_number, check_positive_float, describe


def _check_parameter(layer, name: str, gradient_name: str) -> None:
    """Raise unless ``layer.<name>`` is a float array shaped like its gradient (updated in place)."""
    parameter, gradient = getattr(layer, name), getattr(layer, gradient_name)
    if type(parameter) is np.ndarray and parameter.dtype.kind == "f" and parameter.shape == np.shape(gradient):
        return
    where = f"{type(layer).__name__}.{name}"
    if not isinstance(parameter, np.ndarray):
        raise TypeError(
            f"{where} must be a numpy array to be updated in place, got {describe(parameter)}; "
            f"set it with np.array(..., dtype=float)"
        )
    if parameter.dtype.kind != "f":
        raise TypeError(
            f"{where} must hold floats to take a gradient step, got dtype {parameter.dtype}; "
            f"set it with layer.{name} = layer.{name}.astype(float)"
        )
    shape = np.shape(gradient)
    hint = " (biases are a row, shape (1, M): use biases.reshape(1, -1))" if name == "biases" else ""
    raise ValueError(f"{where} must have the shape of {gradient_name}, {shape}{hint}; got shape {parameter.shape}")


def _check_buffer(layer, buffer: str, parameter: str) -> None:
    """Raise unless the momentum buffer ``layer.<buffer>`` has its parameter's shape.

    A buffer left from weights of another shape (a layer rebuilt with another width) would
    otherwise broadcast into the update, or fail deep inside numpy.
    """
    velocity, values = getattr(layer, buffer, None), getattr(layer, parameter)
    if np.shape(velocity) != values.shape:
        raise ValueError(
            f"{type(layer).__name__}.{buffer} has shape {np.shape(velocity)} but {parameter} have shape "
            f"{values.shape}: the velocity v must match its parameter. The {parameter} changed shape after momentum "
            f"started; delete layer.weight_momentums and layer.bias_momentums (or use a new layer) to start v at 0"
        )


class OptimizerSGD:
    r"""Plain SGD: :math:`W \leftarrow W - \eta \, \partial L / \partial W` for every layer.

    Args:
        learning_rate: :math:`\eta > 0`, the step size.
        decay: learning-rate decay per step, :math:`\eta_t = \eta / (1 + \text{decay} \cdot t)`; 0 = none.
        momentum: beta, the fraction of the previous update kept in the next one (0 = plain SGD, < 1):
            :math:`v \leftarrow \beta v - \eta_t \, \partial L / \partial W`, then :math:`W \leftarrow W + v`.
            The velocity v is stored on the layer as ``weight_momentums`` / ``bias_momentums``.

    Use ``update_params(layer)`` for one layer (what the book does), or ``step(layers)``
    to update several and advance the decay schedule once.
    """

    def __init__(self, learning_rate=1.0, *, decay=0.0, momentum=0.0):
        self.iterations = 0
        self._decay = 0.0
        self.learning_rate = learning_rate
        self.decay = decay
        self.momentum = momentum

    # Properties, so a rate or decay set after construction is checked as the constructor checks
    # it, and takes effect at the very next update, even one called without pre_update_params.
    @property
    def learning_rate(self) -> float:
        r""":math:`\eta > 0`; setting it takes effect at the next update."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._learning_rate = check_positive_float(value, "learning_rate")
        self.pre_update_params()

    @property
    def decay(self) -> float:
        return self._decay

    @decay.setter
    def decay(self, value) -> None:
        self._decay = check_number(value, "decay", 0)
        self.pre_update_params()

    @property
    def momentum(self) -> float:
        return self._momentum

    @momentum.setter
    def momentum(self, value) -> None:
        self._momentum = check_number(value, "momentum", 0, 1, high_open=True)

    def pre_update_params(self) -> None:
        r"""Set ``current_learning_rate``, the rate of this step: :math:`\eta / (1 + \text{decay} \cdot t)`."""
        self.current_learning_rate = self._learning_rate / (1.0 + self._decay * self.iterations)

    def update_params(self, layer) -> None:
        """Move ``layer.weights`` and ``layer.biases`` against ``dweights`` and ``dbiases``."""
        if getattr(layer, "dweights", None) is None or getattr(layer, "dbiases", None) is None:
            raise ValueError(
                f"update_params needs a layer whose backward() has run (with .dweights and .dbiases), "
                f"got {type(layer).__name__} without them"
            )
        weights, biases = layer.weights, layer.biases
        # One condition on attributes the update reads anyway; the slow path says what is wrong.
        if not (
            type(weights) is np.ndarray
            and type(biases) is np.ndarray
            and weights.dtype.kind == biases.dtype.kind == "f"
            and weights.shape == layer.dweights.shape
            and biases.shape == layer.dbiases.shape
        ):
            _check_parameter(layer, "weights", "dweights")
            _check_parameter(layer, "biases", "dbiases")
        lr = self.current_learning_rate
        if self._momentum:
            if not hasattr(layer, "weight_momentums"):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            for buffer, parameter in (("weight_momentums", "weights"), ("bias_momentums", "biases")):
                _check_buffer(layer, buffer, parameter)
            layer.weight_momentums = self._momentum * layer.weight_momentums - lr * layer.dweights
            layer.bias_momentums = self._momentum * layer.bias_momentums - lr * layer.dbiases
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
