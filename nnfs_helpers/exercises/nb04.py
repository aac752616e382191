"""Notebook 04's exercises, each defined once (docs/exercises.md). Its explorer question is in
:mod:`.questions`.

Check data (issue 15): N != M (or C) so a transpose cannot hide; a whole-number batch, where an
integer array stores fractions as 0; z = 0 (the sigmoid's steepest point) and |z| = 1000, where
e^1000 overflows to inf and a formula that divides two exponentials gives inf / inf = NaN; G with
unequal rows and columns; several samples and a single one.
"""

from __future__ import annotations

import numpy as np

from .guard import Failed
from .registry import Mistake, define_exercise


def _sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def add_hard_logit_rows(logits: np.ndarray, rng: np.random.Generator) -> None:
    """Rows 1 and 2 of a stable-softmax case (at least 3 rows and 3 columns), in place: the row maximum in
    another column than 0 and beside a close second (a clip to +-500 or a shift by column 0 fails), and a
    row of large negative logits only (a shift made only when the maximum is large, or by the batch's, fails)."""
    logits[1, -3:] = [0.0, 1000.0, 1001.0]
    logits[2] = -1000.0 + rng.integers(-8, 9, size=logits.shape[1]) / 4  # quarters: exact in float32 too


def refuse_overflow(
    got, logits, what: str, advice: str, cause: str = "e^1000 overflows to inf, and inf / inf is NaN"
) -> None:
    """Fail with ``overflow`` when the answer is NaN or inf in the rows that hold a logit of about +-1000."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    if values.shape != np.shape(logits) or np.all(np.isfinite(values)):
        return
    bad = ~np.isfinite(values)
    big = np.abs(np.asarray(logits, dtype=np.float64)) >= 500
    rows_big = big.any(axis=-1, keepdims=True) if big.ndim == 2 else big
    if bad.ndim == 2:
        low_rows = np.asarray(logits, dtype=np.float64).max(axis=1) <= -500  # every logit about -1000
        if low_rows.any() and np.array_equal(bad.any(axis=1), low_rows):
            raise Failed(
                "batch_maximum",
                f"{what} is NaN only in the row(s) whose logits are all about -1000: every e^z there underflows "
                "to 0 (e^-1000 is below the smallest float), and 0 / 0 is NaN. Your function does not subtract "
                "that row's own largest logit (the batch's largest, or a shift made only for large logits); "
                "subtract each row's maximum, np.max(z, axis=1, keepdims=True), so each row's largest e^z is 1",
            )
    if np.all(~bad | np.broadcast_to(rows_big, bad.shape)):
        raise Failed(
            "overflow",
            f"{what} is NaN (or inf) in {int(bad.sum())} place(s), all in rows with a value of about +-1000: "
            f"{cause}. {advice}",
        )
    if bad.ndim == 2 and big.any():
        quiet_rows = bad.any(axis=1) & ~big.any(axis=1)
        raise Failed(
            "batch_maximum",
            f"{what} is NaN in {int(quiet_rows.sum())} row(s) that hold no large logit: subtracting the largest "
            "logit of the whole batch (about 1000) sends every e^z of those rows to 0, and 0 / 0 is NaN. Subtract "
            "each row's own maximum: np.max(z, axis=1, keepdims=True)",
        )
    raise Failed(
        "not_finite",
        f"{what} holds NaN or inf in {int(bad.sum())} of {bad.size} entries, not only where a logit is large",
    )


# ---------------------------------------------------------------------------------------------
# 04.sigmoid_backward

_SIGMOID_SIGNATURE = "def sigmoid_backward(z, dvalues):\n"

_SIGMOID_STUB = '''\
def sigmoid_backward(z, dvalues):
    """Backward pass of the sigmoid, entry by entry; sigma(z) is sigmoid(z), from the cell above.

    z: Z, the sigmoid's inputs, shape (N, M); entries can be as large as +-1000.
    dvalues: G, the gradient of the loss w.r.t. the sigmoid's outputs, shape (N, M).
    Returns G_z, the gradient of the loss w.r.t. Z, shape (N, M), finite for every entry.
    """
    raise NotImplementedError("replace this line with your code")
'''

_SIGMOID_SOLUTION = '''\
def sigmoid_backward(z, dvalues):
    """G_z = G * sigma(z) * (1 - sigma(z)), with sigmoid(z) from the cell above."""
    sigma = sigmoid(z)
    return dvalues * sigma * (1 - sigma)
'''


def _sig(body: str) -> str:
    return _SIGMOID_SIGNATURE + "    sigma = 1 / (1 + np.exp(-z))\n" + body


_SIGMOID_MISTAKES = [
    # R1: the arguments swapped got the generic message.
    Mistake(
        "arguments_swapped",
        _SIGMOID_SIGNATURE + "    s = 1 / (1 + np.exp(-dvalues))\n    return z * s * (1 - s)\n",
        "arguments_swapped",
    ),
    Mistake("z_for_sigma", _sig("    return dvalues * z * (1 - z)\n"), "z_for_sigma"),
    Mistake("no_upstream", _sig("    return sigma * (1 - sigma)\n"), "no_upstream"),
    # NVP: the forward pass returned got the generic "differs"; an all-zero answer was told "cut to whole numbers".
    Mistake("forward_output", _sig("    return sigma\n"), "forward_output"),
    Mistake("all_zeros", _SIGMOID_SIGNATURE + "    return np.zeros(z.shape)\n", "rounded"),
    Mistake("output_for_derivative", _sig("    return dvalues * sigma\n"), "output_for_derivative"),
    Mistake("one_factor_short", _sig("    return dvalues * (1 - sigma)\n"), "one_factor_short"),
    Mistake("tanh_derivative", _sig("    return dvalues * (1 - sigma**2)\n"), "tanh_derivative"),
    Mistake("one_minus_squared", _sig("    return dvalues * (1 - sigma) ** 2\n"), "one_minus_squared"),
    # NVC: e^z / (1 + e^z)^2 overflows at z = +1000; the message said -1000.
    Mistake(
        "exp_quotient_plus",
        _SIGMOID_SIGNATURE + "    return dvalues * np.exp(z) / (1 + np.exp(z)) ** 2\n",
        "z = +1000",
    ),
    Mistake("sign", _sig("    return -dvalues * sigma * (1 - sigma)\n"), "sign"),
    Mistake("transposed", _sig("    return (dvalues * sigma * (1 - sigma)).T\n"), "transposed"),
    # Right on paper, and passed the first engine's data (|z| <= 12): exp(1000) is inf, inf / inf is NaN.
    Mistake(
        "exp_quotient",
        _SIGMOID_SIGNATURE + "    return dvalues * np.exp(-z) / (1 + np.exp(-z)) ** 2\n",
        "overflow",
    ),
    # Passed the first engine's data (floats only): np.zeros_like of the whole-number z is an integer array.
    Mistake(
        "integer_result",
        _sig("    grad = np.zeros_like(z)\n    grad[:] = dvalues * sigma * (1 - sigma)\n    return grad\n"),
        "int_dtype",
    ),
    Mistake("in_place", _sig("    dvalues *= sigma * (1 - sigma)\n    return dvalues\n"), "modified_input"),
    Mistake("python_list", _sig("    return (dvalues * sigma * (1 - sigma)).tolist()\n"), "not_numbers"),
    Mistake("one_over_n", _sig("    return dvalues * sigma * (1 - sigma) / len(z)\n"), "factor_n"),
    # Q1: the slope at z = 0 typed in got the generic note "only in the rows whose z sums to a negative number".
    Mistake("returned_upstream", _SIGMOID_SIGNATURE + "    return dvalues.copy()\n", "returned_upstream"),
    Mistake("typed_in_slope", _SIGMOID_SIGNATURE + "    return dvalues * 0.25\n", "typed_in_slope"),
    Mistake("typed_in_other_slope", _SIGMOID_SIGNATURE + "    return 0.2 * dvalues\n", "typed_in_slope"),
]


def refuse_typed_slope(got, z, dvalues, expected) -> None:
    """Fail with ``typed_in_slope`` when the answer is dvalues times one number: a slope typed in, not computed
    from z. The check data puts z = 0 next to z = +-12, so no right answer has one slope everywhere."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return
    g = np.asarray(dvalues, dtype=np.float64)
    if values.shape != g.shape or not np.all(np.isfinite(values)):
        return
    used = g != 0
    if used.sum() < 3 or np.allclose(values, expected, rtol=1e-6, atol=1e-9):
        return
    slope = float(np.sum(values[used] * g[used]) / np.sum(g[used] ** 2))
    if slope == 0 or not np.allclose(values, slope * g, rtol=1e-9, atol=1e-12):
        return
    if abs(slope - 1) < 1e-9:
        return  # dvalues returned unchanged: compare() names that
    at_zero = " (1/4 is the slope at z = 0 only)" if abs(slope - 0.25) < 1e-9 else ""
    raise Failed(
        "typed_in_slope",
        f"dinputs is dvalues times one number, {slope:g}, for every z: a slope typed in{at_zero}. The sigmoid's "
        "slope changes with z (at z = +-12 it is about 6e-6): compute it from z, sigma(z) * (1 - sigma(z)) "
        "with sigma = 1 / (1 + np.exp(-z)), and multiply dvalues by it",
    )


