"""The draft's 3 x 4 batch, its weights, biases and upstream gradient: :func:`nnfs_helpers.data.draft_batch`."""

from __future__ import annotations

import numpy as np

from ..data import draft_batch


def draft_arrays() -> dict[str, np.ndarray]:
    """Fresh copies of the draft's ``inputs`` (3, 4), ``weights`` (4, 3), ``biases`` (1, 3), ``dvalues`` (3, 3)."""
    arrays = draft_batch()
    return {key: np.array(arrays[key], dtype=float) for key in ("inputs", "weights", "biases", "dvalues")}
