"""The findings of the novice reviews (R1, R2) about the checks and the question texts, one test each.

Each test states what the learner now sees for an answer that was misread, misattributed or refused.
"""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pytest

from nnfs_helpers.exercises import all_questions, check_exercise, check_explorer


def _fn(source: str):
    namespace = {"np": np}
    exec(textwrap.dedent(source), namespace)
    return next(value for name, value in namespace.items() if callable(value) and name != "np")


def _check(eid: str, source: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return check_exercise(eid, _fn(source), quiet=True)


# ---- explorer questions: typed answers ---------------------------------------------------------


def test_05_answer_text_names_the_single_nearest_value():
    text = all_questions()["05.half_probability"].answer_text
    assert "4.885" in text and "-0.5001" in text and "4.890" not in text and "4.89 " not in text


@pytest.mark.parametrize(
    ("qid", "typed", "words"),
    [
        ("04.largest_jacobian_entry", 0.25, "you typed 0.25, which is J₀,₀'s largest value"),
        ("04.largest_jacobian_entry", 0.5, "you typed 0.5, which is ŷ₀'s value"),
        ("05.half_probability", -0.5, "you typed -0.5, which is the gradient ∂L/∂z₁"),
        ("06.fewest_epochs", 0.6, "you typed 0.6, which is the target accuracy"),
    ],
)
def test_a_typed_value_that_is_another_quantity_is_told_so(qid, typed, words):
    result = check_explorer(qid, typed, quiet=True)
    assert not result.passed
    assert words in result.message and "type the value of" in result.message


@pytest.mark.parametrize(
    ("qid", "words"),
    [
        # 04 asks two things about J before its answer: the prompt opens by saying the answer is z_0.
        (
            "04.largest_jacobian_entry",
            "**Predict, then check.** Your answer to this question is a value of the slider $z_0$.",
        ),
        ("05.half_probability", "Your answer is the value of $z_1$"),
    ],
)
def test_the_prompt_says_what_to_type(qid, words):
    assert words in all_questions()[qid].prompt


@pytest.mark.slow  # explorers built and drawn: not in make test-fast
def test_04_not_yet_near_the_top_never_prints_the_maximum():
    for z0 in (2.65, 2.66):
        result = check_explorer("04.largest_jacobian_entry", z0, quiet=True)
        assert not result.passed and "0.2500;" not in result.message and "J₀,₀ = 0.2499" in result.message


@pytest.mark.slow  # explorers built and drawn: not in make test-fast
def test_an_integral_float_answers_an_integer_slider():
    assert check_explorer("06.fewest_epochs", 300.0, quiet=True).passed


def test_a_tuple_in_the_order_of_the_controls_is_accepted():
    assert check_explorer("02.shape_target", (2, 5, 7), quiet=True).passed
    short = check_explorer("02.shape_target", (2, 5), quiet=True)
    assert not short.passed and "N, D, M in this order" in short.message


def test_a_typed_string_is_told_to_be_a_number():
    result = check_explorer("06.fewest_epochs", "300", quiet=True)
    assert "type the answer as a number" in result.message and "pass the box" not in result.message


@pytest.mark.parametrize(
    ("qid", "typed", "label", "internal"),
    [
        ("05.half_probability", 4.886, "z₁ = 4.886", "logits1"),
        ("03.dead_neuron", 1.79, "b₁ = 1.79", "biases1"),
        ("01.zero_weight_gradient", 0.05, "x₁ = 0.05", "x1"),
    ],
)
def test_off_grid_messages_use_the_sliders_labels(qid, typed, label, internal):
    message = check_explorer(qid, typed, quiet=True).message
    assert label in message and f"{internal} =" not in message


# ---- exercise checks: messages that named the wrong mistake ------------------------------------

MEAN = "def mean_output_dweights(inputs, weights, biases):\n    z = inputs @ weights + biases\n"
SPARSE = "def sparse_label_gradient(y_hat, y):\n    n = len(y_hat)\n"
SOFT = (
    "def soft_label_gradient(logits, y_soft):\n"
    "    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
    "    p = e / e.sum(axis=1, keepdims=True)\n"
)
MOM = "def momentum_velocity(gradients, learning_rate, momentum):\n    v = np.zeros(gradients.shape[1])\n"
BUG = "def fixed_dense_backward(inputs, weights, dvalues):\n"

FINDINGS = [
    # (exercise, learner's code, words the message must hold, words it must not)
    (
        "03.mean_output_dweights",
        MEAN + "    return inputs.T @ ((z > 0) / 12)\n",
        "you divided by 12, but this case has N*M = 20 outputs: use the sizes of the arrays",
        "a D where an N belongs",
    ),
    (
        "03.mean_output_dweights",
        MEAN + "    return inputs.T @ ((z > 0) / 9)\n",
        "you divided by 9",
        "one common factor",
    ),
    (
        "03.mean_output_dweights",
        MEAN + "    return inputs.T @ ((z > 0) * z.size)\n",
        "(N*M)² = 400 times the expected value: you multiplied by N*M = 20 where the mean divides by it",
        "one common factor",
    ),
    (
        "05.sparse_label_gradient",
        SPARSE + "    g = y_hat.copy()\n    g[np.arange(n), y] -= 1\n    return g / 3\n",
        "you divided by 3, but this case has N = 5 samples",
        "one common factor",
    ),
    (
        "05.sparse_label_gradient",
        SPARSE + "    g = y_hat.copy()\n    g[np.arange(n), y] -= 1\n    return g * n\n",
        "N² = 25 times the expected value: you multiplied by N = 5",
        "one common factor",
    ),
    (
        "05.sparse_label_gradient",
        SPARSE + "    Y = np.zeros_like(y_hat)\n    Y[np.arange(len(y)), y] = 1\n    return (y_hat - Y) / n\n",
        "your function builds the one-hot labels Y",
        "PASS",
    ),
    (
        "05.sparse_label_gradient",
        SPARSE + "    return (y_hat - np.eye(y_hat.shape[1])[y]) / n\n",
        "builds the one-hot labels Y, an (N, C) = (5, 4) array (your code calls eye)",
        "PASS",
    ),
    (
        "05.soft_label_gradient",
        SOFT + "    return (p - y_soft) / 3\n",
        "you divided by 3, a number typed into the body, but this case has N = 5 samples",
        "the number of classes",
    ),
    (
        "05.soft_label_gradient",
        "def soft_label_gradient(logits, y_soft):\n    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    return (e / e.sum(axis=0, keepdims=True) - y_soft) / len(logits)\n",
        "wrong because of the softmax: your probabilities sum to 1 down each column",
        "y_soft > 0",
    ),
    (
        "05.soft_label_gradient",
        "def soft_label_gradient(logits, y_soft):\n    e = np.exp(logits - logits.max(axis=0, keepdims=True))\n"
        "    return (e / e.sum(axis=1, keepdims=True) - y_soft) / len(logits)\n",
        "you subtracted each column's maximum (axis=0)",
        "values of",
    ),
    (
        "06.fix_the_bug",
        BUG
        + "    return dvalues @ weights.T, inputs.T @ dvalues, np.sum(dvalues, axis=0, keepdims=True) / len(dvalues)\n",
        "dbiases is N = 5 times too small: it divides by N again (a mean over the samples, or a sum divided by N)",
        "np.mean over the samples divides",
    ),
    (
        "06.momentum_velocity",
        MOM + "    for g in gradients:\n        v = momentum * v - learning_rate * g\n    return v,\n",
        "you returned a tuple of 1 (a trailing comma after the return value",
        "you returned shape (1, 3)",
    ),
    (
        "06.momentum_velocity",
        MOM + "    for g in gradients:\n        v = momentum * (v - learning_rate * g)\n    return v\n",
        "β = 0.9 times the expected one: you wrote v <- momentum * (v - learning_rate * gradient)",
        "one common factor",
    ),
    (
        "04.sigmoid_backward",
        "def sigmoid_backward(z, dvalues):\n    return dvalues * np.exp(-z) / (1 + np.exp(-z)) ** 2\n",
        "at z = -1000, e^{-z} = e^{1000} overflows to inf, and inf / inf is NaN",
        "PASS",
    ),
]


@pytest.mark.parametrize(
    ("eid", "code", "said", "not_said"), FINDINGS, ids=[f"{f[0]}-{i}" for i, f in enumerate(FINDINGS)]
)
def test_the_message_names_what_the_learner_did(eid, code, said, not_said):
    result = _check(eid, code)
    assert result.status == "fail", result.message
    assert said in result.message, result.message
    assert not_said not in result.message, result.message


def test_a_divisor_that_is_a_size_is_still_named_by_its_letters():
    # inputs.shape[1] * M is D*M: it changes when the check cuts D, so it is no number typed in.
    result = _check(
        "03.mean_output_dweights", MEAN + "    return inputs.T @ ((z > 0) / (inputs.shape[1] * z.shape[1]))\n"
    )
    assert "a D where an N belongs" in result.message and "typed in" not in result.message


def test_the_sigmoid_stub_says_how_large_z_gets():
    from nnfs_helpers.exercises import all_exercises

    assert "+-1000" in all_exercises()["04.sigmoid_backward"].stub


R1_FINDINGS = [
    (
        "03.leaky_relu_backward",
        "def leaky_relu_backward(z, dvalues, slope=0.01):\n    m = np.zeros_like(dvalues, dtype=int)\n"
        "    m[z > 0] = 1\n    m[z <= 0] = slope\n    return dvalues * m\n",
        "if you stored the slope in an integer array",
    ),
    (
        "03.leaky_relu_backward",
        "def leaky_relu_backward(z, dvalues, slope=0.01):\n    return np.where(z > 0, z, slope * z)\n",
        "the leaky ReLU's output, its forward pass",
    ),
    (
        "03.mean_output_dweights",
        "def mean_output_dweights(inputs, weights, biases):\n    z = inputs @ weights\n"
        "    return inputs.T @ ((z > 0) / z.size)\n",
        "without the biases",
    ),
    (
        "04.sigmoid_backward",
        "def sigmoid_backward(z, dvalues):\n    s = 1 / (1 + np.exp(-dvalues))\n    return z * s * (1 - s)\n",
        "the two arguments are swapped",
    ),
    (
        "04.log_softmax_backward",
        "def log_softmax_backward(z, dvalues):\n    return dvalues.copy()\n",
        "dvalues unchanged",
    ),
    (
        "04.log_softmax_backward",
        "def log_softmax_backward(z, dvalues):\n    return dvalues - dvalues.mean(axis=1, keepdims=True)\n",
        "subtracts the row's mean of G",
    ),
    (
        "05.sparse_label_gradient",
        "def sparse_label_gradient(y_hat, y):\n    return y_hat / len(y_hat)\n",
        "- 1 at each",
    ),
    (
        "05.sparse_label_gradient",
        "def sparse_label_gradient(y_hat, y):\n    g = y_hat.astype(int)\n    g[np.arange(len(y)), y] -= 1\n"
        "    return g / len(y_hat)\n",
        "is an integer array (astype(int), or dtype=int)",
    ),
    (
        "06.fix_the_bug",
        "def fixed_dense_backward(inputs, weights, dvalues):\n    return inputs.T @ dvalues\n",
        "you returned a numpy array",
    ),
]


@pytest.mark.parametrize(("eid", "code", "said"), R1_FINDINGS, ids=[f"{f[0]}-{i}" for i, f in enumerate(R1_FINDINGS)])
def test_r1_wrong_answers_get_their_own_message(eid, code, said):
    result = _check(eid, code)
    assert result.status == "fail" and result.kind != "values" and said in result.message, result.message


def test_the_smallest_case_of_a_softmax_keeps_two_classes():
    code = (
        "def log_softmax_backward(z, dvalues):\n    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
        "    return dvalues / (e / e.sum(axis=1, keepdims=True))\n"
    )
    message = _check("04.log_softmax_backward", code).message
    assert "z (N, C) = [[1.45]]" not in message and "z (N, C) = [[" in message


def test_dead_neuron_far_below_says_much_higher():
    message = check_explorer("03.dead_neuron", -10.0, quiet=True).message
    assert "stays zero one notch higher, at b₁ = -9.9 (and still at b₁ = -9.0)" in message


def test_shape_target_restates_the_target():
    message = check_explorer("02.shape_target", (5, 2, 7), quiet=True).message
    assert "the target is dinputs (2, 5) and dweights (5, 7)" in message


# ---- 06.fix_the_bug: a hurried novice's findings ------------------------------------------------


def _bug_answer(dinputs: str, dweights: str, dbiases: str = "np.sum(dvalues, axis=0, keepdims=True)") -> str:
    return f"""
    def fix_the_bug(inputs, weights, dvalues):
        return {dinputs}, {dweights}, {dbiases}
    """


def test_a_typed_in_batch_size_is_named_when_the_next_case_has_another_n():
    # `/ len(dvalues) * 5` is right for N = 5 and 5 times too large for one sample: once "one common factor".
    result = _check("06.fix_the_bug", _bug_answer("dvalues @ weights.T", "inputs.T @ dvalues / len(dvalues) * 5"))
    assert result.kind == "hard_coded_size"
    assert "right in an earlier case, where N = 5" in result.message and "this case has N = 1" in result.message
    assert "one common factor" not in result.message and "in the case of one sample, N = 1" in result.message


def test_a_mean_over_the_samples_is_not_quoted_as_the_suspects_line():
    mean = "np.mean(inputs[:, :, None] * dvalues[:, None, :], axis=0)"
    result = _check("06.fix_the_bug", _bug_answer("dvalues @ weights.T", mean))
    assert result.kind == "bug_kept" and "a mean over the samples" in result.message


def test_a_relu_mask_in_the_dense_layer_is_named():
    result = _check("06.fix_the_bug", _bug_answer("(dvalues @ weights.T) * (inputs > 0)", "inputs.T @ dvalues"))
    assert result.kind == "relu_in_dense" and "a ReLU mask" in result.message


@pytest.mark.parametrize(
    ("dinputs", "dweights", "kind"),
    [
        ("dvalues @ weights", "inputs.T @ dvalues", "missing_transpose"),
        ("inputs.T @ dvalues", "dvalues @ weights.T", "wrong_order"),
    ],
)
def test_the_one_over_n_hint_is_not_shown_under_another_mistake(dinputs, dweights, kind):
    result = _check("06.fix_the_bug", _bug_answer(dinputs, dweights))
    assert result.kind == kind and result.hint == ""
    assert "Hint:" not in str(result)


def test_the_one_over_n_hint_still_comes_with_the_bug_kept():
    result = _check("06.fix_the_bug", _bug_answer("dvalues @ weights.T", "inputs.T @ dvalues / len(dvalues)"))
    assert result.kind == "bug_kept" and "1/N" in result.hint


# ---- 04-05: a hurried novice's findings ---------------------------------------------------------


def test_sparse_labels_used_as_one_hot_rows_are_named():
    result = _check(
        "05.sparse_label_gradient",
        """
        def sparse_label_gradient(y_hat, y):
            return (y_hat - y) / len(y_hat)
        """,
    )
    assert result.kind == "labels_as_one_hot" and "one class number per sample" in result.message


def test_soft_labels_used_as_an_index_are_named():
    result = _check(
        "05.soft_label_gradient",
        """
        def soft_label_gradient(logits, y_soft):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            gradient = e / e.sum(axis=1, keepdims=True)
            gradient[range(len(gradient)), y_soft] -= 1
            return gradient / len(gradient)
        """,
    )
    assert result.kind == "soft_labels_as_indices" and "distribution over the C classes" in result.message


@pytest.mark.parametrize(
    ("eid", "source", "kind"),
    [
        (
            "04.sigmoid_backward",
            """
            def sigmoid_backward(z, dvalues):
                s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
                return dvalues * s * (1 - s) / len(z)
            """,
            "factor_n",
        ),
        (
            "04.sigmoid_backward",
            """
            def sigmoid_backward(z, dvalues):
                s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
                dvalues *= s * (1 - s)
                return dvalues
            """,
            "modified_input",
        ),
    ],
)
def test_a_named_mistake_comes_without_the_formula_hint(eid, source, kind):
    result = _check(eid, source)
    assert result.kind == kind and result.hint == ""


def test_an_unnamed_difference_still_gets_the_hint():
    result = _check(
        "04.sigmoid_backward",
        """
        def sigmoid_backward(z, dvalues):
            return dvalues * (z > 0)
        """,
    )
    assert result.kind == "values" and "chain rule" in result.hint
