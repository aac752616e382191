"""Activation functions: ReLU and softmax, each with its backward pass."""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_dvalues, check_same_shape


class ActivationReLU:
    r"""Rectified linear unit, element-wise: ``output = max(0, inputs)``.

    .. math:: \frac{\partial\,\mathrm{ReLU}(z)}{\partial z} = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}

    The derivative does not exist at exactly 0; like the book we take it as **0** there, so
    an input of exactly 0 passes no gradient back.

    Unlike the draft's class, ``forward`` remembers its ``inputs``: ``backward`` needs them
    to know which elements were gated off.

    Example:
        >>> relu = ActivationReLU()
        >>> relu.forward(np.array([[-1.0, 0.0, 2.0]]))
        array([[0., 0., 2.]])
        >>> relu.backward(np.array([[5.0, 5.0, 5.0]]))
        array([[0., 0., 5.]])
    """

    def __init__(self):
        self.inputs = None
        self.output = None

    def forward(self, inputs) -> np.ndarray:
        """inputs: any shape, usually (N, M). Stores and returns ``output`` of the same shape."""
        if not (type(inputs) is np.ndarray and inputs.dtype.kind == "f"):
            inputs = as_float_array(inputs, "inputs")
        self.inputs = inputs
        self.output = np.maximum(0, inputs)
        return self.output

    def backward(self, dvalues) -> np.ndarray:
        """dvalues: gradient w.r.t. ``output``, same shape as the inputs. Returns ``dinputs``."""
        dvalues = check_dvalues(self, dvalues, self.inputs, "the shape of the ReLU's inputs")
        # 0.0 is a Python float, so float32 dvalues give float32 dinputs (numpy's promotion rules).
        self.dinputs = np.where(self.inputs > 0, dvalues, 0.0)
        return self.dinputs


def softmax_rows(inputs: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a float array of shape (N, C), C >= 1, already checked (the hot path)."""
    exp_values = np.exp(inputs - inputs.max(axis=1, keepdims=True))
    exp_values /= exp_values.sum(axis=1, keepdims=True)  # in place: exp_values is ours to reuse
    return exp_values


def softmax(inputs) -> np.ndarray:
    r"""Row-wise softmax of logits, shape (N, C) -> (N, C); a single row (C,) gives a row (C,).

    .. math:: \hat Y_{n,j} = \frac{e^{z_{n,j} - \max_c z_{n,c}}}{\sum_c e^{z_{n,c} - \max_c z_{n,c}}}

    for sample n = 0..N-1 and class j = 0..C-1.

    Subtracting the row maximum changes nothing mathematically but keeps every exponent
    <= 0, so logits of +-1000 give finite probabilities instead of inf / inf = NaN.
    Lists and integer arrays are accepted (the result is float64).

    Example:
        >>> softmax([0.0, 0.0]).tolist()
        [0.5, 0.5]
    """
    array = as_float_array(inputs, "softmax inputs")
    if array.ndim == 1:
        # One sample as a plain row: softmax over its entries, returned in the shape it came in.
        return softmax(array.reshape(1, -1))[0]
    if array.ndim != 2:
        raise ValueError(f"softmax inputs must be a row of logits (C,) or a batch (N, C), got shape {array.shape}")
    if array.shape[1] == 0:
        raise ValueError(f"softmax needs at least one class (column), got shape {array.shape}")
    return softmax_rows(array)


def softmax_backward_jacobian(output, dvalues) -> np.ndarray:
    r"""Softmax backward the long way: one full Jacobian per sample (teaching reference).

    For one sample with probabilities :math:`\hat y` (a column vector of C entries), the Jacobian
    :math:`J_{ij} = \partial \hat y_i / \partial z_j` is

    .. math:: J = \mathrm{diag}(\hat y) - \hat y \hat y^\top, \qquad
              \frac{\partial L}{\partial z} = J^\top \frac{\partial L}{\partial \hat y}

    The backward pass is a vector-Jacobian product, :math:`J^\top` times the upstream gradient.
    Softmax's :math:`J` is symmetric, so here :math:`J^\top g = J g`; that is a property of softmax,
    not the rule, and for a function whose Jacobian is not symmetric the transpose matters.

    Args:
        output: softmax probabilities, shape (N, C).
        dvalues: gradient w.r.t. those probabilities, shape (N, C). Integers are fine: the
            result is always floating point.

    Returns:
        Gradient w.r.t. the logits, shape (N, C). Builds N matrices of C x C in a Python
        loop, which is why :class:`ActivationSoftmax` uses the vectorised form instead.
    """
    output = as_float_array(output, "output", ndim=2)
    dvalues = as_float_array(dvalues, "dvalues", ndim=2)
    check_same_shape(dvalues, output.shape, "dvalues", "the shape of the softmax output")
    # An integer dvalues must not make an integer result: the Jacobian's entries are fractions.
    dinputs = np.empty(output.shape, dtype=np.result_type(output, dvalues))
    for index, (single_output, single_dvalues) in enumerate(zip(output, dvalues, strict=True)):
        column = single_output.reshape(-1, 1)
        jacobian = np.diagflat(column) - column @ column.T
        dinputs[index] = jacobian.T @ single_dvalues  # J^T g; equal to J g, since J is symmetric
    return dinputs


class ActivationSoftmax:
    r"""Softmax over each row of logits, shape (N, C) -> probabilities (N, C).

    Backward computes the vector-Jacobian product :math:`J^\top \, \partial L / \partial \hat y` of each
    row without building the Jacobian:

    .. math:: \frac{\partial L}{\partial z_j} = \hat y_j \Big( \frac{\partial L}{\partial \hat y_j}
              - \sum_c \hat y_c \frac{\partial L}{\partial \hat y_c} \Big)

    which equals :func:`softmax_backward_jacobian` (tested) at a fraction of the cost.
    """

    def __init__(self):
        self.inputs = None
        self.output = None

    @staticmethod
    def _check_inputs(inputs) -> np.ndarray:
        """Logits as a float array of shape (N, C) with C >= 1, or a clear error."""
        if not (type(inputs) is np.ndarray and inputs.dtype.kind == "f"):
            inputs = as_float_array(inputs, "inputs")
        if inputs.ndim != 2:
            raise ValueError(f"inputs must be 2-dimensional, got shape {inputs.shape}")
        if inputs.shape[1] == 0:
            raise ValueError(f"softmax needs at least one class (column), got inputs of shape {inputs.shape}")
        return inputs

    def forward(self, inputs) -> np.ndarray:
        """inputs: logits, shape (N, C). Stores and returns probabilities, shape (N, C)."""
        inputs = self._check_inputs(inputs)
        self.inputs = inputs
        self.output = softmax_rows(inputs)
        return self.output

    def backward(self, dvalues) -> np.ndarray:
        """dvalues: gradient w.r.t. the probabilities, shape (N, C). Returns ``dinputs`` (N, C)."""
        dvalues = check_dvalues(self, dvalues, self.output, "the shape of the softmax output")
        weighted_sum = (self.output * dvalues).sum(axis=1, keepdims=True)
        self.dinputs = self.output * (dvalues - weighted_sum)
        return self.dinputs
