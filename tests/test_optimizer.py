"""OptimizerSGD: the plain step, the decay schedule, momentum, and misuse."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import LayerDense, OptimizerSGD


def _layer_with_gradients(seed=0) -> LayerDense:
    rng = np.random.default_rng(seed)
    layer = LayerDense(3, 2, rng=rng)
    layer.forward(rng.standard_normal((4, 3)))
    layer.backward(rng.standard_normal((4, 2)))
    return layer


def test_plain_step_moves_against_the_gradient():
    layer = _layer_with_gradients()
    weights, biases = layer.weights.copy(), layer.biases.copy()
    OptimizerSGD(0.5).update_params(layer)
    np.testing.assert_array_equal(layer.weights, weights - 0.5 * layer.dweights)
    np.testing.assert_array_equal(layer.biases, biases - 0.5 * layer.dbiases)


def test_default_learning_rate_is_the_books_one():
    optimizer = OptimizerSGD()
    assert optimizer.learning_rate == optimizer.current_learning_rate == 1.0
    assert optimizer.decay == optimizer.momentum == 0.0 and optimizer.iterations == 0


def test_decay_schedule_values():
    layer = _layer_with_gradients()
    optimizer = OptimizerSGD(1.0, decay=0.5)
    rates = []
    for _ in range(4):
        optimizer.step([layer])
        rates.append(optimizer.current_learning_rate)
    # lr_t = lr / (1 + decay * t), with t counting the steps already taken.
    assert rates == pytest.approx([1.0, 1 / 1.5, 1 / 2.0, 1 / 2.5])
    assert optimizer.iterations == 4
    book = OptimizerSGD(1.0, decay=1e-3)
    book.iterations = 1000
    book.pre_update_params()
    assert book.current_learning_rate == pytest.approx(0.5)


def test_decayed_rate_is_the_one_applied():
    layer = _layer_with_gradients()
    optimizer = OptimizerSGD(1.0, decay=1.0)
    optimizer.step([layer])
    weights = layer.weights.copy()
    optimizer.step([layer])  # second step: lr = 1 / (1 + 1 * 1) = 0.5
    np.testing.assert_allclose(layer.weights, weights - 0.5 * layer.dweights, rtol=1e-12)


def test_momentum_accumulates_the_previous_update():
    layer = _layer_with_gradients()
    weights, biases = layer.weights.copy(), layer.biases.copy()
    optimizer = OptimizerSGD(0.1, momentum=0.9)
    optimizer.step([layer])
    np.testing.assert_allclose(layer.weight_momentums, -0.1 * layer.dweights, rtol=1e-12)
    optimizer.step([layer])
    # Same gradient twice: updates of -0.1 g and then 0.9 * (-0.1 g) - 0.1 g.
    np.testing.assert_allclose(layer.weight_momentums, -0.19 * layer.dweights, rtol=1e-12)
    np.testing.assert_allclose(layer.weights, weights - 0.29 * layer.dweights, rtol=1e-12)
    np.testing.assert_allclose(layer.biases, biases - 0.29 * layer.dbiases, rtol=1e-12)


def test_step_updates_every_layer_and_counts_once():
    first, second = _layer_with_gradients(1), _layer_with_gradients(2)
    before = first.weights.copy(), second.weights.copy()
    optimizer = OptimizerSGD(1.0)
    optimizer.step([first, second])
    assert optimizer.iterations == 1
    assert not np.array_equal(first.weights, before[0]) and not np.array_equal(second.weights, before[1])


def test_update_params_before_backward_raises_clearly():
    with pytest.raises(ValueError, match=r"needs a layer whose backward\(\) has run.*got LayerDense without them"):
        OptimizerSGD(1.0).update_params(LayerDense(2, 2))
    layer = LayerDense(2, 2)
    layer.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="backward"):
        OptimizerSGD(1.0).update_params(layer)


@pytest.mark.parametrize("decay", [-0.1, float("nan"), float("inf")])
def test_bad_decay(decay):
    with pytest.raises(ValueError, match=f"decay must be a finite number >= 0, got {decay}"):
        OptimizerSGD(1.0, decay=decay)


@pytest.mark.parametrize("momentum", [1.0, -0.5, 2.0])
def test_bad_momentum(momentum):
    with pytest.raises(ValueError, match=f"momentum must be a finite number with 0 <= value < 1, got {momentum}"):
        OptimizerSGD(1.0, momentum=momentum)


def test_non_numeric_decay_and_momentum():
    with pytest.raises(TypeError, match="decay must be a number >= 0, got str"):
        OptimizerSGD(1.0, decay="0.1")
    with pytest.raises(TypeError, match="momentum must be a number with 0 <= value < 1, got NoneType"):
        OptimizerSGD(1.0, momentum=None)


def test_a_learning_rate_set_after_construction_is_the_one_applied():
    layer = _layer_with_gradients()
    optimizer = OptimizerSGD(1.0)
    optimizer.learning_rate = 0.25
    weights = layer.weights.copy()
    optimizer.update_params(layer)  # the book's loop: no pre_update_params before it
    np.testing.assert_array_equal(layer.weights, weights - 0.25 * layer.dweights)
    optimizer.step([layer])
    np.testing.assert_array_equal(layer.weights, weights - 0.25 * layer.dweights - 0.25 * layer.dweights)
    assert optimizer.current_learning_rate == 0.25


def test_a_learning_rate_or_decay_set_mid_schedule_keeps_the_schedule():
    layer = _layer_with_gradients()
    optimizer = OptimizerSGD(1.0, decay=1.0)
    optimizer.step([layer])
    optimizer.learning_rate = 4.0
    assert optimizer.current_learning_rate == pytest.approx(2.0)  # 4 / (1 + 1 * 1 step taken)
    optimizer.decay = 0.0
    weights = layer.weights.copy()
    optimizer.update_params(layer)
    np.testing.assert_allclose(layer.weights, weights - 4.0 * layer.dweights, rtol=1e-12)


def test_momentum_set_after_construction_takes_effect():
    layer = _layer_with_gradients()
    optimizer = OptimizerSGD(0.1)
    optimizer.momentum = 0.9
    optimizer.step([layer])
    np.testing.assert_allclose(layer.weight_momentums, -0.1 * layer.dweights, rtol=1e-12)


def test_float32_parameters_stay_float32_through_the_update():
    rng = np.random.default_rng(3)
    layer = LayerDense(3, 2, rng=rng, dtype="float32")
    layer.forward(rng.standard_normal((4, 3)).astype(np.float32))
    layer.backward(rng.standard_normal((4, 2)).astype(np.float32))
    OptimizerSGD(0.5, momentum=0.5).step([layer])
    assert layer.weights.dtype == layer.biases.dtype == np.float32


def test_momentum_buffers_of_another_shape_than_their_weights_raise_clearly():
    rng = np.random.default_rng(0)
    layer = LayerDense(3, 2, rng=rng)
    optimizer = OptimizerSGD(0.1, momentum=0.9)
    layer.forward(rng.standard_normal((4, 3)))
    layer.backward(rng.standard_normal((4, 2)))
    optimizer.update_params(layer)
    # The layer is rebuilt with another width (a learner re-running a cell), keeping the old buffers.
    fresh = LayerDense(3, 1, rng=rng)
    fresh.weight_momentums, fresh.bias_momentums = layer.weight_momentums, layer.bias_momentums
    fresh.forward(rng.standard_normal((4, 3)))
    fresh.backward(rng.standard_normal((4, 1)))
    with pytest.raises(ValueError, match=r"weight_momentums has shape \(3, 2\) but weights have shape \(3, 1\)"):
        optimizer.update_params(fresh)
    # A buffer that broadcasts would have been the silent case: (1, 1) against (3, 1).
    fresh.weight_momentums = np.zeros((1, 1))
    with pytest.raises(ValueError, match=r"weight_momentums has shape \(1, 1\)"):
        optimizer.update_params(fresh)
