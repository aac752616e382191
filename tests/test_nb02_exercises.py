"""Notebook 02's checks, fed answers a learner plausibly writes that the notebook's metadata does not list."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import check_exercise


def _result(exercise_id, source, name):
    namespace = {"np": np}
    exec(source, namespace)
    return check_exercise(exercise_id, namespace[name], quiet=True)


def test_sample_dinputs_as_one_product_passes():
    source = "def sample_dinputs(dvalues, neuron_weights):\n    return dvalues @ neuron_weights\n"
    assert _result("02.sample_dinputs", source, "sample_dinputs").status == "pass"


def test_sample_dinputs_copied_from_the_notebook_cannot_pass_on_the_draft_layout():
    # The notebook shows `dvalues @ weights.T` for W of shape (D, M); the exercise stores W transposed.
    source = "def sample_dinputs(dvalues, neuron_weights):\n    return dvalues @ neuron_weights.T\n"
    result = _result("02.sample_dinputs", source, "sample_dinputs")
    assert (result.status, result.kind) == ("fail", "product_order")
    assert "(M, D)" in result.message and "the order of the product" in result.message


@pytest.mark.parametrize(
    "exercise_id, source, name",
    [
        (
            "02.input_shift_grad",
            "def input_shift_grad(dvalues, weights):\n    return np.mean(dvalues @ weights.T, axis=0, keepdims=True)\n",
            "input_shift_grad",
        ),
        (
            "02.first_layer_dweights",
            "def first_layer_dweights(inputs, weights2, dvalues):\n"
            "    return inputs.T @ (dvalues @ weights2.T) / len(inputs)\n",
            "first_layer_dweights",
        ),
    ],
)
def test_a_mean_over_the_samples_is_a_common_factor_not_a_double_division(exercise_id, source, name):
    # These losses add the samples up, so the reference has no 1/N: the message names the factor 1/N
    # as one too many, and never claims it was applied twice or that a mean belongs somewhere.
    result = _result(exercise_id, source, name)
    assert (result.status, result.kind) == ("fail", "factor_n")
    assert "N = 5 times too small: there is one 1/N too many" in result.message
    assert "twice" not in result.message and "mean" not in result.message
