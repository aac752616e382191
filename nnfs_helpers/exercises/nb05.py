"""Notebook 05's exercises, each defined once (docs/exercises.md). Its explorer question is in
:mod:`.questions`.

Check data (issue 15): N != C; logits of +-1000, since the soft-label exercise asks for the stable
softmax (without the row maximum e^1000 is inf and inf / inf is NaN); a row 40 apart, where softmax
rounds to exactly 1; batches whose labels lack the last class, so a one-hot width read from the labels
(y.max() + 1) is too narrow; probabilities of exactly 0 and 1; a read-only y_hat, so writing into the
caller's array fails at that line; several samples and a single one.
"""

from __future__ import annotations

import contextlib
import inspect
import sys

import numpy as np

from ..activations import softmax
from .diagnose import common_factor
from .guard import Failed, names_read
from .nb04 import add_hard_logit_rows, refuse_overflow
from .registry import Mistake, define_exercise

# ---------------------------------------------------------------------------------------------
# 05.soft_label_gradient

_SOFT_SIGNATURE = "def soft_label_gradient(logits, y_soft):\n"

_SOFT_STUB = '''\
def soft_label_gradient(logits, y_soft):
    """Gradient of the mean cross-entropy with respect to the logits, for soft labels.

    logits: (N, C). y_soft: (N, C), each row a probability distribution over the C classes.
    Returns dL/dz, shape (N, C).
    """
    raise NotImplementedError("replace this line with your code")
'''

_SOFT_SOLUTION = '''\
def soft_label_gradient(logits, y_soft):
    """Gradient of the mean cross-entropy with respect to the logits, for soft labels.

    logits: (N, C). y_soft: (N, C), each row a probability distribution over the C classes.
    Returns dL/dz, shape (N, C).
    """
    exp_values = np.exp(logits - logits.max(axis=1, keepdims=True))
    y_hat = exp_values / exp_values.sum(axis=1, keepdims=True)
    return (y_hat - y_soft) / len(logits)
'''

_SOFT_STABLE = (
    "    exp_values = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
    "    y_hat = exp_values / exp_values.sum(axis=1, keepdims=True)\n"
)


def _soft(body: str, head: str = _SOFT_STABLE) -> str:
    return _SOFT_SIGNATURE + head + body


_SOFT_MISTAKES = [
    Mistake("no_mean", _soft("    return y_hat - y_soft\n"), "factor_n"),
    Mistake("sign", _soft("    return (y_soft - y_hat) / len(logits)\n"), "sign"),
    Mistake("no_softmax", _soft("    return (logits - y_soft) / len(logits)\n", head=""), "no_softmax"),
    Mistake(
        "softmax_over_columns",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    exp_values = np.exp(logits - logits.max(axis=0, keepdims=True))\n"
            "    y_hat = exp_values / exp_values.sum(axis=0, keepdims=True)\n",
        ),
        "softmax_over_columns",
    ),
    # Passed the first engine's data (no logit beyond 40): the text asks for the stable way.
    Mistake(
        "no_row_maximum",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    y_hat = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n",
        ),
        "overflow",
    ),
    Mistake(
        "hard_labels",
        _soft("    return (y_hat - np.eye(logits.shape[1])[y_soft.argmax(axis=1)]) / len(logits)\n"),
        "hard_labels",
    ),
    Mistake("mean_over_classes", _soft("    return (y_hat - y_soft) / logits.shape[1]\n"), "mean_over_classes"),
    # R1 and R2: a softmax normalised down the columns was told "they differ only where y_soft > 0".
    Mistake(
        "sum_down_columns",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    exp_values = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
            "    y_hat = exp_values / exp_values.sum(axis=0, keepdims=True)\n",
        ),
        "softmax_over_columns",
    ),
    Mistake(
        "max_down_columns",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    exp_values = np.exp(logits - logits.max(axis=0, keepdims=True))\n"
            "    y_hat = exp_values / exp_values.sum(axis=1, keepdims=True)\n",
        ),
        "softmax_shifted_by_columns",
    ),
    # R1: the notebook's N = 3 typed in, while C = 3 in the check, was told "you divided by C".
    Mistake("three_typed_in", _soft("    return (y_hat - y_soft) / 3\n"), "divisor_typed_in"),
    # Q1: the notebook's N - 1 = 4 typed in (N = 5) was told "divided by N minus 1 = 4: one off".
    Mistake("four_typed_in", _soft("    return (y_hat - y_soft) / 4\n"), "divisor_typed_in"),
    Mistake("one_off", _soft("    return (y_hat - y_soft) / (len(logits) - 1)\n"), "one off"),
    Mistake("floor_division", _soft("    return (y_hat - y_soft) // len(logits)\n"), "floor_division"),
    Mistake("python_list", _soft("    return ((y_hat - y_soft) / len(logits)).tolist()\n"), "not_numbers"),
    Mistake("mean_over_everything", _soft("    return (y_hat - y_soft) / y_soft.size\n"), "factor_size"),
    Mistake(
        "loss_gradient_only",
        _soft("    return -y_soft / np.maximum(y_hat, 1e-7) / len(logits)\n"),
        "loss_gradient_only",
    ),
    # NVD, NVC (05 Ex 1): these got the generic "differs", the first with "only where y_soft > 0".
    Mistake(
        "softmax_over_the_batch",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    exp_values = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
            "    y_hat = exp_values / exp_values.sum()\n",
        ),
        "softmax_over_the_batch",
    ),
    Mistake(
        "times_softmax_derivative",
        _soft("    return y_hat * (1 - y_hat) * (y_hat - y_soft) / len(logits)\n"),
        "times_softmax_derivative",
    ),
    Mistake(
        "labels_rescaled",
        _soft("    return (y_hat - y_soft / y_soft.max(axis=1, keepdims=True)) / len(logits)\n"),
        "labels_rescaled",
    ),
    Mistake(
        "clipped",
        _soft("    return (np.clip(y_hat, 1e-7, 1 - 1e-7) - y_soft) / len(logits)\n"),
        "clipped",
    ),
    Mistake(
        "small_number_added",
        _soft(
            "    return (y_hat - y_soft) / len(logits)\n",
            head="    exp_values = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
            "    y_hat = exp_values / (exp_values.sum(axis=1, keepdims=True) + 1e-7)\n",
        ),
        "small_number_added",
    ),
    # NVF: the package's softmax or fused class passed; the exercise asks for the learner's own softmax.
    Mistake(
        "package_softmax",
        "from nnfs_helpers import softmax\n\n\n"
        + _soft("    return (softmax(logits) - y_soft) / len(logits)\n", head=""),
        "package_softmax",
    ),
    Mistake(
        "package_fused_class",
        "from nnfs_helpers import ActivationSoftmaxLossCategoricalCrossentropy\n\n\n"
        + _soft(
            "    head = ActivationSoftmaxLossCategoricalCrossentropy()\n"
            "    head.forward(logits, y_soft)\n    return head.backward()\n",
            head="",
        ),
        "package_softmax",
    ),
    # NVJ: the probabilities multiplied in again were told only "differs from the right answer".
    Mistake("times_probabilities", _soft("    return (y_hat - y_soft) * y_hat / len(logits)\n"), "times_probabilities"),
    # NVE: a gradient rounded to 6 decimals was told "a small number added".
    Mistake("rounded", _soft("    return ((y_hat - y_soft) / len(logits)).round(6)\n"), "rounded"),
    # NVE: the chained form's NaN was told "two ways lead there".
    Mistake(
        "chained_form",
        _soft(
            "    dp = -y_soft / y_hat / len(logits)\n"
            "    return y_hat * (dp - (dp * y_hat).sum(axis=1, keepdims=True))\n"
        ),
        "the chained form",
    ),
]


