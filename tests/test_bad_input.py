"""Every misuse the issue lists gets a ValueError or TypeError from the package, naming what was
expected and what came in."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import (
    ActivationReLU,
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    LayerDense,
    LossCategoricalCrossentropy,
    OptimizerSGD,
    spiral_data,
)

PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])


def test_input_columns_differ_from_n_inputs():
    with pytest.raises(ValueError, match=r"shape \(N, 4\).*n_inputs=4.*got shape \(2, 3\)"):
        LayerDense(4, 3).forward(np.ones((2, 3)))


def test_one_dimensional_input_suggests_reshape():
    with pytest.raises(ValueError, match=r"2-dimensional.*got shape \(4,\).*reshape"):
        LayerDense(4, 3).forward(np.ones(4))


@pytest.mark.parametrize("bad", [[["a", "b"]], np.array([[object(), 1.0]], dtype=object), [[1 + 2j, 0]]])
def test_non_numeric_input(bad):
    with pytest.raises(TypeError, match="numbers"):
        LayerDense(2, 3).forward(bad)


def test_non_numeric_input_to_activations():
    with pytest.raises(TypeError, match="must contain numbers"):
        ActivationReLU().forward([["x"]])
    with pytest.raises(TypeError, match="must contain numbers"):
        ActivationSoftmax().forward([["x", "y"]])


@pytest.mark.parametrize("size", [0, -1])
def test_zero_or_negative_layer_sizes(size):
    with pytest.raises(ValueError, match=f"n_inputs must be at least 1, got {size}"):
        LayerDense(size, 3)
    with pytest.raises(ValueError, match=f"n_neurons must be at least 1, got {size}"):
        LayerDense(3, size)


@pytest.mark.parametrize("size", [2.5, "3", None, True])
def test_non_integer_layer_sizes(size):
    with pytest.raises(TypeError, match="n_inputs must be a positive whole number"):
        LayerDense(size, 3)


@pytest.mark.parametrize(
    "layer, inputs",
    [(LayerDense(4, 3), np.ones((2, 4))), (ActivationReLU(), np.ones((2, 3))), (ActivationSoftmax(), np.ones((2, 3)))],
)
def test_dvalues_shape_differs_from_the_output(layer, inputs):
    layer.forward(inputs)
    with pytest.raises(ValueError, match=r"dvalues must have shape \(2, 3\).*got shape \(3, 2\)"):
        layer.backward(np.ones((3, 2)))


@pytest.mark.parametrize("layer", [LayerDense(2, 2), ActivationReLU(), ActivationSoftmax()])
def test_backward_before_forward(layer):
    with pytest.raises(ValueError, match=r"backward\(\) was called before .*forward\(\)"):
        layer.backward(np.ones((1, 2)))


def test_combined_backward_before_forward():
    with pytest.raises(ValueError, match="before"):
        ActivationSoftmaxLossCategoricalCrossentropy().backward()


def test_combined_backward_called_the_books_way():
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(TypeError, match=r"takes no arguments.*backward\(output, y\)"):
        head.backward(head.output, np.array([0, 1]))


@pytest.mark.parametrize("method", ["forward", "backward"])
def test_label_count_differs_from_the_batch(method):
    with pytest.raises(ValueError, match="3 labels but the batch has 2 samples"):
        getattr(LossCategoricalCrossentropy(), method)(PROBS, np.array([0, 1, 2]))


@pytest.mark.parametrize("labels, shown", [([0, 3], "from 0 to 3"), ([-1, 0], "from -1 to 0")])
def test_labels_out_of_range_or_negative(labels, shown):
    with pytest.raises(ValueError, match=f"lie in 0..2 for 3 classes, got values {shown}"):
        LossCategoricalCrossentropy().forward(PROBS, np.array(labels))


def test_float_labels():
    with pytest.raises(TypeError, match="whole numbers.*got dtype float64.*astype\\(int\\)"):
        LossCategoricalCrossentropy().forward(PROBS, np.array([0.0, 1.0]))


def test_one_hot_width_differs_from_the_classes():
    with pytest.raises(ValueError, match=r"one column per class: shape \(2, 3\), got shape \(2, 4\)"):
        LossCategoricalCrossentropy().forward(PROBS, np.eye(4)[[0, 1]])


def test_labels_of_three_or_more_dimensions():
    with pytest.raises(ValueError, match="got 3 dimensions"):
        LossCategoricalCrossentropy().forward(PROBS, np.zeros((2, 3, 1)))


@pytest.mark.parametrize("method", ["forward", "backward"])
def test_nan_predictions_in_a_loss(method):
    bad = PROBS.copy()
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="y_pred contains NaN at 1 place"):
        getattr(LossCategoricalCrossentropy(), method)(bad, np.array([0, 1]))


def test_nan_logits_in_the_combined_class():
    with pytest.raises(ValueError, match="contains NaN"):
        ActivationSoftmaxLossCategoricalCrossentropy().forward(np.array([[np.nan, 0.0, 0.0]]), np.array([0]))


@pytest.mark.parametrize("samples, classes, name", [(0, 3, "samples"), (10, 0, "classes"), (-5, 3, "samples")])
def test_zero_samples_or_classes_for_spiral_data(samples, classes, name):
    with pytest.raises(ValueError, match=f"{name} must be at least 1"):
        spiral_data(samples, classes)


@pytest.mark.parametrize("rate", [0, -0.1, float("nan"), float("inf")])
def test_learning_rate_not_positive(rate):
    with pytest.raises(ValueError, match="learning_rate must be a finite number greater than 0"):
        OptimizerSGD(rate)


def test_learning_rate_not_a_number():
    with pytest.raises(TypeError, match="learning_rate must be a number greater than 0, got str"):
        OptimizerSGD("0.1")


@pytest.mark.parametrize("momentum", [1.0, -0.5])
def test_momentum_out_of_range(momentum):
    with pytest.raises(ValueError, match="momentum must satisfy 0 <= value < 1"):
        OptimizerSGD(1.0, momentum=momentum)


def test_update_before_backward():
    with pytest.raises(ValueError, match="backward\\(\\) has run"):
        OptimizerSGD(1.0).update_params(LayerDense(2, 2))
