"""The gradient checker: it must pass right answers, catch wrong ones, and say clearly why.
(The exercise checks are tested in test_exercise_diagnosis.py.)"""

from __future__ import annotations

import re

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
    assert lines[0] == "Gradient check of LayerDense: PASS (each relative error must be below 1e-06)"
    assert [line.split()[:3] for line in lines[1:]] == [
        ["dinputs", "shape", "(4,"],
        ["dweights", "shape", "(3,"],
        ["dbiases", "shape", "(1,"],
    ]
    assert all(re.search(r"relative error \d\.\de-(1\d|09) ", line) and line.endswith("ok") for line in lines[1:])
    assert report["dweights"].rel_error < 1e-9
    with pytest.raises(KeyError, match="no gradient named 'dw'"):
        report["dw"]


def test_float16_input_or_parameters_give_a_clear_type_error():
    with pytest.raises(TypeError, match=r"need float64 \(or float32\), but inputs has dtype float16"):
        check_layer_gradients(LayerDense(3, 2), np.ones((2, 3), dtype=np.float16))
    layer = LayerDense(3, 2)
    layer.weights = layer.weights.astype(np.float16)
    with pytest.raises(TypeError, match="but the layer's weights has dtype float16"):
        check_layer_gradients(layer, np.ones((2, 3)))


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


# --- issue 15 point 5 and issue 17 point 4: nothing silently wrong, checks by protocol -----------------


class RowSumShortcut(LayerDense):
    """The draft's shortcut: dinputs from the sum of each weight row times G's first column."""

    def backward(self, dvalues):
        super().backward(dvalues)
        self.dinputs = dvalues[:, :1] * self.weights.sum(axis=1)
        return self.dinputs


def test_the_default_G_is_random_with_unequal_rows_and_columns_so_the_row_sum_shortcut_fails():
    rng = np.random.default_rng(0)
    layer = RowSumShortcut(4, 3, rng=rng, weight_scale=1.0)
    report = check_layer_gradients(layer, rng.standard_normal((3, 4)))
    assert not report["dinputs"].passed
    assert report.dvalues is not None and report.dvalues.shape == (3, 3)
    assert len({tuple(row) for row in report.dvalues}) == 3 and len({tuple(c) for c in report.dvalues.T}) == 3
    # Reproducible: the same default G every time.
    again = check_layer_gradients(RowSumShortcut(4, 3, rng=np.random.default_rng(0), weight_scale=1.0), np.ones((3, 4)))
    np.testing.assert_array_equal(again.dvalues, report.dvalues)
    with pytest.raises(GradientCheckError):
        assert_layer_gradients(RowSumShortcut(4, 3, rng=np.random.default_rng(0)), np.ones((3, 4)))


def test_a_G_with_equal_rows_is_named_in_the_report():
    rng = np.random.default_rng(0)
    layer = RowSumShortcut(4, 3, rng=rng, weight_scale=1.0)
    constant_rows = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
    report = check_layer_gradients(layer, rng.standard_normal((3, 4)), constant_rows)
    assert report.passed  # the shortcut is right for this G, which is why the note is there
    assert "equal entries in every row" in str(report) and "dvalues=None" in str(report)


def test_numerical_gradient_refuses_an_f_that_changes_its_argument_and_puts_all_of_x_back():
    x = np.array([1.0, -2.0, 0.5, 3.0])

    def relu_in_place(v):
        v[v < 0] = 0.0  # changes the entries the learner did not perturb too
        return v.sum()

    with pytest.raises(ValueError, match=r"f changed its argument x in place.*x = x\.copy\(\)"):
        numerical_gradient(relu_in_place, x)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5, 3.0])

    def doubles(v):
        v *= 2
        return v.sum()

    with pytest.raises(ValueError, match="changed its argument"):
        numerical_gradient(doubles, x)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5, 3.0])


