"""Notebook 01's exercises and explorer questions, registered on import (docs/exercises.md).

The neuron is ``y = ReLU(z)`` with ``z = x @ w + b`` for one sample of D inputs. Every check
runs several neurons with different D, and points on both sides of the kink and exactly on it.
"""

from __future__ import annotations

import numpy as np

from ..neuron import neuron_backward, neuron_forward, sgd_step
from ..widgets import LearningRateExplorer, NeuronGraphExplorer
from .core import compare, exercise, question

# (x, w, b): the notebook's neuron (z = 6), then D = 5 with z < 0, D = 4 with z = 0 exactly
# (every product is a binary fraction, so the sum is exactly 0), and D = 2 with z > 0.
_NEURONS = (
    (np.array([1.0, -2.0, 3.0]), np.array([-3.0, -1.0, 2.0]), 1.0),
    (np.array([0.5, -1.0, 2.0, 1.5, -0.5]), np.array([0.2, 0.4, -0.6, 0.1, 0.3]), -0.2),
    (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 0.0),
    (np.array([-1.5, 2.0]), np.array([-1.0, 0.75]), 0.25),
)


def _z(x, w, b) -> float:
    return float(np.dot(x, w) + b)


def _collected(got, expected: np.ndarray, what: str):
    """The learner's answer for one neuron, once its shape is right; a wrong shape, ``None`` or
    something that is not numbers stops the check here, diagnosed on this neuron alone."""
    try:
        shape = np.asarray(got, dtype=np.float64).shape
    except (TypeError, ValueError):
        shape = None
    if got is None or shape != expected.shape:
        compare(got, expected, what=what)
    return np.asarray(got)


@exercise(
    "01.relu_squared_dw",
    hint="With L = y**2 the chain starts with dL/dy = 2y; after that it is the neuron's own ReLU'(z) * x_i.",
    shapes={"x": "(D,)", "w": "(D,)", "return": "(D,)"},
)
def _(call):
    answers, expected, z_each, x_each, swapped = [], [], [], [], []
    for x, w, b in _NEURONS:
        z = _z(x, w, b)
        right = 2.0 * max(z, 0.0) * (1.0 if z > 0 else 0.0) * x
        answers.append(_collected(call(x=x, w=w, b=b), right, "dL/dw"))
        expected.append(right)
        z_each.append(np.full(x.shape, z))
        x_each.append(x)
        swapped.append(2.0 * max(z, 0.0) * w)
    # One comparison over all four neurons, so a mistake that scales each neuron differently
    # (a forgotten 2y) is not mistaken for one common factor.
    got, right = np.concatenate(answers), np.concatenate(expected)
    z_all, x_all = np.concatenate(z_each), np.concatenate(x_each)
    gate = (z_all > 0).astype(float)
    compare(
        got,
        right,
        what="dL/dw",
        relu_z=z_all,
        relu_upstream=lambda mask: 2.0 * z_all * mask * x_all,
        known={
            "forgot_outer_factor": (
                gate * x_all,
                "dL/dw is the gradient of y, not of y**2: the chain rule needs dL/dy = 2y in front",
            ),
            "swapped_factor": (
                np.concatenate(swapped),
                "that is dL/dx, with w_i at the end: the multiply node x_i w_i sends x_i to the weight and w_i "
                "to the input",
            ),
        },
    )
    return "dL/dw matches for four neurons (D = 3, 5, 4, 2), with z > 0, z < 0 and z = 0 exactly"


# (x, w, b, learning rate): the notebook's neuron with eta = 0.01 (5.85), a neuron with z < 0,
# a step so large that z crosses 0 (prediction -2.625, a real forward pass 0), a small step,
# and a neuron exactly at the kink.
_STEPS = (
    (np.array([1.0, -2.0, 3.0]), np.array([-3.0, -1.0, 2.0]), 1.0, 0.01),
    (np.array([0.5, -1.0, 2.0, 1.5, -0.5]), np.array([0.2, 0.4, -0.6, 0.1, 0.3]), -0.2, 0.1),
    (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 1.0, 0.5),
    (np.array([-1.5, 2.0]), np.array([-1.0, 0.75]), 0.25, 0.05),
    (np.array([1.0, 2.0, -1.0, 0.5]), np.array([0.5, -0.25, 1.0, 2.0]), 0.0, 0.1),
)


