"""The exercise engine: each diagnosis kind, fed exactly its mistake, is named, and the learner's
errors are kept apart from the package's own (docs/exercises.md)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_support import ROOT, execute

from nnfs_helpers.exercises import (
    DIAGNOSES,
    ExerciseCheckError,
    all_exercises,
    check_exercise,
    check_explorer,
    exercise,
    question,
    unpack,
)

# Test-only exercises, registered under the "test." prefix no notebook uses.
# N = 5 samples, D = 4 inputs, M = 3 neurons: all different, so no transpose hides.
N, D, M = 5, 4, 3
_RNG = np.random.default_rng(20261125)
INPUTS = _RNG.normal(size=(N, D)).round(2)
DVALUES = _RNG.normal(size=(N, M)).round(2)
Z = np.array([[1.5, 0.0, -2.0], [0.0, -0.5, 3.0], [-1.0, 2.0, 0.0], [0.5, 0.0, -0.1], [2.5, -3.0, 1.0]])
SHAPES = {"inputs": "(N, D)", "dvalues": "(N, M)", "return": "(D, M)"}


@exercise("test.mean_dweights", hint="dweights = inputs.T @ dvalues / N", shapes=SHAPES)
def _(checker):
    got = checker.call(inputs=INPUTS, dvalues=DVALUES)
    return checker.compare(got, INPUTS.T @ DVALUES / N, what="dweights", n=N)


@exercise("test.dbiases", hint="sum dvalues over the samples", shapes={"dvalues": "(N, M)", "return": "(1, M)"})
def _(checker):
    return checker.compare(checker.call(dvalues=DVALUES), DVALUES.sum(axis=0, keepdims=True), what="dbiases")


@exercise("test.relu_backward", hint="pass dvalues where z > 0", shapes={"z": "(N, M)", "dvalues": "(N, M)"})
def _(checker):
    got = checker.call(z=Z, dvalues=DVALUES)
    return checker.compare(got, DVALUES * (Z > 0), what="dinputs", shape="(N, M)", relu_z=Z, relu_upstream=DVALUES)


@exercise("test.squared", hint="d(z^2)/dz = 2z", shapes={"z": "(N, M)"})
def _(checker):
    z = Z + 0.25
    got = checker.call(z=z)
    known = {
        "forgot_chain": (z**2, "you returned z^2 itself, not its derivative"),
        "forgot_the_two": (z, "you returned z: the factor 2 of the power rule is missing"),
    }
    return checker.compare(got, 2 * z, what="the derivative", shape="(N, M)", known=known)


@exercise("test.loss", hint="the mean of the per-sample losses", shapes={"losses": "(N,)"})
def _(checker):
    losses = np.array([0.25, 1.5, 0.75, 2.0, 0.5])
    return checker.compare(checker.call(losses=losses), losses.mean(), what="the loss", n=len(losses))


@exercise("test.two_cases", hint="double it", shapes={"x": "(N,)"})
def _(checker):
    checker.compare(checker.call(x=np.array([1.0, 2.0])), [2.0, 4.0], what="the first case")
    checker.compare(checker.call(x=np.array([0.5, -1.0, 3.0])), [1.0, -2.0, 6.0], what="the second case")


@exercise("test.three_grads", hint="dinputs, dweights, dbiases", shapes={"inputs": "(N, D)", "dvalues": "(N, M)"})
def _(checker):
    weights = np.arange(D * M, dtype=float).reshape(D, M) / 10
    dinputs, dweights, dbiases = unpack(
        checker.call(inputs=INPUTS, weights=weights, dvalues=DVALUES), ("dinputs", "dweights", "dbiases")
    )
    checker.compare(dinputs, DVALUES @ weights.T, what="dinputs", shape="(N, D)")
    checker.compare(dweights, INPUTS.T @ DVALUES, what="dweights", shape="(D, M)")
    checker.compare(dbiases, DVALUES.sum(axis=0, keepdims=True), what="dbiases", shape="(1, M)")
    return "all three gradients match"


@exercise("test.broken_after_call", hint="h", shapes={"x": "(N,)"})
def _(checker):
    got = checker.call(x=np.ones(3))
    return checker.compare(got, undefined_reference)  # noqa: F821  (the bug this test plants)


@exercise("test.broken_before_call", hint="h", shapes={"x": "(N,)"})
def _(checker):
    data = np.ones(3).reshape(4, 4)  # the check's own bug: ValueError before the learner runs
    return checker.compare(checker.call(x=data), data)


# The learner's functions, one mistake each.


def right_dweights(inputs, dvalues):
    return inputs.T @ dvalues / len(inputs)


def result(fn, id="test.mean_dweights"):
    return check_exercise(id, fn, quiet=True)


def assert_fail(outcome, kind, *words):
    assert outcome.status == "fail", str(outcome)
    assert outcome.kind == kind, str(outcome)
    text = str(outcome)
    for word in words:
        assert word in text, f"{word!r} missing from:\n{text}"
    # Never a wall of numbers, an infinite relative error or a lambda's name.
    assert "inf" not in text.replace("information", "") and "<lambda>" not in text
    assert len(re.findall(r"-?\d+\.\d+", text)) <= 4, text
    return text


def test_a_right_answer_passes_and_prints_one_pass_line(capsys):
    outcome = check_exercise("test.mean_dweights", right_dweights)
    assert outcome.status == "pass" and outcome.kind is None and outcome.passed
    printed = capsys.readouterr().out
    assert printed.startswith("PASS right_dweights: ") and printed.count("\n") == 1 and "Hint" not in printed


def test_an_untouched_stub_is_not_attempted_one_calm_line(capsys):
    def dweights(inputs, dvalues):
        """What to return, with shapes."""
        raise NotImplementedError("replace this line with your code")

    outcome = check_exercise("test.mean_dweights", dweights)
    printed = capsys.readouterr().out
    assert outcome.status == "not attempted" and outcome.kind is None
    assert printed == (
        "Exercise test.mean_dweights: not attempted yet. Replace the raise line in the cell above with your code, "
        "run that cell, then run this one.\n"
    )
    for word in ("PASS", "FAIL", "Traceback", "Hint", "NotImplementedError"):
        assert word not in printed


def test_none():
    def forgot_return(inputs, dvalues):
        inputs.T @ dvalues / len(inputs)

    assert_fail(result(forgot_return), "none", "returned None", "`return`")


@pytest.mark.parametrize(
    "returned, came",
    [
        ("dweights", "got str"),
        ({"dW": 1}, "got dict"),
        ([[1.0, 2.0], [3.0]], "a list holding rows of different lengths"),
        (np.array(["a", "b"]), "an array of dtype <U1"),
    ],
)
def test_not_numbers(returned, came):
    assert_fail(result(lambda inputs, dvalues: returned), "not_numbers", "should be numbers", came, "(D, M) = (4, 3)")


def test_a_lambda_is_named_after_the_exercise_not_lambda():
    outcome = result(lambda inputs, dvalues: None)
    assert str(outcome).startswith("FAIL mean_dweights: ")


def test_raised_quotes_the_learners_line():
    def crashes(inputs, dvalues):
        scale = 1 / len(inputs)
        return inputs.T @ dvalues * scale.missing

    text = assert_fail(result(crashes), "raised", "AttributeError", "return inputs.T @ dvalues * scale.missing")
    assert "line" in text


def test_raised_a_name_error_in_the_learners_own_code_is_the_learners():
    def typo(inputs, dvalues):
        return inptus.T @ dvalues  # noqa: F821  (the learner's typo)

    assert_fail(result(typo), "raised", "NameError", "inptus")


def test_raised_matmul_error_is_translated_into_shapes_with_letters():
    def wrong_order(inputs, dvalues):
        return dvalues @ inputs / len(inputs)

    text = assert_fail(
        result(wrong_order),
        "raised",
        "you multiplied (5, 3) by (5, 4)",
        "`dvalues` is (N, M) = (5, 3)",
        "`inputs` is (N, D) = (5, 4)",
        "return dvalues @ inputs / len(inputs)",
    )
    assert "gufunc" not in text


def test_raised_np_dot_error_with_a_transpose_uses_the_transposed_letters():
    def wrong_transpose(inputs, dvalues):
        return np.dot(inputs, dvalues.T)

    assert_fail(result(wrong_transpose), "raised", "you multiplied (5, 4) by (3, 5)", "`dvalues.T` is (M, N) = (3, 5)")


def test_raised_broadcast_error_is_translated_into_shapes_with_letters():
    def elementwise(inputs, dvalues):
        return inputs * dvalues

    assert_fail(
        result(elementwise),
        "raised",
        "you combined (5, 4) with (5, 3) element by element",
        "`inputs` is (N, D) = (5, 4)",
        "`dvalues` is (N, M) = (5, 3)",
    )


def test_raised_broadcast_inside_a_call_names_the_shapes_and_the_missing_keepdims():
    def row_sums(inputs, dvalues):
        return dvalues - dvalues * np.sum(dvalues, axis=1)

    assert_fail(
        result(row_sums),
        "raised",
        "you combined (5, 3) with (5,) element by element",
        "with keepdims=True it gives (5, 1)",
        "`dvalues` is (N, M) = (5, 3)",
    )


def test_int_dtype():
    def truncated(inputs, dvalues):
        return (inputs.T @ dvalues / len(inputs)).astype(int)

    assert_fail(result(truncated), "int_dtype", "int64", "floats")


def test_keepdims():
    assert_fail(result(lambda dvalues: dvalues.sum(axis=0), "test.dbiases"), "keepdims", "keepdims=True", "(1, M)")


def test_transposed():
    def transposed(inputs, dvalues):
        return dvalues.T @ inputs / len(inputs)

    assert_fail(result(transposed), "transposed", "transpose", "(D, M) = (4, 3)", "(3, 4)")


def test_shape():
    def one_sample(inputs, dvalues):
        return np.outer(inputs[0], dvalues[0]).ravel()

    assert_fail(result(one_sample), "shape", "(D, M) = (4, 3)", "(12,)")


def test_sign():
    assert_fail(result(lambda inputs, dvalues: -(inputs.T @ dvalues) / len(inputs)), "sign", "flipped sign")


def test_factor_n_forgot_the_mean():
    assert_fail(result(lambda inputs, dvalues: inputs.T @ dvalues), "factor_n", "N = 5", "1/N", "too large")


def test_factor_n_divided_twice():
    def twice(inputs, dvalues):
        return inputs.T @ dvalues / len(inputs) ** 2

    assert_fail(result(twice), "factor_n", "N = 5", "twice")


def test_factor_is_said_once():
    text = assert_fail(result(lambda inputs, dvalues: 2.5 * inputs.T @ dvalues / len(inputs)), "factor", "2.5 times")
    assert text.count("2.5") == 1


@pytest.mark.parametrize(
    "mask, words",
    [
        (lambda z: z >= 0, "z = 0 exactly as if z > 0"),
        (lambda z: z < 0, "wrong side of z = 0"),
        (lambda z: z <= 0, "wrong side of z = 0"),
        (lambda z: np.ones_like(z, dtype=bool), "too: multiply it by the mask 1[z > 0] (1 where z > 0, 0 elsewhere)"),
    ],
)
def test_relu_mask(mask, words):
    outcome = result(lambda z, dvalues: dvalues * mask(z), "test.relu_backward")
    text = assert_fail(outcome, "relu_mask", words, "1[z > 0]")
    # The words fit a leaky ReLU too, whose gradient does pass where z < 0, scaled.
    assert "passes only where" not in text


def test_relu_data_has_exact_zeros_so_z_greater_equal_cannot_pass():
    assert np.count_nonzero(Z == 0) >= 3
    assert result(lambda z, dvalues: dvalues * (z > 0), "test.relu_backward").passed


def test_an_exercises_own_known_mistake():
    assert_fail(result(lambda z: z**2, "test.squared"), "forgot_chain", "not its derivative")


def test_values_names_how_many_and_the_worst_one():
    def one_off(inputs, dvalues):
        answer = inputs.T @ dvalues / len(inputs)
        answer[2, 1] += 10.0
        answer[0, 0] += 0.5
        return answer

    assert_fail(result(one_off), "values", "2 of 12 values", "at [2, 1]", "expected", "got")


def test_values_with_a_nan_says_nan_not_inf():
    def nan(inputs, dvalues):
        answer = inputs.T @ dvalues / len(inputs)
        answer[1, 1] = np.nan
        return answer

    assert_fail(result(nan), "values", "1 of 12", "at [1, 1]", "got nan")


def test_values_of_a_single_number():
    assert_fail(result(lambda losses: losses.sum(), "test.loss"), "factor_n", "the loss is N = 5 times too large")
    assert_fail(result(lambda losses: -losses.mean(), "test.loss"), "sign", "the loss", "it has the wrong sign")
    assert_fail(result(lambda losses: losses.max(), "test.loss"), "values", "the loss should be 1")


def test_several_cases_report_the_first_failure_and_pass_only_when_all_pass():
    outcome = check_exercise("test.two_cases", lambda x: 2 * x if len(x) == 2 else x + 1, quiet=True)
    assert_fail(outcome, "values", "the second case")
    passed = check_exercise("test.two_cases", lambda x: 2 * x, quiet=True)
    assert passed.passed and "2 comparisons" in passed.message


def test_unpack_a_tuple_of_gradients():
    def right(inputs, weights, dvalues):
        return dvalues @ weights.T, inputs.T @ dvalues, dvalues.sum(axis=0, keepdims=True)

    assert result(right, "test.three_grads").message == "all three gradients match"
    assert_fail(result(lambda inputs, weights, dvalues: None, "test.three_grads"), "none", "return dinputs")

    def two(inputs, weights, dvalues):
        return dvalues @ weights.T, inputs.T @ dvalues

    assert_fail(result(two, "test.three_grads"), "not_numbers", "return 3 things", "2 things")

    def no_keepdims(inputs, weights, dvalues):
        return dvalues @ weights.T, inputs.T @ dvalues, dvalues.sum(axis=0)

    assert_fail(result(no_keepdims, "test.three_grads"), "keepdims", "dbiases")


def test_the_checks_own_name_error_is_a_package_bug_not_the_learners():
    with pytest.raises(ExerciseCheckError, match="bug in the package's check, not in your function") as raised:
        check_exercise("test.broken_after_call", lambda x: x)
    assert isinstance(raised.value.__cause__, NameError)
    with pytest.raises(ExerciseCheckError, match="test.broken_before_call") as raised:
        check_exercise("test.broken_before_call", lambda x: x)
    assert isinstance(raised.value.__cause__, ValueError)


def test_modified_input_a_backward_that_writes_into_dvalues_fails_and_cannot_spoil_the_check():
    def in_place(z, dvalues):
        dvalues[z <= 0] = 0
        return dvalues

    for _ in range(2):  # the second run sees the check's data untouched by the first
        assert_fail(result(in_place, "test.relu_backward"), "modified_input", "`dvalues`", "in place", "copy")
    assert np.count_nonzero(DVALUES) == DVALUES.size

    def on_a_copy(z, dvalues):
        dinputs = dvalues.copy()
        dinputs[z <= 0] = 0
        return dinputs

    assert result(on_a_copy, "test.relu_backward").passed


def test_a_known_mistake_that_is_a_multiple_of_the_answer_gets_its_own_message():
    # 2 * z**1 is twice z, a common factor; the exercise's own words must win over "factor".
    assert_fail(result(lambda z: z, "test.squared"), "forgot_the_two", "the factor 2 of the power rule")


def test_a_renamed_parameter_is_still_checked():
    assert result(lambda X, dout: X.T @ dout / len(X)).passed
    # A name that matches goes by name, even when the learner's order differs from the check's.
    assert result(lambda dvalues, X: X.T @ dvalues / len(X)).passed


@exercise("test.swallows", hint="h", shapes={"x": "(N,)"})
def _(checker):
    try:
        return checker.compare(checker.call(x=np.ones(2)), [2.0, 2.0])
    except Exception:  # a careless check: it must still not turn a learner's failure into PASS
        return "passed anyway"


def test_a_check_that_catches_exceptions_cannot_swallow_a_failure():
    # x has shape (N,) with N = 2, so the factor one half is named: one 1/N too many.
    assert_fail(result(lambda x: x, "test.swallows"), "factor_n", "N = 2 times too small")
    assert result(lambda x: None, "test.swallows").kind == "none"


def test_quiet_prints_nothing(capsys):
    result(right_dweights)
    result(lambda inputs, dvalues: None)
    assert capsys.readouterr().out == ""


def test_bad_calls_say_what_was_expected():
    with pytest.raises(ValueError, match=r"no exercise 'test.nope'.*test.mean_dweights"):
        check_exercise("test.nope", right_dweights)
    with pytest.raises(TypeError, match="expects your function.*got ndarray"):
        check_exercise("test.mean_dweights", np.ones(3))
    with pytest.raises(TypeError, match="must be a string"):
        check_exercise(3, right_dweights)
    with pytest.raises(ValueError, match="needs a hint"):
        exercise("test.no_hint", hint="")
    with pytest.raises(ValueError, match="id must look like"):
        exercise("Leaky ReLU", hint="h")(lambda call: None)
    with pytest.raises(ValueError, match="shapes"):
        exercise("test.bad_shapes", hint="h", shapes={"z": "N, M"})


def test_an_id_claimed_by_another_module_is_refused():
    def other(call):
        return None

    other.__module__ = "nnfs_helpers.exercises.nb99"
    with pytest.raises(ValueError, match="already registered"):
        exercise("test.mean_dweights", hint="h")(other)


def test_the_order_of_diagnoses_is_the_documented_one():
    doc = (ROOT / "docs" / "exercises.md").read_text()
    table = re.findall(r"^\| `(\w+)` \|", doc, flags=re.M)
    assert tuple(table) == DIAGNOSES


# Explorer questions


class _Dial:
    """Stands in for an explorer: the question reads only its state."""

    def __init__(self, value):
        self.value = value


class _Widget:
    def __init__(self, explorer):
        self.explorer = explorer


@question("test.dial_at_three", explorer=_Dial)
def _(dial):
    if dial.value == 3:
        return True, "the dial reads 3"
    return False, f"the dial reads {dial.value}"


@question("test.broken_question")
def _(dial):
    return dial.missing, "never"


def test_check_explorer_says_yes_or_not_yet(capsys):
    assert not check_explorer("test.dial_at_three", _Dial(1)).passed
    outcome = check_explorer("test.dial_at_three", _Widget(_Dial(3)))
    assert outcome.passed and outcome.kind == "explorer"
    assert capsys.readouterr().out == "Not yet: the dial reads 1\nYes: the dial reads 3\n"


def test_check_explorer_refuses_the_wrong_explorer_and_surfaces_its_own_bugs(capsys):
    # The wrong object is not a bug in the package: one plain line says what came and what is read.
    wrong = check_explorer("test.dial_at_three", "a dial")
    assert wrong.status == "fail" and wrong.kind == "wrong_object"
    assert "was given a str; this question is about the _Dial" in wrong.message
    assert capsys.readouterr().out.startswith("Not checked: check_explorer('test.dial_at_three', ...) was given")

    def dial_function():
        return 3

    function = check_explorer("test.dial_at_three", dial_function, quiet=True)
    assert function.kind == "wrong_object" and "the function `dial_function`, not an explorer" in function.message
    with pytest.raises(ExerciseCheckError, match="not in your setting"):
        check_explorer("test.broken_question", _Dial(3))
    with pytest.raises(ValueError, match="no question"):
        check_explorer("test.nope", _Dial(3))


# The worked example in docs/exercises.md runs, under test ids, and says what it promises.


def _doc_example() -> str:
    doc = (ROOT / "docs" / "exercises.md").read_text()
    block = doc.split("<!-- example:start -->")[1].split("<!-- example:end -->")[0]
    code = block.split("```python\n")[1].split("```")[0]
    return re.sub(r'"\d\d\.(\w+)"', r'"test.doc_\1"', code)


def test_the_documented_example_works():
    exec(compile(_doc_example(), "docs/exercises.md", "exec"), {"__name__": "tests.doc_example"})
    registered = all_exercises()
    assert {"test.doc_leaky_relu_backward", "test.doc_dense_backward"} <= set(registered)

    def leaky(z, dvalues, slope=0.01):
        return dvalues * np.where(z > 0, 1.0, slope)

    assert result(leaky, "test.doc_leaky_relu_backward").passed
    mask_mistake = result(
        lambda z, dvalues, slope: dvalues * np.where(z >= 0, 1.0, slope), "test.doc_leaky_relu_backward"
    )
    assert_fail(mask_mistake, "relu_mask", "z = 0")
    assert_fail(result(lambda z, dvalues, slope: dvalues * slope, "test.doc_leaky_relu_backward"), "slope_everywhere")

    def dense(inputs, weights, dvalues):
        return dvalues @ weights.T, inputs.T @ dvalues, dvalues.sum(axis=0, keepdims=True)

    assert result(dense, "test.doc_dense_backward").passed

    from nnfs_helpers.widgets import learning_rate_explorer

    widget = learning_rate_explorer()
    assert not check_explorer("test.doc_largest_step", widget, quiet=True).passed
    widget.explorer.lr_slider.value = 0.399  # z = 6 - 15 eta from the draft's neuron: y > 0 until eta = 0.4
    assert check_explorer("test.doc_largest_step", widget, quiet=True).passed
    widget.explorer.lr_slider.value = 0.4
    assert not check_explorer("test.doc_largest_step", widget, quiet=True).passed


@pytest.mark.slow  # a kernel runs the notebook: not in make test-fast
def test_a_check_cell_shows_only_the_printed_line_in_a_notebook():
    notebook = new_notebook(
        cells=[
            new_code_cell(
                "from nnfs_helpers.exercises import check_exercise, compare, exercise\n"
                "import numpy as np\n\n"
                "@exercise('test.in_a_kernel', hint='double it', shapes={'x': '(N, M)'})\n"
                "def _(call):\n"
                "    x = np.ones((2, 3))\n"
                "    return compare(call(x=x), 2 * x)\n"
            ),
            new_code_cell("def double(x):\n    w = np.ones((4, 3))\n    return x @ w\n"),
            new_code_cell("check_exercise('test.in_a_kernel', double)"),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    execute(notebook)
    outputs = notebook.cells[2].outputs
    assert [output.output_type for output in outputs] == ["stream"], outputs
    printed = outputs[0].text
    # The learner's own line, as the notebook shows it, and the shapes in the notation's letters.
    assert printed.startswith("FAIL double: your function raised ValueError at line 3: return x @ w\n"), printed
    assert "you multiplied (2, 3) by (4, 3)" in printed and "`x` is (N, M) = (2, 3)" in printed
    assert printed.endswith("Hint: double it\n")


# The engine's newer diagnoses: the raise line on one branch, a renamed function, float32, the
# smallest failing case, factors named by the data's sizes, points and hidden variants.


def test_a_raise_line_reached_on_one_branch_is_named_not_not_attempted():
    code = all_exercises()["03.leaky_relu_backward"].define(
        "def leaky_relu_backward(z, dvalues, slope=0.01):\n"
        "    if z.shape[0] > 1:\n"
        "        return dvalues * np.where(z > 0, 1.0, slope)\n"
        '    raise NotImplementedError("replace this line with your code")\n'
    )
    outcome = check_exercise("03.leaky_relu_backward", code, quiet=True)
    assert outcome.status == "fail" and outcome.kind == "raise_on_branch", str(outcome)
    assert "returned an answer for 2 case(s), then reached `raise NotImplementedError`" in outcome.message
    assert "`z` of shape (1, 6)" in outcome.message


def test_a_raise_line_left_before_other_code_is_named_too():
    code = all_exercises()["03.leaky_relu_backward"].define(
        "def leaky_relu_backward(z, dvalues, slope=0.01):\n"
        "    if slope < 1:\n"
        '        raise NotImplementedError("replace this line with your code")\n'
        "    return dvalues * np.where(z > 0, 1.0, slope)\n"
    )
    outcome = check_exercise("03.leaky_relu_backward", code, quiet=True)
    assert outcome.kind == "raise_on_branch", str(outcome)


def test_a_renamed_function_is_recognised(capsys):
    definition = all_exercises()["03.leaky_relu_backward"]
    namespace = {"np": np, "__name__": "__main__"}
    exec(compile(definition.stub, "<cell 1>", "exec"), namespace)
    exec(
        compile(
            "def my_leaky(z, dvalues, slope=0.01):\n    return dvalues * np.where(z > 0, 1.0, slope)\n",
            "<cell 1>",
            "exec",
        ),
        namespace,
    )
    outcome = check_exercise("03.leaky_relu_backward", namespace["leaky_relu_backward"], quiet=True)
    assert outcome.kind == "renamed", str(outcome)
    assert "you also defined `my_leaky` with the same arguments" in outcome.message
    # The untouched stub alone is still "not attempted", one calm line.
    alone = {"np": np, "__name__": "__main__"}
    exec(compile(definition.stub, "<cell 1>", "exec"), alone)
    assert check_exercise("03.leaky_relu_backward", alone["leaky_relu_backward"], quiet=True).status == "not attempted"


def test_a_float32_answer_is_judged_to_float32_precision_and_told_so():
    def leaky32(z, dvalues, slope=0.01):
        return (dvalues * np.where(z > 0, 1.0, slope)).astype(np.float32)

    outcome = check_exercise("03.leaky_relu_backward", leaky32, quiet=True)
    assert outcome.passed, str(outcome)
    assert "float32" in outcome.message and "rtol 1e-05" in outcome.message
    # A float32 answer that is wrong beyond float32's precision still fails, and says how it was judged.

    def wrong32(z, dvalues, slope=0.01):
        return (dvalues * np.where(z > 0, 1.0, slope) * 1.001).astype(np.float32)

    failed = check_exercise("03.leaky_relu_backward", wrong32, quiet=True)
    assert failed.status == "fail" and "float32" in failed.message


def test_the_generic_message_shows_the_smallest_failing_case_and_where_it_differs():
    def off_at_zero_only(z, dvalues, slope=0.01):
        return dvalues * np.where(z > 0, 1.0, slope) + (z == 0) * 0.5

    outcome = check_exercise("03.leaky_relu_backward", off_at_zero_only, quiet=True)
    assert outcome.kind == "values", str(outcome)
    assert "The smallest case where your answer is wrong:" in outcome.message
    assert "they differ only where z = 0" in outcome.message

    def off_in_last_row(z, dvalues, slope=0.01):
        right = dvalues * np.where(z > 0, 1.0, slope)
        right[-1] += 1.0
        return right

    assert (
        "they differ only in the last row"
        in check_exercise("03.leaky_relu_backward", off_in_last_row, quiet=True).message
    )


def test_a_factor_equal_to_a_size_of_the_data_is_named():
    def mean_over_n_only(inputs, weights, biases):
        z = inputs @ weights + biases
        return inputs.T @ ((z > 0) / len(inputs))

    outcome = check_exercise("03.mean_output_dweights", mean_over_n_only, quiet=True)
    assert outcome.kind == "factor_size"
    assert "M = 4 times too large: a 1/M is missing; L is the mean over all N*M outputs" in outcome.message


def test_points_hidden_variants_and_bad_variants():
    definition = all_exercises()["03.leaky_relu_backward"]
    assert check_exercise(definition.id, definition.reference(), quiet=True).points == definition.points
    seen = []

    def recording(z, dvalues, slope=0.01):
        seen.append(z.shape)
        return dvalues * np.where(z > 0, 1.0, slope)

    check_exercise(definition.id, recording, quiet=True)
    notebook = list(seen)
    seen.clear()
    assert check_exercise(definition.id, recording, quiet=True, variant=11).passed
    assert seen != notebook, "a hidden variant has the notebook's sizes"
    with pytest.raises(TypeError, match="variant must be None"):
        check_exercise(definition.id, recording, variant="1")


def test_check_explorer_says_plainly_when_given_a_function_or_another_explorer():
    from nnfs_helpers.widgets import learning_rate_explorer, shapes_explorer

    outcome = check_explorer("01.largest_step", learning_rate_explorer, quiet=True)
    assert outcome.kind == "wrong_object" and "the function `learning_rate_explorer`" in outcome.message
    other = check_explorer("01.largest_step", shapes_explorer(), quiet=True)
    assert other.status == "fail" and not other.passed
    assert "Traceback" not in str(other) and "bug" not in str(other)


def test_where_they_differ_names_samples_by_their_own_numbers():
    from nnfs_helpers.exercises.diagnose import where_they_differ

    g = np.array([1.0, -2.0, 3.0, -1.0])
    off = np.zeros((4, 3), dtype=bool)
    off[[1, 3]] = True
    assert where_they_differ(off, {"g": g}) == "only in the samples (rows) whose g is negative"
    z = np.array([[0.0, 1.0], [-1.0, 0.0]])
    assert where_they_differ(z == 0, {"z": z}) == "only where z = 0"
    last = np.zeros((3, 2), dtype=bool)
    last[2, 0] = True
    assert where_they_differ(last, {}) == "only in the last row"


# Graded hints, notebook arrays read by name, and the smallest case when the arrays print alike (NV1, NV2)


def _wrong_relu_squared():
    return all_exercises()["01.relu_squared_dw"].define(
        "def relu_squared_dw(x, w, b):\n    return np.asarray(x, dtype=float)\n"
    )


def test_the_first_fail_gives_the_idea_and_the_next_one_the_formula(capsys, monkeypatch):
    from nnfs_helpers.exercises import core

    monkeypatch.setattr(core, "_FAILS", {})
    definition = all_exercises()["01.relu_squared_dw"]
    first = check_exercise("01.relu_squared_dw", _wrong_relu_squared())
    second = check_exercise("01.relu_squared_dw", _wrong_relu_squared())
    assert first.hint.startswith(definition.idea) and definition.hint not in first.hint
    assert "fuller hint" in first.hint
    assert second.hint == f"{definition.idea} {definition.hint}"
    printed = capsys.readouterr().out
    assert printed.count("Hint: ") == 2 and printed.count(definition.hint) == 1
    # A quiet call (a test, a grader) and a hidden variant always carry the full hint and count nothing.
    assert check_exercise("01.relu_squared_dw", _wrong_relu_squared(), quiet=True).hint == second.hint
    assert check_exercise("01.relu_squared_dw", _wrong_relu_squared(), quiet=True, variant=3).hint == second.hint
    assert core._FAILS == {"01.relu_squared_dw": 2}
    # A third FAIL drops the idea the learner has now read twice.
    assert check_exercise("01.relu_squared_dw", _wrong_relu_squared()).hint == definition.hint


def test_every_exercise_of_notebooks_01_to_03_has_an_idea_without_its_formula():
    for id, definition in all_exercises().items():
        if id.split(".")[0] in {"01", "02", "03"}:
            assert definition.idea and definition.idea != definition.hint, id
            # The docstrings ask for a numpy array wherever the answer is one; a number is a number.
            assert definition.array_only == (definition.shapes["return"] != "()"), id


def test_a_notebook_array_read_instead_of_the_argument_is_named():
    namespace = {"np": np, "inputs": INPUTS}
    exec(
        "def first_layer_dweights(X, weights2, dvalues):\n    return inputs.T @ (dvalues @ weights2.T)\n",
        namespace,
    )
    result = check_exercise("02.first_layer_dweights", namespace["first_layer_dweights"], quiet=True)
    assert result.status == "fail"
    assert "reads `inputs` from the notebook, not from its own arguments" in result.message


def test_arrays_that_print_alike_are_shown_with_more_digits_and_their_difference():
    from nnfs_helpers.exercises.diagnose import describe_case

    text = describe_case(
        {"x": np.array([1.0, 2.0])}, np.zeros(2), np.array([5e-6, 2e-5]), "dL/dw", {"x": "(D,)"}, 1e-6, 1e-9
    )
    expected_line, returned_line = (line for line in text.splitlines() if "expected" in line or "returned" in line)
    assert expected_line.split("= ")[1] != returned_line.split("= ")[1]
    assert "the largest difference is 2.0e-05" in text


@pytest.mark.parametrize(
    ("sizes", "factor", "said"),
    [
        # Divided by N where the expected value divides by D: D/N times it.
        ({"N": 5, "D": 3}, 3 / 5, "an N where a D belongs"),
        ({"N": 5, "D": 3}, 5 / 3, "a D where an N belongs"),
        ({"M": 4, "C": 7}, 7 / 4, "an M where a C belongs"),
    ],
)
def test_a_swapped_size_is_named_with_the_article_its_letter_takes(sizes, factor, said):
    from nnfs_helpers.exercises.diagnose import _size_factor

    expected = np.array([[0.5, -1.25, 2.0]])
    kind, message = _size_factor(expected * factor, expected, sizes, "dweights", 1e-7, 1e-12)
    assert kind == "factor_size" and said in message, message


def test_a_wrong_entry_too_small_for_4_decimals_is_shown_with_more_digits_and_no_signed_zero():
    from nnfs_helpers.exercises.diagnose import describe_case

    expected, got = np.array([[-1.665061e-05, 0.39]]), np.array([[1.665061e-05, 0.39]])
    text = describe_case({"z": np.array([[-12.0, 0.0]])}, expected, got, "dinputs", {}, 1e-7, 1e-12)
    assert "-1.665061e-05" in text and "1.665061e-05" in text.split("you returned")[1], text
    assert "-0." not in text and "the largest difference is 3.3e-05" in text, text
    # A zero's sign is not shown: -0.0 prints as 0.
    assert "-0." not in describe_case(
        {"z": np.array([-0.0, 1.0])}, np.array([-0.0, 2.0]), np.array([0.0, 3.0]), "dz", {}, 1e-7, 1e-12
    )


def test_no_fuller_hint_repeats_the_opening_of_its_idea():
    """The second FAIL prints the idea and then the hint: a hint that opens as the idea does reads twice."""
    for id, definition in all_exercises().items():
        if definition.idea:
            opening = definition.idea.split(":")[0].split(".")[0].split("?")[0]
            assert not definition.hint.startswith(opening), f"{id}: the hint opens as its idea does: {opening!r}"


def test_a_name_from_a_cell_not_run_says_to_run_it():
    namespace = {"__name__": "__main__", "np": np}
    exec("def sigmoid_backward(z, dvalues):\n    s = sigmoid(z)\n    return dvalues * s * (1 - s)\n", namespace)
    result = check_exercise("04.sigmoid_backward", namespace["sigmoid_backward"], quiet=True)
    assert result.status == "fail" and "`sigmoid` is not defined in this kernel: run the cell above" in result.message


@exercise("test.doubles", hint="h", shapes={"x": "(N,)"})
def _(checker):
    x = np.array([0.3, -0.7, 0.45, 0.1])
    return checker.compare(checker.call(x=x), 2 * x, what="the result")


def test_an_all_zero_answer_is_called_zeros_not_only_a_cut_to_whole_numbers():
    # NVP: np.zeros(z.shape) for values all below 1 in size was told only "cut to whole numbers".
    text = assert_fail(result(lambda x: np.zeros(4), "test.doubles"), "rounded", "is all zeros", "multiply it by 0")
    assert "int()" in text
    # A cut that leaves some values nonzero is still named as one.
    text = assert_fail(result(lambda x: np.trunc(2 * x), "test.doubles"), "rounded", "cut to whole numbers")
    assert "all zeros" not in text
