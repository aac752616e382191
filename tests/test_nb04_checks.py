"""Notebook 04's checks say what a learner did (issue 15's leftovers, found by novice re-check Q1)."""

from __future__ import annotations

import re
import warnings

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


SIG_HEAD = "def sigmoid_backward(z, dvalues):\n    sigma = 1 / (1 + np.exp(-z))\n"


@pytest.mark.parametrize(
    ("exercise_id", "code"),
    [
        ("04.sigmoid_backward", SIG_HEAD + "    return (dvalues * sigma * (1 - sigma)).tolist()\n"),
        ("04.sigmoid_backward", SIG_HEAD + "    return list(dvalues * sigma * (1 - sigma))\n"),
        (
            "04.log_softmax_backward",
            LOG_HEAD + "    return (dvalues - p * np.sum(dvalues, axis=1, keepdims=True)).tolist()\n",
        ),
    ],
)
def test_a_python_list_is_refused_by_name(exercise_id, code):
    result = _check(exercise_id, code)
    assert result.status == "fail" and result.kind == "not_numbers"
    assert "Python list" in result.message and "numpy array" in result.message


@pytest.mark.parametrize("keepdims", ["", ", keepdims=True"])
def test_the_maximum_over_the_batch_in_log_softmax_is_named(keepdims):
    code = (
        "def log_softmax_backward(z, dvalues):\n"
        f"    e = np.exp(z - np.max(z, axis=0{keepdims}))\n"
        "    p = e / np.sum(e, axis=1, keepdims=True)\n"
        "    return dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n"
    )
    result = _check("04.log_softmax_backward", code)
    assert result.status == "fail" and result.kind == "maximum_over_the_batch"
    assert "max over the batch (axis 0) instead of over each row's classes (axis=1, keepdims=True)" in result.message


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        # Novice answers to log-softmax, each named by what it did.
        (LOG_HEAD + "    return dvalues - p * np.sum(dvalues, axis=1)\n", "raised", "keepdims=True"),
        (LOG_HEAD + "    return (dvalues - p * np.sum(dvalues, axis=1, keepdims=True)).T\n", "transposed", "transpose"),
        (LOG_HEAD + "    return p * np.sum(dvalues, axis=1, keepdims=True) - dvalues\n", "sign", "wrong sign"),
        (LOG_HEAD + "    return (dvalues - p * np.sum(dvalues, axis=1, keepdims=True)) / len(z)\n", "factor_n", "1/N"),
        (LOG_HEAD + "    return p - dvalues\n", "fused_shortcut", "shortcut"),
        (
            LOG_HEAD + "    return dvalues - p * np.sum(dvalues, axis=0, keepdims=True)\n",
            "summed_over_samples",
            "axis=0",
        ),
        (
            "def log_softmax_backward(z, dvalues):\n    e = np.exp(z - np.max(z, axis=1, keepdims=True))\n"
            "    p = e / np.sum(e, axis=0, keepdims=True)\n"
            "    return dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n",
            "normalised_over_the_samples",
            "over the samples (axis 0)",
        ),
        (
            LOG_HEAD + "    dvalues -= p * np.sum(dvalues, axis=1, keepdims=True)\n    return dvalues\n",
            "modified_input",
            "",
        ),
        # And to the sigmoid.
        (SIG_HEAD + "    return dvalues * sigma * (1 - sigma) / len(z)\n", "factor_n", "1/N"),
        (SIG_HEAD + "    return (dvalues * sigma * (1 - sigma)).T\n", "transposed", "transpose"),
        (SIG_HEAD + "    return -dvalues * sigma * (1 - sigma)\n", "sign", "wrong sign"),
        (SIG_HEAD + "    return (dvalues * sigma * (1 - sigma)).astype(int)\n", "int_dtype", "integer array"),
        (SIG_HEAD + "    dvalues *= sigma * (1 - sigma)\n    return dvalues\n", "modified_input", ""),
    ],
)
def test_novice_answers_get_a_message_that_names_the_mistake(code, kind, words):
    exercise_id = "04.sigmoid_backward" if code.startswith("def sigmoid") else "04.log_softmax_backward"
    with np.errstate(all="ignore"):
        result = _check(exercise_id, code)
    assert result.status == "fail" and result.kind == kind, result.message
    assert words in result.message


@pytest.mark.parametrize("exercise_id", ["04.sigmoid_backward", "04.log_softmax_backward"])
def test_every_exercise_has_an_idea_without_a_formula(exercise_id):
    definition = all_exercises()[exercise_id]
    assert definition.array_only
    assert definition.idea and definition.idea != definition.hint
    assert "np." not in definition.idea and "axis" not in definition.idea


