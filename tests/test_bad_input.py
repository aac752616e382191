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
    _raises(ValueError, f"n_inputs must be a positive whole number, got {size}", lambda: LayerDense(size, 3))
    _raises(ValueError, f"n_neurons must be a positive whole number, got {size}", lambda: LayerDense(3, size))


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


@pytest.mark.parametrize(
    "weights, biases, said",
    [
        (
            [[1.0, np.nan, 2.0], [np.nan, 0.0, 1.0]],
            None,
            r"weights must hold finite numbers only, got 2 NaN entries, first at \[0, 1\]$",
        ),
        (
            [[1.0, 2.0], [3.0, -np.inf]],
            None,
            r"weights must hold finite numbers only, got 1 infinite entry, at \[1, 1\]$",
        ),
        (
            [[np.inf, np.nan], [0.0, 1.0]],
            None,
            r"got 1 NaN entry, at \[0, 1\], and 1 infinite entry, at \[0, 0\]$",
        ),
        # The index is the one in the shape the learner gave: (M,) biases get one index, (1, M) two.
        ([[1.0, 2.0]], [0.0, np.nan], r"biases must hold finite numbers only, got 1 NaN entry, at \[1\]$"),
        (
            [[1.0, 2.0]],
            [[np.inf, np.inf]],
            r"biases must hold finite numbers only, got 2 infinite entries, first at \[0, 0\]$",
        ),
    ],
)
def test_non_finite_parameters_given_to_from_arrays(weights, biases, said):
    _raises(ValueError, said, lambda: LayerDense.from_arrays(weights, biases))


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
    _raises(ValueError, f"{name} must be a positive whole number, got {value}", lambda: spiral_data(samples, classes))


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


# Issue 10: label rows that are not probability distributions.


@pytest.mark.parametrize("call", LABEL_CALLS)
@pytest.mark.parametrize(
    "rows, shown",
    [
        ([[0, 0, 0], [0, 1, 0]], "a row summing to 0 (row 0: [0.0, 0.0, 0.0])"),
        ([[1, 1, 0], [0, 1, 0]], "a row summing to 2 (row 0: [1.0, 1.0, 0.0])"),
        ([[1, 0, 0], [0.5, 0.4, 0.3]], "a row summing to 1.2 (row 1"),
    ],
)
def test_label_rows_not_summing_to_one(call, rows, shown):
    error = _raises(ValueError, r"each row of one-hot \(or soft\) labels must sum to 1", call(np.array(rows)))
    assert shown in str(error), str(error)


@pytest.mark.parametrize("call", LABEL_CALLS)
def test_label_rows_with_a_negative_entry(call):
    _raises(
        ValueError,
        r"labels must not be negative: .* got -0.5 in row 1, column 2",
        call(np.array([[1.0, 0.0, 0.0], [0.0, 1.5, -0.5]])),
    )


# Issue 10: logits (or anything else) taken for probabilities.


@pytest.mark.parametrize("method", ["forward", "backward", "calculate"])
@pytest.mark.parametrize(
    "y_pred, shown",
    [
        (np.array([[2.0, -1.0, 0.5], [0.3, 1.2, -2.0]]), "got values from -2 to 2, a row summing to -0.5"),  # logits
        (np.array([[0.7, 0.2, 0.1], [1.4, -0.2, -0.2]]), "got values from -0.2 to 1.4"),  # above 1, below 0
        (np.array([[0.5, 0.5, 0.5], [0.2, 0.2, 0.2]]), "a row summing to 1.5"),  # unnormalised scores
    ],
)
def test_logits_or_unnormalised_scores_in_the_loss_suggest_a_softmax(method, y_pred, shown):
    error = _raises(
        ValueError,
        r"y_pred must be probabilities: values in \[0, 1\], each row summing to 1 \(within 0.001\)",
        lambda: getattr(LossCategoricalCrossentropy(), method)(y_pred, np.array([0, 1])),
    )
    assert shown in str(error), str(error)
    assert "apply a softmax first" in str(error) and "ActivationSoftmaxLossCategoricalCrossentropy" in str(error)