def _sigmoid_known(z, dvalues):
    sigma = _sigmoid(z)
    with np.errstate(over="ignore"):
        sigma_of_g = 1 / (1 + np.exp(-np.asarray(dvalues, dtype=float)))
    return {
        "returned_upstream": (
            dvalues,
            "dinputs is dvalues unchanged: the chain rule multiplies each entry of dvalues by the sigmoid's slope "
            "at that entry, sigma(z) * (1 - sigma(z))",
        ),
        "arguments_swapped": (
            z * sigma_of_g * (1 - sigma_of_g),
            "dinputs takes the sigmoid of dvalues and multiplies by z: the two arguments are swapped; the "
            "derivative is sigma(z) * (1 - sigma(z)), times dvalues",
        ),
        "z_for_sigma": (
            dvalues * z * (1 - z),
            "dinputs uses z * (1 - z): the derivative is sigma(z) * (1 - sigma(z)), with the sigmoid's "
            "output, not its input",
        ),
        "forward_output": (
            sigma,
            "dinputs is sigmoid(z), the forward pass's output; the backward pass returns dvalues times the "
            "sigmoid's slope, sigma(z) * (1 - sigma(z))",
        ),
        "no_upstream": (
            sigma * (1 - sigma),
            "dinputs is the sigmoid's local derivative alone; the chain rule multiplies it by dvalues",
        ),
        "output_for_derivative": (
            dvalues * sigma,
            "dinputs is dvalues times sigma(z): the derivative of sigma is sigma(z) * (1 - sigma(z))",
        ),
        "one_factor_short": (
            dvalues * (1 - sigma),
            "dinputs is dvalues times 1 - sigma(z), that is exp(-z) / (1 + exp(-z)): the chain rule on "
            "(1 + exp(-z))**-1 gives exp(-z) / (1 + exp(-z))**2, one more factor 1 / (1 + exp(-z)) = sigma(z)",
        ),
        "plus_for_minus": (
            dvalues * sigma * (1 + sigma),
            "dinputs uses sigma(z) * (1 + sigma(z)); the second factor is 1 - sigma(z), since "
            "exp(-z) / (1 + exp(-z)) = 1 - sigma(z)",
        ),
        "sigma_squared": (
            dvalues * sigma**2,
            "dinputs uses sigma(z)**2; the derivative is sigma(z) * (1 - sigma(z)), the sigmoid times one minus itself",
        ),
        "one_minus_squared": (
            dvalues * (1 - sigma) ** 2,
            "dinputs uses (1 - sigma(z))**2; the derivative is sigma(z) * (1 - sigma(z)): one factor is sigma "
            "itself, since 1 / (1 + exp(-z)) = sigma(z)",
        ),
        "tanh_derivative": (
            dvalues * (1 - sigma**2),
            "dinputs uses 1 - sigma(z)**2, the form of tanh's derivative; the sigmoid's is sigma(z) * (1 - sigma(z))",
        ),
    }


