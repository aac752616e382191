"""Notebook 03's exercises and explorer questions, registered on import (docs/exercises.md)."""

from __future__ import annotations

import numpy as np

from .core import compare, exercise, question


def _leaky_reference(z, dvalues, slope):
    return dvalues * np.where(z > 0, 1.0, slope)


@exercise(
    "03.leaky_relu_backward",
    hint=(
        "The leaky ReLU acts entry by entry, so multiply each entry of dvalues by the local slope: "
        "1 where z > 0, and `slope` where z <= 0 (z = 0 included)."
    ),
    shapes={"z": "(N, M)", "dvalues": "(N, M)", "return": "(N, M)"},
)
def _(call):
    rng = np.random.default_rng(303)
    # N = 4 and M = 5, so a transposed answer cannot pass for the right shape.
    z = rng.normal(size=(4, 5)).round(1)
    # Exact zeros, where the rule at the corner decides: only a mask written z > 0 passes.
    z[0, 2] = z[1, 0] = z[3, 4] = 0.0
    dvalues = rng.normal(size=(4, 5))
    # Not the default 0.01, so a slope typed into the body instead of the argument shows.
    slope = 0.05
    got = call(z=z, dvalues=dvalues, slope=slope)
    compare(
        got,
        _leaky_reference(z, dvalues, slope),
        what="dinputs",
        relu_z=z,
        relu_upstream=lambda mask: dvalues * np.where(mask > 0, 1.0, slope),
        known={
            "no_slope": (
                dvalues * (z > 0),
                "dinputs is the plain ReLU's backward pass: where z <= 0 the leaky ReLU still passes "
                "`slope` times the gradient, not 0",
            ),
            "no_upstream": (
                np.where(z > 0, 1.0, slope),
                "dinputs is the leaky ReLU's local slope alone; the chain rule multiplies it by dvalues, "
                "the gradient that arrived from above",
            ),
            "slope_swapped": (
                dvalues * np.where(z > 0, slope, 1.0),
                "dinputs uses `slope` where z > 0 and 1 where z <= 0: the two pieces are swapped",
            ),
            "slope_typed_in": (
                dvalues * np.where(z > 0, 1.0, 0.01),
                "dinputs uses the slope 0.01 where z <= 0, but this check called the function with "
                "slope=0.05: use the `slope` argument, not a number typed into the body",
            ),
        },
    )
    # One sample with a negative z, a zero and a positive z, at the default slope.
    z1 = np.array([[-2.0, 0.0, 1.5, -0.5, 3.0, 0.25]])
    dvalues1 = np.array([[1.0, -2.0, 0.5, 4.0, -1.0, 2.0]])
    compare(call(z=z1, dvalues=dvalues1), _leaky_reference(z1, dvalues1, 0.01), what="dinputs (slope 0.01)")
    return "dinputs matches on a (4, 5) batch with z = 0 three times (slope 0.05), and on one sample (slope 0.01)"


def _mean_output_reference(inputs, weights, biases):
    z = inputs @ weights + biases
    return inputs.T @ ((z > 0) / z.size)


@exercise(
    "03.mean_output_dweights",
    hint=(
        "L is the mean of all N * M outputs, so each output's gradient G is the same number: what is it? "
        "Then the ReLU's mask (0 where z <= 0), then the dense layer's dW = inputs.T @ G_z."
    ),
    shapes={"inputs": "(N, D)", "weights": "(D, M)", "biases": "(1, M)", "return": "(D, M)"},
)
def _(call):
    # N = 5, D = 3, M = 4, with whole-number inputs and weights in halves so that z = 0 exactly once,
    # where only a mask written z > 0 passes.
    inputs = np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 3.0], [-2.0, 1.0, 0.0], [1.0, -1.0, 2.0], [3.0, 0.0, 1.0]])
    weights = np.array([[0.5, -1.0, 1.5, 0.0], [-0.5, 1.0, 0.5, -1.5], [1.0, 0.5, -1.0, 0.5]])
    biases = np.array([[0.0, -0.5, 0.5, 1.0]])
    z = inputs @ weights + biases
    got = call(inputs=inputs, weights=weights, biases=biases)
    compare(
        got,
        _mean_output_reference(inputs, weights, biases),
        what="dweights",
        n=len(inputs),
        relu_z=z,
        relu_upstream=lambda mask: inputs.T @ (mask / z.size),
        known={
            "relu_output_for_mask": (
                inputs.T @ (np.maximum(0, z) / z.size),
                "dweights uses the ReLU's outputs where the mask 1[z > 0] belongs: the derivative of "
                "ReLU(z) is 1 or 0, not ReLU(z)",
            ),
        },
    )
    # One sample: a hard-coded batch size shows here.
    x1 = np.array([[2.0, -1.0, 0.5]])
    compare(call(inputs=x1, weights=weights, biases=biases), _mean_output_reference(x1, weights, biases))
    return "dweights matches for N = 5, D = 3, M = 4 (with z = 0 exactly) and for a single sample"


# The batch explorer's slider steps are at most 0.1; an answer within one step of the boundary counts.
_BOUNDARY_TOLERANCE = 0.11


@question("03.dead_neuron")
def _(explorer):
    state = explorer.state()
    b1 = float(state["biases"][1])
    z_column = [row[1] for row in state["Z"]]
    if 1 not in state["dead_neurons"]:
        on = [n for n, z in enumerate(z_column) if z > 0]
        still_on = (
            f"at b1 = {b1:.2f} neuron 1 is still on for sample(s) {on} (z = "
            + ", ".join(f"{z_column[n]:.3f}" for n in on)
            + ")"
        )
        # A zero g_n empties the column while the mask still lets that sample through: not the question.
        if not any(row[1] for row in state["dweights"]):
            return False, (
                still_on + ": column 1 of dweights is 0 here only because the upstream gradient g_n of those "
                "samples is 0. The question is about the mask: press Reset, then lower b1"
            )
        return False, still_on + ", so column 1 of dweights is not all zero"
    # The boundary: the largest b1 with every z of neuron 1 at or below 0.
    boundary = b1 - max(z_column)
    if b1 < boundary - _BOUNDARY_TOLERANCE:
        return False, (
            f"at b1 = {b1:.2f} column 1 of dweights is all zero, but it already was at larger b1: "
            "find the largest value that does it"
        )
    return True, (
        f"at b1 = {b1:.2f} every z of neuron 1 is <= 0 (largest {max(z_column):.3f}), so column 1 of dweights "
        "and db1 are 0"
    )