def test_the_perfect_loss_of_forgotten_softmax_is_refused():
    # The draft's trap: logits whose true class is large clip to 1 - 1e-7 and report a loss of 1e-7.
    logits = np.array([[8.0, -3.0, 1.0], [-2.0, 9.0, 0.5]])
    _raises(ValueError, "apply a softmax first", lambda: LossCategoricalCrossentropy().calculate(logits, [0, 1]))


@pytest.mark.parametrize("method", ["forward", "backward"])
def test_infinite_predictions_in_a_loss(method):
    bad = PROBS.copy()
    bad[0, 0] = np.inf
    _raises(
        ValueError,
        r"y_pred contains inf at 1 place\(s\), so it cannot be probabilities .* apply a softmax first",
        lambda: getattr(LossCategoricalCrossentropy(), method)(bad, np.array([0, 1])),
    )


# Issue 10: a fused forward that raises leaves the object as it was.


@pytest.mark.parametrize(
    "logits, labels",
    [
        (np.log(PROBS), np.array([0, 1, 2])),  # label count
        (np.log(PROBS), np.array([[1, 1, 0], [0, 1, 0]])),  # a label row summing to 2
        (np.array([[0.0, 1, 2], [np.nan, 0, 0]]), np.array([0, 1])),  # NaN logits
        (np.ones((2, 4)), np.eye(3)[[0, 1]]),  # another class count than the labels
        ([["a", "b", "c"]] * 2, np.array([0, 1])),
    ],
)
def test_a_fused_forward_that_raises_changes_nothing(logits, labels):
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    head.forward(np.log(PROBS[::-1]), np.array([2, 0]))
    before = {name: value for name, value in vars(head).items()}
    inner = (dict(vars(head.activation)), dict(vars(head.loss)))
    expected = head.backward().copy()
    with pytest.raises((ValueError, TypeError)):
        head.forward(logits, labels)
    assert all(getattr(head, name) is value for name, value in before.items() if name != "dinputs")
    assert (vars(head.activation), {k: v for k, v in vars(head.loss).items() if k != "dinputs"}) == (
        inner[0],
        {k: v for k, v in inner[1].items() if k != "dinputs"},
    )
    np.testing.assert_array_equal(head.backward(), expected)


# Issue 10: accuracy, softmax and the Jacobian reference.


@pytest.mark.parametrize(
    "labels, error_type, pattern",
    [
        (np.array([0, 1, 1]), ValueError, "y_true has 3 labels but the batch has 2 samples"),
        (np.array([[0], [1]]), ValueError, r"one-hot labels must have one column per class"),
        (np.array([0, 3]), ValueError, r"sparse labels must lie in 0..2 for 3 classes, got values from 0 to 3"),
        (np.array([0.0, 1.0]), TypeError, "sparse labels must be whole numbers"),
    ],
)
def test_accuracy_with_labels_that_do_not_match_the_rows(labels, error_type, pattern):
    _raises(error_type, pattern, lambda: nnfs_helpers.accuracy(PROBS, labels))


def test_accuracy_with_an_empty_batch_or_a_single_row():
    _raises(
        ValueError,
        r"accuracy needs at least 1 sample, got probabilities of shape \(0, 3\)",
        lambda: nnfs_helpers.accuracy(np.zeros((0, 3)), np.array([], dtype=int)),
    )
    _raises(
        ValueError,
        r"probabilities must be 2-dimensional, got shape \(3,\)",
        lambda: nnfs_helpers.accuracy(PROBS[0], np.array([0])),
    )


@pytest.mark.parametrize("inputs", [np.zeros((2, 2, 2)), np.zeros((2, 0)), [["a"]]])
def test_softmax_of_something_not_rows_of_logits(inputs):
    error_type = TypeError if isinstance(inputs, list) else ValueError
    _raises(error_type, "softmax", lambda: nnfs_helpers.softmax(inputs))


def test_softmax_jacobian_reference_with_mismatched_shapes():
    _raises(
        ValueError,
        r"dvalues must have shape \(2, 3\) \(the shape of the softmax output\), got shape \(3, 2\)",
        lambda: nnfs_helpers.softmax_backward_jacobian(PROBS, np.ones((3, 2))),
    )


