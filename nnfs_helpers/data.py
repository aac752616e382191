"""The spiral data set used throughout the book, without the ``nnfs`` package.

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
