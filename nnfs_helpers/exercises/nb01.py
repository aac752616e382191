"""Notebook 01's exercises, each defined once (docs/exercises.md); its questions are in questions.py.

The neuron is ``h = ReLU(z)`` with ``z = sum_i x_i w_i + b`` for one sample of D inputs. Every check
runs several neurons with different D, points on both sides of the kink and exactly on it, and the
notebook's own neuron in whole numbers (as integer arrays, as a learner types them).
"""

from __future__ import annotations

import numpy as np

from .guard import Failed
from .registry import Mistake, define_exercise


def _z(x, w, b) -> float:
    return float(np.dot(np.asarray(x, dtype=float), np.asarray(w, dtype=float)) + b)


def _neurons(checker):
    """(x, w, b): the notebook's neuron in integers (z = 6); whole-number x with weights in quarters
    (fractions an integer array cannot hold); one with z < 0; one with z = 0 exactly (binary
    fractions, so the sum is exactly 0); one with D = 2."""
    rng = checker.rng(101)
    if not checker.hidden:
        return [
            (np.array([1, -2, 3]), np.array([-3, -1, 2]), 1),
            (np.array([2, -1, 3, 1]), np.array([0.25, -0.5, 0.75, 0.5]), 0.5),
            (np.array([0.5, -1.0, 2.0, 1.5, -0.5]), np.array([0.2, 0.4, -0.6, 0.1, 0.3]), -0.2),
            (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 0.0),
            # b in sixteenths: 2h x_i = -9.9375 has four decimals, so an answer rounded to 2 or 3 shows.
            (np.array([-1.5, 2.0]), np.array([-1.0, 0.75]), 0.3125),
        ]
    neurons = []
    for kind in ("int", "quarters", "negative", "zero", "positive"):
        d = checker.size(3, low=2, high=6)
        x = rng.integers(-3, 4, size=d)
        x[0] = rng.choice([-2, 2])
        w = rng.integers(-4, 5, size=d) / (1 if kind == "int" else 4)
        z = float(x @ w)
        if kind == "int":
            b = 1 if z > 0 else int(-z) + 1  # a whole-number bias with z + b > 0
            w = w.astype(int)
        elif kind == "negative":
            b = -abs(z) - 0.5
        elif kind == "zero":
            b = -z
        elif kind == "quarters":
            x[-1] = rng.choice([-3, -1, 1, 3])  # an odd x_i: 2h x_i is then a fraction
            z = float(x @ w)
            b = -z + 1.25  # h = 1.25, so 2h = 2.5
        else:
            b = abs(z) - z + 0.8125  # sixteenths: 2h x_i has three or four decimals (a rounded answer shows)
        neurons.append((x if kind in ("int", "quarters") else x.astype(float), w, b))
    return neurons


def _collected(checker, got, expected: np.ndarray, what: str):
    """The learner's answer for one neuron, once its shape is right; a wrong shape, ``None`` or
    something that is not numbers stops the check here, diagnosed on this neuron alone."""
    try:
        shape = np.asarray(got, dtype=np.float64).shape
    except (TypeError, ValueError):
        shape = None
    if got is None or shape != expected.shape or (expected.ndim and isinstance(got, (list, tuple))):
        checker.compare(got, expected, what=what)
    return np.asarray(got)


def _same_numbers(got, numbers: np.ndarray) -> bool:
    try:
        array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return array.shape == numbers.shape and bool(np.allclose(array, numbers))


def _listed(numbers: np.ndarray) -> str:
    return "[" + ", ".join(f"{value:g}" for value in numbers) + "]"


# ---------------------------------------------------------------------------------------------
# 01.relu_squared_dw

_DW_DOC = '''\
    """Gradient of L = h**2, where h = ReLU(z) and z = sum_i x_i w_i + b, with respect to the weights.

    x: the inputs, a numpy array of shape (D,).
    w: the weights, shape (D,).
    b: the bias, a number.
    Returns dL/dw, a numpy array of shape (D,).
    """
'''
_DW = "def relu_squared_dw(x, w, b):\n"


