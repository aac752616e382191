"""Notebook 05's exercises and explorer questions, registered on import (docs/exercises.md)."""

from __future__ import annotations

import numpy as np

from ..activations import softmax
from .core import compare, exercise, question

# One sample per row, C = 3 classes and N = 5 samples, so a transposed answer cannot hide.
# Row 1's logits are 40 apart: in float64 its softmax rounds to exactly (1, 0, 0) in the first
# entry, the edge case where y_hat - y has an exact 0. Row 3 has a probability of 0 in its label.
_LOGITS = np.array(
    [
        [2.0, -1.0, 0.5],
        [40.0, 0.0, -1.0],
        [-0.3, 0.8, 0.1],
        [1.5, 1.5, -2.0],
        [0.0, -4.0, 3.0],
    ]
)
_SOFT_LABELS = np.array(
    [
        [0.8, 0.1, 0.1],
        [1.0, 0.0, 0.0],
        [0.0, 0.5, 0.5],
        [0.25, 0.25, 0.5],
        [0.1, 0.0, 0.9],
    ]
)


def _soft_label_reference(logits: np.ndarray, y_soft: np.ndarray) -> np.ndarray:
    return (softmax(logits) - y_soft) / len(logits)


@exercise(
    "05.soft_label_gradient",
    hint=(
        "redo the derivation with y a distribution: the only property of y it used was that each row sums "
        "to 1. Turn the logits into probabilities first (a softmax over each row), and remember the mean's 1/N"
    ),
    shapes={"logits": "(N, C)", "y_soft": "(N, C)", "return": "(N, C)"},
)
def _soft_label_gradient(call):
    n = len(_LOGITS)
    expected = _soft_label_reference(_LOGITS, _SOFT_LABELS)
    hard = np.eye(3)[_SOFT_LABELS.argmax(axis=1)]
    got = call(logits=_LOGITS, y_soft=_SOFT_LABELS)
    compare(
        got,
        expected,
        what="the gradient",
        n=n,
        known={
            "no_softmax": (
                (_LOGITS - _SOFT_LABELS) / n,
                "you subtracted the labels from the logits: the formula needs the probabilities y_hat = softmax(z)",
            ),
            "softmax_over_columns": (
                (softmax(_LOGITS.T).T - _SOFT_LABELS) / n,
                "your probabilities sum to 1 down each column (axis=0), over the samples; softmax normalises "
                "each row, one sample's C logits: sum with axis=1, keepdims=True",
            ),
            "hard_labels": (
                (softmax(_LOGITS) - hard) / n,
                "you turned the soft labels into one-hot ones (their largest entry): the gradient uses every "
                "entry of y as it is",
            ),
        },
    )
    # A second batch with one sample: N = 1 and labels that are not one-hot anywhere.
    logits_one = np.array([[0.2, -0.7, 1.1, 0.0]])
    labels_one = np.array([[0.1, 0.2, 0.3, 0.4]])
    compare(
        call(logits=logits_one, y_soft=labels_one), _soft_label_reference(logits_one, labels_one), what="the gradient"
    )
    return "the gradient matches (ŷ − y)/N for 5 samples of soft labels, and for one sample of 4 classes"


# Probabilities with an exact 0 and an exact 1, N = 5 samples, C = 4 classes.
_Y_HAT = np.array(
    [
        [0.7, 0.1, 0.15, 0.05],
        [0.0, 1.0, 0.0, 0.0],
        [0.25, 0.25, 0.25, 0.25],
        [0.05, 0.05, 0.3, 0.6],
        [0.4, 0.0, 0.5, 0.1],
    ]
)
_CLASSES = np.array([0, 1, 3, 3, 1])


class _ReadOnlyCopy(np.ndarray):
    """An array whose copy for the learner is read-only: a function that subtracts from the
    caller's y_hat in place then raises at that line, instead of passing unnoticed (the check
    runs the learner's function on a copy, so the change itself could not be seen)."""

    def __deepcopy__(self, memo):
        copied = np.array(self)
        copied.flags.writeable = False
        return copied


@exercise(
    "05.sparse_label_gradient",
    hint=(
        "copy y_hat (the check's y_hat is read-only, so writing into it raises), then subtract 1 from one "
        "entry per row: row n, column y[n]. y_hat[np.arange(N), y] picks exactly those entries; then divide by N"
    ),
    shapes={"y_hat": "(N, C)", "y": "(N,)", "return": "(N, C)"},
)
def _sparse_label_gradient(call):
    n = len(_Y_HAT)
    expected = (_Y_HAT - np.eye(4)[_CLASSES]) / n
    columns = _Y_HAT.copy()
    columns[:, _CLASSES] -= 1
    divided_one = _Y_HAT - np.eye(4)[_CLASSES] / n
    got = call(y_hat=_Y_HAT.view(_ReadOnlyCopy), y=_CLASSES)
    compare(
        got,
        expected,
        what="the gradient",
        n=n,
        known={
            "whole_columns": (
                columns / n,
                "y_hat[:, y] picks whole columns, so 1 was subtracted from every row of each true class's column; "
                "pick one entry per row with y_hat[np.arange(N), y]",
            ),
            "divided_one": (
                divided_one,
                "you divided only the 1 by N; the mean's 1/N divides the whole difference ŷ − Y, every entry",
            ),
        },
    )
    return "the gradient matches (ŷ − Y)/N for 5 samples of 4 classes, with probabilities of exactly 0 and 1"


@question("05.half_probability")
def _half_probability(explorer):
    state = explorer.state()
    if state["true_class"] != 1:
        return False, f"the true class is {state['true_class']}; the question is about true class 1"
    gradient = state["gradient"][1]
    if abs(gradient + 0.5) <= 0.01:
        z0, z1, z2 = state["logits"]
        moved = "" if (abs(z0 - 4.8) < 1e-9 and abs(z2 - 2.385) < 1e-9) else " (you moved z₀ or z₂ too)"
        return True, f"∂L/∂z₁ = {gradient:.3f} with z₁ = {z1:.3f}, so ŷ₁ = {state['probabilities'][1]:.3f}{moved}"
    direction = "up" if gradient < -0.5 else "down"
    return False, f"∂L/∂z₁ = {gradient:.3f} at z₁ = {state['logits'][1]:.3f}; move z₁ {direction}"