_SIGMOID_CAUSE = (
    "the formula is right on paper, but at z = -1000, e^{-z} = e^{1000} overflows to inf, and inf / inf is NaN"
)
_SIGMOID_CAUSE_PLUS = (
    "the formula is right on paper, but at z = +1000, e^{z} = e^{1000} overflows to inf, and inf / inf is NaN"
)


def _sigmoid_cause(got, z) -> str:
    """The overflow's cause, told by where the NaN is: e^{-z} overflows at z = -1000, e^{z} at z = +1000."""
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return _SIGMOID_CAUSE
    if values.shape != np.shape(z):
        return _SIGMOID_CAUSE
    bad_z = np.asarray(z, dtype=np.float64)[~np.isfinite(values)]
    if bad_z.size and np.all(bad_z > 0):
        return _SIGMOID_CAUSE_PLUS
    if bad_z.size and not np.all(bad_z < 0):
        return "the formula is right on paper, but at z = +-1000 e^{1000} overflows to inf, and inf / inf is NaN"
    return _SIGMOID_CAUSE


_SIGMOID_OVERFLOW = (
    "Write it with sigma itself, dvalues * sigma * (1 - sigma), where sigma = sigmoid(z) = 1 / (1 + np.exp(-z)) "
    "is 1 / (1 + inf) = 0 at z = -1000: the derivative stays finite"
)


