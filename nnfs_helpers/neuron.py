r"""One neuron with three inputs, by hand: the scalar chain rule of notebook 01.

.. math:: h = \mathrm{ReLU}(z), \qquad z = \sum_{i=0}^{2} w_i x_i + b

Plain Python floats, so every intermediate value is one a learner can check on paper.
The explorers in :mod:`nnfs_helpers.widgets` draw what these functions compute.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._checks import as_float_array, check_positive_float

# The draft's worked example.
X_DEFAULT = (1.0, -2.0, 3.0)
W_DEFAULT = (-3.0, -1.0, 2.0)
B_DEFAULT = 1.0


@dataclass(frozen=True)
class NeuronForward:
    """Every value of the forward pass: ``products[i] = x[i] * w[i]``, ``z`` and ``h = ReLU(z)``."""

    products: tuple[float, ...]
    z: float
    h: float

    @property
    def y(self) -> float:
        """The output ``h`` under its earlier name."""
        return self.h


@dataclass(frozen=True)
class NeuronGradients:
    r"""Gradients of the neuron's output h (times ``dvalue``) w.r.t. each input, weight and the bias.

    ``drelu_dz`` is :math:`\partial h / \partial z` times ``dvalue``: the factor every other
    gradient shares, and 0 whenever the ReLU is off (z <= 0).
    """

    drelu_dz: float
    dproducts: tuple[float, ...]
    dx: tuple[float, ...]
    dw: tuple[float, ...]
    db: float


def _check_vectors(x, w) -> tuple[tuple[float, ...], tuple[float, ...]]:
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"x and w must have the same length, got {len(x)} inputs and {len(w)} weights")
    return tuple(float(v) for v in x), tuple(float(v) for v in w)


def neuron_forward(x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT) -> NeuronForward:
    """Forward pass of one ReLU neuron. At the draft's values: products (-3, 2, 6), z = 6, h = 6."""
    x, w = _check_vectors(x, w)
    products = tuple(xi * wi for xi, wi in zip(x, w, strict=True))
    z = sum(products) + float(b)
    return NeuronForward(products, z, max(z, 0.0))


def neuron_backward(x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0) -> NeuronGradients:
    r"""Backward pass by the chain rule, one factor at a time.

    .. math:: \frac{\partial h}{\partial w_i} = \underbrace{\mathbb{1}[z > 0]}_{\text{ReLU}}
              \cdot \underbrace{1}_{\text{sum}} \cdot \underbrace{x_i}_{\text{multiply}}

    At the draft's values with ``dvalue = 1``: dx = (-3, -1, 2), dw = (1, -2, 3), db = 1.
    The ReLU's derivative at exactly z = 0 is taken as 0.
    """
    x, w = _check_vectors(x, w)
    forward = neuron_forward(x, w, b)
    drelu_dz = float(dvalue) * (1.0 if forward.z > 0 else 0.0) + 0.0
    dproducts = tuple(drelu_dz * 1.0 for _ in x)  # d(sum)/d(x_i w_i) = 1
    # "+ 0.0" turns the -0.0 of a gated negative factor into 0.0, so a dead ReLU prints as zeros.
    dx = tuple(dp * wi + 0.0 for dp, wi in zip(dproducts, w, strict=True))
    dw = tuple(dp * xi + 0.0 for dp, xi in zip(dproducts, x, strict=True))
    db = drelu_dz * 1.0 + 0.0  # d(sum)/db = 1
    return NeuronGradients(drelu_dz, dproducts, dx, dw, db)


def sgd_step(w, b, dw, db, learning_rate) -> tuple[tuple[float, ...], float]:
    """One gradient-descent step, ``w - lr * dw`` and ``b - lr * db``, in plain floats.

    With the draft's gradients and ``learning_rate = 0.001``: w = (-3.001, -0.998, 1.997), b = 0.999.
    """
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    w = tuple(float(v) for v in as_float_array(w, "w", ndim=1))
    dw = tuple(float(v) for v in as_float_array(dw, "dw", ndim=1))
    if len(w) != len(dw):
        raise ValueError(f"w and dw must have the same length, got {len(w)} and {len(dw)}")
    new_w = tuple(wi + -learning_rate * dwi for wi, dwi in zip(w, dw, strict=True))
    return new_w, float(b) + -learning_rate * float(db)
