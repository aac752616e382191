"""Categorical cross-entropy, and the softmax + cross-entropy pair with its shortcut gradient."""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_positive_int, describe, require_forward
from .activations import ActivationSoftmax, softmax_rows

# Probabilities are clipped to [EPSILON, 1 - EPSILON] so a confident wrong answer costs
# -log(1e-7) ~ 16.1 instead of -log(0) = +inf.
EPSILON = 1e-7


def check_labels(y_true, n_samples: int, n_classes: int) -> np.ndarray:
    """Validate class labels for a batch of ``n_samples`` over ``n_classes`` classes.

    Accepts sparse labels, shape (N,), whole numbers in ``0 .. C-1``, or one-hot (or
    soft) labels, shape (N, C). Returns them as an array, unchanged in meaning.
    """
    if n_samples == 0:
        # The mean of no losses is NaN; say so here rather than let a NaN loss appear later.
        raise ValueError(f"a loss needs a batch of at least 1 sample, got predictions of shape (0, {n_classes})")
    if isinstance(y_true, np.ndarray):
        labels = y_true
    else:
        try:
            labels = np.asarray(y_true)
        except ValueError as error:
            raise ValueError(f"y_true must be a rectangular array, got {describe(y_true)}: {error}") from None
    if labels.ndim == 0 or labels.ndim >= 3:
        raise ValueError(
            f"y_true must be sparse labels of shape ({n_samples},) or one-hot labels of shape "
            f"({n_samples}, {n_classes}), got {labels.ndim} dimensions (shape {labels.shape})"
        )
    if len(labels) != n_samples:
        raise ValueError(f"y_true has {len(labels)} labels but the batch has {n_samples} samples")
    if labels.ndim == 1:
        if labels.dtype.kind not in "iu":
            raise TypeError(
                f"sparse labels must be whole numbers (an integer dtype) naming a class in 0..{n_classes - 1}, "
                f"got dtype {labels.dtype}; for float labels that hold whole numbers use y.astype(int)"
            )
        if labels.min() < 0 or labels.max() >= n_classes:
            raise ValueError(
                f"sparse labels must lie in 0..{n_classes - 1} for {n_classes} classes, "
                f"got values from {labels.min()} to {labels.max()}"
            )
        return labels
    labels = as_float_array(labels, "one-hot y_true")
    if labels.shape[1] != n_classes:
        raise ValueError(
            f"one-hot labels must have one column per class: shape ({n_samples}, {n_classes}), got shape {labels.shape}"
        )
    row_sums = labels.sum(axis=1)
    # float64 label rows such as [0.2, 0.3, 0.5] sum to 1 within 1e-16; float32 or float16 rows
    # within a few units of their precision per class. Both backward passes assume a sum of exactly 1.
    tolerance = max(1e-6, n_classes * float(np.finfo(labels.dtype).eps))
    # NaN or inf make a row sum fail the comparison, so finiteness costs no extra pass.
    if not (np.abs(row_sums - 1) <= tolerance).all() or labels.min() < 0:
        _refuse_label_rows(labels, row_sums, tolerance)
    return labels


def _refuse_label_rows(labels: np.ndarray, row_sums: np.ndarray, tolerance: float) -> None:
    """Raise the error that says what is wrong with 2-D labels that failed the fused check."""
    if not np.isfinite(labels).all():
        raise ValueError("one-hot labels must be finite, got NaN or inf")
    if labels.min() < 0:
        row, column = np.unravel_index(labels.argmin(), labels.shape)
        raise ValueError(
            "one-hot (or soft) labels must not be negative: each row is a probability distribution over the "
            f"classes, got {labels[row, column]:.4g} in row {row}, column {column}"
        )
    row = int(np.abs(row_sums - 1).argmax())
    raise ValueError(
        "each row of one-hot (or soft) labels must sum to 1 (a probability distribution over the classes, "
        f"within {tolerance:.0e}), got a row summing to {row_sums[row]:.6g} (row {row}: {labels[row].tolist()}); "
        "a row of zeros names no class, and a row with two 1s names two"
    )


# Probabilities may miss the rules (entries >= 0, rows summing to 1) by this much. A float32
# softmax row misses by about 1e-7 per class; a central-difference gradient check moves one entry
# by its step h (1e-5 by default), so the row it checks misses by h. Logits, or scores not yet
# normalised, miss by far more than 1e-3: their rows sum to anything, and logits go negative.
PROBABILITY_TOLERANCE = 1e-3

SOFTMAX_HINT = (
    "These look like logits (a dense layer's raw outputs), not probabilities: apply a softmax first "
    "(ActivationSoftmax().forward(...) or softmax(...)), or pass the logits to "
    "ActivationSoftmaxLossCategoricalCrossentropy, which applies it for you"
)


