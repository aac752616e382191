"""Notebook 03's explorer question: the largest b1 that silences neuron 1 for the whole batch."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import check_explorer
from nnfs_helpers.widgets import batch_relu_explorer
from nnfs_helpers.widgets.shapes import DRAFT_INPUTS, DRAFT_WEIGHTS


def _answer(b1: float, upstream=None):
    widget = batch_relu_explorer()
    if upstream is not None:
        for slider, value in zip(widget.explorer.upstream_sliders, upstream, strict=True):
            slider.value = value
    widget.explorer.bias_sliders[1].value = b1
    return check_explorer("03.dead_neuron", widget, quiet=True)


def test_the_boundary_is_what_the_notebooks_answer_says():
    # The answer derives b1 <= 3 - 1.21 = 1.79 from neuron 1's outputs at b1 = 3.
    largest_without_bias = (DRAFT_INPUTS @ DRAFT_WEIGHTS)[:, 1].max()
    assert -largest_without_bias == pytest.approx(1.79)


def test_the_largest_silencing_bias_on_the_grid_answers():
    result = _answer(1.7)
    assert result.passed, result.message


# Off the slider's grid (0.1 steps), 1.75 and 1.79 are snapped to 1.8, where neuron 1 is still on.
@pytest.mark.parametrize("b1", [3.0, 1.8, 1.79, 1.75, 1.6, -5.0])
def test_a_neuron_still_on_or_a_bias_far_below_the_boundary_does_not(b1):
    result = _answer(b1)
    assert not result.passed
    # "Not yet" says what the setting gives, never the answer itself.
    assert "1.79" not in result.message and "1.7 " not in result.message


def test_a_zero_upstream_gradient_is_not_a_dead_neuron():
    # With every g_n at 0 the column of dweights is 0 at any bias, but neuron 1 is still on; the
    # question names b1 alone (issue 15.4), so moving the g sliders is refused in words.
    result = _answer(3.0, upstream=(0.0, 0.0, 0.0))
    assert not result.passed
    assert "changes only b₁" in result.message
    assert "not all zero" not in result.message


def test_the_question_reads_the_explorer_state_not_the_defaults():
    widget = batch_relu_explorer()
    widget.explorer.bias_sliders[1].value = 1.7
    assert check_explorer("03.dead_neuron", widget, quiet=True).passed
    widget.explorer.reset()
    assert not check_explorer("03.dead_neuron", widget, quiet=True).passed
    assert np.isclose(widget.explorer.state()["biases"][1], 3.0)