# Issue 10: numerical gradients and gradient checks.


def test_numerical_gradient_of_a_function_returning_none():
    x = np.array([1.0, 2.0])
    _raises(
        TypeError,
        r"f returned None; numerical_gradient needs f\(x\) to return a number or an array",
        lambda: nnfs_helpers.numerical_gradient(lambda v: None, x),
    )
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_of_a_function_returning_text():
    _raises(
        TypeError,
        "f must return a number or an array of numbers, got str 'oops'",
        lambda: nnfs_helpers.numerical_gradient(lambda v: "oops", np.ones(2)),
    )


def test_numerical_gradient_with_a_step_too_small_to_move_x():
    x = np.array([1.0, 1e6])
    _raises(
        ValueError,
        r"h=1e-12 is too small for x\[1\] = 1e\+06: x \+ h == x in float64",
        lambda: nnfs_helpers.numerical_gradient(lambda v: v.sum(), x, h=1e-12),
    )
    np.testing.assert_array_equal(x, [1.0, 1e6])


def test_numerical_gradient_of_an_empty_array():
    _raises(
        ValueError,
        r"needs at least one entry to perturb, got an empty array of shape \(0, 3\)",
        lambda: nnfs_helpers.numerical_gradient(lambda v: v.sum(), np.zeros((0, 3))),
    )


def test_numerical_gradient_when_f_raises_restores_the_input():
    x = np.array([[0.5, -1.5], [2.0, 3.0]])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 4:  # x[0, 1] is at original - h when this raises
            raise RuntimeError("the learner's bug")
        return v.sum()

    with pytest.raises(RuntimeError, match="the learner's bug"):
        nnfs_helpers.numerical_gradient(f, x)
    assert calls[3][0, 1] == -1.5 - 1e-5  # it really did raise mid-perturbation
    np.testing.assert_array_equal(x, [[0.5, -1.5], [2.0, 3.0]])


def test_numerical_gradient_with_dvalues_of_another_shape_than_f():
    _raises(
        ValueError,
        r"f\(x\) must have the shape of dvalues, \(3,\), got shape \(2,\)",
        lambda: nnfs_helpers.numerical_gradient(lambda v: v * 2, np.ones(2), np.ones(3)),
    )


def test_check_layer_gradients_with_wrongly_shaped_dvalues():
    _raises(
        ValueError,
        r"dvalues must have shape \(2, 3\) \(the shape of LayerDense's output\), got shape \(3, 2\)",
        lambda: nnfs_helpers.check_layer_gradients(
            LayerDense(4, 3, rng=np.random.default_rng(0)), np.ones((2, 4)), np.ones((3, 2))
        ),
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: nnfs_helpers.check_layer_gradients(ActivationReLU(), np.ones((2, 3)), rng=0),
        lambda: nnfs_helpers.check_function_gradient(np.sin, lambda x, g: np.cos(x) * g, np.ones(3), rng=7),
    ],
)
def test_gradient_checks_with_an_int_rng(call):
    _raises(TypeError, r"rng must be a np.random.Generator, .* got int \d; for a seed use np.random.default_rng", call)


def test_a_gradient_check_too_expensive_to_run_is_refused_before_it_starts():
    calls = []
    layer = LayerDense(784, 128, rng=np.random.default_rng(0))
    layer.forward = lambda inputs: calls.append(1) or inputs @ layer.weights
    error = _raises(
        ValueError,
        r"a gradient check of LayerDense would need 216,640 forward passes \(2 per checked entry\), "
        r"more than max_passes=100,000",
        lambda: nnfs_helpers.check_layer_gradients(layer, np.ones((10, 784))),
    )
    assert "pass max_passes=None to run it anyway" in str(error)
    assert calls == []
    _raises(
        ValueError,
        "this numerical gradient would need 200,002 forward passes",
        lambda: nnfs_helpers.numerical_gradient(lambda v: calls.append(1) or v.sum(), np.ones(100_001)),
    )
    assert calls == []


def test_max_passes_of_the_wrong_kind():
    _raises(
        TypeError,
        "max_passes must be a positive whole number, got float 1000000.0",
        lambda: nnfs_helpers.numerical_gradient(np.sum, np.ones(2), max_passes=1e6),
    )