# Novice walkthroughs NVC and NVD (issue 14): what they tried and got only "differs" or a wrong place for.


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (LOG_HEAD + "    return dvalues + p * np.sum(dvalues, axis=1, keepdims=True)\n", "one_term_sign", "minus"),
        (LOG_HEAD + "    return -dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n", "first_term_sign", "-G_nj"),
        (LOG_HEAD + "    return np.log(p)\n", "forward_output", "the forward pass"),
        (
            "def log_softmax_backward(z, dvalues):\n"
            "    e = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
            "    p = e / np.sum(e, axis=0, keepdims=True)\n"
            "    return dvalues - p * np.sum(dvalues, axis=1, keepdims=True)\n",
            "softmax_over_the_samples",
            "down each column",
        ),
        (SIG_HEAD + "    return dvalues * (1 - sigma) ** 2\n", "one_minus_squared", "(1 - sigma(z))**2"),
    ],
)
def test_the_walkthroughs_generic_answers_are_named(code, kind, words):
    exercise_id = "04.sigmoid_backward" if code.startswith("def sigmoid") else "04.log_softmax_backward"
    result = _check(exercise_id, code)
    assert result.status == "fail" and result.kind == kind, result.message
    assert words in result.message


@pytest.mark.parametrize(
    ("exponent", "where"), [("-z", "at z = -1000, e^{-z} = e^{1000}"), ("z", "at z = +1000, e^{z} = e^{1000}")]
)
def test_the_overflow_message_names_where_the_nan_is(exponent, where):
    code = (
        f"def sigmoid_backward(z, dvalues):\n    return dvalues * np.exp({exponent}) / (1 + np.exp({exponent})) ** 2\n"
    )
    with np.errstate(all="ignore"):
        result = _check("04.sigmoid_backward", code)
    assert result.kind == "overflow" and where in result.message, result.message


def test_the_vector_jacobian_message_names_one_matrix_a():
    result = _check(
        "04.log_softmax_backward", LOG_HEAD + "    return dvalues - np.sum(p * dvalues, axis=1, keepdims=True)\n"
    )
    assert result.kind == "jacobian_not_transposed"
    assert "A_ij = delta_ij - y_hat_j" in result.message and "A @ G_n" in result.message
    assert not re.search(r"\bJ\b", result.message), "J is softmax's Jacobian in the notebook; the message's is A"


def test_the_sigmoid_stub_points_at_the_given_forward_pass():
    definition = all_exercises()["04.sigmoid_backward"]
    assert "sigmoid(z), from the cell above" in definition.stub


# NVF/NVE: the solution used np.exp(-z) although the task says to compute sigma with sigmoid(z), and warned.


def test_the_sigmoid_solution_calls_the_notebooks_sigmoid_and_warns_at_no_z():
    definition = all_exercises()["04.sigmoid_backward"]
    assert "sigma = sigmoid(z)" in definition.solution and "np.exp" not in definition.solution
    z = np.array([[-1000.0, -12.0, 0.0, 12.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = definition.define()(z, np.ones_like(z))
    assert np.all(np.isfinite(got)) and got[0, 2] == 0.25


def test_an_answer_that_calls_sigmoid_passes_outside_the_notebook_too():
    code = "def sigmoid_backward(z, dvalues):\n    s = sigmoid(z)\n    return dvalues * s * (1 - s)\n"
    assert _check("04.sigmoid_backward", code).status == "pass"
    wrong = "def sigmoid_backward(z, dvalues):\n    return dvalues * sigmoid(z)\n"
    assert _check("04.sigmoid_backward", wrong).kind == "output_for_derivative"


def test_the_sigmoid_the_checks_define_is_the_notebooks():
    """04's solution calls the notebook's sigmoid; outside the notebook the exercise defines it from
    cells_above, which must compute what the notebook's cell does."""
    import json

    from notebook_support import NOTEBOOK_DIR

    from nnfs_helpers.exercises import all_exercises

    notebook = json.loads((NOTEBOOK_DIR / "04_from_functions_to_classes.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in notebook["cells"] if "def sigmoid(z)" in "".join(c["source"]))
    theirs, ours = {"np": np}, {"np": np}
    exec(cell.split("\nprint(")[0], theirs)
    exec(all_exercises()["04.sigmoid_backward"].cells_above, ours)
    z = np.array([[-1000.0, -12.0, 0.0], [0.5, 12.0, 1000.0]])
    np.testing.assert_array_equal(theirs["sigmoid"](z), ours["sigmoid"](z))