_FLOOR_DIVISION = (
    "you divided with //, floor division, which rounds every entry down to a whole number (here to 0 or -1); "
    "the mean's 1/N is an ordinary division: divide with /"
)


def _soft_known(logits, labels):
    n, c = logits.shape
    y_hat = softmax(logits)
    hard = np.eye(c)[labels.argmax(axis=1)]
    known = {
        "no_softmax": (
            (logits - labels) / n,
            "you subtracted the labels from the logits: the formula needs the probabilities y_hat = softmax(z)",
        ),
        "softmax_over_columns": (
            (softmax(logits.T).T - labels) / n,
            "your probabilities sum to 1 down each column (axis=0), over the samples; softmax normalises "
            "each row, one sample's C logits: sum with axis=1, keepdims=True",
        ),
        "hard_labels": (
            (y_hat - hard) / n,
            "you turned the soft labels into one-hot ones (their largest entry): the gradient uses every "
            "entry of y_soft (the rows of Y) as it is",
        ),
        "loss_gradient_only": (
            -labels / np.maximum(y_hat, 1e-7) / n,
            "that is the gradient with respect to the probabilities, -y_soft / y_hat / N; this exercise asks for the "
            "gradient with respect to the logits, through softmax: (y_hat - y_soft) / N",
        ),
    }
    known["floor_division"] = (
        np.floor_divide(y_hat - labels, n),
        _FLOOR_DIVISION,
    )
    known["times_softmax_derivative"] = (
        y_hat * (1 - y_hat) * (y_hat - labels) / n,
        "you multiplied (y_hat - y_soft) / N by y_hat (1 - y_hat), softmax's derivative on the diagonal; the "
        "softmax's Jacobian is already inside (y_hat - y_soft) / N (steps 1 to 3 used it, and y_hat cancelled): "
        "multiply by nothing",
    )
    # NVJ: told only "differs from the right answer".
    known["times_probabilities"] = (
        (y_hat - labels) * y_hat / n,
        "you multiplied (y_hat - y_soft) / N by y_hat: step 3 cancelled the y_hat of softmax's derivative "
        "against the 1 / y_hat of the loss's, so no y_hat is left to multiply by; the gradient is "
        "(y_hat - y_soft) / N as it is",
    )
    if c != n:
        known["mean_over_classes"] = (
            (y_hat - labels) / c,
            f"you divided by C = {c}, the number of classes; the mean is over the N = {n} samples: divide by N, "
            "len(logits)",
        )
    return known


def _name_the_softmax_axis(got, logits, labels, what) -> None:
    """The learner's probabilities, read back from the gradient (ŷ = N g + Y): normalised down the
    columns, or shifted by each column's maximum, is a mistake in the softmax, not in the labels."""
    try:
        implied = np.asarray(got, dtype=np.float64) * len(logits) + labels
    except (TypeError, ValueError):
        return
    right = softmax(logits)
    if implied.shape != right.shape or not np.all(np.isfinite(implied)) or np.allclose(implied, right, atol=1e-9):
        return
    rows_sum_to_one = np.allclose(implied.sum(axis=1), 1.0, atol=1e-9)
    if len(logits) > 1 and np.allclose(implied.sum(axis=0), 1.0, atol=1e-9) and not rows_sum_to_one:
        raise Failed(
            "softmax_over_columns",
            f"{what} is wrong because of the softmax: your probabilities sum to 1 down each column (axis=0), over "
            "the samples; softmax normalises each row, one sample's C logits: sum with axis=1, keepdims=True",
        )
    if len(logits) > 1 and np.isclose(implied.sum(), 1.0, atol=1e-9) and not rows_sum_to_one:
        raise Failed(
            "softmax_over_the_batch",
            f"{what} is wrong because of the softmax: your probabilities sum to 1 over the whole batch, since "
            "e.sum() with no axis adds up every sample's exponentials; softmax normalises each row, one sample's "
            "C logits: divide by e.sum(axis=1, keepdims=True)",
        )
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = np.exp(logits - logits.max(axis=0, keepdims=True))
        column_shift = shifted / shifted.sum(axis=1, keepdims=True)
    if rows_sum_to_one and np.allclose(implied, column_shift, atol=1e-9):
        raise Failed(
            "softmax_shifted_by_columns",
            f"{what} is wrong because of the softmax: you subtracted each column's maximum (axis=0); the "
            "stable softmax subtracts each row's own maximum, logits.max(axis=1, keepdims=True), which leaves "
            "that row's probabilities unchanged",
        )


def _name_rounding(values, implied, right, labels, what) -> None:
    """The gradient, or the probabilities inside it, rounded to a few decimals (np.round(..., 6)): named as
    rounding, not as a small number added. Rounding is for printing; the gradient is returned unrounded."""
    exact = (right - labels) / len(right)
    for decimals in range(1, 13):
        for name, array, unrounded in (("is rounded", values, exact), ("uses probabilities rounded", implied, right)):
            off = np.abs(array - unrounded).max()
            if off > 1e-13 and np.allclose(array, np.round(unrounded, decimals), rtol=0, atol=1e-13):
                raise Failed(
                    "rounded",
                    f"{what} {name} to {decimals} decimals (off by up to {off:.1g}): rounding is for "
                    "printing (np.round, .round() or printoptions inside a print); return the values unrounded",
                )


