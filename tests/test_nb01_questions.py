"""Notebook 01's explorer questions answer Yes exactly at the answer the notebook gives, and the
exercise about predicting a step gives the 5.85 its task promises."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers.exercises import all_exercises, check_explorer
from nnfs_helpers.widgets import learning_rate_explorer, neuron_graph_explorer


def _answered(question, widget) -> bool:
    return check_explorer(question, widget, quiet=True).passed


@pytest.mark.parametrize(
    "x1, answered",
    [
        (-2.0, False),  # the start: dL/dw1 = -2
        (0.0, True),  # the answer: the weight's gradient is its input
        (0.5, False),
        (4.5, False),  # z = 4 - x1 < 0: every gradient is 0, not only dL/dw1
    ],
)
def test_zero_weight_gradient(x1, answered):
    widget = neuron_graph_explorer()
    widget.explorer.x_sliders[1].value = x1
    assert _answered("01.zero_weight_gradient", widget) is answered


def test_zero_weight_gradient_wants_the_other_gradients_alive():
    widget = neuron_graph_explorer()
    widget.explorer.x_sliders[1].value = 0.0
    widget.explorer.x_sliders[0].value = 0.0  # now dL/dw0 = 0 as well
    result = check_explorer("01.zero_weight_gradient", widget, quiet=True)
    # The question names x1 alone (issue 15.4): moving another input is refused, in words.
    assert not result.passed and "changes only x₁" in result.message


@pytest.mark.parametrize(
    "eta, answered",
    [(0.001, False), (0.398, False), (0.399, True), (0.4, False), (0.5, False)],
)
def test_largest_step(eta, answered):
    widget = learning_rate_explorer()
    widget.explorer.lr_slider.value = eta
    assert _answered("01.largest_step", widget) is answered


def test_largest_step_counts_from_the_start():
    widget = learning_rate_explorer()
    widget.explorer.lr_slider.value = 0.399
    widget.explorer.step()
    result = check_explorer("01.largest_step", widget, quiet=True)
    assert not result.passed and "Reset" in result.message


def _solution(exercise_id: str):
    return all_exercises()[exercise_id].reference()


def test_predicted_output_gives_the_tasks_number():
    predicted_output = _solution("01.predicted_output")
    x, w, b = np.array([1.0, -2.0, 3.0]), np.array([-3.0, -1.0, 2.0]), 1.0
    assert predicted_output(x, w, b, 0.01) == pytest.approx(5.85)
    assert predicted_output(x, w, b, 0.001) == pytest.approx(5.985)
