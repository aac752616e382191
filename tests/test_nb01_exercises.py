"""Notebook 01's checks, fed answers a learner plausibly writes that the notebook's metadata does not list:
each right variant passes, each wrong one gets the diagnosis that names its mistake."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import check_exercise


def _result(exercise_id, source, name):
    namespace = {"np": np}
    exec(source, namespace)
    return check_exercise(exercise_id, namespace[name], quiet=True)


@pytest.mark.parametrize(
    "body",
    [
        "    return 2.0 * max(np.dot(x, w) + b, 0.0) * x\n",
        # ReLU(z)**2 has a derivative at z = 0 (it is 0), so a mask written z >= 0 is right as well.
        "    z = np.dot(x, w) + b\n    return 2.0 * max(z, 0.0) * (z >= 0) * x\n",
    ],
)
def test_relu_squared_dw_right_variants_pass(body):
    result = _result("01.relu_squared_dw", "def relu_squared_dw(x, w, b):\n" + body, "relu_squared_dw")
    assert result.status == "pass", result.message


def test_relu_squared_dw_with_the_weights_is_told_the_multiply_swaps():
    source = "def relu_squared_dw(x, w, b):\n    return 2.0 * max(np.dot(x, w) + b, 0.0) * w\n"
    result = _result("01.relu_squared_dw", source, "relu_squared_dw")
    assert (result.status, result.kind) == ("fail", "swapped_factor")
    assert "dL/dx" in result.message


def test_predicted_output_returning_the_change_is_told_so():
    source = (
        "def predicted_output(x, w, b, learning_rate):\n"
        "    z = np.dot(x, w) + b\n"
        "    return -learning_rate * (z > 0) * (np.sum(x**2) + 1.0)\n"
    )
    result = _result("01.predicted_output", source, "predicted_output")
    assert (result.status, result.kind) == ("fail", "change_only")
    assert "h + Delta h" in result.message  # h, the neuron's output (docs/notation.md)


def test_predicted_output_as_a_dot_product_passes():
    source = (
        "def predicted_output(x, w, b, learning_rate):\n"
        "    z = x @ w + b\n"
        "    gate = 1.0 if z > 0 else 0.0\n"
        "    gradient = np.append(gate * x, gate)\n"
        "    return max(z, 0.0) - learning_rate * gradient @ gradient\n"
    )
    assert _result("01.predicted_output", source, "predicted_output").status == "pass"