def _name_a_small_difference(got, right, labels, what, formula: str) -> None:
    """After compare() found the answer wrong: probabilities (read back from the gradient, ŷ = N g + Y) that
    differ from ``right`` by less than 1e-5 come from a clip or a small number added for safety."""
    try:
        values = np.asarray(got, dtype=np.float64)
        implied = values * len(right) + labels
    except (TypeError, ValueError):
        return
    if implied.shape != right.shape or not np.all(np.isfinite(implied)):
        return
    _name_rounding(values, implied, right, labels, what)
    gap = np.abs(implied - right)
    if gap.max() >= 1e-5:
        return
    moved = gap > 1e-12
    if np.all(((right < 1e-6) | (right > 1 - 1e-6))[moved]):
        raise Failed(
            "clipped",
            f"{what} is off only where a probability is 0 or 1 to within 1e-6, and there by less than 1e-5: you "
            f"clipped the probabilities, as the loss clips them before its log; the gradient {formula} divides by "
            "nothing, so it needs no clip: use the probabilities as they are",
        )
    raise Failed(
        "small_number_added",
        f"{what} is off by at most {gap.max():.1g}: your probabilities are not quite the exact ones, as when a "
        f"small number (1e-7, say) is added for safety. The gradient {formula} divides by nothing, so it needs no "
        "such protection: use the exact probabilities",
    )


def _name_rescaled_labels(got, logits, labels, what) -> None:
    """The learner's labels, read back from the gradient (Y' = ŷ − N g): each row a multiple of y_soft's
    row, but not the row itself, is a change of the labels' scale."""
    try:
        implied = softmax(logits) - np.asarray(got, dtype=np.float64) * len(logits)
    except (TypeError, ValueError):
        return
    if implied.shape != labels.shape or not np.all(np.isfinite(implied)):
        return
    scale = implied.sum(axis=1, keepdims=True)
    if np.allclose(scale, 1.0, atol=1e-9) or not np.allclose(implied, scale * labels, atol=1e-9):
        return
    raise Failed(
        "labels_rescaled",
        f"{what} uses rescaled labels: the labels in your formula are y_soft with each row multiplied by a "
        "number (row sums "
        + ", ".join(f"{value:.3g}" for value in scale.ravel()[:3])
        + (", ..." if scale.size > 3 else "")
        + " instead of 1). Each row of y_soft already is a probability distribution: use it as it is",
    )


def _implied_divisor(got, logits, labels) -> float | None:
    """The number the learner's gradient divides (ŷ − Y) by, when it is (ŷ − Y)/N times a common factor."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    right = (softmax(logits) - labels) / len(logits)
    if values.shape != right.shape or not np.all(np.isfinite(values)):
        return None
    factor = common_factor(values, right, 1e-6, 1e-9)
    return None if factor is None else len(logits) / factor


def _name_a_typed_divisor(checker, got, logits, labels) -> None:
    """A whole number typed in where N belongs (`/ 4` with N = 5): the learner's function, called again with
    one sample fewer and with one class fewer, still divides by the same number. `/ (len(logits) - 1)` divides
    by one less with a sample fewer, `/ logits.shape[1]` by one less with a class fewer."""
    divisor = _implied_divisor(got, logits, labels)
    if divisor is None or abs(divisor - round(divisor)) > 1e-6 * divisor:
        return
    typed = round(divisor)
    n, c = logits.shape
    if typed == n or not 2 <= typed <= 100_000 or n < 2 or c < 3:
        return
    one_class_fewer = labels[:, :-1] / labels[:, :-1].sum(axis=1, keepdims=True)
    for cut_logits, cut_labels in ((logits[:-1], labels[:-1]), (logits[:, :-1], one_class_fewer)):
        fewer_logits, fewer_labels = cut_logits.copy(), cut_labels.copy()
        if not np.all(np.isfinite(fewer_labels)):
            return
        try:
            with np.errstate(all="ignore"):
                again = checker.fn(fewer_logits, fewer_labels)
            if len(fewer_logits) == typed:  # divided by the right N here: no common factor to read
                right = (softmax(fewer_logits) - fewer_labels) / typed
                same = np.shape(again) == right.shape and np.allclose(np.asarray(again, dtype=float), right)
            else:
                implied = _implied_divisor(again, fewer_logits, fewer_labels)
                same = implied is not None and abs(implied - typed) <= 1e-6 * typed
        except Exception:
            return
        if not same:
            return
    raise Failed(
        "divisor_typed_in",
        f"you divided by {typed}, a number typed into the body, but this case has N = {n} samples: "
        "divide by N = len(logits), so the mean is right for any batch size",
    )


_SOFT_CAUSE = (
    "two ways lead there: without the row maximum e^1000 overflows to inf (inf / inf is NaN), and in such a row "
    "a probability is exactly 0, so a division by y_hat gives a NaN or an inf"
)
_SOFT_OVERFLOW = (
    "The exercise asks for the stable way: subtract each row's largest logit before taking exp; and the gradient "
    "with respect to the logits, (y_hat - y_soft) / N, divides by nothing"
)


_SOFT_DIVIDED = (
    "softmax rounds a probability there to exactly 0 (e^-2000 underflows), and your function divides by it: "
    "y_soft / y_hat is inf there (0 / 0, NaN, where a label is 0 too), and the chain's next step multiplies "
    "by y_hat = 0 again, inf x 0 = NaN. That is the chained form, the loss's backward and then softmax's"
)
_SOFT_DIVIDED_ADVICE = (
    "On paper y_hat cancels (step 3): do that cancellation in your code and return (y_hat - y_soft) / N, "
    "which divides by nothing"
)
_SOFT_NO_MAXIMUM = "without each row's maximum subtracted, e^1000 overflows to inf, and inf / inf is NaN"


def _soft_nan_cause(fn, got, logits, labels) -> tuple[str, str]:
    """(advice, cause) for a NaN in a row of +-1000: the learner's function called again on the same logits
    with each row's maximum already subtracted (largest logit 0, so nothing can overflow) tells the two
    causes apart. Still NaN: it divides by a probability of exactly 0, the chained form."""
    try:
        if np.all(np.isfinite(np.asarray(got, dtype=np.float64))):
            return _SOFT_OVERFLOW, _SOFT_CAUSE
        with np.errstate(all="ignore"):
            again = np.asarray(fn(logits - logits.max(axis=1, keepdims=True), labels.copy()), dtype=np.float64)
    except Exception:
        return _SOFT_OVERFLOW, _SOFT_CAUSE
    if again.shape != logits.shape:
        return _SOFT_OVERFLOW, _SOFT_CAUSE
    if np.all(np.isfinite(again)):
        return "The exercise asks for the stable way: subtract each row's largest logit before taking exp", (
            _SOFT_NO_MAXIMUM
        )
    # Each row's largest logit moved to column 0: finite now, so the function subtracts something that is the
    # maximum only where it sits in column 0 (logits[:, 0], the first logit), not each row's largest.
    rows = np.arange(len(logits))[:, None]
    order = np.argsort(-logits, axis=1, kind="stable")
    try:
        with np.errstate(all="ignore"):
            first = np.asarray(fn(logits[rows, order].copy(), labels[rows, order].copy()), dtype=np.float64)
    except Exception:
        first = None
    if first is not None and first.shape == logits.shape and np.all(np.isfinite(first)):
        return "Subtract each row's largest logit, logits.max(axis=1, keepdims=True), before taking exp", (
            "your function subtracts a logit that is not each row's largest (the first column's, say): it "
            "works where the largest logit sits in column 0 and overflows where a larger one follows, "
            "e^1000 = inf, inf / inf = NaN"
        )
    return _SOFT_DIVIDED_ADVICE, _SOFT_DIVIDED


def _name_soft_labels_used_as_indices(failure: Failed) -> None:
    """The sparse exercise's `gradient[range(N), y] -= 1`, written with the soft labels as the index."""
    if failure.kind == "raised" and "arrays used as indices must be of integer" in failure.message:
        raise Failed(
            "soft_labels_as_indices",
            "you used y_soft as an index (gradient[range(N), y_soft], as with class labels): y_soft holds no class "
            "numbers; each of its rows is a distribution over the C classes, shape (N, C), like a one-hot row "
            "whose 1 is spread out. Subtract the whole row, as ŷ − Y does with one-hot labels, then divide by N",
        ) from None