# The sigmoid cell of notebook 04, as the learner's code sees it.
_SIGMOID_CELL = """\
def sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))
"""


@define_exercise(
    "04.sigmoid_backward",
    full_precision=("z", "dvalues"),
    stub=_SIGMOID_STUB,
    solution=_SIGMOID_SOLUTION,
    why=(
        "By the chain rule, $\\sigma'(z) = e^{-z}/(1 + e^{-z})^2 = \\sigma(z)\\,(1 - \\sigma(z))$, since "
        "$e^{-z}/(1 + e^{-z}) = 1 - \\sigma(z)$; the sigmoid works entry by entry, so each entry of $G$ is "
        "multiplied by its own $\\sigma'(z)$."
    ),
    idea="The sigmoid works entry by entry, so each entry of dvalues is multiplied by the sigmoid's slope at "
    "that entry. After the chain rule, part of the slope is the sigmoid itself: can you write the whole slope "
    "with sigma alone, so that no e^1000 is ever divided by another?",
    hint=(
        "Differentiate (1 + exp(-z))**-1 with the chain rule, then write exp(-z) / (1 + exp(-z)) as "
        "1 - sigma(z), with sigma = sigmoid(z). The backward pass multiplies that local derivative by dvalues, "
        "entry by entry."
    ),
    array_only=True,
    cells_above=_SIGMOID_CELL,
    points=2,
    shapes={"z": "(N, M)", "dvalues": "(N, M)", "return": "(N, M)"},
    mistakes=_SIGMOID_MISTAKES,
)
def _sigmoid_backward(checker):
    rng = checker.rng(404)
    n, m = checker.distinct_sizes(3, 5, low=2, high=6)
    z = rng.normal(scale=2.0, size=(n, m)).round(2)
    # z = 0 (slope 1/4), |z| = 12 (slope near 0) and |z| = 1000 (exp overflows), wherever the draw put the rest.
    z.flat[rng.choice(z.size, 5, replace=False)] = [0.0, 12.0, -12.0, 1000.0, -1000.0]
    dvalues = rng.normal(size=(n, m)).round(2) + 0.5 * rng.choice([-1.0, 1.0], size=(n, m))
    # A whole-number batch, as notebook 03's examples are, with other sizes.
    n2, m2 = checker.distinct_sizes(2, 4, low=2, high=6)
    z_int = rng.integers(-4, 5, size=(n2, m2))
    z_int.flat[0] = 0
    dvalues_int = rng.integers(1, 4, size=(n2, m2)) * rng.choice([-1, 1], size=(n2, m2))
    # One sample.
    z1 = rng.normal(scale=2.0, size=(1, checker.size(3, low=2, high=6))).round(2)
    dvalues1 = rng.normal(size=z1.shape).round(2) + 1.0
    for z_case, g_case, what in (
        (z, dvalues, "dinputs"),
        (z_int, dvalues_int, "dinputs (whole-number z and G)"),
        (z1, dvalues1, "dinputs (one sample)"),
    ):
        # The reference's 1 / (1 + exp(1000)) overflows harmlessly to 0; no warning for a right answer.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            got = checker.call(z=z_case, dvalues=g_case)
        refuse_overflow(got, z_case, what, _SIGMOID_OVERFLOW, _sigmoid_cause(got, z_case))
        sigma = _sigmoid(z_case)
        refuse_typed_slope(got, z_case, g_case, g_case * sigma * (1 - sigma))
        checker.compare(got, g_case * sigma * (1 - sigma), what=what, known=_sigmoid_known(z_case, g_case))
    return (
        f"dinputs matches on a ({n}, {m}) batch with z = 0, +-12 and +-1000, on whole-number z and G, and on one sample"
    )


# ---------------------------------------------------------------------------------------------
# 04.log_softmax_backward

_LOG_SIGNATURE = "def log_softmax_backward(z, dvalues):\n"

