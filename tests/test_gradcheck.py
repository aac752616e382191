"""The gradient checker: it must pass right answers, catch wrong ones, and say clearly why.
(The exercise checks are tested in test_exercise_diagnosis.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import (
    ActivationReLU,
    ActivationSoftmaxLossCategoricalCrossentropy,
    GradientCheckError,
    LayerDense,
    LossCategoricalCrossentropy,
    assert_layer_gradients,
    check_function_gradient,
    check_layer_gradients,
    numerical_gradient,
    rel_error,
    softmax,
)


def test_rel_error_basics():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    assert rel_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert rel_error([1.0], [1.0 + 1e-8]) == pytest.approx(5e-9, rel=1e-6)
    assert rel_error([[1.0, 2.0]], np.array([[1.0, 2.0]], dtype=np.float32)) == 0.0
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


def test_numerical_gradient_of_known_functions():
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8)
    upstream = np.array([2.0, 0.0, -1.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: v**2, x, upstream), 2 * x * upstream, rtol=1e-8)
    # x is perturbed in place while measuring, and must come back unchanged.
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])


def test_numerical_gradient_refuses_float32_and_non_arrays():
    with pytest.raises(TypeError, match="float64 numpy array.*dtype float32"):
        numerical_gradient(lambda v: v, np.ones(3, dtype=np.float32))
    with pytest.raises(TypeError, match="float64 numpy array.*got list"):
        numerical_gradient(lambda v: v, [1.0, 2.0])


class ForgetsTheTranspose(LayerDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dinputs = dvalues @ self.weights  # should be self.weights.T; a square layer hides the shape
        return self.dinputs


class ForgetsTheBiasSum(LayerDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dbiases = dvalues.copy()  # should be summed over the samples: shape (N, M), not (1, M)
        return self.dinputs


class UsesTheOutputInsteadOfTheInputs(LayerDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dweights = self.output[:, : self.n_inputs].T @ dvalues
        return self.dinputs


@pytest.mark.parametrize(
    "broken, wrong",
    [(ForgetsTheTranspose, "dinputs"), (ForgetsTheBiasSum, "dbiases"), (UsesTheOutputInsteadOfTheInputs, "dweights")],
)
def test_gradient_check_catches_a_wrong_backward(broken, wrong):
    rng = np.random.default_rng(0)
    layer = broken(4, 4, rng=rng, weight_scale=1.0)
    inputs = rng.standard_normal((3, 4))
    report = check_layer_gradients(layer, inputs)
    assert not report.passed and not report[wrong].passed
    assert [check.name for check in report.checks if not check.passed] == [wrong]
    text = str(report)
    assert text.startswith(f"Gradient check of {broken.__name__}: FAIL")
    assert f"{wrong}" in text and "WRONG" in text
    with pytest.raises(GradientCheckError) as raised:
        assert_layer_gradients(layer, inputs)
    assert str(raised.value) == text


def test_a_wrong_shaped_gradient_is_reported_not_crashed_on():
    rng = np.random.default_rng(0)
    report = check_layer_gradients(ForgetsTheBiasSum(4, 4, rng=rng), rng.standard_normal((3, 4)))
    assert "dbiases   shape (3, 4)    but expected shape (1, 4)  WRONG" in str(report)


def test_report_format():
    rng = np.random.default_rng(0)
    report = assert_layer_gradients(LayerDense(3, 2, rng=rng), rng.standard_normal((4, 3)))
    lines = str(report).splitlines()
    assert lines[0] == "Gradient check of LayerDense: PASS (tolerance 1e-06)"
    assert [line.split()[:3] for line in lines[1:]] == [
        ["dinputs", "shape", "(4,"],
        ["dweights", "shape", "(3,"],
        ["dbiases", "shape", "(1,"],
    ]
    assert all("relative error < 1e-09" in line and line.endswith("ok") for line in lines[1:])
    assert report["dweights"].rel_error < 1e-9
    with pytest.raises(KeyError, match="no gradient named 'dw'"):
        report["dw"]


def test_float32_input_or_parameters_give_a_clear_type_error():
    with pytest.raises(TypeError, match="need float64, but inputs has dtype float32"):
        check_layer_gradients(LayerDense(3, 2), np.ones((2, 3), dtype=np.float32))
    with pytest.raises(TypeError, match="need float64, but the layer's weights has dtype float32"):
        check_layer_gradients(LayerDense(3, 2, dtype=np.float32), np.ones((2, 3)))


def test_losses_need_labels_and_pass_when_right():
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 4, 5)
    with pytest.raises(ValueError, match="needs y_true"):
        check_layer_gradients(LossCategoricalCrossentropy(), softmax(rng.standard_normal((5, 4))))
    with pytest.raises(ValueError, match="needs y_true"):
        check_layer_gradients(ActivationSoftmaxLossCategoricalCrossentropy(), rng.standard_normal((5, 4)))
    assert check_layer_gradients(
        LossCategoricalCrossentropy(), softmax(rng.standard_normal((5, 4))), y_true=labels
    ).passed
    assert check_layer_gradients(
        ActivationSoftmaxLossCategoricalCrossentropy(), rng.standard_normal((5, 4)), y_true=labels
    ).passed
    assert check_layer_gradients(ActivationReLU(), rng.uniform(0.1, 1, (5, 4)) * rng.choice([-1, 1], (5, 4))).passed


def test_check_function_gradient_reports_a_wrong_shape():
    x = np.array([[0.5, -1.2, 2.0]])
    report = check_function_gradient(lambda v: v**2, lambda v, g: (2 * v * g).ravel(), x)
    assert not report.passed and "returned shape (3,), expected (1, 3)" in str(report)


def test_the_forward_pass_budget_counts_two_passes_per_entry():
    calls = []

    def f(v):
        calls.append(1)
        return np.sum(v**2)

    x = np.arange(6.0)
    np.testing.assert_allclose(numerical_gradient(f, x, max_passes=12), 2 * x, atol=1e-8)
    assert len(calls) == 12
    with pytest.raises(ValueError, match="would need 12 forward passes"):
        numerical_gradient(f, x, max_passes=11)
    assert len(calls) == 12  # refused before the first call
    numerical_gradient(f, x, max_passes=None)
    assert len(calls) == 24


def test_a_layer_check_within_the_budget_runs_and_one_beyond_it_is_refused():
    layer = LayerDense(3, 2, rng=np.random.default_rng(0))
    inputs = np.random.default_rng(1).standard_normal((4, 3))
    # 2 * (12 inputs + 6 weights + 2 biases) = 40 passes.
    assert check_layer_gradients(layer, inputs, max_passes=40).passed
    with pytest.raises(ValueError, match="a gradient check of LayerDense would need 40 forward passes"):
        check_layer_gradients(layer, inputs, max_passes=39)
