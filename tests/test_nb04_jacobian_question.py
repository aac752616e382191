"""Notebook 04's explorer question: the largest J_00 of the softmax Jacobian, at y_hat_0 = 1/2."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import check_explorer
from nnfs_helpers.widgets import softmax_explorer


def _answer(logits):
    widget = softmax_explorer()
    for slider, value in zip(widget.explorer.logit_sliders, logits, strict=True):
        slider.value = value
    return check_explorer("04.largest_jacobian_entry", widget, quiet=True)


def test_the_notebooks_answer_is_on_the_slider():
    # The answer: y_hat_0 = 1/2 where z0 = log(e^1.21 + e^2.385), about 2.654; the slider's step is 0.005.
    z0 = np.log(np.exp(1.21) + np.exp(2.385))
    assert z0 == pytest.approx(2.654, abs=5e-4)
    result = _answer((round(z0 / 0.005) * 0.005, 1.21, 2.385))
    assert result.passed, result.message
    assert "0.2500" in result.message


@pytest.mark.parametrize("logits", [(0.0, 0.0, 0.0), (3.0, 3.0, -10.0)])
def test_any_setting_with_y_hat_0_at_one_half_answers(logits):
    # (0, 0, 0) gives 1/3; (3, 3, -10) gives almost exactly 1/2.
    result = _answer(logits)
    assert result.passed == (logits[2] == -10.0), result.message


@pytest.mark.parametrize("logits", [(4.8, 1.21, 2.385), (1.0, 1.21, 2.385), (2.9, 1.21, 2.385)])
def test_other_settings_do_not_and_keep_the_answer_to_themselves(logits):
    result = _answer(logits)
    assert not result.passed
    assert "0.25" not in result.message and "2.65" not in result.message