_LOG_STUB = '''\
def log_softmax_backward(z, dvalues):
    """Backward pass of log-softmax, row by row: output[n, i] = log(softmax(z[n])[i]).

    z: Z, the logits, shape (N, C).
    dvalues: G, the gradient of the loss w.r.t. the log-probabilities, shape (N, C).
    Returns G_z, the gradient of the loss w.r.t. Z, shape (N, C).
    """
    raise NotImplementedError("replace this line with your code")
'''

_LOG_SOLUTION = '''\
def log_softmax_backward(z, dvalues):
    """Row n: G_n - y_hat_n * sum_i G_ni, since d log(y_hat_i)/dz_j = delta_ij - y_hat_j."""
    exp_values = np.exp(z - np.max(z, axis=1, keepdims=True))
    probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)
'''

_STABLE = (
    "    exp_values = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
    "    probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)\n"
)


def _log(body: str, head: str = _STABLE) -> str:
    return _LOG_SIGNATURE + head + body


_LOG_MISTAKES = [
    # R1: G returned unchanged, and G minus its row mean, got the generic message.
    Mistake("returned_upstream", _LOG_SIGNATURE + "    return dvalues.copy()\n", "returned_upstream"),
    Mistake(
        "row_mean_subtracted",
        _LOG_SIGNATURE + "    return dvalues - dvalues.mean(axis=1, keepdims=True)\n",
        "row_mean_subtracted",
    ),
    Mistake(
        "jacobian_not_transposed",
        _log("    return dvalues - np.sum(probabilities * dvalues, axis=1, keepdims=True)\n"),
        "jacobian_not_transposed",
    ),
    # The misattribution of issue 15: J.T @ g, with J built transposed (divided by y_hat along the wrong axis).
    Mistake(
        "jacobian_built_transposed",
        _log(
            "    dinputs = np.empty_like(dvalues)\n"
            "    for n, (p, g) in enumerate(zip(probabilities, dvalues)):\n"
            "        J = (np.diagflat(p) - np.outer(p, p)) / p\n"
            "        dinputs[n] = J.T @ g\n"
            "    return dinputs\n"
        ),
        "built transposed",
    ),
    Mistake(
        "softmax_not_log",
        _log("    return probabilities * (dvalues - np.sum(probabilities * dvalues, axis=1, keepdims=True))\n"),
        "softmax_not_log",
    ),
    Mistake("dropped_keepdims", _log("    return dvalues - probabilities * np.sum(dvalues, axis=1)\n"), "raised"),
    Mistake("sign", _log("    return probabilities * np.sum(dvalues, axis=1, keepdims=True) - dvalues\n"), "sign"),
    # NVD: the sign of one term flipped got the generic message.
    Mistake(
        "one_term_sign",
        _log("    return dvalues + probabilities * np.sum(dvalues, axis=1, keepdims=True)\n"),
        "one_term_sign",
    ),
    Mistake(
        "first_term_sign",
        _log("    return -dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n"),
        "first_term_sign",
    ),
    # NVD: softmax over axis 0 (maximum and sum) got the generic message.
    Mistake(
        "softmax_over_the_samples",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    exp_values = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
            "    probabilities = exp_values / np.sum(exp_values, axis=0, keepdims=True)\n",
        ),
        "softmax_over_the_samples",
    ),
    Mistake("forward_output", _log("    return np.log(probabilities)\n"), "forward_output"),
    Mistake(
        "summed_over_samples",
        _log("    return dvalues - probabilities * np.sum(dvalues, axis=0, keepdims=True)\n"),
        "summed_over_samples",
    ),
    Mistake(
        "summed_over_the_batch", _log("    return dvalues - probabilities * np.sum(dvalues)\n"), "summed_over_the_batch"
    ),
    Mistake(
        "logits_for_probabilities",
        _log("    return dvalues - z * np.sum(dvalues, axis=1, keepdims=True)\n", head=""),
        "logits_for_probabilities",
    ),
    # Passed the first engine's data (no logit beyond 40): e^1000 is inf without the row maximum.
    Mistake(
        "no_row_maximum",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    probabilities = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)\n",
        ),
        "overflow",
    ),
    # Q2: the maximum over the batch (axis 0) got the generic message.
    Mistake(
        "maximum_over_the_batch",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    exp_values = np.exp(z - np.max(z, axis=0))\n"
            "    probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)\n",
        ),
        "maximum_over_the_batch",
    ),
    Mistake(
        "maximum_over_the_batch_keepdims",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    exp_values = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
            "    probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)\n",
        ),
        "maximum_over_the_batch",
    ),
    Mistake(
        "normalised_over_the_samples",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    exp_values = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
            "    probabilities = exp_values / np.sum(exp_values, axis=0, keepdims=True)\n",
        ),
        "normalised_over_the_samples",
    ),
    Mistake(
        "normalised_over_the_batch",
        _log(
            "    return dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n",
            head="    exp_values = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
            "    probabilities = exp_values / np.sum(exp_values)\n",
        ),
        "normalised_over_the_batch",
    ),
    Mistake("fused_shortcut", _log("    return probabilities - dvalues\n"), "fused_shortcut"),
    Mistake("no_upstream_sum", _log("    return dvalues - probabilities\n"), "no_upstream_sum"),
    Mistake(
        "python_list",
        _log("    return (dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)).tolist()\n"),
        "not_numbers",
    ),
    Mistake(
        "transposed",
        _log("    return (dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)).T\n"),
        "transposed",
    ),
    Mistake(
        "in_place",
        _log("    dvalues -= probabilities * np.sum(dvalues, axis=1, keepdims=True)\n    return dvalues\n"),
        "modified_input",
    ),
    # Q1: passed while G was never whole numbers; the sigmoid's check already failed the same pattern.
    Mistake(
        "integer_result",
        _log(
            "    out = np.zeros_like(dvalues)\n"
            "    out[:] = dvalues - probabilities * np.sum(dvalues, axis=1, keepdims=True)\n"
            "    return out\n"
        ),
        "int_dtype",
    ),
]