def _package_softmax_names(fn) -> list[str]:
    """Names the learner's function reads that are a softmax or a loss from a library: the package's
    softmax, ActivationSoftmax, the fused class, the package itself, or any imported function named softmax
    (scipy.special.softmax). A function the learner defined in the notebook is their own work."""
    code = getattr(fn, "__code__", None)
    namespace = getattr(fn, "__globals__", None)
    if code is None or not isinstance(namespace, dict):
        return []
    found = []
    for name in sorted(names_read(code)):
        value = namespace.get(name)
        module = getattr(value, "__name__", "") if inspect.ismodule(value) else getattr(value, "__module__", "")
        module = module or ""
        if value is None:
            if "softmax" in name.lower():  # an attribute, as in scipy.special.softmax or nnfs_helpers.softmax
                found.append(name)
            continue
        if module == "__main__" or module.startswith("numpy"):
            continue
        if module.startswith("nnfs_helpers") or "softmax" in name.lower() or "scipy" in module:
            found.append(name)
    return found


def _refuse_a_package_softmax(fn) -> None:
    names = _package_softmax_names(fn)
    if names:
        raise Failed(
            "package_softmax",
            f"your function uses {' and '.join(names)}: imported code that computes the softmax (or the whole "
            "gradient) for you, not your own; "
            "this exercise asks you to compute the probabilities yourself, the stable way: "
            "e = np.exp(logits - logits.max(axis=1, keepdims=True)), then e / e.sum(axis=1, keepdims=True), and "
            "from them the gradient (y_hat - y_soft) / N",
        )


@define_exercise(
    "05.soft_label_gradient",
    full_precision=("logits",),
    stub=_SOFT_STUB,
    solution=_SOFT_SOLUTION,
    why=(
        "The derivation used only that each row of Y sums to 1 (step 5), never that it is one-hot, so soft labels "
        "give the same (Ŷ − Y)/N; the work is computing Ŷ from the logits first, the stable way."
    ),
    idea=(
        "Go through the seven steps with a soft label row in place of the one-hot Y_n: does any step use more than "
        "that the row sums to 1? Then ask what the formula needs that the function is not given directly."
    ),
    hint=(
        "Redo the derivation with each row of Y (y_soft) a distribution: the only property of Y it used was that "
        "each row sums to 1 (step 5), so the gradient is still (y_hat - y_soft) / N. Turn the logits into "
        "probabilities first (a softmax over each row, minus the row's maximum), and remember the mean's 1/N."
    ),
    points=2,
    shapes={"logits": "(N, C)", "y_soft": "(N, C)", "return": "(N, C)"},
    mistakes=_SOFT_MISTAKES,
    array_only=True,
)
def _soft_label_gradient(checker):
    rng = checker.rng(505)
    n, c = checker.distinct_sizes(5, 3, low=3, high=6)
    logits = rng.normal(scale=2.0, size=(n, c)).round(2)
    logits[1, :3] = [40.0, 0.0, -1.0]  # softmax rounds to exactly (1, 0, 0)
    labels = rng.dirichlet(np.ones(c), size=n).round(3)
    labels[:, -1] = 1.0 - labels[:, :-1].sum(axis=1)
    labels[1] = np.eye(c)[0]  # a one-hot row: y_hat - y has an exact 0 there
    labels[2, :2] = [0.0, 1.0 - labels[2, 2:].sum()]  # a probability of 0 in a soft label
    labels = np.clip(labels, 0.0, None)
    labels /= labels.sum(axis=1, keepdims=True)
    # Logits of +-1000 (the stable way is asked for), with fewer samples than classes.
    n2, c2 = checker.distinct_sizes(3, 4, low=3, high=7)
    if n2 >= c2:
        n2, c2 = c2, n2 + 1
    logits2 = rng.normal(size=(n2, c2)).round(2)
    logits2[0, :3] = [1000.0, -1000.0, 0.0]
    add_hard_logit_rows(logits2, rng)
    labels2 = rng.dirichlet(np.ones(c2), size=n2)
    # One sample, labels that are not one-hot anywhere.
    c1 = checker.size(4, low=3, high=6)
    logits1 = rng.normal(size=(1, c1)).round(2)
    labels1 = rng.dirichlet(np.ones(c1), size=1)
    for logits_case, labels_case, what in (
        (logits, labels, "the gradient"),
        (logits2, labels2, "the gradient (logits of +-1000)"),
        (logits1, labels1, "the gradient (one sample)"),
    ):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            try:
                got = checker.call(logits=logits_case, y_soft=labels_case)
            except Failed as failure:
                _name_soft_labels_used_as_indices(failure)
                raise
        _refuse_a_package_softmax(checker.fn)
        refuse_overflow(got, logits_case, what, *_soft_nan_cause(checker.fn, got, logits_case, labels_case))
        _name_the_softmax_axis(got, logits_case, labels_case, what)
        _name_rescaled_labels(got, logits_case, labels_case, what)
        _name_a_typed_divisor(checker, got, logits_case, labels_case)
        try:
            checker.compare(
                got,
                (softmax(logits_case) - labels_case) / len(logits_case),
                what=what,
                divisor="N",
                known=_soft_known(logits_case, labels_case),
            )
        except Failed as failure:
            if failure.kind == "values":
                _name_a_small_difference(got, softmax(logits_case), labels_case, what, "(y_hat - y_soft) / N")
            raise
    return (
        f"the gradient matches (Ŷ − Y)/N for {n} samples of {c} classes, for logits of ±1000 ({n2} samples of "
        f"{c2} classes) and for one sample of {c1} classes"
    )


