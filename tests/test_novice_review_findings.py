"""The findings of the novice reviews (R1, R2) about the checks and the question texts, one test each.

Each test states what the learner now sees for an answer that was misread, misattributed or refused.
"""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pytest

from nnfs_helpers.exercises import all_questions, check_exercise, check_explorer


def _fn(source: str):
    namespace = {"np": np}
    exec(textwrap.dedent(source), namespace)
    return next(value for name, value in namespace.items() if callable(value) and name != "np")


def _check(eid: str, source: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return check_exercise(eid, _fn(source), quiet=True)


# ---- explorer questions: typed answers ---------------------------------------------------------


def test_05_answer_text_names_the_single_nearest_value():
    text = all_questions()["05.half_probability"].answer_text
    assert "4.885" in text and "-0.5001" in text and "4.890" not in text and "4.89 " not in text


@pytest.mark.parametrize(
    ("qid", "typed", "words"),
    [
        ("04.largest_jacobian_entry", 0.25, "you typed 0.25, which is J₀₀'s largest value"),
        ("04.largest_jacobian_entry", 0.5, "you typed 0.5, which is ŷ₀'s value"),
        ("05.half_probability", -0.5, "you typed -0.5, which is the gradient ∂L/∂z₁"),
        ("06.fewest_epochs", 0.6, "you typed 0.6, which is the target accuracy"),
    ],
)
def test_a_typed_value_that_is_another_quantity_is_told_so(qid, typed, words):
    result = check_explorer(qid, typed, quiet=True)
    assert not result.passed
    assert words in result.message and "type the value of" in result.message


@pytest.mark.parametrize(("qid", "slider"), [("04.largest_jacobian_entry", "z_0"), ("05.half_probability", "z_1")])
def test_the_prompt_says_what_to_type(qid, slider):
    assert f"The check reads the ${slider}$ slider" in all_questions()[qid].prompt


def test_04_not_yet_near_the_top_never_prints_the_maximum():
    for z0 in (2.65, 2.66):
        result = check_explorer("04.largest_jacobian_entry", z0, quiet=True)
        assert not result.passed and "0.2500;" not in result.message and "J₀₀ = 0.2499" in result.message


def test_an_integral_float_answers_an_integer_slider():
    assert check_explorer("06.fewest_epochs", 300.0, quiet=True).passed


def test_a_tuple_in_the_order_of_the_controls_is_accepted():
    assert check_explorer("02.shape_target", (2, 5, 7), quiet=True).passed
    short = check_explorer("02.shape_target", (2, 5), quiet=True)
    assert not short.passed and "N, D, M in this order" in short.message


def test_a_typed_string_is_told_to_be_a_number():
    result = check_explorer("06.fewest_epochs", "300", quiet=True)
    assert "type the answer as a number" in result.message and "pass the box" not in result.message


@pytest.mark.parametrize(
    ("qid", "typed", "label", "internal"),
    [
        ("05.half_probability", 4.886, "z₁ = 4.886", "logits1"),
        ("03.dead_neuron", 1.79, "b₁ = 1.79", "biases1"),
        ("01.zero_weight_gradient", 0.05, "x₁ = 0.05", "x1"),
    ],
)
def test_off_grid_messages_use_the_sliders_labels(qid, typed, label, internal):
    message = check_explorer(qid, typed, quiet=True).message
    assert label in message and f"{internal} =" not in message