def _softmax_rows(exp_values, axis):
    return exp_values / np.sum(exp_values, axis=axis, keepdims=axis is not None)


def _log_softmax_known(z, dvalues, probabilities):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(all="ignore"):
        by_batch_maximum = _softmax_rows(np.exp(z - z.max(axis=0, keepdims=True)), axis=1)
        by_samples = _softmax_rows(np.exp(z - z.max(axis=1, keepdims=True)), axis=0)
        by_batch = _softmax_rows(np.exp(z - z.max(axis=1, keepdims=True)), axis=None)
        by_columns = _softmax_rows(np.exp(z - z.max(axis=0, keepdims=True)), axis=0)
        upstream_sum = dvalues.sum(axis=1, keepdims=True)
        return {
            "maximum_over_the_batch": (
                dvalues - by_batch_maximum * upstream_sum,
                "dinputs uses probabilities computed with the max over the batch (axis 0) instead of over each "
                "row's classes (axis=1, keepdims=True): subtracting a different number from each column changes "
                "every row's probabilities. Subtract each row's own maximum, np.max(z, axis=1, keepdims=True)",
            ),
            "normalised_over_the_samples": (
                dvalues - by_samples * upstream_sum,
                "dinputs uses probabilities normalised down each column, over the samples (axis 0): each sample's "
                "probabilities must sum to 1 along its row, np.sum(exp_values, axis=1, keepdims=True)",
            ),
            "normalised_over_the_batch": (
                dvalues - by_batch * upstream_sum,
                "dinputs uses probabilities divided by the sum of every e^z of the batch: each sample's "
                "probabilities must sum to 1 along its own row, np.sum(exp_values, axis=1, keepdims=True)",
            ),
            "fused_shortcut": (
                probabilities - dvalues,
                "dinputs is y_hat - G, the form of softmax with cross-entropy's shortcut (notebook 05), where "
                "labels stand in G's place; here G is any upstream gradient: the row G_n times the Jacobian "
                "delta_ij - y_hat_j gives G_nj - y_hat_nj * sum_i G_ni",
            ),
            "jacobian_not_transposed": (
                dvalues - (probabilities * dvalues).sum(axis=1, keepdims=True),
                "dinputs is G_nj - sum_i y_hat_ni G_ni: y_hat inside the sum, with G. The chain rule through "
                "log-softmax's Jacobian A_ij = delta_ij - y_hat_j sums over A's first index, sum_i G_ni A_ij = "
                "G_nj - y_hat_nj * sum_i G_ni: y_hat_nj outside the sum, times the plain total of G's row. What you "
                "wrote is A @ G_n instead of G_n @ A (or, if you built A, it is built transposed: the log's "
                "1/y_hat_i divides row i of softmax's Jacobian, not column j). A is not symmetric, so the order "
                "matters",
            ),
            "one_term_sign": (
                dvalues + probabilities * upstream_sum,
                "dinputs adds y_hat_j * sum_i G_ni to G_nj; the Jacobian delta_ij - y_hat_j has a minus before "
                "y_hat_j, so that term is subtracted: G_nj - y_hat_nj * sum_i G_ni",
            ),
            "first_term_sign": (
                -dvalues - probabilities * upstream_sum,
                "dinputs starts from -G_nj; the delta_ij term of the Jacobian keeps G_nj with a plus sign: "
                "G_nj - y_hat_nj * sum_i G_ni",
            ),
            "softmax_over_the_samples": (
                dvalues - by_columns * upstream_sum,
                "dinputs uses a softmax taken down each column, over the samples (axis 0): each sample's "
                "probabilities come from its own row of logits, so np.max and np.sum take axis=1, keepdims=True",
            ),
            "forward_output": (
                np.log(probabilities),
                "dinputs is log-softmax's output, log(y_hat), the forward pass; the backward pass returns the "
                "gradient with respect to z: the row G_n times the Jacobian, G_nj - y_hat_nj * sum_i G_ni",
            ),
            "returned_upstream": (
                dvalues.astype(float),
                "dinputs is dvalues unchanged: the Jacobian delta_ij - y_hat_j also has the -y_hat_j part, so "
                "subtract y_hat_j times the sample's sum of G (np.sum, axis=1, keepdims=True)",
            ),
            "row_mean_subtracted": (
                dvalues - dvalues.mean(axis=1, keepdims=True),
                "dinputs subtracts the row's mean of G; the Jacobian's -y_hat_j part subtracts y_hat_j times the "
                "row's sum of G, G - y_hat * G.sum(axis=1, keepdims=True)",
            ),
            "softmax_not_log": (
                probabilities * (dvalues - (probabilities * dvalues).sum(axis=1, keepdims=True)),
                "dinputs is softmax's backward pass; log-softmax's Jacobian has an extra factor 1/y_hat_i "
                "from the log: delta_ij - y_hat_j",
            ),
            "logits_for_probabilities": (
                dvalues - z * dvalues.sum(axis=1, keepdims=True),
                "dinputs uses the logits z where the probabilities softmax(z) belong",
            ),
            "summed_over_the_batch": (
                dvalues - probabilities * dvalues.sum(),
                "dinputs subtracts y_hat times the sum of every G in the batch; the vector-Jacobian product "
                "sums over one sample's classes only (axis=1, keepdims=True)",
            ),
            "summed_over_samples": (
                dvalues - probabilities * dvalues.sum(axis=0, keepdims=True),
                "dinputs sums G over the samples (axis=0); the vector-Jacobian product sums over one sample's "
                "classes, along its row (axis=1, keepdims=True)",
            ),
            "mean_for_sum": (
                dvalues - probabilities * dvalues.mean(axis=1, keepdims=True),
                "dinputs multiplies y_hat by the mean of the sample's G; the chain rule sums G_ni over i "
                "(np.sum, axis=1, keepdims=True), it does not average it",
            ),
            "diagonal_only": (
                dvalues * (1 - probabilities),
                "dinputs uses only the Jacobian's diagonal, 1 - y_hat_i: every G_ni reaches every z_j through the "
                "-y_hat_j term, so the sum over i, G_nj - y_hat_nj * sum_i G_ni, is needed",
            ),
            "no_upstream_sum": (
                dvalues - probabilities,
                "dinputs is G - y_hat: the y_hat_j term of the Jacobian is multiplied by the sum of the "
                "sample's G, sum_i G_ni, not by 1",
            ),
        }


