"""Wrong answers an adversary wrote that the checks once passed: right only on the cases' short decimals,
on a large logit that always sat in column 0, or on the notebook's momenta. One test per kind. (Rounding to
4 decimals is within rtol 1e-6 wherever the answer is in the hundreds, so the tests round to 2 and 3.)"""

from __future__ import annotations

import functools
import textwrap
import warnings

import numpy as np
import pytest

from nnfs_helpers.exercises import check_exercise
from nnfs_helpers.exercises.registry import all_exercises

EXERCISES = sorted(all_exercises())


def _rounded(definition, decimals: int):
    """The reference solution with its answer rounded: right wherever the cases' numbers are short."""
    solution = definition.define(definition.solution)

    @functools.wraps(solution)
    def rounded(*args, **kwargs):
        with np.errstate(all="ignore"):
            answer = solution(*args, **kwargs)
        if isinstance(answer, tuple):
            return tuple(np.round(part, decimals) for part in answer)
        return np.round(answer, decimals)

    return rounded


@pytest.mark.parametrize("eid", EXERCISES)
@pytest.mark.parametrize("decimals", [2, 3])
def test_a_rounded_answer_fails_every_exercise_and_its_variants(eid, decimals):
    definition = all_exercises()[eid]
    assert definition.full_precision, f"{eid} runs no full-precision case"
    fn = _rounded(definition, decimals)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for variant in (None, 1, 2):
            result = check_exercise(eid, fn, quiet=True, variant=variant)
            assert result.status == "fail", (eid, decimals, variant)
            assert result.kind in {"full_precision", "rounded"}, (eid, result.kind, result.message)


def test_the_full_precision_message_says_what_differs():
    result = check_exercise("06.fix_the_bug", _rounded(all_exercises()["06.fix_the_bug"], 4), quiet=True)
    assert result.kind == "full_precision"
    assert "nudged by up to 0.1 %" in result.message and "expected" in result.message and "np.round" in result.message
    assert "np.int64" not in result.message


def _fn(source: str):
    namespace = {"np": np}
    exec(textwrap.dedent(source), namespace)
    return next(value for name, value in namespace.items() if callable(value) and name != "np")


_SOFT = """
def soft_label_gradient(logits, y_soft):
    e = np.exp({shifted})
    y_hat = e / e.sum(axis=1, keepdims=True)
    return (y_hat - y_soft) / len(logits)
"""
_LOG = """
def log_softmax_backward(z, dvalues):
    e = np.exp({shifted})
    y_hat = e / e.sum(axis=1, keepdims=True)
    return dvalues - y_hat * dvalues.sum(axis=1, keepdims=True)
"""


@pytest.mark.parametrize("template, name", [(_SOFT, "logits"), (_LOG, "z")])
@pytest.mark.parametrize(
    "shifted, kind",
    [
        ("{z} - {z}[:, :1]", "overflow"),  # the first logit, not the row's largest
        ("np.clip({z}, -500, 500)", "values"),  # no shift, a clip instead
        ("{z} - np.where({z}.max(axis=1, keepdims=True) > 700, {z}.max(axis=1, keepdims=True), 0)", "batch_maximum"),
        ("{z} - {z}.max()", "batch_maximum"),
    ],
)
def test_a_shift_that_is_not_each_rows_maximum_fails(template, name, shifted, kind):
    eid = "05.soft_label_gradient" if name == "logits" else "04.log_softmax_backward"
    fn = _fn(template.format(shifted=shifted.format(z=name)))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        result = check_exercise(eid, fn, quiet=True)
    assert result.status == "fail" and result.kind == kind, result.message
    if shifted.startswith("{z} - {z}[:, :1]") and eid.startswith("05"):
        assert "not each row's largest" in result.message


def test_hidden_variants_of_momentum_use_other_learning_rates_and_momenta():
    typed = _fn(
        """
        def momentum_velocity(gradients, learning_rate, momentum):
            beta = momentum if momentum in (0.0, 0.6, 0.9) else 0.9
            velocity = np.zeros(gradients.shape[1])
            for gradient in gradients:
                velocity = beta * velocity - learning_rate * gradient
            return velocity
        """
    )
    # Right on the notebook's momenta; the notebook's check nudges them (full precision) and refuses it too.
    assert check_exercise("06.momentum_velocity", typed, quiet=True).kind == "full_precision"
    for variant in (1, 2, 3):
        assert check_exercise("06.momentum_velocity", typed, quiet=True, variant=variant).status == "fail", variant


@pytest.mark.parametrize(
    "build",
    [
        "Y = (y[:, None] == np.arange(y_hat.shape[1]))",
        "Y = np.ones(y_hat.shape) * 0\n    Y[np.arange(len(y)), y] = 1",
    ],
)
def test_a_one_hot_built_without_a_factory_is_refused(build):
    fn = _fn(
        f"""
def sparse_label_gradient(y_hat, y):
    {build}
    return (y_hat - Y) / len(y_hat)
"""
    )
    assert check_exercise("05.sparse_label_gradient", fn, quiet=True).kind == "built_one_hot"


@pytest.mark.parametrize(
    ("eid", "source"),
    [
        (
            "03.leaky_relu_backward",
            """
            def leaky_relu_backward(z, dvalues, slope=0.01):
                return np.where(z > 0.01, dvalues, slope * dvalues)
            """,
        ),
        (
            "03.mean_output_dweights",
            """
            def mean_output_dweights(inputs, weights, biases):
                z = inputs @ weights + biases
                return inputs.T @ ((z > 0.01) / z.size)
            """,
        ),
    ],
)
def test_a_threshold_near_the_kink_is_not_the_kink(eid, source):
    for variant in (None, 1, 2, 3):
        assert check_exercise(eid, _fn(source), quiet=True, variant=variant).status == "fail", variant


def _float32(definition):
    """The reference computed on float32 copies of every float argument: right to float32's precision."""
    solution = definition.define(definition.solution)

    @functools.wraps(solution)
    def in_float32(*args, **kwargs):
        def cast(value):
            return value.astype(np.float32) if isinstance(value, np.ndarray) and value.dtype.kind == "f" else value

        with np.errstate(all="ignore"):
            answer = solution(*(cast(a) for a in args), **{k: cast(v) for k, v in kwargs.items()})
        if isinstance(answer, tuple):
            return tuple(np.asarray(part, dtype=np.float32) for part in answer)
        return np.asarray(answer, dtype=np.float32)

    return in_float32


@pytest.mark.parametrize("eid", EXERCISES)
def test_a_right_answer_in_float32_passes_the_nudged_cases(eid):
    # Found by a reader writing right answers in many styles: float32 ones failed the full-precision run.
    fn = _float32(all_exercises()[eid])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for variant in (None, 1, 2, 3):
            result = check_exercise(eid, fn, quiet=True, variant=variant)
            assert result.kind != "full_precision", (eid, variant, result.message)
