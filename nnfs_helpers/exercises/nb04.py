"""Notebook 04's exercises and explorer questions, registered on import (docs/exercises.md)."""

from __future__ import annotations

import numpy as np

from .core import compare, exercise, question


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


@exercise(
    "04.sigmoid_backward",
    hint=(
        "Differentiate (1 + exp(-z))**-1 with the chain rule, then write exp(-z) / (1 + exp(-z)) as "
        "1 - sigma(z). The backward pass multiplies that local derivative by dvalues, entry by entry."
    ),
    shapes={"z": "(N, M)", "dvalues": "(N, M)", "return": "(N, M)"},
)
def _(call):
    rng = np.random.default_rng(404)
    # N = 3 and M = 5; z = 0 (slope 1/4) and large |z| (slope near 0) are included on purpose.
    z = rng.normal(scale=2.0, size=(3, 5))
    z[0, 0], z[1, 3], z[2, 1] = 0.0, 12.0, -12.0
    dvalues = rng.normal(size=(3, 5))
    sigma = _sigmoid(z)
    compare(
        call(z=z, dvalues=dvalues),
        dvalues * sigma * (1 - sigma),
        what="dinputs",
        known={
            "z_for_sigma": (
                dvalues * z * (1 - z),
                "dinputs uses z * (1 - z): the derivative is sigma(z) * (1 - sigma(z)), with the sigmoid's "
                "output, not its input",
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
        },
    )
    return "dinputs matches on a (3, 5) batch, z = 0 and z = +-12 included"


def _log_softmax_reference(z, dvalues):
    exp_values = np.exp(z - z.max(axis=1, keepdims=True))
    probabilities = exp_values / exp_values.sum(axis=1, keepdims=True)
    return dvalues - probabilities * dvalues.sum(axis=1, keepdims=True), probabilities


@exercise(
    "04.log_softmax_backward",
    hint=(
        "Chain rule through the log: d log(y_hat_i)/dz_j = (1/y_hat_i) * d y_hat_i/dz_j, with softmax's "
        "derivative from the notebook. Then sum G_ni times it over i, the Jacobian's first index "
        "(J.T @ G_n, not J @ G_n)."
    ),
    shapes={"z": "(N, C)", "dvalues": "(N, C)", "return": "(N, C)"},
)
def _(call):
    rng = np.random.default_rng(44)
    # N = 4 samples, C = 3 classes; one row of equal logits and one with a gap of 40, where the largest
    # probability rounds to exactly 1 and the others are below 1e-17.
    z = rng.normal(size=(4, 3))
    z[1] = [0.5, 0.5, 0.5]
    z[3] = [40.0, 0.0, -2.0]
    dvalues = rng.normal(size=(4, 3))
    expected, probabilities = _log_softmax_reference(z, dvalues)
    compare(
        call(z=z, dvalues=dvalues),
        expected,
        what="dinputs",
        known={
            "jacobian_not_transposed": (
                dvalues - (probabilities * dvalues).sum(axis=1, keepdims=True),
                "dinputs is J @ G_n, the Jacobian times the sample's gradient. The chain rule sums over the Jacobian's "
                "first index i, which is J.T @ G_n, and log-softmax's Jacobian (delta_ij - y_hat_j) is not "
                "symmetric",
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
        },
    )
    return "dinputs matches for N = 4, C = 3, with equal logits and a row whose largest probability rounds to 1"


# Slider steps of 0.005 on the logits let y_hat_0 come within 0.002 of 1/2.
_HALF_TOLERANCE = 0.02


@question("04.largest_jacobian_entry")
def _(explorer):
    state = explorer.state()
    y0 = float(state["probabilities"][0])
    j00 = float(state["jacobian"][0][0])
    if abs(y0 - 0.5) <= _HALF_TOLERANCE:
        return True, f"y_hat_0 = {y0:.3f} gives J_00 = y_hat_0 (1 - y_hat_0) = {j00:.4f}, as large as it gets"
    direction = "lower" if y0 > 0.5 else "raise"
    return False, f"y_hat_0 = {y0:.3f} gives J_00 = {j00:.4f}; can you make it larger? Try to {direction} z_0"
