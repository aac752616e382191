"""Notebook 02's exercises and explorer questions, registered on import (docs/exercises.md).

Every check's data has N, D and M all different (and, with two layers, M1 and M2 too), so a
transposed or mis-multiplied answer cannot hide behind a square example, and upstream
gradients with distinct entries, so the draft's row-sum shortcut cannot pass by luck.
"""

from __future__ import annotations

import numpy as np

from ..widgets import ShapesExplorer
from .core import compare, exercise, question


@exercise(
    "02.sample_dinputs",
    hint="Row j of neuron_weights holds neuron j's weights, one per input: add up dvalues[j] times that row over "
    "the neurons j.",
    shapes={"dvalues": "(M,)", "neuron_weights": "(M, D)", "return": "(D,)"},
)
def _(call):
    rng = np.random.default_rng(21)
    # D = 5 inputs and M = 3 neurons, then D = 2 and M = 4: the notebook's `dvalues @ weights.T`, copied onto
    # this layout, cannot run, and a sum over the wrong axis has the wrong length.
    for n_inputs, n_neurons in ((5, 3), (2, 4)):
        neuron_weights = rng.normal(size=(n_neurons, n_inputs)).round(2)
        dvalues = rng.normal(size=n_neurons).round(2)
        compare(
            call(dvalues=dvalues, neuron_weights=neuron_weights),
            dvalues @ neuron_weights,
            what="dinputs",
            known={
                "row_sum_shortcut": (
                    neuron_weights.sum(axis=0) * dvalues[0],
                    "dinputs is each input's weight sum times the first neuron's gradient: that is right only "
                    "when every neuron sends the same gradient; weight neuron j's row by its own dvalues[j]",
                )
            },
        )
    return "dinputs matches for D = 5, M = 3 and for D = 2, M = 4, with a different gradient for every neuron"


@exercise(
    "02.input_shift_grad",
    hint="Call the shifted inputs X + c: the layer sends back G W^T for them, and c is added to every sample, "
    "so its gradient sums that over the samples, keeping a row.",
    shapes={"dvalues": "(N, M)", "weights": "(D, M)", "return": "(1, D)"},
)
def _(call):
    rng = np.random.default_rng(22)
    for n_samples, n_inputs, n_neurons in ((5, 4, 3), (2, 6, 3)):
        weights = rng.normal(size=(n_inputs, n_neurons)).round(2)
        dvalues = rng.normal(size=(n_samples, n_neurons)).round(2)
        compare(
            call(dvalues=dvalues, weights=weights),
            np.sum(dvalues @ weights.T, axis=0, keepdims=True),
            what="dshift",
        )
    return "dshift matches, shape (1, D), for N = 5, D = 4, M = 3 and for N = 2, D = 6, M = 3"


@exercise(
    "02.first_layer_dweights",
    hint="First send G back through the second layer (its dinputs, G W2^T, is the first layer's upstream "
    "gradient), then use the weights formula of the first layer.",
    shapes={"inputs": "(N, D)", "weights2": "(M₁, M₂)", "dvalues": "(N, M₂)", "return": "(D, M₁)"},
)
def _(call):
    rng = np.random.default_rng(23)
    for n_samples, n_inputs, hidden, n_outputs in ((5, 4, 3, 2), (3, 2, 6, 4)):
        inputs = rng.normal(size=(n_samples, n_inputs)).round(2)
        weights2 = rng.normal(size=(hidden, n_outputs)).round(2)
        dvalues = rng.normal(size=(n_samples, n_outputs)).round(2)
        compare(
            call(inputs=inputs, weights2=weights2, dvalues=dvalues),
            inputs.T @ (dvalues @ weights2.T),
            what="dweights1",
        )
    return "dweights1 matches for (N, D, M₁, M₂) = (5, 4, 3, 2) and (3, 2, 6, 4)"


@question("02.shape_target", explorer=ShapesExplorer)
def _(explorer):
    state = explorer.state()
    shapes = state["shapes"]
    dinputs, dweights = tuple(shapes["dinputs"]), tuple(shapes["dweights"])
    if dinputs == (2, 5) and dweights == (5, 7):
        return True, (
            f"N = {state['n_samples']}, D = {state['n_inputs']}, M = {state['n_neurons']} give dinputs {dinputs} "
            f"and dweights {dweights}"
        )
    return False, f"now dinputs is {dinputs} and dweights is {dweights}"