def _dw(body: str) -> str:
    return _DW + "    z = np.dot(x, w) + b\n" + body


@define_exercise(
    "01.relu_squared_dw",
    full_precision=("x", "w", "b"),
    stub=_DW + _DW_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_DW
    + _DW_DOC
    + (
        "    z = np.dot(x, w) + b\n"
        "    h = max(z, 0.0)\n"
        "    dL_dh = 2.0 * h\n"
        "    dL_dz = dL_dh * (1.0 if z > 0 else 0.0)\n"
        "    return dL_dz * np.asarray(x, dtype=float)\n"
    ),
    why=(
        "The square adds one factor at the front of the chain, $\\partial L / \\partial h = 2h$; the rest is the "
        "neuron's own $\\mathrm{ReLU}'(z)\\,x_i$, so $\\partial L / \\partial w_i = 2\\,\\mathrm{ReLU}(z)\\,x_i$, "
        "which is 0 wherever $z \\le 0$. A mask written `z >= 0` passes too: at $z = 0$ the factor $2h$ is 0 "
        "whatever the mask says, so $h^2$, unlike $h$, has a derivative there (0)."
    ),
    idea="Only the first link of the chain is new: what is dL/dh when L = h**2?",
    hint="With L = h**2 the chain starts with dL/dh = 2h; after that it is the neuron's own ReLU'(z) * x_i.",
    array_only=True,
    points=2,
    shapes={"x": "(D,)", "w": "(D,)", "return": "(D,)"},
    mistakes=[
        Mistake(
            "forgot_outer_factor",
            _dw("    return (1.0 if z > 0 else 0.0) * np.asarray(x, dtype=float)\n"),
            "forgot_outer_factor",
        ),
        Mistake("forgot_two", _dw("    return max(z, 0.0) * np.asarray(x, dtype=float)\n"), "forgot_two"),
        Mistake("no_mask", _dw("    return 2.0 * z * np.asarray(x, dtype=float)\n"), "relu_mask"),
        Mistake("swapped_factor", _dw("    return 2.0 * max(z, 0.0) * np.asarray(w, dtype=float)\n"), "swapped_factor"),
        # Passed the first engine's data (float inputs only): with the notebook's whole-number x,
        # np.zeros_like(x) is an integer array and 2h x_i = 3.5 is stored as 3.
        Mistake(
            "integer_array",
            _dw(
                "    dw = np.zeros_like(x)\n    for i in range(len(x)):\n        dw[i] = 2 * max(z, 0) * x[i]\n"
                "    return dw\n"
            ),
            "int_dtype",
        ),
        Mistake("uphill_sign", _dw("    return -2.0 * max(z, 0.0) * np.asarray(x, dtype=float)\n"), "sign"),
        # NV1: with the notebook's whole-number neuron h is a whole number too, and h * x was judged on
        # that neuron alone, where its factor 1/2 read as "one 1/D too many".
        Mistake("forgot_two_whole", _dw("    h = max(z, 0.0)\n    return h * np.asarray(x)\n"), "forgot_two"),
        Mistake("squared_whole", _dw("    h = max(z, 0.0)\n    return h**2 * np.asarray(x)\n"), "squared_not_derived"),
        # NV1: a list passed, where the docstring asks for a numpy array.
        Mistake("list_returned", _dw("    h = max(z, 0.0)\n    return [2 * h * xi for xi in x]\n"), "a numpy array"),
        Mistake("x_in_place", _dw("    x *= 2 * max(z, 0.0)\n    return x\n"), "the code that called your function"),
        # NV2: the notebook's numbers typed in got only a shape complaint on the next neuron.
        Mistake("notebook_numbers", _DW + "    return np.array([12.0, -24.0, 36.0])\n", "the notebook's neuron"),
        # NVB: a number 0 where z <= 0 was told the shape only; an answer rounded to 2 decimals passed.
        Mistake("scalar_zero", _dw("    return 2 * max(z, 0.0) * x if z > 0 else 0\n"), "scalar_zero"),
        Mistake("rounded_2", _dw("    return np.round(2 * max(z, 0.0) * np.asarray(x, dtype=float), 2)\n"), "rounded"),
    ],
)
def _(checker):
    answers, expected, z_each, x_each, swapped, no_bias, w_each = [], [], [], [], [], [], []
    for x, w, b in _neurons(checker):
        z = _z(x, w, b)
        z_nob = _z(x, w, 0.0)
        no_bias.append(2.0 * max(z_nob, 0.0) * (z_nob > 0) * np.asarray(x, dtype=float))
        w_each.append(np.asarray(w, dtype=float))
        right = 2.0 * max(z, 0.0) * (1.0 if z > 0 else 0.0) * np.asarray(x, dtype=float)
        try:
            got = checker.call(x=x, w=w, b=b)
        except Failed as failure:
            if failure.kind == "raised" and "IndexError" in failure.message:
                raise Failed(
                    "raised",
                    failure.message + f"\nThis neuron has D = {len(x)} inputs: a body that names x[0], x[1], ... "
                    "one by one works for one D only; work on the whole array x (or loop over range(len(x)))",
                ) from None
            raise
        if z <= 0 and np.ndim(got) == 0 and _same_numbers(got, np.asarray(0.0)) and len(x) > 1:
            raise Failed(
                "scalar_zero",
                f"for a neuron with z = {z:g} <= 0 you returned the single number 0; dL/dw is still one value per "
                f"weight, here {len(x)} zeros: return an array of shape (D,), such as np.zeros(len(x)) or 0 * x",
            )
        if expected and _same_numbers(got, expected[0]) and not _same_numbers(right, expected[0]):
            raise Failed(
                "hard_coded",
                f"you returned {_listed(expected[0])}, the answer for the notebook's neuron, for a neuron with other "
                "inputs: compute dL/dw from the arguments x, w and b",
            )
        answers.append(_collected(checker, got, right, "dL/dw"))
        expected.append(right)
        z_each.append(np.full(x.shape, z))
        x_each.append(np.asarray(x, dtype=float))
        swapped.append(2.0 * max(z, 0.0) * np.asarray(w, dtype=float))
    # An integer answer for one neuron is judged on that neuron first: exact for whole-number
    # data, but 2h x_i with a fraction in it cannot be stored.
    for answer, right in zip(answers, expected, strict=True):
        if answer.dtype.kind in "iub" and not np.array_equal(right, np.round(right)):
            checker.compare(answer, right, what="dL/dw", sizes={})
    # Then one comparison over all neurons, so a mistake that scales each neuron differently (a
    # forgotten 2h) is not mistaken for one common factor.
    got = np.concatenate([np.asarray(answer, dtype=float) for answer in answers])
    right = np.concatenate(expected)
    z_all, x_all = np.concatenate(z_each), np.concatenate(x_each)
    gate = (z_all > 0).astype(float)
    checker.compare(
        got,
        right,
        what="dL/dw",
        sizes={},
        relu_z=z_all,
        relu_upstream=lambda mask: 2.0 * z_all * mask * x_all,
        known={
            "forgot_outer_factor": (
                gate * x_all,
                "dL/dw is the gradient of h, not of h**2: the chain rule needs dL/dh = 2h in front",
            ),
            "forgot_two": (
                0.5 * right,
                "dL/dw is half the answer: the derivative of h**2 is 2h, and the 2 is missing",
            ),
            "squared_not_derived": (
                np.maximum(z_all, 0) ** 2 * x_all,
                "dL/dw starts from h**2 itself; the chain rule starts from its derivative, dL/dh = 2h",
            ),
            "times_w": (
                right * np.concatenate(w_each),
                "dL/dw has an extra factor w_i: dz/dw_i = x_i, the weight itself does not appear",
            ),
            "bias_left_out": (
                np.concatenate(no_bias),
                "dL/dw uses z = sum_i x_i w_i without the bias: z = sum_i x_i w_i + b, and b moves z and h",
            ),
            "swapped_factor": (
                np.concatenate(swapped),
                "that is dL/dx, with w_i at the end: the multiply node x_i w_i sends x_i to the weight and w_i "
                "to the input",
            ),
        },
    )
    sizes = ", ".join(str(len(x)) for x in x_each)
    return f"dL/dw matches for {len(x_each)} neurons (D = {sizes}), with z > 0, z < 0 and z = 0 exactly"


