"""Notebook 04's checks say what a learner did (issue 15's leftovers, found by novice re-check Q1)."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import all_exercises, check_exercise


def _check(exercise_id: str, code: str):
    return check_exercise(exercise_id, all_exercises()[exercise_id].define(code, "<test>"), quiet=True)


@pytest.mark.parametrize(("constant", "at_zero"), [("0.25", True), ("0.2", False), ("np.exp(-1)", False)])
def test_a_slope_typed_into_sigmoid_backward_is_named(constant, at_zero):
    result = _check("04.sigmoid_backward", f"def sigmoid_backward(z, dvalues):\n    return dvalues * {constant}\n")
    assert result.status == "fail" and result.kind == "typed_in_slope"
    assert "a slope typed in" in result.message and "sigma(z) * (1 - sigma(z))" in result.message
    assert ("slope at z = 0 only" in result.message) is at_zero
    # The misleading pattern note of the generic message is gone.
    assert "sums to a negative number" not in result.message


def test_dvalues_returned_unchanged_by_sigmoid_backward_is_named():
    result = _check("04.sigmoid_backward", "def sigmoid_backward(z, dvalues):\n    return dvalues + 0.0\n")
    assert result.kind == "returned_upstream" and "dvalues unchanged" in result.message


def test_a_right_sigmoid_written_with_sigma_of_minus_z_still_passes():
    # sigma(z)(1 - sigma(z)) = sigma(z) sigma(-z): not one slope, and right.
    code = "def sigmoid_backward(z, dvalues):\n    return dvalues / (1 + np.exp(-z)) / (1 + np.exp(z))\n"
    with np.errstate(over="ignore"):
        assert _check("04.sigmoid_backward", code).status == "pass"


LOG_HEAD = (
    "def log_softmax_backward(z, dvalues):\n"
    "    e = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
    "    p = e / np.sum(e, axis=1, keepdims=True)\n"
)


@pytest.mark.parametrize("start", ["np.zeros_like(dvalues)", "np.empty_like(dvalues)", "np.zeros_like(z)"])
def test_an_integer_result_array_in_log_softmax_backward_gets_the_dtype_message(start):
    code = (
        LOG_HEAD
        + f"    out = {start}\n    out[:] = dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n    return out\n"
    )
    result = _check("04.log_softmax_backward", code)
    assert result.status == "fail" and result.kind == "int_dtype"
    assert "whole-number z and G" in result.message and "start from floats" in result.message


def test_log_softmax_float_start_passes_the_whole_number_case():
    code = LOG_HEAD + "    out = np.zeros(z.shape)\n    out[:] = dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n"
    code += "    return out\n"
    assert _check("04.log_softmax_backward", code).status == "pass"


def test_the_log_softmax_hint_uses_the_notebooks_row_times_matrix_notation():
    hint = all_exercises()["04.log_softmax_backward"].hint
    assert "G_n @ A" in hint and "A.T @ G_n" in hint and "not A @ G_n" in hint