@exercise(
    "01.predicted_output",
    hint="dy/dw_i = ReLU'(z) x_i and dy/db = ReLU'(z); the step changes y by about -eta times the sum of "
    "their squares.",
    shapes={"x": "(D,)", "w": "(D,)", "return": "()"},
)
def _(call):
    answers, expected = [], []
    wrong = {"recomputed": [], "forgot_bias": [], "uphill": [], "change_only": []}
    z_all, y_all, size_all, rate_all = [], [], [], []
    for x, w, b, learning_rate in _STEPS:
        z = _z(x, w, b)
        y, gate = max(z, 0.0), 1.0 if z > 0 else 0.0
        squared_length = float(np.sum(x * x)) + 1.0
        right = np.asarray(y - learning_rate * gate * squared_length)
        answers.append(_collected(call(x=x, w=w, b=b, learning_rate=learning_rate), right, "the predicted y"))
        expected.append(right)
        grads = neuron_backward(x, w, b)
        new_w, new_b = sgd_step(w, b, grads.dw, grads.db, learning_rate)
        wrong["recomputed"].append(neuron_forward(x, new_w, new_b).y)
        wrong["forgot_bias"].append(y - learning_rate * gate * (squared_length - 1.0))
        wrong["uphill"].append(y + learning_rate * gate * squared_length)
        wrong["change_only"].append(-learning_rate * gate * squared_length)
        z_all.append(z)
        y_all.append(y)
        size_all.append(squared_length)
        rate_all.append(learning_rate)
    z_all, y_all, size_all, rate_all = (np.array(v) for v in (z_all, y_all, size_all, rate_all))
    compare(
        np.array(answers, dtype=float),
        np.array(expected),
        what="the predicted y",
        shape="(5,)",
        relu_z=z_all,
        relu_upstream=lambda mask: y_all - rate_all * mask * size_all,
        known={
            "recomputed": (
                wrong["recomputed"],
                "that is y from a forward pass with the new parameters; the question asks what the gradient "
                "predicts, y - eta * |grad y|**2, which differs once a step crosses z = 0",
            ),
            "forgot_bias": (
                wrong["forgot_bias"],
                "the bias moves too: its gradient dy/db adds its square to |grad y|**2",
            ),
            "uphill": (
                wrong["uphill"],
                "the predicted y went up: a gradient-descent step moves against the gradient, so y falls",
            ),
            "change_only": (
                wrong["change_only"],
                "that is the predicted change, Delta y; return the output after the step, y + Delta y",
            ),
        },
    )
    return "the prediction matches for five steps, 5.85 among them, including one that crosses z = 0"


@question("01.zero_weight_gradient", explorer=NeuronGraphExplorer)
def _(explorer):
    state = explorer.state()
    dw, x1 = state["dw"], state["x"][1]
    if not state["relu_on"]:
        return False, (
            f"z = {state['z']:.2f} <= 0, so the ReLU is off and every gradient is 0, not only ∂L/∂w₁; "
            "find a setting that zeroes ∂L/∂w₁ alone"
        )
    if abs(dw[1]) < 1e-9 and abs(dw[0]) > 1e-9 and abs(dw[2]) > 1e-9:
        return True, f"x₁ = {x1:.2f} gives ∂L/∂w₁ = 0 while ∂L/∂w₀ = {dw[0]:.2f} and ∂L/∂w₂ = {dw[2]:.2f}"
    zeros = [f"∂L/∂w{'₀₁₂'[i]}" for i in (0, 2) if abs(dw[i]) < 1e-9]
    if abs(dw[1]) < 1e-9:
        return False, f"∂L/∂w₁ = 0, but so is {' and '.join(zeros)}; keep the other weights' gradients non-zero"
    return False, f"with x₁ = {x1:.2f}, ∂L/∂w₁ = {dw[1]:.2f}"


@question("01.largest_step", explorer=LearningRateExplorer)
def _(explorer):
    state = explorer.state()
    if state["steps"]:
        return False, (
            f"you have taken {state['steps']} step(s); the question is about one step from the start: "
            "press Reset, then set the slider"
        )
    eta, notch = state["learning_rate"], explorer.lr_slider.step

    def y_after(learning_rate):
        grads = neuron_backward(state["x"], state["w"], state["b"], 1.0)
        w, b = sgd_step(state["w"], state["b"], grads.dw, grads.db, learning_rate)
        return neuron_forward(state["x"], w, b).y

    if y_after(eta) > 0 and y_after(eta + notch) <= 0:
        return True, (
            f"η = {eta:.3f} leaves y = {y_after(eta):.4f} > 0 after one step, "
            f"and the next notch, η = {eta + notch:.3f}, gives y = 0"
        )
    return False, f"with η = {eta:.3f} one step gives y = {y_after(eta):.4f}"
