"""Every number the draft prints, reproduced by the package (not by copies of the draft's lines).

Each expected string below is the draft's output pasted verbatim: ``print(...)`` output is
compared with ``str``, a cell's bare expression with ``repr`` (IPython's ``pretty`` for tuples).
"""

from __future__ import annotations

import numpy as np
import pytest
from IPython.lib.pretty import pretty

from nnfs_helpers import ActivationReLU, LayerDense, OptimizerSGD
from nnfs_helpers.neuron import neuron_backward, neuron_forward, sgd_step

X, W, B = (1.0, -2.0, 3.0), (-3.0, -1.0, 2.0), 1.0
INPUTS = np.array([[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2], [-1.5, 2.7, 3.3, -0.8]])
WEIGHTS = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T
BIASES = np.array([[2, 3, 0.5]])
DVALUES = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])


def _printed(*values) -> str:
    """What the draft's print(...) shows for these values."""
    return " ".join(str(v) for v in values)


def _draft_layer() -> LayerDense:
    layer = LayerDense(4, 3)
    layer.weights = WEIGHTS.copy()
    layer.biases = BIASES.astype(float)
    return layer


# The single neuron (draft cells In[6] to In[22]).


def test_single_neuron_forward():
    forward = neuron_forward(X, W, B)
    assert _printed(*forward.products, B) == "-3.0 2.0 6.0 1.0"
    assert str(forward.z) == "6.0" and str(forward.y) == "6.0"


def test_single_neuron_gradients():
    grads = neuron_backward(X, W, B, dvalue=1)
    assert str(grads.drelu_dz) == "1.0"
    assert _printed(*grads.dproducts, grads.db) == "1.0 1.0 1.0 1.0"
    pairs = [v for i in range(3) for v in (grads.dx[i], grads.dw[i])]
    assert _printed(*pairs) == "-3.0 1.0 -1.0 -2.0 2.0 3.0"
    assert grads.dx == (-3.0, -1.0, 2.0) and grads.dw == (1.0, -2.0, 3.0) and grads.db == 1.0


def test_single_neuron_step_and_new_forward_pass():
    assert _printed(*W, B) == "-3.0 -1.0 2.0 1.0"
    grads = neuron_backward(X, W, B)
    w, b = sgd_step(W, B, grads.dw, grads.db, 0.001)
    assert _printed(*w, b) == "-3.001 -0.998 1.997 0.999"
    forward = neuron_forward(X, w, b)
    # Float rounding the draft shows as is: 3.0 * 1.997 is not exactly 5.991.
    assert _printed(*forward.products, b) == "-3.001 1.996 5.9910000000000005 0.999"
    assert str(forward.z) == "5.985" and str(forward.y) == "5.985"


@pytest.mark.parametrize("learning_rate", [0.001, 0.01])
def test_neuron_step_lowers_the_output_by_about_lr_times_squared_gradient(learning_rate):
    grads = neuron_backward(X, W, B)
    w, b = sgd_step(W, B, grads.dw, grads.db, learning_rate)
    predicted = -learning_rate * (sum(g * g for g in grads.dw) + grads.db**2)
    assert neuron_forward(X, w, b).y - 6.0 == pytest.approx(predicted)


# A layer of three neurons (In[36] to In[48]).


def test_dinputs_for_one_sample():
    layer = _draft_layer()
    layer.forward(INPUTS[:1])
    dinputs = layer.backward(DVALUES[:1])
    assert str(dinputs[0]) == "[ 0.44 -0.38 -0.07  1.37]"  # In[39], print(dinputs)
    assert repr(dinputs[0]) == "array([ 0.44, -0.38, -0.07,  1.37])"  # In[42]


def test_dinputs_for_a_batch():
    layer = _draft_layer()
    layer.forward(INPUTS)
    assert repr(layer.backward(DVALUES)) == (
        "array([[ 0.44, -0.38, -0.07,  1.37],\n"
        "       [ 0.88, -0.76, -0.14,  2.74],\n"
        "       [ 1.32, -1.14, -0.21,  4.11]])"
    )


def test_dweights_and_dbiases():
    layer = _draft_layer()
    layer.forward(INPUTS)
    layer.backward(DVALUES)
    assert str(layer.dweights) == "[[ 0.5  0.5  0.5]\n [20.1 20.1 20.1]\n [10.9 10.9 10.9]\n [ 4.1  4.1  4.1]]"
    assert str(layer.dbiases) == "[[6. 6. 6.]]"


