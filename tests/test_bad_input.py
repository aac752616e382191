"""Every misuse the issue lists gets a ValueError or TypeError raised by the package itself, whose
message names what was expected and what came in."""

from __future__ import annotations

import numpy as np
import pytest

import nnfs_helpers
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
PACKAGE_DIR = nnfs_helpers.__file__.rsplit("/", 1)[0]


def _raises(error_type, pattern, call):
    """Assert ``call()`` raises ``error_type`` matching ``pattern``, from the package's own code."""
    with pytest.raises(error_type, match=pattern) as raised:
        call()
    # The innermost frame must be ours: a numpy broadcasting error would come from numpy's files.
    assert raised.traceback[-1].path.as_posix().startswith(PACKAGE_DIR), raised.traceback[-1].path
    return raised.value


def _loss_forward(y_true):
    return lambda: LossCategoricalCrossentropy().forward(PROBS, y_true)


def _loss_backward(y_true):
    return lambda: LossCategoricalCrossentropy().backward(PROBS, y_true)


def _fused_forward(y_true):
    return lambda: ActivationSoftmaxLossCategoricalCrossentropy().forward(np.log(PROBS), y_true)


def _fused_book_backward(y_true):
    def call():
        head = ActivationSoftmaxLossCategoricalCrossentropy()
        head.forward(np.log(PROBS), np.array([0, 1]))
        head.backward(head.output, y_true)

    return call


LABEL_CALLS = [_loss_forward, _loss_backward, _fused_forward, _fused_book_backward]


# Inputs to a layer.


def test_input_columns_differ_from_n_inputs():
    _raises(
        ValueError,
        r"inputs must have shape \(N, 4\) for a layer with n_inputs=4, got shape \(2, 3\)",
        lambda: LayerDense(4, 3).forward(np.ones((2, 3))),
    )
    _raises(ValueError, r"shape \(N, 2\).*got shape \(2, 2, 2\)", lambda: LayerDense(2, 2).forward(np.ones((2, 2, 2))))


def test_one_dimensional_input_suggests_reshape():
    _raises(
        ValueError,
        r"must be 2-dimensional \(N samples, 4 inputs\), got shape \(4,\).*reshape\(1, -1\)",
        lambda: LayerDense(4, 3).forward(np.ones(4)),
    )


@pytest.mark.parametrize(
    "bad, shown",
    [
        ([["a", "b"]], "got a list of length 1 \\(dtype <U1\\)"),
        (np.array([[object(), 1.0]], dtype=object), "got an array of shape \\(1, 2\\) and dtype object"),
        ("12", "got str '12'"),
    ],
)
def test_non_numeric_input(bad, shown):
    _raises(TypeError, f"inputs must contain numbers, {shown}", lambda: LayerDense(2, 3).forward(bad))


def test_complex_and_ragged_input():
    _raises(
        TypeError,
        "inputs must contain real numbers, got complex dtype complex128",
        lambda: LayerDense(2, 3).forward([[1 + 2j, 0]]),
    )
    _raises(
        ValueError,
        "inputs must be a rectangular array of numbers, got a list of length 2",
        lambda: LayerDense(2, 3).forward([[1.0, 2.0], [3.0]]),
    )


@pytest.mark.parametrize("make", [ActivationReLU, ActivationSoftmax, ActivationSoftmaxLossCategoricalCrossentropy])
def test_non_numeric_input_to_activations_and_the_fused_class(make):
    layer = make()
    call = (
        (lambda: layer.forward([["x", "y"]], np.array([0])))
        if hasattr(layer, "loss")
        else (lambda: layer.forward([["x", "y"]]))
    )
    _raises(TypeError, r"inputs must contain numbers, got a list of length 1 \(dtype <U1\)", call)


def test_non_numeric_dvalues():
    layer = LayerDense(2, 2)
    layer.forward(np.ones((1, 2)))
    _raises(TypeError, "dvalues must contain numbers, got str 'x'", lambda: layer.backward("x"))


@pytest.mark.parametrize("size", [0, -1])
def test_zero_or_negative_layer_sizes(size):
    _raises(ValueError, f"n_inputs must be at least 1, got {size}", lambda: LayerDense(size, 3))
    _raises(ValueError, f"n_neurons must be at least 1, got {size}", lambda: LayerDense(3, size))


@pytest.mark.parametrize(
    "size, shown", [(2.5, "float 2.5"), ("3", "str '3'"), (None, "NoneType None"), (True, "bool True")]
)
def test_non_integer_layer_sizes(size, shown):
    _raises(TypeError, f"n_inputs must be a positive whole number, got {shown}", lambda: LayerDense(size, 3))