def test_a_layer_whose_forward_changes_its_inputs_is_named():
    class InPlaceReLU:
        def forward(self, inputs):
            self.inputs = inputs.copy()
            np.maximum(inputs, 0, out=inputs)
            self.output = inputs
            return self.output

        def backward(self, dvalues):
            self.dinputs = dvalues * (self.inputs > 0)
            return self.dinputs

    with pytest.raises(ValueError, match="InPlaceReLU.forward changed its argument"):
        check_layer_gradients(InPlaceReLU(), np.array([[1.0, -2.0], [0.5, -0.3]]))


class OwnDense:
    """A learner's own class, not from the package (like notebook 04's)."""

    def __init__(self, rng):
        self.weights = rng.standard_normal((4, 3))
        self.biases = rng.standard_normal((1, 3))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases
        return self.output

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T
        return self.dinputs


class OwnLoss:
    """Notebook 04's own cross-entropy: calculate(y_pred, y) and backward(dvalues, y_true)."""

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.log(clipped[range(len(y_pred)), y_true])

    def backward(self, dvalues, y_true):
        self.dinputs = -np.eye(dvalues.shape[1])[y_true] / np.maximum(dvalues, 1e-7) / len(dvalues)
        return self.dinputs


class OwnSoftmaxLoss:
    """The book's fused class: forward(inputs, y) returns the mean loss, backward(dvalues, y_true)
    takes the softmax output (not the logits) as dvalues."""

    def forward(self, inputs, y_true):
        exp = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = exp / exp.sum(axis=1, keepdims=True)
        return np.mean(-np.log(np.clip(self.output[range(len(inputs)), y_true], 1e-7, 1 - 1e-7)))

    def backward(self, dvalues, y_true):
        self.dinputs = dvalues.copy()
        self.dinputs[range(len(dvalues)), y_true] -= 1
        self.dinputs /= len(dvalues)
        return self.dinputs