def _log_softmax_reference(z, dvalues):
    exp_values = np.exp(z - z.max(axis=1, keepdims=True))
    probabilities = exp_values / exp_values.sum(axis=1, keepdims=True)
    return dvalues - probabilities * dvalues.sum(axis=1, keepdims=True), probabilities


_LOG_CAUSE = (
    "two ways lead there: without the row maximum e^1000 overflows to inf (inf / inf is NaN), and in such a row "
    "a probability is exactly 0, so a division by y_hat gives 0 / 0"
)
_LOG_OVERFLOW = (
    "Subtract each row's largest logit before taking exp, as ActivationSoftmax.forward does, "
    "and use the Jacobian delta_ij - y_hat_j, which divides by nothing"
)


@define_exercise(
    "04.log_softmax_backward",
    full_precision=("z", "dvalues"),
    stub=_LOG_STUB,
    solution=_LOG_SOLUTION,
    why=(
        "$A_{ij} = \\partial \\log\\hat{y}_i/\\partial z_j = \\frac{1}{\\hat{y}_i}\\hat{y}_i(\\delta_{ij} - "
        "\\hat{y}_j) = \\delta_{ij} - \\hat{y}_j$ is not symmetric; the vector-Jacobian product `g @ A` sums over its "
        "first index $i$. The delta keeps the term $i = j$, and $\\hat{Y}_{nj}$ leaves the sum: "
        "$\\sum_i G_{ni}(\\delta_{ij} - \\hat{Y}_{nj}) = G_{nj} - \\hat{Y}_{nj}\\sum_i G_{ni}$."
    ),
    idea="Step 1 of the exercise gives log-softmax's Jacobian A. Sum G_ni times A_ij over i and split the sum in "
    "two, as the softmax section did: one part keeps a single term, the other is y_hat_j times a number that is the "
    "same for every j of the sample.",
    hint=(
        "In sum_i G_ni (delta_ij - y_hat_nj), the delta keeps the term i = j, G_nj; y_hat_nj does not depend on i "
        "and leaves the other sum, so sum_i G_ni stays, one number per sample (np.sum over axis=1, keepdims=True). "
        "That is the row G_n times A, G_n @ A (the same numbers as A.T @ G_n), not A @ G_n. Compute y_hat the "
        "stable way (subtract each row's maximum)."
    ),
    array_only=True,
    points=3,
    shapes={"z": "(N, C)", "dvalues": "(N, C)", "return": "(N, C)"},
    mistakes=_LOG_MISTAKES,
    optional=True,  # log-softmax is beyond chapter 9 (docs/decisions.md)
)
def _log_softmax_backward(checker):
    rng = checker.rng(44)
    n, c = checker.distinct_sizes(4, 3, low=3, high=6)
    z = rng.normal(size=(n, c)).round(2)
    z[1] = 0.5  # equal logits
    z[2, :3] = [40.0, 0.0, -2.0]  # the largest probability rounds to exactly 1
    dvalues = rng.normal(size=(n, c)).round(2) + 0.5 * rng.choice([-1.0, 1.0], size=(n, c))
    # Fewer samples than classes, and one sample.
    n2, c2 = checker.distinct_sizes(3, 5, low=3, high=7)
    if n2 >= c2:
        n2, c2 = c2, n2 + 1
    z2 = rng.normal(scale=3.0, size=(n2, c2)).round(2)
    z2[0, :3] = [1000.0, -1000.0, 0.0]  # e^1000 overflows without the row maximum
    add_hard_logit_rows(z2, rng)
    dvalues2 = rng.normal(size=(n2, c2)).round(2)
    z1 = rng.normal(size=(1, checker.size(4, low=3, high=6))).round(2)
    dvalues1 = rng.normal(size=z1.shape).round(2) + 1.0
    # Whole-number logits and G (notebook 02's G was whole numbers), last: an array started with
    # np.zeros_like(dvalues) or np.empty_like(dvalues) is then an integer array that cannot hold the fractions.
    n3, c3 = checker.distinct_sizes(3, 4, low=2, high=6)
    z3 = rng.integers(-3, 4, size=(n3, c3))
    dvalues3 = rng.integers(1, 4, size=(n3, c3)) * rng.choice([-1, 1], size=(n3, c3))
    for z_case, g_case, what in (
        (z, dvalues, "dinputs"),
        (z2, dvalues2, "dinputs (fewer samples than classes)"),
        (z1, dvalues1, "dinputs (one sample)"),
        (z3, dvalues3, "dinputs (whole-number z and G)"),
    ):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            got = checker.call(z=z_case, dvalues=g_case)
        refuse_overflow(got, z_case, what, _LOG_OVERFLOW, _LOG_CAUSE)
        expected, probabilities = _log_softmax_reference(z_case, g_case)
        checker.compare(got, expected, what=what, known=_log_softmax_known(z_case, g_case, probabilities))
    return (
        f"dinputs matches for N = {n}, C = {c} (equal logits, a gap of 40), for N = {n2}, C = {c2} "
        f"(logits of +-1000), for one sample and for whole-number z and G (N = {n3}, C = {c3})"
    )
