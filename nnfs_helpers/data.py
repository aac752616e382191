"""The spiral data set used throughout the book, without the ``nnfs`` package, and the draft's
worked examples (:func:`draft_batch`, :func:`draft_neuron`, :func:`draft_relu`) as fresh arrays.

``nnfs.init()`` replaces ``np.dot``, ``np.zeros`` and ``np.random.randn`` for the whole
Python process; this module patches nothing. To replay the book's numbers pass the legacy
generator and float32::

    X, y = spiral_data(100, 3, rng=np.random.RandomState(0), dtype=np.float32)

See ``docs/book-reproduction.md`` for what then matches the book and what does not.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_float_dtype, check_positive_int, check_rng


def spiral_data(samples, classes, *, rng=None, dtype=np.float64):
    r"""``classes`` interleaved spiral arms of ``samples`` points each.

    For class c, with :math:`r = \mathrm{linspace}(0, 1)` and
    :math:`t = \mathrm{linspace}(4c, 4(c+1)) + 0.2\,\varepsilon`, :math:`\varepsilon \sim N(0, 1)`:
    :math:`X = [r \sin 2.5t,\; r \cos 2.5t]`.

    Args:
        samples: points per class (>= 1).
        classes: number of classes (>= 1).
        rng: ``np.random.Generator`` or legacy ``np.random.RandomState``; ``None`` = numpy's global
            generator (so ``np.random.seed(0)`` gives the book's draws).
        dtype: floating-point dtype of ``X``, by type or name (an integer dtype would round
            every coordinate to -1, 0 or 1, so it is refused).

    Returns:
        ``X`` of shape (samples * classes, 2) and integer labels ``y`` (uint8) of shape
        (samples * classes,), grouped by class.
    """
    samples = check_positive_int(samples, "samples")
    classes = check_positive_int(classes, "classes")
    if classes > 256:
        raise ValueError(f"classes must be at most 256 (labels are uint8), got {classes}")
    dtype = check_float_dtype(dtype)
    rng = check_rng(rng)
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.uint8)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1.0, samples)
        # Cast the noise before scaling, as the book's float32 randn does, so its data replays exactly.
        noise = rng.standard_normal(samples).astype(dtype) * 0.2
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + noise
        X[rows] = np.column_stack([r * np.sin(t * 2.5), r * np.cos(t * 2.5)])
        y[rows] = class_number
    return X, y


# The draft's worked examples (docs/book-reproduction.md): the batch of notebooks 02 and 03 (its In [45] to
# In [59]), the ReLU example of In [49] and the single neuron of notebook 01. Kept as tuples so no caller can
# change them; the functions below hand out fresh arrays.
_DRAFT_INPUTS = ((1.0, 2.0, 3.0, 2.5), (2.0, 5.0, -1.0, 2.0), (-1.5, 2.7, 3.3, -0.8))
# One row per neuron, as the draft writes them; the layer keeps the transpose, shape (D, M) = (4, 3).
_DRAFT_NEURON_WEIGHTS = ((0.2, 0.8, -0.5, 1.0), (0.5, -0.91, 0.26, -0.5), (-0.26, -0.27, 0.17, 0.87))
_DRAFT_BIASES = ((2.0, 3.0, 0.5),)
# Row n is sample n's upstream gradient: 1, 2, 3 for every neuron.
_DRAFT_DVALUES = ((1.0, 1.0, 1.0), (2.0, 2.0, 2.0), (3.0, 3.0, 3.0))
_DRAFT_RELU_Z = ((1, 2, -3, -4), (2, -7, -1, 3), (-1, 2, 5, -1))
_DRAFT_RELU_DVALUES = ((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12))


def draft_batch() -> dict[str, np.ndarray]:
    """The draft's dense-layer example, as fresh float64 arrays (change them freely).

    Keys: ``inputs`` X (3, 4): N = 3 samples of D = 4 inputs; ``weights`` W (4, 3): M = 3 neurons,
    stored transposed as the layer keeps them; ``biases`` b (1, 3); ``dvalues`` G (3, 3), the
    upstream gradient, whose row n is n + 1 for every neuron. With them the draft prints
    ``G @ W.T`` (In [45]), ``X.T @ G`` (In [46]) and ``G.sum(axis=0, keepdims=True)`` (In [48]).
    """
    return {
        "inputs": np.array(_DRAFT_INPUTS),
        "weights": np.array(_DRAFT_NEURON_WEIGHTS).T.copy(),
        "biases": np.array(_DRAFT_BIASES),
        "dvalues": np.array(_DRAFT_DVALUES),
    }


def draft_neuron() -> dict:
    """The draft's single ReLU neuron (notebook 01): ``x`` and ``w`` as fresh float64 arrays (3,),
    ``b`` a float. There z = sum_i w_i x_i + b = 6 and h = ReLU(z) = 6."""
    return {"x": np.array([1.0, -2.0, 3.0]), "w": np.array([-3.0, -1.0, 2.0]), "b": 1.0}


def draft_relu() -> dict[str, np.ndarray]:
    """The draft's ReLU example (In [49]): layer outputs ``z`` (3, 4) and upstream ``dvalues`` (3, 4),
    both integer arrays as the draft writes them (fresh copies)."""
    return {"z": np.array(_DRAFT_RELU_Z), "dvalues": np.array(_DRAFT_RELU_DVALUES)}
