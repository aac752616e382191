"""Categorical cross-entropy and the fused softmax + cross-entropy: values, edge cases, equivalences."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import (
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    LossCategoricalCrossentropy,
    check_layer_gradients,
    one_hot,
    softmax,
)

Y_PRED = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
LABELS = np.array([0, 1, 1])


def test_loss_values_and_both_label_forms_agree():
    loss = LossCategoricalCrossentropy()
    np.testing.assert_allclose(loss.forward(Y_PRED, LABELS), -np.log([0.7, 0.5, 0.9]), rtol=1e-12)
    sparse = loss.calculate(Y_PRED, LABELS)
    assert sparse == pytest.approx(0.38506088005216804, rel=1e-12)  # the book's chapter-5 example
    assert loss.calculate(Y_PRED, one_hot(LABELS, 3)) == pytest.approx(sparse, rel=1e-12)


def test_loss_clips_so_a_confident_wrong_answer_is_finite():
    loss = LossCategoricalCrossentropy()
    assert loss.calculate(np.array([[0.0, 1.0]]), np.array([0])) == pytest.approx(-np.log(1e-7))
    # The other end is clipped too, so a perfect answer costs a tiny positive amount, never -0.
    assert 0 < loss.calculate(np.array([[1.0, 0.0]]), np.array([0])) < 1e-6


def test_cross_entropy_backward_values():
    gradient = LossCategoricalCrossentropy().backward(Y_PRED, LABELS)
    expected = np.zeros((3, 3))
    expected[[0, 1, 2], LABELS] = -1 / (3 * Y_PRED[[0, 1, 2], LABELS])
    np.testing.assert_allclose(gradient, expected, rtol=1e-12)
    np.testing.assert_array_equal(LossCategoricalCrossentropy().backward(Y_PRED, one_hot(LABELS, 3)), gradient)


def test_cross_entropy_backward_is_finite_where_a_probability_is_exactly_zero():
    y_pred = np.array([[0.0, 0.3, 0.7], [0.0, 0.6, 0.4], [1.0, 0.0, 0.0]])
    labels = np.array([0, 1, 1])
    for y_true in (labels, one_hot(labels, 3)):
        with np.errstate(all="raise"):
            gradient = LossCategoricalCrossentropy().backward(y_pred, y_true)
        assert np.all(np.isfinite(gradient))
        assert gradient[0, 0] == pytest.approx(-1 / (1e-7 * 3))  # true class at p = 0: floored, not -inf
        assert gradient[1, 0] == 0.0 and not np.signbit(gradient[1, 0])  # wrong class at p = 0: 0, not NaN
    with np.errstate(divide="ignore", invalid="ignore"):
        draft = -one_hot(labels, 3) / y_pred
    assert np.isnan(draft).any() and np.isinf(draft).any(), "the draft's formula really does break here"


@pytest.mark.parametrize("label_form", ["sparse", "one-hot"])
def test_fused_gradient_equals_softmax_backward_after_cross_entropy_backward(label_form):
    rng = np.random.default_rng(11)
    logits, labels = 2 * rng.standard_normal((20, 5)), rng.integers(0, 5, 20)
    y_true = labels if label_form == "sparse" else one_hot(labels, 5)
    fused = ActivationSoftmaxLossCategoricalCrossentropy()
    loss_value = fused.forward(logits, y_true)
    activation, loss = ActivationSoftmax(), LossCategoricalCrossentropy()
    activation.forward(logits)
    assert loss_value == pytest.approx(loss.calculate(activation.output, y_true), rel=1e-12)
    chained = activation.backward(loss.backward(activation.output, y_true))
    np.testing.assert_allclose(fused.backward(), chained, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(fused.dinputs, (activation.output - one_hot(labels, 5)) / 20, rtol=1e-12)


def test_fused_class_handles_logits_of_plus_minus_1000():
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]])
    loss = head.forward(logits, np.array([1, 0, 2]))
    assert np.isfinite(loss) and np.all(np.isfinite(head.backward()))


def test_fused_example_from_the_docstring_and_soft_labels():
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    assert head.forward(np.zeros((2, 3)), np.array([0, 2])) == pytest.approx(np.log(3))
    np.testing.assert_allclose(head.backward(), [[-1 / 3, 1 / 6, 1 / 6], [1 / 6, 1 / 6, -1 / 3]])
    soft = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    head.forward(np.zeros((2, 3)), soft)
    np.testing.assert_allclose(head.backward(), (1 / 3 - soft) / 2)


def test_fused_backward_does_not_change_the_cached_probabilities():
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.zeros((2, 3)), np.array([0, 2]))
    before = head.output.copy()
    head.backward()
    head.backward()
    np.testing.assert_array_equal(head.output, before)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("label_form", ["sparse", "one-hot"])
def test_fused_backward_called_the_books_way_gives_the_same_gradient(label_form, dtype):
    # The book calls loss_activation.backward(loss_activation.output, y); the result must not change.
    logits = np.random.default_rng(3).standard_normal((6, 4)).astype(dtype)
    y_true = np.array([0, 3, 1, 1, 2, 0])
    if label_form == "one-hot":
        y_true = one_hot(y_true, 4)
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(logits, y_true)
    expected = head.backward().copy()
    output = head.output.copy()
    np.testing.assert_array_equal(head.backward(head.output, y_true), expected)
    np.testing.assert_array_equal(head.backward(head.output), expected)  # labels from forward
    np.testing.assert_array_equal(head.output, output)  # the probabilities passed in are not changed


def test_fused_backward_called_the_books_way_uses_the_arrays_given():
    # As in the book, the arguments replace what forward cached.
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.zeros((2, 3)), np.array([0, 0]))
    np.testing.assert_allclose(head.backward(Y_PRED, LABELS), (Y_PRED - one_hot(LABELS, 3)) / 3)


# Soft labels (issue 10): the value is the cross-entropy both backward passes differentiate.

SOFT = np.array([[0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.0, 0.5, 0.5]])


def test_soft_label_loss_is_the_full_cross_entropy():
    expected = -np.sum(SOFT * np.log(Y_PRED), axis=1)
    np.testing.assert_allclose(LossCategoricalCrossentropy().forward(Y_PRED, SOFT), expected, rtol=1e-14)
    # What the draft computed, -log(sum y * y_hat), is a different number for a soft row.
    assert not np.allclose(expected, -np.log(np.sum(SOFT * Y_PRED, axis=1)), rtol=1e-3)
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    assert head.forward(np.log(Y_PRED), SOFT) == pytest.approx(expected.mean(), rel=1e-14)


def test_soft_label_gradients_pass_the_gradient_check_in_both_classes():
    rng = np.random.default_rng(21)
    soft = softmax(rng.standard_normal((6, 4)))
    probabilities = softmax(rng.uniform(-1.5, 1.5, (6, 4)))
    loss_report = check_layer_gradients(LossCategoricalCrossentropy(), probabilities, y_true=soft, h=1e-6)
    assert loss_report.passed and loss_report["dinputs"].rel_error < 1e-7, str(loss_report)
    fused_report = check_layer_gradients(
        ActivationSoftmaxLossCategoricalCrossentropy(), 2 * rng.standard_normal((6, 4)), y_true=soft
    )
    assert fused_report.passed and fused_report["dinputs"].rel_error < 1e-7, str(fused_report)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_one_hot_rows_give_the_sparse_value_to_the_last_bit(dtype):
    rng = np.random.default_rng(12)
    probabilities = softmax(rng.standard_normal((50, 4))).astype(dtype)
    probabilities[0] = [1.0, 0.0, 0.0, 0.0]  # both clip ends
    probabilities[1] = [0.0, 1.0, 0.0, 0.0]
    labels = rng.integers(0, 4, 50)
    labels[:2] = 0
    sparse = LossCategoricalCrossentropy().forward(probabilities, labels)
    for y_true in (one_hot(labels, 4), one_hot(labels, 4, dtype=dtype), one_hot(labels, 4).astype(int)):
        np.testing.assert_array_equal(LossCategoricalCrossentropy().forward(probabilities, y_true), sparse)
    np.testing.assert_array_equal(sparse, -np.log(np.clip(probabilities[np.arange(50), labels], 1e-7, 1 - 1e-7)))


def test_probabilities_that_miss_one_by_rounding_or_a_finite_difference_step_are_accepted():
    # float32 softmax rows, and a row whose entry a gradient check has moved by h = 1e-5.
    rng = np.random.default_rng(13)
    float32_rows = softmax(rng.standard_normal((1000, 10)).astype(np.float32))
    assert float32_rows.dtype == np.float32
    LossCategoricalCrossentropy().forward(float32_rows, rng.integers(0, 10, 1000))
    nudged = Y_PRED.copy()
    nudged[0, 1] += 1e-5
    nudged[1] = [0.0, 0.6, 0.4]
    nudged[1, 0] -= 1e-5  # a probability of exactly 0, moved below 0 by the step
    np.testing.assert_allclose(LossCategoricalCrossentropy().backward(nudged, LABELS)[2], [0, -1 / (3 * 0.9), 0])


# --- one_hot checks its labels as the losses do (issue 15 point 5) --------------------------------------


@pytest.mark.parametrize(
    "labels, n_classes, error, message",
    [
        (np.array([0.0, 1.0]), 3, TypeError, "whole numbers"),
        (np.array([0, 3]), 3, ValueError, r"lie in 0\.\.2 for 3 classes, got values from 0 to 3"),
        (np.array([0, -1]), 3, ValueError, r"lie in 0\.\.2 for 3 classes, got values from -1 to 0"),
        (np.array([[0, 1]]), 3, ValueError, r"one_hot needs sparse labels of shape \(N,\)"),
        (np.array(1), 3, ValueError, r"one_hot needs sparse labels of shape \(N,\)"),
        (np.array([0, 1]), 0, ValueError, "n_classes must be a positive whole number, got 0"),
        (np.array([0, 1]), 2.0, TypeError, "n_classes must be a positive whole number"),
    ],
)
def test_one_hot_checks_its_labels_as_the_losses_do(labels, n_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, n_classes)


def test_one_hot_of_good_labels():
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    assert one_hot(np.array([1], dtype=np.uint8), 2, dtype=np.float32).dtype == np.float32