# ---------------------------------------------------------------------------------------------
# 05.sparse_label_gradient

_SPARSE_SIGNATURE = "def sparse_label_gradient(y_hat, y):\n"

_SPARSE_STUB = '''\
def sparse_label_gradient(y_hat, y):
    """Gradient of the mean cross-entropy with respect to the logits, from sparse labels.

    y_hat: softmax probabilities, (N, C). y: class indices, (N,).
    Returns dL/dz, shape (N, C), without building one-hot labels. Leaves y_hat unchanged.
    """
    raise NotImplementedError("replace this line with your code")
'''

_SPARSE_SOLUTION = '''\
def sparse_label_gradient(y_hat, y):
    """Gradient of the mean cross-entropy with respect to the logits, from sparse labels.

    y_hat: softmax probabilities, (N, C). y: class indices, (N,).
    Returns dL/dz, shape (N, C), without building one-hot labels. Leaves y_hat unchanged.
    """
    n_samples = len(y_hat)
    gradient = y_hat.copy()
    gradient[np.arange(n_samples), y] -= 1
    return gradient / n_samples
'''


def _sparse(body: str) -> str:
    return _SPARSE_SIGNATURE + "    n_samples = len(y_hat)\n" + body


_SPARSE_MISTAKES = [
    # R1: the - 1 forgotten, and an integer copy, got the generic message.
    Mistake("no_minus_one", _sparse("    return y_hat / n_samples\n"), "no_minus_one"),
    Mistake(
        "integer_copy",
        _sparse("    g = y_hat.astype(int)\n    g[np.arange(n_samples), y] -= 1\n    return g / n_samples\n"),
        "integer_copy",
    ),
    # R1 and R2: "without building Y" was not checked, so these passed.
    Mistake(
        "built_one_hot",
        _sparse(
            "    Y = np.zeros_like(y_hat)\n    Y[np.arange(n_samples), y] = 1\n    return (y_hat - Y) / n_samples\n"
        ),
        "built_one_hot",
    ),
    Mistake("eye_one_hot", _sparse("    return (y_hat - np.eye(y_hat.shape[1])[y]) / n_samples\n"), "built_one_hot"),
    Mistake(
        "three_typed_in",
        _sparse("    g = y_hat.copy()\n    g[np.arange(n_samples), y] -= 1\n    return g / 3\n"),
        "hard_coded_size",
    ),
    # NVJ: a class index off by one was told only "differs from the right answer".
    Mistake(
        "class_index_minus_one",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[np.arange(n_samples), y - 1] -= 1\n"
            "    return gradient / n_samples\n"
        ),
        "class_index_minus_one",
    ),
    Mistake(
        "whole_columns",
        _sparse("    gradient = y_hat.copy()\n    gradient[:, y] -= 1\n    return gradient / n_samples\n"),
        "whole_columns",
    ),
    Mistake(
        "no_mean",
        _sparse("    gradient = y_hat.copy()\n    gradient[np.arange(n_samples), y] -= 1\n    return gradient\n"),
        "factor_n",
    ),
    Mistake(
        "mean_twice",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[np.arange(n_samples), y] -= 1\n"
            "    return gradient / n_samples**2\n"
        ),
        "factor_n",
    ),
    Mistake(
        "in_place",
        _sparse("    gradient = y_hat\n    gradient[np.arange(n_samples), y] -= 1\n    return gradient / n_samples\n"),
        "modified_input",
    ),
    Mistake(
        "divided_one",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[np.arange(n_samples), y] -= 1 / n_samples\n    return gradient\n"
        ),
        "divided_one",
    ),
    # Passed the first engine's data (its labels held the last class): the width comes from the labels.
    Mistake(
        "width_from_labels",
        _sparse("    one_hot = np.eye(y.max() + 1)[y]\n    return (y_hat - one_hot) / n_samples\n"),
        "width_from_labels",
    ),
    Mistake(
        "label_values",
        _sparse("    return (y_hat - y.reshape(-1, 1)) / n_samples\n"),
        "label_values",
    ),
    Mistake(
        "sign",
        _sparse(
            "    gradient = -y_hat.copy()\n    gradient[np.arange(n_samples), y] += 1\n"
            "    return gradient / n_samples\n"
        ),
        "sign",
    ),
    # N5's novice readers: y alone as the index, = for -=, the 1/N in the wrong place, // for /.
    Mistake(
        "rows_by_label",
        _sparse("    gradient = y_hat.copy()\n    gradient[y] -= 1\n    return gradient / n_samples\n"),
        "rows_by_label",
    ),
    Mistake(
        "rows_by_label_assigned",
        _sparse("    gradient = y_hat.copy()\n    gradient[y] = -1\n    return gradient / n_samples\n"),
        "rows_by_label_assigned",
    ),
    Mistake(
        "assigned_minus_one",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[range(n_samples), y] = -1\n    return gradient / n_samples\n"
        ),
        "assigned_minus_one",
    ),
    Mistake(
        "divided_before_subtracting",
        _sparse("    gradient = y_hat / n_samples\n    gradient[range(n_samples), y] -= 1\n    return gradient\n"),
        "divided_before_subtracting",
    ),
    Mistake(
        "divided_twice",
        _sparse(
            "    gradient = y_hat / n_samples\n    gradient[range(n_samples), y] -= 1 / n_samples\n"
            "    return gradient / n_samples\n"
        ),
        "one 1/N too many",
    ),
    Mistake(
        "divided_twice_in_place",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[range(n_samples), y] -= 1\n    gradient /= n_samples\n"
            "    return gradient / n_samples\n"
        ),
        "one 1/N too many",
    ),
    Mistake(
        "floor_division",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[range(n_samples), y] -= 1\n    return gradient // n_samples\n"
        ),
        "floor_division",
    ),
    Mistake("minus_one_everywhere", _sparse("    return (y_hat - 1) / n_samples\n"), "minus_one_everywhere"),
    # Lead (11:25): row 0 was a perfect prediction (gradient 0) in every case, so a mistake confined to it passed.
    Mistake(
        "loop_from_one",
        _sparse(
            "    gradient = y_hat.copy()\n    for n in range(1, n_samples):\n        gradient[n, y[n]] -= 1\n"
            "    return gradient / n_samples\n"
        ),
        "loop_from_one",
    ),
    # NVC (05 Ex 2): numpy's "shape mismatch ... (4,) (5,)" alone for the classes used as row numbers.
    Mistake(
        "rows_from_classes",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[range(y_hat.shape[1]), y] -= 1\n"
            "    return gradient / n_samples\n"
        ),
        "rows_from_classes",
    ),
    # NVC (05 Ex 2): a flat index and the probability's derivative got the generic "differs"; so did a clip
    # (in Ex 1), whose answer printed like the right one.
    Mistake(
        "clipped",
        _sparse(
            "    gradient = np.clip(y_hat, 1e-7, 1 - 1e-7)\n    gradient[np.arange(n_samples), y] -= 1\n"
            "    return gradient / n_samples\n"
        ),
        "clipped",
    ),
    Mistake(
        "flat_index",
        _sparse(
            "    gradient = y_hat.copy()\n    np.put(gradient, y, gradient.flat[y] - 1)\n"
            "    return gradient / n_samples\n"
        ),
        "flat_index",
    ),
    Mistake(
        "probability_gradient",
        _sparse(
            "    gradient = y_hat.copy()\n    rows = np.arange(n_samples)\n"
            "    gradient[rows, y] = -1 / y_hat[rows, y]\n    return gradient / n_samples\n"
        ),
        "probability_gradient",
    ),
    Mistake(
        "python_list",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[range(n_samples), y] -= 1\n"
            "    return (gradient / n_samples).tolist()\n"
        ),
        "not_numbers",
    ),
    Mistake(
        "swapped_index",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[y, range(n_samples)] -= 1\n    return gradient / n_samples\n"
        ),
        "swapped_index",
    ),
    # NVE: the chained form's 0 / 0 got the generic "differs" with a row of nan.
    Mistake(
        "chained_form",
        _sparse(
            "    Y = np.zeros(y_hat.shape)\n    Y[np.arange(n_samples), y] = 1\n    dp = -Y / y_hat / n_samples\n"
            "    return y_hat * (dp - (dp * y_hat).sum(axis=1, keepdims=True))\n"
        ),
        "chained_nan",
    ),
    Mistake(
        "rounded",
        _sparse(
            "    gradient = y_hat.copy()\n    gradient[np.arange(n_samples), y] -= 1\n"
            "    return (gradient / n_samples).round(4)\n"
        ),
        "rounded",
    ),
]