def check_probabilities(
    y_pred, name: str = "y_pred", *, expected: str | None = None, hint: str = SOFTMAX_HINT
) -> np.ndarray:
    """Validate predicted probabilities: 2-D, numeric, entries >= 0, rows summing to 1.

    Both rules hold within ``PROBABILITY_TOLERANCE``. Returns the array (float dtype kept).
    """
    y_pred = as_float_array(y_pred, name, ndim=2)
    row_sums = y_pred.sum(axis=1)
    # Two passes in all: a NaN or inf makes its row sum fail the comparison, and with every entry
    # >= -tolerance and every row summing to 1 no entry can exceed 1 by more than C * tolerance.
    if not (np.abs(row_sums - 1) <= PROBABILITY_TOLERANCE).all() or (
        y_pred.size and y_pred.min() < -PROBABILITY_TOLERANCE
    ):
        _refuse_probabilities(y_pred, row_sums, name, expected, hint)
    return y_pred


def _refuse_probabilities(y_pred: np.ndarray, row_sums: np.ndarray, name: str, expected, hint: str) -> None:
    """Raise the error that says how ``y_pred``, which failed the fused check, breaks the rules."""
    nan_count = int(np.isnan(y_pred).sum())
    if nan_count:
        raise ValueError(
            f"{name} contains NaN at {nan_count} place(s); a NaN loss would follow. "
            "Look for an overflow or a 0/0 earlier in the network"
        )
    inf_count = int(np.isinf(y_pred).sum())
    if inf_count:
        raise ValueError(
            f"{name} contains inf at {inf_count} place(s), so it cannot be probabilities (values in [0, 1], "
            f"each row summing to 1). {hint}"
        )
    expected = expected or f"{name} must be probabilities"
    worst = row_sums[np.abs(row_sums - 1).argmax()]
    raise ValueError(
        f"{expected}: values in [0, 1], each row summing to 1 (within {PROBABILITY_TOLERANCE:g}); got values "
        f"from {y_pred.min():.4g} to {y_pred.max():.4g}, a row summing to {worst:.4g}. {hint}"
    )


def one_hot(labels, n_classes: int, dtype=np.float64) -> np.ndarray:
    """Sparse labels (N,) to one-hot rows (N, C): row n is row ``labels[n]`` of the identity.

    The labels are checked as the losses check them: whole numbers (an integer dtype) in
    ``0 .. n_classes-1``, shape (N,).
    """
    n_classes = check_positive_int(n_classes, "n_classes")
    try:
        array = np.asarray(labels)
    except ValueError as error:
        raise ValueError(f"labels must be a rectangular array, got {describe(labels)}: {error}") from None
    if array.ndim != 1:
        raise ValueError(
            f"one_hot needs sparse labels of shape (N,), whole numbers naming a class, got shape {array.shape}"
        )
    if array.size:
        check_labels(array, len(array), n_classes)
    return _one_hot(array, n_classes, dtype)


def _one_hot(labels: np.ndarray, n_classes: int, dtype) -> np.ndarray:
    """:func:`one_hot` for labels already checked."""
    return np.eye(n_classes, dtype=dtype)[labels]


