"""Softmax, losses, gradient checks, optimizer, data, training and exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import (
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    Classifier,
    GradientCheckError,
    LayerDense,
    LossCategoricalCrossentropy,
    OptimizerSGD,
    assert_layer_gradients,
    check_backward,
    check_layer_gradients,
    check_value,
    numerical_gradient,
    rel_error,
    softmax_backward_jacobian,
    spiral_data,
    train,
)


def test_softmax_is_finite_for_huge_logits():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]])
    layer = ActivationSoftmax()
    probabilities = layer.forward(logits)
    assert np.all(np.isfinite(probabilities))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(probabilities[1], [1 / 3] * 3)
    assert np.all(np.isfinite(layer.backward(np.ones_like(logits))))
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    assert np.isfinite(head.forward(logits, np.array([1, 0, 2])))
    assert np.all(np.isfinite(head.backward()))


def test_vectorised_softmax_backward_equals_the_jacobian_loop():
    rng = np.random.default_rng(3)
    layer = ActivationSoftmax()
    layer.forward(rng.standard_normal((50, 7)))
    upstream = rng.standard_normal((50, 7))
    np.testing.assert_allclose(layer.backward(upstream), softmax_backward_jacobian(layer.output, upstream),
                               rtol=1e-10, atol=1e-15)


def test_cross_entropy_backward_is_finite_where_a_probability_is_zero():
    y_pred = np.array([[0.0, 0.3, 0.7], [0.0, 0.6, 0.4], [1.0, 0.0, 0.0]])
    for labels in (np.array([0, 1, 1]), np.eye(3)[[0, 1, 1]]):
        gradient = LossCategoricalCrossentropy().backward(y_pred, labels)
        assert np.all(np.isfinite(gradient))
        assert gradient[0, 0] == pytest.approx(-1 / (1e-7 * 3))
        assert gradient[1, 0] == 0.0 and not np.signbit(gradient[1, 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        draft = -np.eye(3)[[0, 1, 1]] / y_pred
    assert np.isnan(draft).any() and np.isinf(draft).any(), "the draft's formula really does break here"


def test_loss_forward_clips_and_both_label_forms_agree():
    y_pred = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
    loss = LossCategoricalCrossentropy()
    sparse = loss.calculate(y_pred, np.array([0, 1, 1]))
    assert sparse == pytest.approx(0.38506088005216804)
    assert loss.calculate(y_pred, np.eye(3)[[0, 1, 1]]) == pytest.approx(sparse)
    assert loss.calculate(np.array([[0.0, 1.0]]), np.array([0])) == pytest.approx(-np.log(1e-7))


def test_rel_error_basics():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.zeros(2), np.zeros(3))


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8)
    upstream = np.array([2.0, 0.0, -1.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: v**2, x, upstream), 2 * x * upstream, rtol=1e-8)
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: v, x.astype(np.float32))


class ForgetsTheTranspose(LayerDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dinputs = dvalues @ self.weights.T[::-1]  # rows in the wrong order
        return self.dinputs


class ForgetsTheBiasSum(LayerDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dbiases = dvalues[:1].copy()
        return self.dinputs


@pytest.mark.parametrize("broken, wrong", [(ForgetsTheTranspose, "dinputs"), (ForgetsTheBiasSum, "dbiases")])
def test_gradient_check_catches_a_wrong_backward(broken, wrong):
    rng = np.random.default_rng(0)
    layer = broken(4, 4, rng=rng, weight_scale=1.0)
    inputs = rng.standard_normal((3, 4))
    report = check_layer_gradients(layer, inputs)
    assert not report.passed and not report[wrong].passed
    assert "FAIL" in str(report) and "WRONG" in str(report)
    with pytest.raises(GradientCheckError) as raised:
        assert_layer_gradients(layer, inputs)
    assert str(report) == str(raised.value)


def test_report_format_and_float32_refusal():
    rng = np.random.default_rng(0)
    report = assert_layer_gradients(LayerDense(3, 2, rng=rng), rng.standard_normal((4, 3)))
    lines = str(report).splitlines()
    assert lines[0] == "Gradient check of LayerDense: PASS (tolerance 1e-06)"
    assert lines[1].split()[:2] == ["dinputs", "shape"] and lines[1].endswith("ok")
    with pytest.raises(TypeError, match="float64"):
        check_layer_gradients(LayerDense(3, 2, dtype=np.float32), np.ones((2, 3), dtype=np.float32))


def test_optimizer_step_decay_and_momentum():
    layer = LayerDense(2, 2, rng=np.random.default_rng(0))
    layer.forward(np.ones((1, 2)))
    layer.backward(np.ones((1, 2)))
    before = layer.weights.copy()
    OptimizerSGD(0.5).update_params(layer)
    np.testing.assert_allclose(layer.weights, before - 0.5 * layer.dweights)
    optimizer = OptimizerSGD(1.0, decay=0.5)
    rates = []
    for _ in range(3):
        optimizer.step([layer])
        rates.append(optimizer.current_learning_rate)
    assert rates == pytest.approx([1.0, 1 / 1.5, 1 / 2.0])
    momentum = OptimizerSGD(1.0, momentum=0.9)
    momentum.update_params(layer)
    momentum.update_params(layer)
    np.testing.assert_allclose(layer.weight_momentums, -(1 + 0.9) * layer.dweights)


def test_spiral_data_shapes_and_seeding():
    X, y = spiral_data(50, 4, rng=np.random.default_rng(5))
    assert X.shape == (200, 2) and y.shape == (200,) and set(y) == {0, 1, 2, 3}
    X2, _ = spiral_data(50, 4, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(X, X2)
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)


def test_training_reduces_the_loss_and_learns_the_spiral():
    rng = np.random.default_rng(0)
    X, y = spiral_data(100, 3, rng=rng)
    model = Classifier(2, 64, 3, rng=rng)
    history = train(model, X, y, OptimizerSGD(1.0, decay=1e-3, momentum=0.9), epochs=1000, record_every=100)
    assert history.loss[0] == pytest.approx(np.log(3), abs=0.01)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.accuracy[-1] > 0.8
    assert np.mean(model.predict(X) == y) == pytest.approx(history.accuracy[-1], abs=0.05)
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_exercise_checks_pass_right_and_fail_wrong(capsys):
    assert check_value("double", [2, 4], [2, 4], hint="h").passed
    wrong = check_value("double", [2, 5], [2, 4], hint="multiply by two")
    assert not wrong.passed and "multiply by two" in str(wrong)
    assert not check_value("shape", np.ones((2, 3)), np.ones((3, 2)), hint="h").passed
    x = np.array([[0.5, -1.2, 2.0]])
    square = check_backward("square", lambda v: v**2, lambda v, g: 2 * v * g, x, hint="h")
    assert square.passed
    assert not check_backward("square", lambda v: v**2, lambda v, g: v * g, x, hint="h").passed

    def crashes(v, g):
        raise RuntimeError("oops")

    crashed = check_backward("square", lambda v: v**2, crashes, x, hint="h")
    assert not crashed.passed and "raised RuntimeError" in str(crashed)
    printed = capsys.readouterr().out
    assert printed.count("PASS") == 2 and printed.count("FAIL") == 4
