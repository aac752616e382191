"""The dense (fully connected) layer.

Shapes use fixed letters throughout the package: N samples, D inputs, M neurons, C classes.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_float_array,
    check_dvalues,
    check_float_dtype,
    check_positive_float,
    check_positive_int,
    check_rng,
)


def _refuse_non_finite(array: np.ndarray, name: str) -> None:
    """Raise when ``array`` holds NaN or inf, saying how many and where the first one is (its index in
    the shape it was given): a NaN parameter makes every output it reaches NaN, far from its cause."""
    if np.isfinite(array).all():
        return
    found = []
    for wrong, label in ((np.isnan(array), "NaN"), (np.isinf(array), "infinite")):
        count = int(wrong.sum())
        if count:
            first = [int(i) for i in np.argwhere(wrong)[0]]
            entries = "entry" if count == 1 else "entries"
            found.append(f"{count} {label} {entries}, {'at' if count == 1 else 'first at'} {first}")
    raise ValueError(f"{name} must hold finite numbers only, got {', and '.join(found)}")


class LayerDense:
    r"""A dense layer: ``output = inputs @ weights + biases``.

    .. math:: Z = X W + b, \quad
              \frac{\partial L}{\partial W} = X^\top G, \quad
              \frac{\partial L}{\partial b} = \textstyle\sum_n G_n, \quad
              \frac{\partial L}{\partial X} = G W^\top

    where ``G`` is ``dvalues``, the gradient arriving from the layer above.

    Args:
        n_inputs: D, the number of features each sample has.
        n_neurons: M, the number of neurons (outputs per sample).
        rng: where the initial weights come from; a ``np.random.Generator`` (or a legacy
            ``np.random.RandomState`` to replay the book's ``np.random.seed`` draws).
            ``None`` means numpy's global generator, so ``np.random.seed`` works as in the book.
        weight_scale: the weights start as ``weight_scale * standard_normal((D, M))``.
        dtype: floating-point type of the parameters (float64 by default; float32 to
            mirror the book), as a numpy type or its name (``"float32"``). Integer dtypes are
            refused: SGD steps are fractions.

    Attributes:
        weights: shape (D, M). Kept "transposed" as in the book, so no ``.T`` in forward.
        biases: shape (1, M), starting at zero.
        output: shape (N, M), set by ``forward``.
        dweights, dbiases, dinputs: set by ``backward``, shapes (D, M), (1, M), (N, D).

    Example:
        >>> layer = LayerDense(4, 3, rng=np.random.default_rng(0))
        >>> layer.forward(np.ones((2, 4))).shape
        (2, 3)
    """

    def __init__(self, n_inputs, n_neurons, *, rng=None, weight_scale=0.01, dtype=np.float64):
        n_inputs = check_positive_int(n_inputs, "n_inputs")
        n_neurons = check_positive_int(n_neurons, "n_neurons")
        weight_scale = check_positive_float(weight_scale, "weight_scale")
        dtype = check_float_dtype(dtype)
        rng = check_rng(rng)
        # Cast the draw first, then scale: this replays the book's float32 numbers exactly.
        self.weights = rng.standard_normal((n_inputs, n_neurons)).astype(dtype) * dtype.type(weight_scale)
        self.biases = np.zeros((1, n_neurons), dtype=dtype)
        self.inputs = None
        self.output = None

    @classmethod
    def from_arrays(cls, weights, biases=None) -> LayerDense:
        """A layer holding copies of given parameters: ``weights`` of shape (D, M), ``biases`` of shape
        (1, M) or (M,) (zeros when omitted). Integer arrays become float64; float32 stays float32.
        NaN or inf in either is refused with a ValueError that says how many and where the first is.

        Example:
            >>> layer = LayerDense.from_arrays([[1.0, 2.0], [3.0, 4.0]], [0.5, -0.5])
            >>> layer.forward(np.ones((1, 2)))
            array([[4.5, 5.5]])
        """
        weights = np.array(as_float_array(weights, "weights", ndim=2))
        if 0 in weights.shape:
            raise ValueError(f"weights must have shape (D, M) with D, M >= 1, got shape {weights.shape}")
        _refuse_non_finite(weights, "weights")
        n_neurons = weights.shape[1]
        if biases is None:
            biases = np.zeros((1, n_neurons), dtype=weights.dtype)
        biases = np.array(as_float_array(biases, "biases"))
        if biases.shape not in ((n_neurons,), (1, n_neurons)):
            raise ValueError(
                f"biases must have shape (1, M) or (M,) with M = {n_neurons} (the columns of weights), "
                f"got shape {biases.shape}"
            )
        _refuse_non_finite(biases, "biases")
        layer = cls.__new__(cls)
        layer.weights, layer.biases = weights, biases.reshape(1, n_neurons)
        layer.inputs = None
        layer.output = None
        return layer

    @property
    def n_inputs(self) -> int:
        return self.weights.shape[0]

    @property
    def n_neurons(self) -> int:
        return self.weights.shape[1]

    def _check_inputs(self, inputs) -> np.ndarray:
        """``inputs`` as a float array of shape (N, D), or a clear error."""
        if not (type(inputs) is np.ndarray and inputs.dtype.kind == "f"):
            inputs = as_float_array(inputs, "inputs")
        if inputs.ndim == 2 and inputs.shape[1] == self.weights.shape[0]:
            return inputs  # the usual case, decided in one test
        if inputs.ndim == 1:
            raise ValueError(
                f"inputs must be 2-dimensional (N samples, {self.n_inputs} inputs), got shape {inputs.shape}; "
                "for a single sample use inputs.reshape(1, -1)"
            )
        if inputs.ndim != 2 or inputs.shape[1] != self.n_inputs:
            raise ValueError(
                f"inputs must have shape (N, {self.n_inputs}) for a layer with n_inputs={self.n_inputs}, "
                f"got shape {inputs.shape}"
            )
        return inputs

    def forward(self, inputs) -> np.ndarray:
        """inputs: shape (N, D). Stores and returns ``output``, shape (N, M)."""
        self.inputs = self._check_inputs(inputs)
        self.output = self.inputs @ self.weights
        self.output += self.biases  # in place: saves allocating a second (N, M) array every step
        return self.output

    def apply(self, inputs) -> np.ndarray:
        """``inputs @ weights + biases`` for inputs (N, D), shape (N, M), storing nothing.

        For prediction: ``forward`` keeps ``inputs`` and ``output`` for the next ``backward``,
        and a prediction in between must not replace them.
        """
        output = self._check_inputs(inputs) @ self.weights
        output += self.biases
        return output

    def backward(self, dvalues) -> np.ndarray:
        """dvalues: gradient of the loss w.r.t. this layer's output, shape (N, M).

        Stores ``dweights`` (D, M), ``dbiases`` (1, M) and ``dinputs`` (N, D); returns ``dinputs``.
        """
        dvalues = check_dvalues(self, dvalues, self.output, "the shape of this layer's output")
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = dvalues.sum(axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T
        return self.dinputs

    def __repr__(self) -> str:
        return f"LayerDense(n_inputs={self.n_inputs}, n_neurons={self.n_neurons}, dtype={self.weights.dtype})"
