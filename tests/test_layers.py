"""LayerDense: shapes, dtypes, initial weights and the three gradients on small hand-checked cases."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnfs_helpers import LayerDense


def test_forward_shapes_and_stored_values():
    layer = LayerDense(4, 3, rng=np.random.default_rng(0))
    inputs = np.arange(8.0).reshape(2, 4)
    output = layer.forward(inputs)
    assert output is layer.output and output.shape == (2, 3)
    assert layer.inputs is inputs, "a float array should be cached as is, not copied"
    np.testing.assert_array_equal(output, inputs @ layer.weights + layer.biases)
    assert (layer.n_inputs, layer.n_neurons) == (4, 3)
    assert repr(layer) == "LayerDense(n_inputs=4, n_neurons=3, dtype=float64)"


def test_backward_matches_the_formulas_on_a_hand_checked_case():
    layer = LayerDense(2, 2)
    layer.weights = np.array([[1.0, 2.0], [3.0, 4.0]])
    layer.forward(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    dinputs = layer.backward(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    # dW = X^T G, db = sum over samples of G, dX = G W^T, each worked out by hand.
    np.testing.assert_array_equal(layer.dweights, [[2.0, 1.0], [1.0, 3.0]])
    np.testing.assert_array_equal(layer.dbiases, [[2.0, 2.0]])
    np.testing.assert_array_equal(dinputs, [[1.0, 3.0], [2.0, 4.0], [3.0, 7.0]])
    assert dinputs is layer.dinputs


def test_initial_weights_come_from_the_generator_and_scale():
    layer = LayerDense(3, 5, rng=np.random.default_rng(7), weight_scale=0.5)
    np.testing.assert_array_equal(layer.weights, 0.5 * np.random.default_rng(7).standard_normal((3, 5)))
    np.testing.assert_array_equal(layer.biases, np.zeros((1, 5)))
    again = LayerDense(3, 5, rng=np.random.default_rng(7), weight_scale=0.5)
    np.testing.assert_array_equal(layer.weights, again.weights)
    assert not np.array_equal(layer.weights, LayerDense(3, 5, rng=np.random.default_rng(8)).weights)


def test_float32_layer_stays_float32():
    layer = LayerDense(2, 3, rng=np.random.default_rng(0), dtype=np.float32)
    assert layer.weights.dtype == layer.biases.dtype == np.float32
    output = layer.forward(np.ones((4, 2), dtype=np.float32))
    assert output.dtype == np.float32
    layer.backward(np.ones((4, 3), dtype=np.float32))
    assert layer.dweights.dtype == layer.dbiases.dtype == layer.dinputs.dtype == np.float32


@pytest.mark.parametrize("inputs", [[[1, 2], [3, 4]], np.array([[1, 2], [3, 4]], dtype=np.int64), [[True, False]]])
def test_lists_integers_and_booleans_become_float64(inputs):
    layer = LayerDense(2, 1, rng=np.random.default_rng(0))
    output = layer.forward(inputs)
    assert layer.inputs.dtype == np.float64 and output.dtype == np.float64
    np.testing.assert_allclose(output, np.asarray(inputs, dtype=float) @ layer.weights)


def test_a_batch_equals_its_rows_one_at_a_time():
    rng = np.random.default_rng(1)
    layer = LayerDense(5, 4, rng=rng, weight_scale=1.0)
    layer.biases = rng.standard_normal((1, 4))
    batch, upstream = rng.standard_normal((6, 5)), rng.standard_normal((6, 4))
    layer.forward(batch)
    layer.backward(upstream)
    total_dweights, total_dbiases = np.zeros((5, 4)), np.zeros((1, 4))
    dinputs = layer.dinputs.copy()
    for row in range(6):
        layer.forward(batch[row : row + 1])
        layer.backward(upstream[row : row + 1])
        total_dweights += layer.dweights
        total_dbiases += layer.dbiases
        np.testing.assert_allclose(layer.dinputs[0], dinputs[row], rtol=1e-12)
    layer.forward(batch)
    layer.backward(upstream)
    np.testing.assert_allclose(layer.dweights, total_dweights, rtol=1e-12)
    np.testing.assert_allclose(layer.dbiases, total_dbiases, rtol=1e-12)


def test_without_a_generator_np_random_seed_makes_the_weights_repeatable():
    # rng=None draws from numpy's global generator, so the book's np.random.seed(0) works.
    state = np.random.get_state()
    try:
        np.random.seed(0)
        first = LayerDense(2, 3).weights
        np.random.seed(0)
        np.testing.assert_array_equal(LayerDense(2, 3).weights, first)
        np.testing.assert_array_equal(first, 0.01 * np.random.RandomState(0).randn(2, 3))
    finally:
        np.random.set_state(state)


@pytest.mark.parametrize("dtype", ["float32", np.float32, np.dtype("float32")])
def test_a_float_dtype_given_by_name_or_type_gives_the_same_layer(dtype):
    layer = LayerDense(3, 2, rng=np.random.default_rng(0), dtype=dtype)
    reference = LayerDense(3, 2, rng=np.random.default_rng(0), dtype=np.float32)
    assert layer.weights.dtype == layer.biases.dtype == np.float32
    np.testing.assert_array_equal(layer.weights, reference.weights)


def test_python_float_dtype_means_float64():
    assert LayerDense(2, 2, rng=np.random.default_rng(0), dtype=float).weights.dtype == np.float64


def test_apply_computes_forward_without_storing():
    rng = np.random.default_rng(1)
    layer = LayerDense(3, 2, rng=rng)
    layer.biases = rng.standard_normal((1, 2))
    inputs = rng.standard_normal((4, 3))
    output = layer.forward(inputs)
    other = rng.standard_normal((7, 3))
    np.testing.assert_array_equal(layer.apply(other), other @ layer.weights + layer.biases)
    assert layer.inputs is inputs and layer.output is output


def test_from_arrays_holds_copies_of_the_given_parameters_and_leaves_the_global_generator_alone():
    weights = np.array([[1, 2, 3], [4, 5, 6]])  # integers, as a learner types them
    state = np.random.get_state()[1].copy()
    layer = LayerDense.from_arrays(weights, [0.5, -0.5, 0.0])
    assert np.array_equal(np.random.get_state()[1], state)
    assert layer.weights.dtype == np.float64 and layer.biases.shape == (1, 3)
    weights[0, 0] = 100
    assert layer.weights[0, 0] == 1.0
    np.testing.assert_allclose(layer.forward(np.ones((2, 2))), [[5.5, 6.5, 9.0]] * 2)
    layer.backward(np.ones((2, 3)))
    np.testing.assert_allclose(layer.dbiases, [[2.0, 2.0, 2.0]])
    assert LayerDense.from_arrays(weights.astype(np.float32)).biases.dtype == np.float32


@pytest.mark.parametrize(
    ("weights", "biases", "said"),
    [
        ([1.0, 2.0], None, "weights must be 2-dimensional, got shape (2,)"),
        (np.ones((2, 3)), np.zeros(2), "biases must have shape (1, M) or (M,) with M = 3"),
        (np.ones((2, 3)), np.zeros((3, 1)), "got shape (3, 1)"),
        (np.ones((0, 3)), None, "D, M >= 1"),
    ],
)
def test_from_arrays_names_the_shape_it_expected(weights, biases, said):
    with pytest.raises(ValueError, match=re.escape(said)):
        LayerDense.from_arrays(weights, biases)