class ForwardReturnsNothing:
    """A layer whose forward and backward only store their results (as the draft's classes do)."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = 2 * inputs

    def backward(self, dvalues):
        self.dinputs = 2 * dvalues


def test_a_learners_own_classes_are_checked_by_protocol():
    rng = np.random.default_rng(0)
    report = check_layer_gradients(OwnDense(rng), rng.standard_normal((5, 4)))
    assert report.passed and [c.name for c in report.checks] == ["dinputs", "dweights", "dbiases"]
    probabilities = softmax(rng.standard_normal((5, 3)))
    labels = np.array([0, 2, 1, 1, 0])
    assert check_layer_gradients(OwnLoss(), probabilities, y_true=labels).passed
    assert check_layer_gradients(OwnSoftmaxLoss(), rng.standard_normal((5, 3)), y_true=labels).passed
    assert check_layer_gradients(ForwardReturnsNothing(), rng.standard_normal((2, 3))).passed


def test_a_learners_wrong_loss_is_caught_by_protocol():
    class SignFlipped(OwnLoss):
        def backward(self, dvalues, y_true):
            return -super().backward(dvalues, y_true)

    rng = np.random.default_rng(0)
    report = check_layer_gradients(
        SignFlipped(), softmax(rng.standard_normal((5, 3))), y_true=np.array([0, 2, 1, 1, 0])
    )
    assert not report.passed and "WRONG" in str(report)


def test_a_missing_parameter_gradient_is_reported_not_crashed_on():
    class NoBiasGradient(OwnDense):
        def backward(self, dvalues):
            super().backward(dvalues)
            del self.dbiases
            return self.dinputs

    rng = np.random.default_rng(0)
    report = check_layer_gradients(NoBiasGradient(rng), rng.standard_normal((5, 4)))
    assert not report["dbiases"].passed and "dbiases   not set by backward" in str(report)


def test_an_object_that_is_neither_layer_nor_loss_is_refused_clearly():
    with pytest.raises(TypeError, match="forward.*backward"):
        check_layer_gradients(object(), np.ones((2, 2)))


def test_check_function_gradient_of_a_scalar_f_uses_dvalues_1():
    x = np.array([0.5, -1.2, 2.0])
    # grad_f of a scalar function may take x alone ...
    report = check_function_gradient(lambda v: np.sum(v**3), lambda v: 3 * v**2, x)
    assert report.passed
    # ... or (x, dvalues), and then receives dvalues = 1.
    received = []
    report = check_function_gradient(lambda v: np.sum(v**3), lambda v, g: received.append(g) or 3 * v**2 * g, x)
    assert report.passed and float(received[0]) == 1.0


def test_check_function_gradient_says_what_grad_f_must_do():
    x = np.array([0.5, -1.2, 2.0])
    with pytest.raises(TypeError, match=r"grad_f must be called as grad_f\(x, dvalues\)"):
        check_function_gradient(lambda v: v**2, lambda v: 2 * v, x)
    with pytest.raises(TypeError, match="grad_f returned None"):
        check_function_gradient(lambda v: v**2, lambda v, g: None, x)


def test_a_probability_at_the_clip_is_reported_clipped_not_wrong():
    probabilities = np.array([[1e-9, 0.5, 0.5 - 1e-9], [0.2, 0.3, 0.5]])
    labels = np.array([0, 2])
    report = check_layer_gradients(LossCategoricalCrossentropy(), probabilities, y_true=labels)
    text = str(report)
    assert "WRONG" not in text and "clipped" in text and "1e-07" in text
    assert report.passed
    # A wrong backward is still WRONG where nothing is clipped.
    report = check_layer_gradients(OwnLossDoubled(), probabilities, y_true=labels)
    assert not report.passed and "WRONG" in str(report)


class OwnLossDoubled(OwnLoss):
    def backward(self, dvalues, y_true):
        return 2 * super().backward(dvalues, y_true)


def test_a_clipped_probability_through_the_fused_loss_is_reported_clipped():
    # logits (30, 0, 0), true class 1: its probability is 9e-14, below the clip, so the loss is flat.
    report = check_layer_gradients(
        ActivationSoftmaxLossCategoricalCrossentropy(), np.array([[30.0, 0.0, 0.0], [0.1, 0.2, 0.3]]), y_true=[1, 0]
    )
    assert report.passed and "clipped" in str(report) and "WRONG" not in str(report)


def test_float32_is_judged_with_a_float32_tolerance_and_the_report_says_so():
    rng = np.random.default_rng(0)
    layer = LayerDense(3, 2, rng=rng, dtype=np.float32)
    inputs = rng.standard_normal((4, 3)).astype(np.float32)
    report = check_layer_gradients(layer, inputs)
    assert report.passed, str(report)
    assert "float32" in str(report) and "1e-04" in str(report)
    assert layer.weights.dtype == np.float32  # the layer is left as it was given
    broken = ForgetsTheTranspose(3, 3, rng=rng, dtype=np.float32)
    assert not check_layer_gradients(broken, inputs[:, :3]).passed
    # A float32 answer to a float64 function check is judged the same way.
    x = np.array([0.5, -1.2, 2.0])
    report = check_function_gradient(lambda v: v**2, lambda v, g: (2 * v * g).astype(np.float32), x)
    assert report.passed and "float32" in str(report)
    # ... and float64 keeps its own tolerance.
    assert "float32" not in str(check_layer_gradients(LayerDense(3, 2, rng=rng), inputs.astype(np.float64)))


def test_float32_parameters_with_float64_inputs_are_judged_as_float32():
    rng = np.random.default_rng(0)
    report = check_layer_gradients(LayerDense(3, 2, rng=rng, dtype=np.float32), rng.standard_normal((4, 3)))
    assert report.passed and all(check.float32 for check in report.checks)
    probabilities = softmax(rng.standard_normal((4, 3))).astype(np.float32)
    report = check_layer_gradients(LossCategoricalCrossentropy(), probabilities, y_true=np.array([0, 1, 2, 0]))
    assert report.passed and "float32" in str(report)