# Issue 10: dtypes, parameters reaching SGD, and train's arguments.


@pytest.mark.parametrize("dtype, shown", [(int, "int64"), ("int32", "int32"), (np.uint8, "uint8"), (bool, "bool")])
def test_integer_dtype_for_a_layer(dtype, shown):
    _raises(
        TypeError,
        rf"dtype must be a floating-point dtype such as np.float64 or 'float32', got {shown} .*"
        "an integer parameter cannot hold",
        lambda: LayerDense(2, 3, dtype=dtype),
    )


def test_a_dtype_that_is_not_a_dtype():
    _raises(
        TypeError,
        "dtype must be a numpy floating-point dtype .* got str 'float33'",
        lambda: LayerDense(2, 3, dtype="float33"),
    )


def _trained_once(layer):
    layer.forward(np.ones((4, layer.weights.shape[0])))
    layer.backward(np.ones((4, layer.weights.shape[1])))
    return layer


def test_integer_weights_reaching_the_sgd_update():
    layer = _trained_once(LayerDense(2, 3, rng=np.random.default_rng(0)))
    layer.weights = np.array([[1, 2, 3], [4, 5, 6]])
    _raises(
        TypeError,
        r"LayerDense.weights must hold floats to take a gradient step, got dtype int64; .*astype\(float\)",
        lambda: OptimizerSGD(0.1).update_params(layer),
    )
    np.testing.assert_array_equal(layer.weights, [[1, 2, 3], [4, 5, 6]])


def test_one_dimensional_biases_reaching_the_sgd_update():
    layer = _trained_once(LayerDense(2, 3, rng=np.random.default_rng(0)))
    layer.biases = np.array([0.5, 0.5, 0.5])
    weights = layer.weights.copy()
    _raises(
        ValueError,
        r"LayerDense.biases must have the shape of dbiases, \(1, 3\) \(biases are a row, shape \(1, M\): "
        r"use biases.reshape\(1, -1\)\); got shape \(3,\)",
        lambda: OptimizerSGD(0.1).update_params(layer),
    )
    np.testing.assert_array_equal(layer.weights, weights)  # refused before anything moved


def test_weights_as_a_list_reaching_the_sgd_update():
    layer = _trained_once(LayerDense(2, 1, rng=np.random.default_rng(0)))
    layer.weights = [[0.1], [0.2]]
    _raises(
        TypeError,
        r"LayerDense.weights must be a numpy array to be updated in place, got a list of length 2",
        lambda: OptimizerSGD(0.1).update_params(layer),
    )


@pytest.mark.parametrize("rate, shown", [(-0.1, "-0.1"), (float("nan"), "nan"), (0, "0")])
def test_learning_rate_set_after_construction_to_a_bad_value(rate, shown):
    optimizer = OptimizerSGD(0.5)
    _raises(
        ValueError,
        f"learning_rate must be a finite number greater than 0, got {shown}",
        lambda: setattr(optimizer, "learning_rate", rate),
    )
    assert optimizer.learning_rate == optimizer.current_learning_rate == 0.5


def test_learning_rate_set_after_construction_to_a_non_number():
    optimizer = OptimizerSGD(0.5)
    _raises(
        TypeError,
        "learning_rate must be a number greater than 0, got str '0.1'",
        lambda: setattr(optimizer, "learning_rate", "0.1"),
    )
    _raises(ValueError, "decay must be a finite number >= 0, got -1", lambda: setattr(optimizer, "decay", -1))
    _raises(
        ValueError,
        "momentum must be a finite number with 0 <= value < 1, got 1",
        lambda: setattr(optimizer, "momentum", 1),
    )


@pytest.mark.parametrize("optimizer, shown", [(0.1, "float 0.1"), ("sgd", "str 'sgd'"), (None, "NoneType None")])
def test_train_given_a_number_where_the_optimizer_belongs(optimizer, shown):
    X, y = spiral_data(5, 3, rng=np.random.default_rng(0))
    model = nnfs_helpers.Classifier(2, 4, 3, rng=np.random.default_rng(1))
    weights = model.dense1.weights.copy()
    _raises(
        TypeError,
        rf"train\(\) needs as optimizer an OptimizerSGD\(learning_rate=1.0\), with step; got {shown}, "
        r"which has no step. Arguments go in the order train\(model, X, y, optimizer\)",
        lambda: nnfs_helpers.train(model, X, y, optimizer, epochs=2),
    )
    np.testing.assert_array_equal(model.dense1.weights, weights)