class _ReadOnlyCopy(np.ndarray):
    """An array whose copy for the learner is read-only: a function that subtracts from the
    caller's y_hat in place then raises at that line, instead of passing unnoticed (the check
    runs the learner's function on a copy, so the change itself could not be seen)."""

    def __deepcopy__(self, memo):
        copied = np.array(self)
        copied.flags.writeable = False
        return copied


_ROWS_BY_LABEL = (
    "you indexed y_hat with y alone (y_hat[y]): on a 2-D array that picks whole rows, row y[n] for each label, "
    "so the class numbers were used as sample numbers and every entry of those rows changed. Pick one entry "
    "per row, row n and column y[n]: y_hat[np.arange(N), y]"
)


def _sparse_known(y_hat, labels):
    n, c = y_hat.shape
    columns = y_hat.copy()
    columns[:, labels] -= 1
    one_hot = np.eye(c)[labels]
    known = {
        "assigned_minus_one": (
            np.where(one_hot > 0, -1.0, y_hat) / n,
            "you set each true-class entry to -1 (with =) instead of subtracting 1 from it (with -=): the "
            "gradient there is ŷ_k − 1, which keeps the probability ŷ_k. Write y_hat[np.arange(N), y] -= 1 on a copy",
        ),
        "divided_before_subtracting": (
            y_hat / n - one_hot,
            "you divided y_hat by N before subtracting 1, so the 1 at each true class was never divided: the "
            "mean's 1/N divides the whole difference ŷ − Y. Subtract 1 first, then divide by N",
        ),
        "floor_division": (
            np.floor_divide(y_hat - one_hot, n),
            _FLOOR_DIVISION,
        ),
        "minus_one_everywhere": (
            (y_hat - 1) / n,
            "you subtracted 1 from every entry of y_hat; the one-hot Y has a single 1 per row, at the true class: "
            "subtract 1 only at row n, column y[n], y_hat[np.arange(N), y]",
        ),
    }
    flat_subtracted, flat_assigned = y_hat.copy(), y_hat.copy()
    if labels.max() < y_hat.size:
        flat_subtracted.flat[labels] -= 1
        flat_assigned.flat[labels] = -1
        for kind, flat in (("flat_index", flat_subtracted), ("flat_index_assigned", flat_assigned)):
            known[kind] = (
                flat / n,
                "you indexed the flattened array (np.put, or .flat): one index counts the entries row after "
                "row, so the class numbers in y picked entries of the first row, not one entry per row. Give "
                "two indices, row n and column y[n]: gradient[np.arange(N), y] -= 1",
            )
    with np.errstate(divide="ignore", invalid="ignore"):
        at_true = np.where(one_hot > 0, -1 / y_hat, y_hat)
        minus_inverse = y_hat - one_hot / np.where(one_hot > 0, y_hat, 1.0)
    for kind, value in (("probability_gradient", at_true), ("probability_gradient_subtracted", minus_inverse)):
        if np.all(np.isfinite(value)):
            known[kind] = (
                value / n,
                "you used 1/y_hat at each true class: -1/ŷ_k is the loss's derivative with respect to the "
                "probability ŷ_k; through softmax, with respect to the logit, it becomes ŷ_k - 1 (steps 1 to 6): "
                "subtract 1 there, and divide only by N",
            )
    # NVJ: a class index off by one was told only "differs from the right answer".
    for shift, said in ((-1, "y[n] - 1"), (1, "y[n] + 1")):
        columns_off = labels + shift
        if c < 2 or columns_off.max() >= c:
            continue  # y + 1 at the last class raises an IndexError instead
        off_by_one = y_hat.copy()
        off_by_one[np.arange(n), columns_off] -= 1
        wrapped = " (and where y[n] is 0, the index -1 picked the last column)" if columns_off.min() < 0 else ""
        known[f"class_index_{'minus' if shift < 0 else 'plus'}_one"] = (
            off_by_one / n,
            f"you subtracted 1 at column {said}, one class {'left' if shift < 0 else 'right'} of the true "
            f"class{wrapped}: y already holds the true class's column index, counted from 0 as Python counts, "
            "so the 1 goes at row n, column y[n] itself: gradient[np.arange(N), y] -= 1",
        )
    if n > 1:
        from_one = y_hat.copy()
        from_one[np.arange(1, n), labels[1:]] -= 1
        known["loop_from_one"] = (
            from_one / n,
            "row 0 has no -1 at its true class, every other row has it: your loop starts at 1, but rows count "
            "from 0, as Python counts: range(N), or no loop at all, gradient[np.arange(N), y] -= 1",
        )
    if labels.max() < n:  # otherwise y_hat[y] raises (named in _name_the_raise)
        by_label = y_hat.copy()
        by_label[labels] -= 1
        assigned = y_hat.copy()
        assigned[labels] = -1
        known["rows_by_label"] = (by_label / n, _ROWS_BY_LABEL)
        known["rows_by_label_assigned"] = (assigned / n, _ROWS_BY_LABEL.replace("changed", "was set to -1"))
    return known | {
        "no_minus_one": (
            y_hat / n,
            "the gradient is y_hat / N: the - 1 at each sample's true class is missing, "
            "y_hat[np.arange(N), y] -= 1 on a copy",
        ),
        "integer_copy": (
            (np.trunc(y_hat) - np.eye(c)[labels]) / n,
            "your copy of y_hat is an integer array (astype(int), or dtype=int), so every probability became 0 or 1: "
            "copy it as floats, y_hat.copy()",
        ),
        "whole_columns": (
            columns / n,
            "y_hat[:, y] picks whole columns, so 1 was subtracted from every row of each true class's column; "
            "pick one entry per row with y_hat[np.arange(N), y]",
        ),
        "divided_one": (
            y_hat - np.eye(c)[labels] / n,
            "you divided only the 1 by N; the mean's 1/N divides the whole difference ŷ − Y, every entry",
        ),
        "added_one": (
            (y_hat + np.eye(c)[labels]) / n,
            "you added 1 at each true class; the gradient is y_hat minus the one-hot Y: subtract 1 there",
        ),
        "label_values": (
            (y_hat - labels.reshape(-1, 1)) / n,
            "you subtracted the class index y_n itself from every entry of row n; Y is one-hot: subtract 1 "
            "from the one entry in column y_n, y_hat[np.arange(N), y]",
        ),
    }


