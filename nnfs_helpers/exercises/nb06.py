"""Notebook 06's exercises and explorer questions, registered on import (docs/exercises.md)."""

from __future__ import annotations

import functools

import numpy as np

from ..data import spiral_data
from ..optimizers import OptimizerSGD
from ..training import Classifier, train
from .core import compare, exercise, question, unpack

# N = 5 samples, D = 4 inputs, M = 3 neurons: all different, so a transposed dweights or a
# dinputs multiplied the wrong way round cannot hide behind a square shape.
_BUG_RNG = np.random.default_rng(606)
_INPUTS = _BUG_RNG.standard_normal((5, 4))
_WEIGHTS = _BUG_RNG.standard_normal((4, 3))
_DVALUES = _BUG_RNG.standard_normal((5, 3))


@exercise(
    "06.fix_the_bug",
    hint=(
        "run check_layer_gradients on a SuspectDense: the line it marks WRONG is the one to fix. "
        "The batch's 1/N belongs to the loss's gradient, which reaches the layer inside dvalues"
    ),
    shapes={"inputs": "(N, D)", "weights": "(D, M)", "dvalues": "(N, M)"},
)
def _fix_the_bug(call):
    n = len(_INPUTS)
    got = call(inputs=_INPUTS, weights=_WEIGHTS, dvalues=_DVALUES)
    dinputs, dweights, dbiases = unpack(got, ("dinputs", "dweights", "dbiases"))
    compare(dinputs, _DVALUES @ _WEIGHTS.T, what="dinputs", shape="(N, D)", n=n)
    compare(dweights, _INPUTS.T @ _DVALUES, what="dweights", shape="(D, M)", n=n)
    compare(dbiases, _DVALUES.sum(axis=0, keepdims=True), what="dbiases", shape="(1, M)", n=n)
    return "dinputs, dweights and dbiases all match the reference for N = 5, D = 4, M = 3"


def _momentum_reference(gradients: np.ndarray, learning_rate: float, momentum: float) -> np.ndarray:
    velocity = np.zeros(gradients.shape[1])
    for gradient in gradients:
        velocity = momentum * velocity - learning_rate * gradient
    return velocity


# T = 4 steps of a parameter with P = 3 numbers; the gradient changes sign, as it does when
# the steps bounce across a valley.
_GRADIENTS = np.array([[1.0, -2.0, 0.5], [0.5, -1.0, -0.5], [-1.0, 0.5, 0.25], [2.0, 1.0, -1.0]])


@exercise(
    "06.momentum_velocity",
    hint=(
        "start from a velocity of zeros and apply v <- momentum * v - learning_rate * gradient once per row of "
        "gradients, in order; return the last v (the step added to the parameter), not the sum of the steps"
    ),
    shapes={"gradients": "(T, P)", "return": "(P,)"},
)
def _momentum_velocity(call):
    rate, beta = 0.5, 0.9
    expected = _momentum_reference(_GRADIENTS, rate, beta)
    velocities = []
    velocity = np.zeros(3)
    for gradient in _GRADIENTS:
        velocity = beta * velocity - rate * gradient
        velocities.append(velocity)
    got = call(gradients=_GRADIENTS, learning_rate=rate, momentum=beta)
    compare(
        got,
        expected,
        what="the velocity",
        shape="(P,)",
        known={
            "no_momentum": (
                -rate * _GRADIENTS[-1],
                "that is a plain SGD step with the last gradient: momentum adds a share of every earlier step",
            ),
            "reversed": (
                _momentum_reference(_GRADIENTS[::-1], rate, beta),
                "you weighted the first gradient most: the newest gradient counts fully, and each older one "
                "is multiplied by the momentum once more per step since",
            ),
            "total_step": (
                np.sum(velocities, axis=0),
                "that is the sum of all the steps (how far the parameter moved in total); return the last "
                "velocity, the step taken at the last update",
            ),
        },
    )
    # momentum = 0 must give plain SGD: the last gradient times -learning_rate.
    plain = np.array([[0.3, -0.2, 0.0, 1.0, 2.0], [-1.0, 0.4, 0.0, 0.5, -0.5]])
    compare(
        call(gradients=plain, learning_rate=0.1, momentum=0.0), -0.1 * plain[-1], what="the velocity with momentum 0"
    )
    return "the velocity matches after 4 steps with momentum 0.9, and momentum 0 gives plain SGD"


# The explorer's question: with the defaults except H, the smallest width that reaches 85 %.
_TARGET_ACCURACY = 0.85
_QUESTION_SETTINGS = {"learning_rate": 1.0, "epochs": 2000, "seed": 0}


@functools.cache
def _final_accuracy(hidden: int, samples: int, decay: float, momentum: float) -> float:
    """Train exactly as the training explorer does, with ``hidden`` neurons; the final accuracy."""
    rng = np.random.default_rng(_QUESTION_SETTINGS["seed"])
    X, y = spiral_data(samples, 3, rng=rng)
    model = Classifier(2, hidden, 3, rng=rng)
    optimizer = OptimizerSGD(_QUESTION_SETTINGS["learning_rate"], decay=decay, momentum=momentum)
    epochs = _QUESTION_SETTINGS["epochs"]
    return train(model, X, y, optimizer, epochs=epochs, record_every=max(1, epochs // 100)).accuracy[-1]


# The smallest width that reaches the target where the notebook was written; tried first, so a
# too-large answer costs one training run, not one per smaller width.
_KNOWN_SMALLEST = 28


@question("06.smallest_hidden")
def _smallest_hidden(explorer):
    state = explorer.state()
    changed = [name for name, value in _QUESTION_SETTINGS.items() if abs(state[name] - value) > 1e-9]
    if changed:
        return False, (
            f"keep η = 1.00, 2000 epochs and seed 0 for this question (you changed {', '.join(changed)}); "
            "change only the number of hidden neurons"
        )
    if not state["trained"]:
        return False, f"{state['hidden']} hidden neurons are set but not trained yet: press Train"
    hidden, reached = state["hidden"], state["accuracy"]
    if reached < _TARGET_ACCURACY:
        # Accuracy is not monotone in the width here (34 falls short where 28 passes), so "too small" would mislead.
        return False, (
            f"{hidden} hidden neurons reach accuracy {reached:.3f}, below {_TARGET_ACCURACY}; "
            "accuracy does not always grow with the width, so this says nothing about the widths around it: "
            "try the others too"
        )
    # Training paths depend on the CPU, so the smaller widths are trained here rather than looked up.
    setup = (getattr(explorer, "samples", 100), getattr(explorer, "decay", 1e-3), getattr(explorer, "momentum", 0.9))
    smaller = list(range(hidden - 2, 1, -2))
    if _KNOWN_SMALLEST in smaller:
        smaller.remove(_KNOWN_SMALLEST)
        smaller.insert(0, _KNOWN_SMALLEST)
    for width in smaller:
        if _final_accuracy(width, *setup) >= _TARGET_ACCURACY:
            return (
                False,
                f"{hidden} hidden neurons reach {reached:.3f}, "
                f"but a smaller hidden layer reaches {_TARGET_ACCURACY} too",
            )
    return True, f"{hidden} hidden neurons reach {reached:.3f}, and every smaller width stays below {_TARGET_ACCURACY}"