def test_non_positive_weight_scale():
    _raises(
        ValueError,
        "weight_scale must be a finite number greater than 0, got 0",
        lambda: LayerDense(2, 2, weight_scale=0),
    )


# Backward passes.


@pytest.mark.parametrize(
    "layer, inputs, where",
    [
        (LayerDense(4, 3), np.ones((2, 4)), "layer's output"),
        (ActivationReLU(), np.ones((2, 3)), "ReLU's inputs"),
        (ActivationSoftmax(), np.ones((2, 3)), "softmax output"),
    ],
)
def test_dvalues_shape_differs_from_the_output(layer, inputs, where):
    layer.forward(inputs)
    _raises(
        ValueError,
        rf"dvalues must have shape \(2, 3\) \(the shape of (the|this) {where}\), got shape \(3, 2\)",
        lambda: layer.backward(np.ones((3, 2))),
    )


@pytest.mark.parametrize("make", [LayerDense, ActivationReLU, ActivationSoftmax])
def test_backward_before_forward(make):
    layer = make(2, 2) if make is LayerDense else make()
    name = make.__name__
    _raises(
        ValueError,
        rf"{name}.backward\(\) was called before {name}.forward\(\): run a forward pass first",
        lambda: layer.backward(np.ones((1, 2))),
    )


def test_fused_backward_before_forward():
    _raises(
        ValueError,
        r"ActivationSoftmaxLossCategoricalCrossentropy.backward\(\) was called before .*forward",
        ActivationSoftmaxLossCategoricalCrossentropy().backward,
    )


@pytest.mark.parametrize(
    "dvalues, shown",
    [
        (np.ones((2, 3)), "got values from 1 to 1, a row summing to 3"),  # an upstream gradient
        (PROBS - 0.5, "got values from -0.4 to 0.3, a row summing to -0.5"),  # logits, say
    ],
)
def test_fused_backward_called_the_books_way_with_something_not_probabilities(dvalues, shown):
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.log(PROBS), np.array([0, 1]))
    error = _raises(
        ValueError,
        r"dvalues .* must be the softmax probabilities from forward\(\) \(the book passes "
        r"loss_activation.output\): values in \[0, 1\], each row summing to 1",
        lambda: head.backward(dvalues),
    )
    assert shown in str(error) and "call backward() with no arguments" in str(error)


def test_fused_backward_called_the_books_way_with_nan_or_text():
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.log(PROBS), np.array([0, 1]))
    _raises(ValueError, "dvalues contains NaN at 1 place", lambda: head.backward(np.where(PROBS > 0.75, np.nan, PROBS)))
    _raises(TypeError, "dvalues must contain numbers", lambda: head.backward([["a", "b", "c"]] * 2))
    _raises(ValueError, r"dvalues must be 2-dimensional, got shape \(3,\)", lambda: head.backward(PROBS[0]))


def test_fused_backward_called_the_books_way_before_forward_needs_labels():
    # With probabilities but no labels, the labels must come from a forward pass.
    _raises(
        ValueError,
        r"backward\(\) was called before .*forward",
        lambda: ActivationSoftmaxLossCategoricalCrossentropy().backward(PROBS),
    )


def test_rng_of_the_wrong_kind():
    for make in (lambda: LayerDense(2, 3, rng=0), lambda: spiral_data(5, 2, rng=42)):
        _raises(
            TypeError,
            r"rng must be a np.random.Generator, a np.random.RandomState or None, got int \d+; "
            r"for a seed use np.random.default_rng\(seed\)",
            make,
        )


# Labels, for the loss's forward and backward and for the fused class.


@pytest.mark.parametrize("call", LABEL_CALLS)
def test_label_count_differs_from_the_batch(call):
    _raises(ValueError, "y_true has 3 labels but the batch has 2 samples", call(np.array([0, 1, 2])))


@pytest.mark.parametrize("call", LABEL_CALLS)
@pytest.mark.parametrize("labels, shown", [([0, 3], "from 0 to 3"), ([-1, 0], "from -1 to 0")])
def test_labels_out_of_range_or_negative(call, labels, shown):
    _raises(ValueError, f"sparse labels must lie in 0..2 for 3 classes, got values {shown}", call(np.array(labels)))


@pytest.mark.parametrize("call", LABEL_CALLS)
@pytest.mark.parametrize("labels, dtype", [([0.0, 1.0], "float64"), (["0", "1"], "<U1"), ([True, False], "bool")])
def test_float_or_other_non_integer_labels(call, labels, dtype):
    _raises(
        TypeError,
        rf"sparse labels must be whole numbers .* got dtype {dtype}; .* use y.astype\(int\)",
        call(np.array(labels)),
    )


