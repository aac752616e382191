"""Notebook 05's explorer question reads the softmax explorer's state and answers as the notebook says."""

from __future__ import annotations

import math

import pytest

from nnfs_helpers.exercises import check_explorer
from nnfs_helpers.widgets import softmax_explorer


@pytest.fixture
def widget():
    return softmax_explorer(true_class=1)


def test_the_starting_setting_is_not_yet_the_answer_and_says_which_way(widget):
    result = check_explorer("05.half_probability", widget, quiet=True)
    assert not result.passed
    assert "-0.975" in result.message and "move z₁ up" in result.message


def test_the_predicted_logit_answers_the_question(widget):
    predicted = math.log(math.exp(4.8) + math.exp(2.385))
    assert predicted == pytest.approx(4.886, abs=5e-4)
    widget.explorer.logit_sliders[1].value = 4.885  # the slider's step is 0.005
    result = check_explorer("05.half_probability", widget, quiet=True)
    assert result.passed, result.message
    assert "moved" not in result.message


def test_overshooting_says_move_down(widget):
    widget.explorer.logit_sliders[1].value = 5.5
    result = check_explorer("05.half_probability", widget, quiet=True)
    assert not result.passed and "move z₁ down" in result.message


def test_another_true_class_is_not_the_question(widget):
    widget.explorer.class_buttons.value = 0
    widget.explorer.logit_sliders[0].value = 0.0  # y_hat_0 is then near 0.5 for class 0, still the wrong question
    result = check_explorer("05.half_probability", widget, quiet=True)
    assert not result.passed and "true class 1" in result.message


def test_moving_the_other_logits_still_counts_but_is_said(widget):
    # z0 = z2 = 0 and z1 = ln 2 give y_hat_1 = 2 / (1 + 2 + 1) = 0.5 exactly.
    widget.explorer.logit_sliders[0].value = 0.0
    widget.explorer.logit_sliders[2].value = 0.0
    widget.explorer.logit_sliders[1].value = 0.695
    result = check_explorer("05.half_probability", widget, quiet=True)
    assert result.passed and "moved" in result.message