def test_relu_masks():
    z = np.array([[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]])
    upstream = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    relu = ActivationReLU()
    relu.forward(z)
    # The draft's arrays are integers; the package works in floats, so cast back only to print alike.
    mask = relu.backward(np.ones_like(z))
    assert str(mask.astype(int)) == "[[1 1 0 0]\n [1 0 0 1]\n [0 1 1 0]]"
    chained = relu.backward(upstream)
    assert np.array_equal(chained, chained.astype(int))
    assert str(chained.astype(int)) == "[[ 1  2  0  0]\n [ 5  0  0  8]\n [ 0 10 11  0]]"


# Dense + ReLU and one update step (In[59] to In[68]).


def test_dense_relu_forward():
    layer, relu = _draft_layer(), ActivationReLU()
    relu.forward(layer.forward(INPUTS))
    assert pretty((layer.output, relu.output)) == (
        "(array([[ 4.8  ,  1.21 ,  2.385],\n"
        "        [ 8.9  , -1.81 ,  0.2  ],\n"
        "        [ 1.41 ,  1.051,  0.026]]),\n"
        " array([[4.8  , 1.21 , 2.385],\n"
        "        [8.9  , 0.   , 0.2  ],\n"
        "        [1.41 , 1.051, 0.026]]))"
    )


def _drafts_update_step() -> tuple[LayerDense, ActivationReLU]:
    """The draft's update: its drelu starts from relu_outputs, so relu_outputs is the upstream gradient."""
    layer, relu = _draft_layer(), ActivationReLU()
    relu.forward(layer.forward(INPUTS))
    relu.backward(relu.output)
    layer.backward(relu.dinputs)
    OptimizerSGD(0.001).update_params(layer)
    return layer, relu


def test_drafts_drelu():
    _, relu = _drafts_update_step()
    assert repr(relu.dinputs) == (
        "array([[4.8  , 1.21 , 2.385],\n       [8.9  , 0.   , 0.2  ],\n       [1.41 , 1.051, 0.026]])"
    )


def test_drafts_one_update_step():
    layer, _ = _drafts_update_step()
    assert str(layer.weights) == (
        "[[ 0.179515   0.5003665 -0.262746 ]\n"
        " [ 0.742093  -0.9152577 -0.2758402]\n"
        " [-0.510153   0.2529017  0.1629592]\n"
        " [ 0.971328  -0.5021842  0.8636583]]"
    )
    assert str(layer.biases) == "[[1.98489  2.997739 0.497389]]"


def test_drafts_out_of_order_cell_is_the_updated_weights():
    # In[68] (np.dot(inputs, weights)) ran after In[62]: its printout uses the updated weights.
    layer, _ = _drafts_update_step()
    assert repr(np.dot(INPUTS, layer.weights)) == (
        "array([[ 2.561562  , -1.8269043 ,  1.83359695],\n"
        "       [ 6.522304  , -4.8328256 , -0.3403356 ],\n"
        "       [-0.7261887 , -1.98542257, -0.50381082]])"
    )
    assert not np.allclose(INPUTS @ WEIGHTS, INPUTS @ layer.weights, atol=1e-3)


def test_chain_rule_update_with_the_drafts_dvalues():
    """The update the draft meant: its dvalues, masked by the ReLU (sample 2's neuron 2 is off)."""
    layer, relu = _draft_layer(), ActivationReLU()
    relu.forward(layer.forward(INPUTS))
    relu.backward(DVALUES)
    np.testing.assert_array_equal(relu.dinputs, [[1, 1, 1], [2, 0, 2], [3, 3, 3]])
    layer.backward(relu.dinputs)
    # Worked by hand: columns 0 and 2 get X^T [1, 2, 3]; column 1 loses sample 2's row.
    expected_dweights = [[0.5, -3.5, 0.5], [20.1, 10.1, 20.1], [10.9, 12.9, 10.9], [4.1, 0.1, 4.1]]
    np.testing.assert_allclose(layer.dweights, expected_dweights, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(layer.dbiases, [[6.0, 4.0, 6.0]])
    np.testing.assert_allclose(
        layer.dinputs,
        [[0.44, -0.38, -0.07, 1.37], [-0.12, 1.06, -0.66, 3.74], [1.32, -1.14, -0.21, 4.11]],
        rtol=0,
        atol=1e-12,
    )
    OptimizerSGD(0.001).update_params(layer)
    np.testing.assert_allclose(layer.weights, WEIGHTS - 0.001 * np.array(expected_dweights), rtol=0, atol=1e-15)
    assert str(layer.biases) == "[[1.994 2.996 0.494]]"