# ---------------------------------------------------------------------------------------------
# 01.predicted_output

_PRED_DOC = '''\
    """The output h of the ReLU neuron after one SGD step on L = h, predicted to first order.

    x: the inputs, a numpy array of shape (D,).
    w: the weights, shape (D,).
    b: the bias, a number.
    learning_rate: the step size eta, a positive float.
    Returns the predicted output h + Delta h, with Delta h = -learning_rate * |grad h|**2, a number.
    """
'''
_PRED = "def predicted_output(x, w, b, learning_rate):\n"


def _pred(body: str) -> str:
    return _PRED + "    z = np.dot(x, w) + b\n    gate = 1.0 if z > 0 else 0.0\n" + body


@define_exercise(
    "01.predicted_output",
    full_precision=("x", "w", "b", "learning_rate"),
    stub=_PRED + _PRED_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_PRED
    + _PRED_DOC
    + (
        "    z = np.dot(x, w) + b\n"
        "    h = max(z, 0.0)\n"
        "    gate = 1.0 if z > 0 else 0.0\n"
        "    squared_gradient = gate * (np.sum(np.square(x)) + 1.0)\n"
        "    return h - learning_rate * squared_gradient\n"
    ),
    why=(
        "The gradient is $\\partial h/\\partial w_i = \\mathrm{ReLU}'(z)\\,x_i$ and $\\partial h/\\partial b = "
        "\\mathrm{ReLU}'(z)$, so $\\Delta h \\approx -\\eta \\lVert \\nabla h \\rVert^2 = -\\eta\\, \\mathrm{ReLU}'(z) "
        "\\left(\\sum_i x_i^2 + 1\\right)$ (the gate squared is the gate). The prediction is exact while the step "
        "keeps $z > 0$; a step that crosses the kink makes it negative, while the real output stops at 0."
    ),
    idea="Start from h at the current parameters and add the change the notebook derived for one step; "
    "grad h has one entry per parameter, and the bias is a parameter too.",
    hint="dh/dw_i = ReLU'(z) x_i and dh/db = ReLU'(z); the step changes h by about -eta times the sum of "
    "their squares.",
    points=2,
    shapes={"x": "(D,)", "w": "(D,)", "return": "()"},
    mistakes=[
        Mistake(
            "recomputed",
            _pred(
                "    new_w = np.asarray(w) - learning_rate * gate * np.asarray(x)\n"
                "    new_b = b - learning_rate * gate\n"
                "    return max(np.dot(x, new_w) + new_b, 0.0)\n"
            ),
            "recomputed",
        ),
        Mistake(
            "forgot_bias",
            _pred("    return max(z, 0.0) - learning_rate * gate * np.sum(np.square(x))\n"),
            "forgot_bias",
        ),
        Mistake(
            "uphill", _pred("    return max(z, 0.0) + learning_rate * gate * (np.sum(np.square(x)) + 1.0)\n"), "uphill"
        ),
        Mistake(
            "no_gate", _pred("    return max(z, 0.0) - learning_rate * (np.sum(np.square(x)) + 1.0)\n"), "relu_mask"
        ),
        Mistake(
            "change_only", _pred("    return -learning_rate * gate * (np.sum(np.square(x)) + 1.0)\n"), "change_only"
        ),
        Mistake(
            "norm_not_squared",
            _pred("    return max(z, 0.0) - learning_rate * gate * np.sqrt(np.sum(np.square(x)) + 1.0)\n"),
            "norm_not_squared",
        ),
        # NV1: the bias forgotten, or the step taken uphill, without the gate: both got the generic message.
        Mistake(
            "forgot_bias_no_gate",
            _pred("    return max(z, 0.0) - learning_rate * np.sum(np.square(x))\n"),
            "forgot_bias_no_gate",
        ),
        Mistake(
            "uphill_no_gate",
            _pred("    return max(z, 0.0) + learning_rate * (np.sum(np.square(x)) + 1.0)\n"),
            "uphill_no_gate",
        ),
        # NV2: |grad h|**2 = 15 of the notebook's neuron typed in got the generic message.
        Mistake("fifteen_typed_in", _pred("    return max(z, 0.0) - learning_rate * 15\n"), "fifteen_typed_in"),
        # NVA: z without the bias, and the weights' squares added to the inputs', got the generic message.
        Mistake(
            "bias_left_out_of_z",
            _PRED
            + "    z = np.dot(x, w)\n    gate = 1.0 if z > 0 else 0.0\n"
            + "    return max(z, 0.0) - learning_rate * gate * (np.sum(np.square(x)) + 1.0)\n",
            "bias_left_out_of_z",
        ),
        # NVH: w where x belongs (without the gate), and the squared length squared again, got "differs".
        Mistake(
            "weights_squared_no_gate",
            _pred("    return max(z, 0.0) - learning_rate * (np.sum(np.square(w)) + 1.0)\n"),
            "weights_squared_no_gate",
        ),
        Mistake(
            "squared_twice",
            _pred("    return max(z, 0.0) - learning_rate * gate * (np.sum(np.square(x)) + 1.0) ** 2\n"),
            "squared_twice",
        ),
        Mistake(
            "mean_not_sum",
            _pred("    return max(z, 0.0) - learning_rate * gate * (np.mean(np.square(x)) + 1.0)\n"),
            "mean_not_sum",
        ),
        Mistake(
            "sum_then_squared",
            _pred("    return max(z, 0.0) - learning_rate * gate * (np.sum(x) ** 2 + 1.0)\n"),
            "sum_then_squared",
        ),
        Mistake(
            "weights_squared_too",
            _pred(
                "    return max(z, 0.0) - learning_rate * gate * (np.sum(np.square(x)) + np.sum(np.square(w)) + 1)\n"
            ),
            "weights_squared_too",
        ),
    ],
)
def _(checker):
    # (x, w, b, eta): the notebook's neuron with eta = 0.01 (5.85), in integers; a neuron with z < 0;
    # a step so large that z crosses 0 (the prediction is negative, a real forward pass gives 0);
    # a small step; a neuron exactly at the kink.
    if checker.hidden:
        rng = checker.rng(102)
        steps = [(x, w, b, float(rng.choice([0.01, 0.02, 0.05]))) for x, w, b in _neurons(checker)]
        # The last neuron has z > 0: a step one and a half times as large as the one that reaches
        # the kink crosses it, where the prediction and a recomputed forward pass part.
        x, w, b, _ = steps[-1]
        squared_length = float(np.sum(np.square(np.asarray(x, dtype=float)))) + 1.0
        steps[-1] = (x, w, b, round(1.5 * _z(x, w, b) / squared_length, 4))
    else:
        steps = [
            (np.array([1, -2, 3]), np.array([-3, -1, 2]), 1, 0.01),
            (np.array([0.5, -1.0, 2.0, 1.5, -0.5]), np.array([0.2, 0.4, -0.6, 0.1, 0.3]), -0.2, 0.1),
            (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 1.0, 0.5),
            (np.array([-1.5, 2.0]), np.array([-1.0, 0.75]), 0.25, 0.05),
            (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 0.0, 0.1),
        ]
    answers, expected = [], []
    names = ("recomputed", "forgot_bias", "uphill", "change_only", "norm_not_squared", "no_square", "x_times_w")
    extra = ("weights_squared", "z_for_h", "eta_squared", "forgot_bias_no_gate", "uphill_no_gate")
    extra += ("fifteen_typed_in", "fifteen_gated", "bias_left_out_of_z", "weights_squared_too")
    extra += ("weights_squared_no_gate", "squared_twice", "sum_then_squared", "mean_not_sum")
    wrong = {name: [] for name in (*names, *extra)}
    z_all, h_all, size_all, rate_all = [], [], [], []
    for x, w, b, eta in steps:
        z = _z(x, w, b)
        h, gate = max(z, 0.0), 1.0 if z > 0 else 0.0
        xf = np.asarray(x, dtype=float)
        squared_length = float(np.sum(xf * xf)) + 1.0
        right = np.asarray(h - eta * gate * squared_length)
        answers.append(_collected(checker, checker.call(x=x, w=w, b=b, learning_rate=eta), right, "the predicted h"))
        expected.append(right)
        new_w, new_b = np.asarray(w, dtype=float) - eta * gate * xf, b - eta * gate
        wrong["recomputed"].append(max(float(xf @ new_w + new_b), 0.0))
        wrong["forgot_bias"].append(h - eta * gate * (squared_length - 1.0))
        wrong["forgot_bias_no_gate"].append(h - eta * (squared_length - 1.0))
        wrong["uphill_no_gate"].append(h + eta * squared_length)
        wrong["fifteen_typed_in"].append(h - eta * 15.0)
        wrong["fifteen_gated"].append(h - eta * gate * 15.0)
        wrong["uphill"].append(h + eta * gate * squared_length)
        wrong["change_only"].append(-eta * gate * squared_length)
        wrong["norm_not_squared"].append(h - eta * gate * np.sqrt(squared_length))
        wf = np.asarray(w, dtype=float)
        wrong["no_square"].append(h - eta * gate * (float(np.sum(xf)) + 1.0))
        wrong["x_times_w"].append(h - eta * gate * (float(xf @ wf) + 1.0))
        wrong["weights_squared"].append(h - eta * gate * (float(wf @ wf) + 1.0))
        wrong["weights_squared_no_gate"].append(h - eta * (float(wf @ wf) + 1.0))
        wrong["squared_twice"].append(h - eta * gate * squared_length**2)
        wrong["mean_not_sum"].append(h - eta * gate * (float(np.mean(xf * xf)) + 1.0))
        wrong["sum_then_squared"].append(h - eta * gate * (float(np.sum(xf)) ** 2 + 1.0))
        wrong["z_for_h"].append(z - eta * gate * squared_length)
        z_nob = float(xf @ wf)
        wrong["bias_left_out_of_z"].append(max(z_nob, 0.0) - eta * (1.0 if z_nob > 0 else 0.0) * squared_length)
        wrong["weights_squared_too"].append(h - eta * gate * (squared_length + float(wf @ wf)))
        wrong["eta_squared"].append(h - eta**2 * gate * squared_length)
        z_all.append(z)
        h_all.append(h)
        size_all.append(squared_length)
        rate_all.append(eta)
    z_all, h_all, size_all, rate_all = (np.array(v) for v in (z_all, h_all, size_all, rate_all))
    checker.compare(
        np.array(answers, dtype=float),
        np.array(expected),
        what="the predicted h",
        shape=f"({len(steps)},)",
        sizes={},
        relu_z=z_all,
        relu_upstream=lambda mask: h_all - rate_all * mask * size_all,
        known={
            "recomputed": (
                wrong["recomputed"],
                "that is h cut at 0, as a forward pass with the new parameters gives it; the question asks what "
                "the gradient predicts, h - eta * |grad h|**2, a straight line that does not stop at z = 0",
            ),
            "forgot_bias": (
                wrong["forgot_bias"],
                "the bias moves too: its gradient dh/db adds its square to |grad h|**2",
            ),
            "uphill": (
                wrong["uphill"],
                "the predicted h went up: a gradient-descent step moves against the gradient, so h falls",
            ),
            "fifteen_typed_in": (
                wrong["fifteen_typed_in"],
                "the step uses 15, the |grad h|**2 of the notebook's neuron; each case has other inputs: compute "
                "|grad h|**2 = sum_i x_i**2 + 1 from x (and it is 0 where z <= 0)",
            ),
            "fifteen_gated": (
                wrong["fifteen_gated"],
                "the step uses 15, the |grad h|**2 of the notebook's neuron; each case has other inputs: compute "
                "|grad h|**2 = sum_i x_i**2 + 1 from x",
            ),
            "forgot_bias_no_gate": (
                wrong["forgot_bias_no_gate"],
                "two things: the bias moves too (its gradient dh/db = ReLU'(z) adds its square, the +1, to "
                "|grad h|**2), and where z <= 0 every gradient is 0, so h does not change there",
            ),
            "uphill_no_gate": (
                wrong["uphill_no_gate"],
                "two things: the predicted h went up (a gradient-descent step moves against the gradient, so h "
                "falls), and where z <= 0 every gradient is 0, so h does not change there",
            ),
            "change_only": (
                wrong["change_only"],
                "that is the predicted change, Delta h; return the output after the step, h + Delta h",
            ),
            "no_square": (
                wrong["no_square"],
                "the step changes h by -eta |grad h|**2 = -eta (sum_i x_i**2 + 1): each x_i is squared, "
                "you added the x_i themselves",
            ),
            "x_times_w": (
                wrong["x_times_w"],
                "|grad h|**2 adds up the squares of dh/dw_i = x_i (and of dh/db = 1): x_i * x_i, not x_i * w_i",
            ),
            "weights_squared": (
                wrong["weights_squared"],
                "|grad h|**2 adds up the squares of dh/dw_i, and dh/dw_i is x_i, not w_i: the multiply node "
                "x_i w_i sends x_i to the weight and w_i to the input",
            ),
            "weights_squared_no_gate": (
                wrong["weights_squared_no_gate"],
                "two things: dh/dw_i is x_i, not w_i (the multiply node x_i w_i sends x_i to the weight), so "
                "|grad h|**2 adds up the x_i**2; and where z <= 0 every gradient is 0, so h does not change there",
            ),
            "mean_not_sum": (
                wrong["mean_not_sum"],
                "|grad h|**2 is a sum of squares, sum_i x_i**2 + 1; a mean divides the x_i**2 by D",
            ),
            "squared_twice": (
                wrong["squared_twice"],
                "the step changes h by -eta |grad h|**2 = -eta (sum_i x_i**2 + 1): that sum is already the "
                "square; you squared it again",
            ),
            "sum_then_squared": (
                wrong["sum_then_squared"],
                "|grad h|**2 is sum_i x_i**2 + 1, each x_i squared on its own; (sum_i x_i)**2 also adds the "
                "cross terms 2 x_i x_k",
            ),
            "bias_left_out_of_z": (
                wrong["bias_left_out_of_z"],
                "the prediction uses z = sum_i x_i w_i without the bias: z = sum_i x_i w_i + b decides h and the "
                "gate, and b moves z and h",
            ),
            "weights_squared_too": (
                wrong["weights_squared_too"],
                "|grad h|**2 also adds the weights' squares, sum_i w_i**2; it sums only the squares of the "
                "gradient's entries, dh/dw_i = x_i and dh/db = 1 (times the gate): the weights are not in it",
            ),
            "z_for_h": (
                wrong["z_for_h"],
                "the prediction starts from z; it starts from the output h = ReLU(z), which is 0 where z <= 0",
            ),
            "eta_squared": (
                wrong["eta_squared"],
                "the step changes h by -eta |grad h|**2: eta once (the step is -eta grad h, dotted with grad h)",
            ),
            "norm_not_squared": (
                wrong["norm_not_squared"],
                "the step changes h by -eta times |grad h| squared, sum_i x_i**2 + 1, not by its square root",
            ),
        },
    )
    return f"the prediction matches for {len(steps)} steps" + (
        ", 5.85 among them, including one that crosses z = 0" if not checker.hidden else ""
    )