def _name_the_raise(failure: Failed, y_hat, labels) -> None:
    """Two errors whose numpy wording hides the lesson: writing into the (read-only) y_hat, and a
    one-hot width taken from the labels of a batch that lacks the last class."""
    if failure.kind != "raised":
        return
    if "read-only" in failure.message:
        raise Failed(
            "modified_input",
            "your function wrote into y_hat itself, in place, so the caller's probabilities change: after "
            "your call they are no longer ŷ, and whatever uses them next (the loss, the accuracy) would be wrong. "
            "`gradient = y_hat` does not help: it names the same array, it does not copy it. Start from a "
            "copy, y_hat.copy()",
        ) from None
    n, c = y_hat.shape
    if f"combined ({n}, {c}) with ({n},)" in failure.message or f"combined ({n},) with ({n}, {c})" in failure.message:
        raise Failed(
            "labels_as_one_hot",
            f"you combined y_hat, shape (N, C) = ({n}, {c}), with the labels y, shape (N,) = ({n},), as if y were "
            "one-hot rows: y holds one class number per sample (sparse labels). Of each row of the one-hot Y only "
            "the true class's 1 is left, so subtract 1 at y_hat[np.arange(N), y] (on a copy) and divide by N",
        ) from None
    if f"out of bounds for axis 0 with size {n}" in failure.message and labels.max() >= n:
        raise Failed(
            "rows_by_label",
            "you used the labels y as row numbers (y_hat[y], or y first in y_hat[y, ...]): y holds class numbers, "
            f"which number the columns, and class {int(labels.max())} is not one of the N = {n} rows. Row n's "
            "true class is column y[n]: y_hat[np.arange(N), y], row numbers first",
        ) from None
    if f"out of bounds for axis 1 with size {c}" in failure.message and n > c:
        raise Failed(
            "swapped_index",
            "you used the sample numbers 0..N-1 as column numbers, and there are only C = "
            f"{c} columns: the row index comes first, the column second, y_hat[np.arange(N), y]",
        ) from None
    if c != n and f"broadcast together with shapes ({c},) ({n},)" in failure.message:
        raise Failed(
            "rows_from_classes",
            f"your row index has C = {c} entries, one per class (np.arange(C), range(y_hat.shape[1])), while y has "
            f"one label per sample, N = {n}: the rows are the samples, np.arange(N) with N = len(y_hat), "
            "y_hat[np.arange(N), y]",
        ) from None
    width = int(labels.max()) + 1
    if width != c and f"({n}, {width})" in failure.message:
        raise Failed(
            "width_from_labels",
            f"your one-hot rows have y.max() + 1 = {width} columns, but y_hat has C = {c}: this batch has no "
            "sample of the last class, so the labels cannot tell you C. Take it from y_hat.shape[1], or build "
            "no one-hot at all: subtract 1 at y_hat[np.arange(N), y]",
        ) from None


_FACTORIES = ("zeros", "zeros_like", "empty", "empty_like", "full", "full_like", "eye", "identity")
_ONE_HOT_NAMES = {"one_hot", "to_categorical", "eye", "identity"}


@contextlib.contextmanager
def _arrays_made(fn=None):
    """Every array numpy's factories (np.zeros, np.eye, ...) make while the learner's function runs, and
    every array the learner's own code (``fn``'s file: its cell) holds in a variable when a function returns
    (a one-hot made by ``y[:, None] == np.arange(C)`` comes from no factory)."""
    made: list[np.ndarray] = []
    originals = {name: getattr(np, name) for name in _FACTORIES}
    filename = getattr(getattr(fn, "__code__", None), "co_filename", None)
    previous = sys.getprofile()

    def watch(frame, event, arg):
        if event == "return" and frame.f_code.co_filename == filename:
            made.extend(value for value in frame.f_locals.values() if isinstance(value, np.ndarray))

    def recording(factory):
        def make(*args, **kwargs):
            array = factory(*args, **kwargs)
            made.append(array)
            return array

        return make

    try:
        for name, factory in originals.items():
            setattr(np, name, recording(factory))
        if filename is not None:
            sys.setprofile(watch)
        yield made
    finally:
        if filename is not None:
            sys.setprofile(previous)
        for name, factory in originals.items():
            setattr(np, name, factory)