def test_train_given_its_arguments_in_the_wrong_order():
    X, y = spiral_data(5, 3, rng=np.random.default_rng(0))
    model = nnfs_helpers.Classifier(2, 4, 3, rng=np.random.default_rng(1))
    _raises(
        TypeError,
        r"train\(\) needs as model a Classifier.* got an array of shape \(15, 2\)",
        lambda: nnfs_helpers.train(X, y, model, OptimizerSGD(1.0)),
    )
    _raises(
        TypeError,
        r"callback must be a function called as callback\(epoch, history\), got int 5",
        lambda: nnfs_helpers.train(model, X, y, OptimizerSGD(1.0), callback=5),
    )


@pytest.mark.parametrize("call", LABEL_CALLS)
def test_unsigned_labels_out_of_range(call):
    # The fused forward leaves unsigned labels to numpy's index check and must still say this.
    error = _raises(
        ValueError,
        "sparse labels must lie in 0..2 for 3 classes, got values from 0 to 7",
        call(np.array([0, 7], dtype=np.uint8)),
    )
    assert error.__context__ is None  # no IndexError shown above it


def test_integer_dtype_for_spiral_data():
    _raises(
        TypeError,
        "dtype must be a floating-point dtype such as np.float64 or 'float32', got int64",
        lambda: spiral_data(5, 3, rng=np.random.default_rng(0), dtype=int),
    )


def test_numerical_gradient_of_a_read_only_array_or_a_non_function():
    frozen = np.ones(3)
    frozen.flags.writeable = False
    _raises(
        ValueError, r"x is read-only; pass a copy: x.copy\(\)", lambda: nnfs_helpers.numerical_gradient(np.sum, frozen)
    )
    _raises(
        TypeError,
        r"f must be a function called as f\(x\), got float 2.0",
        lambda: nnfs_helpers.numerical_gradient(2.0, np.ones(3)),
    )


# --- the one number validator and the subscript helper (issue 17 point 3) ---------------------------------


@pytest.mark.parametrize(
    "value, kwargs, error, message",
    [
        (True, {}, TypeError, "x must be a number, got bool True"),
        ("3", {"low": 0}, TypeError, "x must be a number >= 0, got str '3'"),
        (2.0, {"low": 1, "integer": True}, TypeError, "x must be a positive whole number, got float 2.0"),
        (float("nan"), {}, ValueError, "x must be a finite number, got nan"),
        (
            5,
            {"low": 2, "high": 4, "integer": True, "where": " (its slider)"},
            ValueError,
            r"x must be a whole number between 2 and 4 \(its slider\), got 5",
        ),
        (1.0, {"low": 0, "high": 1, "high_open": True}, ValueError, "x must be a finite number with 0 <= value < 1"),
        (0, {"low": 0, "low_open": True}, ValueError, "x must be a finite number greater than 0, got 0"),
    ],
)
def test_check_number_refuses_with_what_it_expected(value, kwargs, error, message):
    from nnfs_helpers._checks import check_number

    _raises(error, message, lambda: check_number(value, "x", **kwargs))


def test_check_number_returns_plain_numbers():
    from nnfs_helpers._checks import check_number

    assert (
        check_number(np.int64(3), "n", 1, integer=True) == 3
        and type(check_number(np.int64(3), "n", integer=True)) is int
    )
    assert type(check_number(np.float32(0.5), "m", 0, 1)) is float


def test_subscript():
    from nnfs_helpers._text import subscript

    assert subscript(0) == "₀" and subscript(12) == "₁₂" and subscript("01") == "₀₁" and subscript(np.int64(3)) == "₃"
    _raises(TypeError, "subscript needs a whole number", lambda: subscript(1.5))
    _raises(ValueError, "subscript needs digits", lambda: subscript("a"))