@pytest.mark.parametrize("call", LABEL_CALLS)
def test_one_hot_width_differs_from_the_classes(call):
    _raises(
        ValueError,
        r"one-hot labels must have one column per class: shape \(2, 3\), got shape \(2, 4\)",
        call(np.eye(4)[[0, 1]]),
    )


@pytest.mark.parametrize("call", LABEL_CALLS)
@pytest.mark.parametrize("labels", [np.zeros((2, 3, 1), dtype=int), np.array(1)])
def test_labels_of_three_or_more_dimensions_or_none(call, labels):
    _raises(
        ValueError,
        rf"y_true must be sparse labels of shape \(2,\) or one-hot labels of shape \(2, 3\), "
        rf"got {labels.ndim} dimensions",
        call(labels),
    )


def test_non_finite_one_hot_labels():
    _raises(
        ValueError,
        "one-hot labels must be finite, got NaN or inf",
        _loss_forward(np.array([[np.nan, 0, 1], [0, 1, 0]])),
    )


# Predictions.


@pytest.mark.parametrize("method", ["forward", "backward"])
def test_nan_predictions_in_a_loss(method):
    bad = PROBS.copy()
    bad[1, 2] = np.nan
    _raises(
        ValueError,
        "y_pred contains NaN at 1 place",
        lambda: getattr(LossCategoricalCrossentropy(), method)(bad, np.array([0, 1])),
    )


def test_nan_or_inf_logits_in_the_fused_class():
    _raises(
        ValueError,
        r"inputs contains NaN or inf in 1 sample\(s\) \(rows \[1\]\)",
        lambda: ActivationSoftmaxLossCategoricalCrossentropy().forward(
            np.array([[0.0, 1, 2], [np.nan, 0, 0]]), np.array([0, 1])
        ),
    )
    with np.errstate(invalid="ignore"):
        _raises(
            ValueError,
            r"NaN or inf in 1 sample\(s\) \(rows \[0\]\)",
            lambda: ActivationSoftmaxLossCategoricalCrossentropy().forward(np.array([[np.inf, 0, 0]]), np.array([0])),
        )


def test_predictions_of_the_wrong_dimension():
    _raises(
        ValueError,
        r"y_pred must be 2-dimensional, got shape \(3,\)",
        lambda: LossCategoricalCrossentropy().forward(np.ones(3) / 3, np.array([0])),
    )
    _raises(
        ValueError, r"inputs must be 2-dimensional, got shape \(3,\)", lambda: ActivationSoftmax().forward(np.ones(3))
    )


def test_an_empty_batch_in_a_loss():
    _raises(
        ValueError,
        r"a loss needs a batch of at least 1 sample, got predictions of shape \(0, 3\)",
        lambda: LossCategoricalCrossentropy().calculate(np.zeros((0, 3)), np.array([], dtype=int)),
    )
    _raises(
        ValueError,
        "at least 1 sample",
        lambda: ActivationSoftmaxLossCategoricalCrossentropy().forward(np.zeros((0, 3)), np.array([], dtype=int)),
    )


# Data and optimiser.


@pytest.mark.parametrize(
    "samples, classes, name, value", [(0, 3, "samples", 0), (10, 0, "classes", 0), (-5, 3, "samples", -5)]
)
def test_zero_samples_or_classes_for_spiral_data(samples, classes, name, value):
    _raises(ValueError, f"{name} must be at least 1, got {value}", lambda: spiral_data(samples, classes))


def test_non_integer_spiral_sizes():
    _raises(TypeError, "samples must be a positive whole number, got float 2.5", lambda: spiral_data(2.5, 3))


@pytest.mark.parametrize("rate, shown", [(0, "0"), (-0.1, "-0.1"), (float("nan"), "nan"), (float("inf"), "inf")])
def test_learning_rate_not_positive_or_not_finite(rate, shown):
    _raises(
        ValueError, f"learning_rate must be a finite number greater than 0, got {shown}", lambda: OptimizerSGD(rate)
    )


@pytest.mark.parametrize("rate, shown", [("0.1", "str '0.1'"), (None, "NoneType None"), (True, "bool True")])
def test_learning_rate_not_a_number(rate, shown):
    _raises(TypeError, f"learning_rate must be a number greater than 0, got {shown}", lambda: OptimizerSGD(rate))


def test_update_before_backward():
    _raises(
        ValueError,
        r"update_params needs a layer whose backward\(\) has run .* got LayerDense without them",
        lambda: OptimizerSGD(1.0).update_params(LayerDense(2, 2)),
    )