def _refuse_one_hot(fn, made, y_hat, labels) -> None:
    """The exercise says "without building Y": an (N, C) array that ends up one-hot, an identity
    matrix, or a call of one_hot / np.eye in the learner's code is that Y."""
    n, c = y_hat.shape
    one_hot = np.eye(c)[labels]
    built = any(
        isinstance(array, np.ndarray)
        and not (array.shape == y_hat.shape and np.array_equal(array, y_hat))  # y_hat itself, or a copy of it
        and (
            (array.shape == (n, c) and np.array_equal(array, one_hot))
            or (array.shape == (c, c) and np.array_equal(array, np.eye(c)))
        )
        for array in made
    )
    code = getattr(fn, "__code__", None)
    called = sorted(names_read(code) & _ONE_HOT_NAMES) if code is not None else []
    if built or called:
        how = f" (your code calls {', '.join(called)})" if called else ""
        raise Failed(
            "built_one_hot",
            f"your function builds the one-hot labels Y, an (N, C) = ({n}, {c}) array{how}; the exercise asks for "
            "the gradient without building Y, which for many classes is as large as y_hat itself: copy y_hat and "
            "subtract 1 at y_hat[np.arange(N), y], one entry per row",
        )


def _sparse_case(rng, n, c, *, lacks_last: bool):
    logits = rng.normal(scale=2.0, size=(n, c))
    y_hat = softmax(logits).round(4)
    # The rounding's remainder goes to each row's largest entry: every row sums to 1 to the last bit, so a
    # smaller example cut from this case (the engine's smallest failing case) is still probabilities.
    y_hat[np.arange(n), y_hat.argmax(axis=1)] += 1.0 - y_hat.sum(axis=1)
    high = c - 1 if lacks_last else c
    labels = rng.integers(0, high, size=n)
    if n > 1:
        # Exactly 0 and 1, a perfect prediction, in row 1: row 0's gradient is never 0, so a mistake confined
        # to the first row (g[0] *= 2) cannot pass, and the one-sample case is an imperfect prediction.
        y_hat[1] = np.eye(c)[1]
        labels[1] = 1
    if not lacks_last:
        labels[-1] = c - 1
    if n > 2:
        labels[2] = labels[1]  # a class twice: whole columns are subtracted once per class, not per sample
    return y_hat, labels


def _name_a_chained_nan(got, y_hat, what) -> None:
    """NaN only in rows that hold a probability of exactly 0: the chained form's Y / y_hat is 0 / 0 there."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    if values.shape != y_hat.shape or np.all(np.isfinite(values)):
        return
    bad_rows = ~np.all(np.isfinite(values), axis=1)
    if not np.all(np.any(y_hat == 0, axis=1)[bad_rows]):
        return
    raise Failed(
        "chained_nan",
        f"{what} is NaN in {int(bad_rows.sum())} row(s), each one holding a probability of exactly 0: the chained "
        "form divides Y by y_hat, and where both are 0 that is 0 / 0 = NaN; softmax's backward then mixes that NaN "
        "into the whole row (NaN times anything is NaN). On paper y_hat cancels (step 3), so the gradient divides "
        "by nothing: copy y_hat, subtract 1 at [np.arange(N), y] and divide by N",
    )


@define_exercise(
    "05.sparse_label_gradient",
    full_precision=("y_hat",),
    stub=_SPARSE_STUB,
    solution=_SPARSE_SOLUTION,
    why=(
        "Subtracting the one-hot Y changes exactly one entry per row, row n at column y[n]; "
        "y_hat[np.arange(N), y] selects those N entries, and working on a copy leaves the caller's array alone."
    ),
    idea=(
        "Subtracting the one-hot Y changes only a few entries of ŷ: which ones, one per row? Work on a copy, so "
        "the caller's probabilities stay as they were."
    ),
    hint=(
        "Start from a copy, y_hat.copy() (editing y_hat in place would change the caller's probabilities), "
        "then subtract 1 at row n, column y[n], for every n: gradient[np.arange(N), y] picks exactly those N "
        "entries. Then divide the whole array by N, with /. The number of classes is y_hat.shape[1], not read "
        "from y."
    ),
    points=2,
    shapes={"y_hat": "(N, C)", "y": "(N,)", "return": "(N, C)"},
    mistakes=_SPARSE_MISTAKES,
    array_only=True,
)
def _sparse_label_gradient(checker):
    rng = checker.rng(550)
    n, c = checker.distinct_sizes(5, 4, low=3, high=7)
    # The first batch lacks the last class: a one-hot width taken from the labels is one too narrow.
    cases = [
        (*_sparse_case(rng, n, c, lacks_last=True), "the gradient"),
        (
            *_sparse_case(rng, checker.size(3, low=2, high=6, avoid=(c + 2,)), c + 2, lacks_last=False),
            "the gradient (more classes than samples)",
        ),
        (*_sparse_case(rng, 1, checker.size(3, low=3, high=6), lacks_last=True), "the gradient (one sample)"),
    ]
    for y_hat, labels, what in cases:
        try:
            with _arrays_made(checker.fn) as made:
                got = checker.call(y_hat=y_hat.view(_ReadOnlyCopy), y=labels)
        except Failed as failure:
            _name_the_raise(failure, y_hat, labels)
            raise
        _name_a_chained_nan(got, y_hat, what)
        rows = len(y_hat)
        one_hot = np.eye(y_hat.shape[1])[labels]
        try:
            checker.compare(got, (y_hat - one_hot) / rows, what=what, divisor="N", known=_sparse_known(y_hat, labels))
        except Failed as failure:
            if failure.kind == "values":
                _name_a_small_difference(got, y_hat, one_hot, what, "(ŷ - Y) / N")
            raise
        # After the values: a wrong answer that also builds Y is told its wrong value first.
        _refuse_one_hot(checker.fn, made, y_hat, labels)
    return (
        f"the gradient matches (ŷ − Y)/N for {n} samples of {c} classes (the last class absent from the labels, "
        "probabilities of exactly 0 and 1), for more classes than samples, and for one sample"
    )
