"""The scalar neuron of notebook 01 beyond the draft's worked example: other inputs, the dead ReLU,
the kink, and agreement with the dense layer. (The draft's own numbers: test_draft_numbers.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import ActivationReLU, LayerDense
from nnfs_helpers.neuron import B_DEFAULT, W_DEFAULT, X_DEFAULT, neuron_backward, neuron_forward, sgd_step


def test_defaults_are_the_drafts_example():
    assert (X_DEFAULT, W_DEFAULT, B_DEFAULT) == ((1.0, -2.0, 3.0), (-3.0, -1.0, 2.0), 1.0)
    assert neuron_forward() == neuron_forward(X_DEFAULT, W_DEFAULT, B_DEFAULT)


def test_dead_relu_passes_no_gradient_and_prints_plain_zeros():
    forward = neuron_forward((1.0, 1.0), (-1.0, -2.0), 0.5)
    assert forward.z == -2.5 and forward.y == 0.0
    grads = neuron_backward((1.0, 1.0), (-1.0, -2.0), 0.5)
    assert grads.drelu_dz == 0.0 and grads.dx == (0.0, 0.0) and grads.dw == (0.0, 0.0) and grads.db == 0.0
    assert str(grads.dx) == "(0.0, 0.0)", "-0.0 would confuse a learner"


def test_gradient_at_the_kink_is_zero():
    grads = neuron_backward((1.0,), (1.0,), -1.0)  # z = 0 exactly
    assert neuron_forward((1.0,), (1.0,), -1.0).z == 0.0
    assert grads.drelu_dz == 0.0 and grads.dw == (0.0,)


def test_upstream_gradient_scales_everything():
    grads = neuron_backward(dvalue=2.5)
    assert grads.dx == (-7.5, -2.5, 5.0) and grads.dw == (2.5, -5.0, 7.5) and grads.db == 2.5


def test_neuron_agrees_with_a_one_neuron_dense_layer():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(4), rng.standard_normal(4), 0.3
    layer, relu = LayerDense(4, 1), ActivationReLU()
    layer.weights, layer.biases = w.reshape(4, 1).copy(), np.array([[b]])
    relu.forward(layer.forward(x.reshape(1, 4)))
    layer.backward(relu.backward(np.ones((1, 1))))
    forward, grads = neuron_forward(x, w, b), neuron_backward(x, w, b)
    assert forward.y == pytest.approx(relu.output[0, 0], rel=1e-12)
    np.testing.assert_allclose(grads.dw, layer.dweights[:, 0], rtol=1e-12)
    np.testing.assert_allclose(grads.dx, layer.dinputs[0], rtol=1e-12)
    assert grads.db == pytest.approx(layer.dbiases[0, 0])


def test_neuron_checks_its_arguments():
    with pytest.raises(ValueError, match="same length, got 3 inputs and 2 weights"):
        neuron_forward((1.0, 2.0, 3.0), (1.0, 2.0))
    with pytest.raises(TypeError, match="x must contain numbers"):
        neuron_forward(("a", "b", "c"))
    with pytest.raises(ValueError, match="learning_rate must be a finite number greater than 0, got 0"):
        sgd_step(W_DEFAULT, B_DEFAULT, (1.0, -2.0, 3.0), 1.0, 0)
    with pytest.raises(ValueError, match="w and dw must have the same length, got 3 and 2"):
        sgd_step(W_DEFAULT, B_DEFAULT, (1.0, -2.0), 1.0, 0.1)


def test_the_neurons_output_is_h_as_on_the_notation_card():
    from nnfs_helpers.neuron import neuron_forward

    forward = neuron_forward()
    assert forward.h == 6.0 and forward.y == forward.h  # y kept as an alias of h
    assert "h=6.0" in repr(forward)