def sample_losses(y_pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    r"""Per-sample cross-entropy, shape (N,), for probabilities and labels already checked.

    Sparse labels pick :math:`-\log \mathrm{clip}(\hat Y_{n, k})` with :math:`k = y_n`, the true class.
    Label rows give :math:`-\sum_j Y_{n,j} \log \mathrm{clip}(\hat Y_{n,j})`, the cross-entropy both backward
    passes differentiate; on a one-hot row every other term is exactly 0, so the value is the
    sparse one to the last bit.
    """
    if labels.ndim == 1:
        correct_confidences = y_pred[np.arange(len(y_pred)), labels]
        return -np.log(np.clip(correct_confidences, EPSILON, 1 - EPSILON))
    # The clip keeps log finite, so a zero label times the log of a zero probability is 0, not NaN.
    return -np.sum(labels * np.log(np.clip(y_pred, EPSILON, 1 - EPSILON)), axis=1)


class Loss:
    """Base class: ``calculate`` averages the per-sample losses that ``forward`` returns."""

    def calculate(self, output, y) -> float:
        """output: the model's predictions, shape (N, C); y: labels. Returns the mean loss."""
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class LossCategoricalCrossentropy(Loss):
    r"""Categorical cross-entropy, :math:`L_n = -\sum_j Y_{n,j} \log \hat Y_{n,j}` (Y: one-hot rows).

    With sparse labels this is just :math:`-\log \hat Y_{n, k}` with :math:`k = y_n`, the log of the
    probability given to the correct class. Label rows may be soft (say ``[0.9, 0.05, 0.05]``):
    the full sum is computed, so value and gradient agree. Label rows must be probability
    distributions (entries >= 0, summing to 1) and ``y_pred`` rows of probabilities (within
    ``PROBABILITY_TOLERANCE``); logits are refused with a hint to apply the softmax.

    Backward gives the gradient of the *mean* loss w.r.t. the probabilities,

    .. math:: \frac{\partial L}{\partial \hat Y_{n,j}} = -\frac{Y_{n,j}}{N \hat Y_{n,j}}

    The draft computed ``-y_true / y_pred`` directly: where a probability is exactly 0 that
    is 0/0 = NaN (wrong class) or -1/0 = -inf (true class). Here the denominator is floored
    at ``EPSILON`` (the same floor the forward pass clips to), so the result is always
    finite: at most ``1 / (EPSILON * N)`` in size.
    """

    def forward(self, y_pred, y_true) -> np.ndarray:
        """y_pred: probabilities (N, C); y_true: (N,) ints or (N, C) one-hot. Returns losses (N,)."""
        y_pred = check_probabilities(y_pred)
        return self._sample_losses(y_pred, check_labels(y_true, *y_pred.shape))

    def _sample_losses(self, y_pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """The per-sample losses for inputs already checked."""
        self.output = sample_losses(y_pred, labels)
        return self.output

    def backward(self, y_pred, y_true) -> np.ndarray:
        """y_pred: the probabilities given to forward (the book calls them dvalues), shape (N, C).

        Stores and returns ``dinputs``: gradient of the mean loss w.r.t. y_pred, shape (N, C).
        """
        y_pred = check_probabilities(y_pred)
        n_samples, n_classes = y_pred.shape
        labels = check_labels(y_true, n_samples, n_classes)
        if labels.ndim == 1:
            labels = _one_hot(labels, n_classes, y_pred.dtype)
        gradient = labels / np.maximum(y_pred, EPSILON) / n_samples
        self.dinputs = -gradient + 0.0  # + 0.0 prints a zero label's gradient as 0, not -0
        return self.dinputs


class ActivationSoftmaxLossCategoricalCrossentropy:
    r"""Softmax followed by categorical cross-entropy, with the short backward pass.

    Chaining the two derivatives collapses to

    .. math:: \frac{\partial L}{\partial z_{n,j}} = \frac{\hat Y_{n,j} - Y_{n,j}}{N}

    ``backward()`` needs no arguments: it reads the probabilities and labels cached by
    ``forward``. The book's call ``backward(output, y_true)``, which passes the probabilities
    back in under the name ``dvalues``, also works and uses the arrays it is given; those must
    be probabilities (rows of a softmax), not a gradient, or it raises.

    Example:
        >>> head = ActivationSoftmaxLossCategoricalCrossentropy()
        >>> float(head.forward(np.zeros((2, 3)), np.array([0, 2])))  # log(3)
        1.0986122886681098
        >>> head.backward().round(3)
        array([[-0.333,  0.167,  0.167],
               [ 0.167,  0.167, -0.333]])
    """

    def __init__(self):
        self.activation = ActivationSoftmax()
        self.loss = LossCategoricalCrossentropy()
        self.output = None
        self.y_true = None

    def forward(self, inputs, y_true) -> float:
        """inputs: logits (N, C); y_true: (N,) ints or (N, C) one-hot. Returns the mean loss.

        Everything is checked before anything is stored, so a call that raises leaves the object
        (and a later ``backward()``) exactly as the last successful forward pass left it.
        """
        inputs = self.activation._check_inputs(inputs)
        probabilities = softmax_rows(inputs)
        labels = check_labels(y_true, *probabilities.shape)
        losses = sample_losses(probabilities, labels)
        loss = losses.mean()
        if np.isnan(loss):
            # A NaN logit makes its whole row of probabilities NaN, so the mean loss shows it.
            rows = np.flatnonzero(np.isnan(probabilities).any(axis=1))
            raise ValueError(
                f"inputs contains NaN or inf in {len(rows)} sample(s) (rows {rows[:5].tolist()}); a NaN loss "
                "would follow. Look for an overflow or a 0/0 earlier in the network"
            )
        self.activation.inputs, self.activation.output = inputs, probabilities
        self.loss.output = losses
        self.output, self.y_true = probabilities, labels
        return loss

    def backward(self, dvalues=None, y_true=None) -> np.ndarray:
        """Stores and returns ``dinputs``: gradient of the mean loss w.r.t. the logits, (N, C).

        Call it as ``backward()``. The book's ``backward(output, y_true)`` gives the same result:
        ``dvalues`` then stands for the softmax probabilities and ``y_true`` for the labels.
        """
        if dvalues is None or y_true is None:
            require_forward(self, "y_true")
        if dvalues is None and y_true is None:
            probabilities, labels = self.output, self.y_true  # checked by forward already
        else:
            probabilities = self.output if dvalues is None else self._check_book_dvalues(dvalues)
            labels = check_labels(self.y_true if y_true is None else y_true, *probabilities.shape)
        n_samples = probabilities.shape[0]
        if labels.ndim == 1:
            dinputs = probabilities.copy()
            dinputs[np.arange(n_samples), labels] -= 1
        else:
            dinputs = probabilities - labels
        # dinputs is a fresh array here, so dividing in place saves allocating another (N, C).
        dinputs /= n_samples
        self.dinputs = dinputs
        return self.dinputs

    @staticmethod
    def _check_book_dvalues(dvalues) -> np.ndarray:
        """The book's ``dvalues`` are softmax probabilities: refuse anything else, saying why."""
        return check_probabilities(
            dvalues,
            "dvalues",
            expected=(
                "dvalues for ActivationSoftmaxLossCategoricalCrossentropy.backward must be the softmax "
                "probabilities from forward() (the book passes loss_activation.output)"
            ),
            hint="This backward starts the chain, so it takes no upstream gradient; call backward() with no arguments",
        )
