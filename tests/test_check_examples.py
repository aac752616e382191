"""What a FAIL shows a learner: the smallest failing example is one the exercise allows, and a stub
sitting beside another exercise's finished function is 'not attempted', not a rename."""

import numpy as np

from nnfs_helpers.exercises import check_exercise
from nnfs_helpers.exercises.registry import lookup


def test_a_stub_beside_another_exercises_function_is_not_attempted_and_a_real_rename_is_named():
    namespace = {"__name__": "__main__", "np": np}
    exec(lookup("exercise", "04.sigmoid_backward").solution, namespace)
    stub = lookup("exercise", "04.log_softmax_backward")
    exec(stub.stub, namespace)
    result = check_exercise("04.log_softmax_backward", namespace[stub.function_name], quiet=True)
    assert result.status == "not attempted", result.message

    exec("def my_version(z, dvalues):\n    return dvalues\n", namespace)
    result = check_exercise("04.log_softmax_backward", namespace[stub.function_name], quiet=True)
    assert result.status == "fail" and "`my_version`" in result.message


def _softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# As if defined in a notebook cell: the learner's own softmax, which 05's check accepts (an imported one it refuses).
_softmax.__module__ = "__main__"


# Slips whose message shows the smallest failing example (none of them has a named mistake of its own).
SLIPS = {
    "a wrong weight on the labels": lambda logits, y_soft: (_softmax(logits) - y_soft**2) / len(logits),
    "an extra term": lambda logits, y_soft: (_softmax(logits) - y_soft + 0.1 * y_soft * _softmax(logits)) / len(logits),
    "the softmax of the labels": lambda logits, y_soft: (_softmax(logits) - _softmax(y_soft)) / len(logits),
}


def test_the_smallest_soft_label_example_keeps_every_label_row_a_distribution():
    shown = 0
    for slip, fn in SLIPS.items():
        result = check_exercise("05.soft_label_gradient", fn, quiet=True)
        assert result.status == "fail", slip
        lines = result.message.splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip().startswith("y_soft")]
        if not starts:
            continue
        end = next(i for i, line in enumerate(lines) if line.strip().startswith("expected"))
        text = " ".join(lines[starts[0] : end]).split("=", 1)[1]
        rows = np.array(eval(text))  # the printed array, as the learner reads it
        assert rows.ndim == 2 and rows.shape[1] >= 2, slip
        np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=2e-4, err_msg=slip)
        shown += 1
    assert shown, "no slip showed an example: pick slips that get the generic message"
