"""ReLU and softmax: values, the rule at the kink, overflow safety and the two softmax backwards."""

from __future__ import annotations

import numpy as np

from nnfs_helpers import ActivationReLU, ActivationSoftmax, softmax, softmax_backward_jacobian

HUGE_LOGITS = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]])


def test_relu_forward_and_its_gradient_at_zero_is_zero():
    relu = ActivationReLU()
    np.testing.assert_array_equal(relu.forward([[-2.0, 0.0, 3.0]]), [[0.0, 0.0, 3.0]])
    gradient = relu.backward(np.array([[5.0, 5.0, 5.0]]))
    np.testing.assert_array_equal(gradient, [[0.0, 0.0, 5.0]])
    assert not np.signbit(gradient).any(), "a gated gradient should be 0, not -0"


def test_relu_keeps_float32():
    relu = ActivationReLU()
    relu.forward(np.array([[-1.0, 1.0]], dtype=np.float32))
    assert relu.output.dtype == np.float32
    assert relu.backward(np.ones((1, 2), dtype=np.float32)).dtype == np.float32


def test_softmax_rows_are_probabilities_and_shift_invariant():
    logits = np.random.default_rng(0).standard_normal((5, 4))
    probabilities = ActivationSoftmax().forward(logits)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(probabilities > 0)
    np.testing.assert_allclose(softmax(logits + 123.0), probabilities, rtol=1e-12)
    np.testing.assert_allclose(softmax(np.zeros((1, 3))), [[1 / 3] * 3])


def test_softmax_is_finite_for_logits_of_plus_minus_1000():
    layer = ActivationSoftmax()
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # exp(-2000) may underflow to 0: fine
        probabilities = layer.forward(HUGE_LOGITS)
        gradient = layer.backward(np.random.default_rng(0).standard_normal(HUGE_LOGITS.shape))
    assert np.all(np.isfinite(probabilities)) and np.all(np.isfinite(gradient))
    last_row = [np.e / (2 * np.e + 1)] * 2 + [1 / (2 * np.e + 1)]
    np.testing.assert_allclose(probabilities, [[1, 0, 0], [1 / 3] * 3, last_row])
    # The naive formula, for contrast: exp(1000) overflows to inf and inf / inf is NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(HUGE_LOGITS) / np.exp(HUGE_LOGITS).sum(axis=1, keepdims=True)
    assert np.isnan(naive).any()


def test_vectorised_softmax_backward_equals_the_jacobian_loop():
    rng = np.random.default_rng(3)
    for n, c in [(1, 2), (50, 7), (200, 10)]:
        layer = ActivationSoftmax()
        layer.forward(3 * rng.standard_normal((n, c)))
        upstream = rng.standard_normal((n, c))
        np.testing.assert_allclose(
            layer.backward(upstream), softmax_backward_jacobian(layer.output, upstream), rtol=1e-10, atol=1e-15
        )


def test_softmax_backward_of_a_constant_upstream_is_zero():
    # Adding the same amount to every probability's gradient cannot change the logits' gradient:
    # the probabilities always sum to 1.
    layer = ActivationSoftmax()
    layer.forward(np.random.default_rng(4).standard_normal((3, 5)))
    np.testing.assert_allclose(layer.backward(np.full((3, 5), 2.5)), 0.0, atol=1e-15)


def test_softmax_of_a_single_row_or_a_list_returns_a_row():
    row = softmax([1.0, 2.0, 3.0])
    assert row.shape == (3,)
    np.testing.assert_array_equal(row, softmax(np.array([[1.0, 2.0, 3.0]]))[0])
    np.testing.assert_array_equal(softmax([[1, 2, 3]]), softmax(np.array([[1.0, 2.0, 3.0]])))  # integers: float64


def test_softmax_does_not_change_its_input():
    logits = np.array([[1.0, 2.0], [3.0, -1.0]])
    softmax(logits)
    np.testing.assert_array_equal(logits, [[1.0, 2.0], [3.0, -1.0]])


def test_jacobian_reference_with_integer_dvalues_computes_in_float():
    probabilities = softmax(np.array([[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]]))
    integer_upstream = np.array([[1, 0, 0], [0, 2, 0]])
    result = softmax_backward_jacobian(probabilities, integer_upstream)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, softmax_backward_jacobian(probabilities, integer_upstream.astype(float)))
    assert np.abs(result).min() > 1e-3  # the draft's integer buffer made these all 0


def test_softmax_docstrings_say_vector_jacobian_product_with_the_transpose():
    for documented in (softmax_backward_jacobian, ActivationSoftmax):
        text = documented.__doc__
        assert "vector-Jacobian product" in text and "J^\\top" in text, documented
        assert "Jacobian-vector" not in text
