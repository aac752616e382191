"""A typed explorer answer is read as the learner wrote it, whatever number type carries it."""

import numpy as np
import pytest

from nnfs_helpers.exercises import check_explorer


@pytest.mark.parametrize("typed", [2.655, np.float64(2.655), np.float32(2.655)])
def test_a_reduced_precision_float_is_read_as_it_prints(typed):
    # np.float32(2.655) is 2.6549999713897705 as a Python float: off the slider's 0.005 grid unless it is read
    # at its own precision, the way it prints.
    result = check_explorer("04.largest_jacobian_entry", typed, quiet=True)
    assert result.status == "pass", result.message


def test_a_float16_keeps_its_own_rounding():
    # float16 cannot hold 2.655: it is 2.654 at its own precision, and the learner is told that is off the grid.
    result = check_explorer("04.largest_jacobian_entry", np.float16(2.655), quiet=True)
    assert result.status == "fail"
    assert "2.654" in result.message and "not on its slider's grid" in result.message


@pytest.mark.parametrize("typed", [np.int32(300), np.int64(300), 300.0])
def test_whole_numbers_of_any_type_answer_an_integer_slider(typed):
    assert check_explorer("06.fewest_epochs", typed, quiet=True).status == "pass"


def test_text_is_refused_with_what_to_type():
    result = check_explorer("04.largest_jacobian_entry", "2.655", quiet=True)
    assert result.status == "fail"
    assert "without quotes" in result.message


@pytest.mark.parametrize(
    ("qid", "typed", "words"),
    [
        ("05.half_probability", -0.5001, "the gradient ∂L/∂z₁ the question aims at"),
        ("06.fewest_epochs", 0.693, "an accuracy (a number between 0 and 1)"),
    ],
)
def test_a_typed_value_near_another_quantity_is_named(qid, typed, words):
    result = check_explorer(qid, typed, quiet=True)
    assert not result.passed and words in result.message, result.message


def test_a_dict_may_name_a_slider_by_its_label_written_plainly():
    assert check_explorer("04.largest_jacobian_entry", {"z0": 2.6}, quiet=True).message.startswith("z₀ = 2.600 gives")
    wrong = check_explorer("04.largest_jacobian_entry", {"z_0": 2.6}, quiet=True)
    assert not wrong.passed and "z_0 is not one of them: name it 'logits0' (z₀)" in wrong.message
