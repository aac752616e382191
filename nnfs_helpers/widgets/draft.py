"""The draft's 3 x 4 batch, its weights, biases and upstream gradient, as fresh copies.

They live in :func:`nnfs_helpers.data.draft_batch` (contract 6); until that lands, the same numbers
are written here once.
"""

from __future__ import annotations

import numpy as np


def draft_arrays() -> dict[str, np.ndarray]:
    """Fresh copies of the draft's ``inputs`` (3, 4), ``weights`` (4, 3), ``biases`` (1, 3), ``dvalues`` (3, 3)."""
    try:
        from ..data import draft_batch
    except ImportError:
        return {
            "inputs": np.array([[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2], [-1.5, 2.7, 3.3, -0.8]]),
            "weights": np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T,
            "biases": np.array([[2.0, 3.0, 0.5]]),
            "dvalues": np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]]),
        }
    arrays = draft_batch()
    arrays = {key: np.array(arrays[key], dtype=float) for key in ("inputs", "weights", "biases", "dvalues")}
    arrays["biases"] = arrays["biases"].reshape(1, -1)
    return arrays
