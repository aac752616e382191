"""Notebook 02's exercises, each defined once (docs/exercises.md); its question is in questions.py.

Every check's data has N, D and M all different (and, with two layers, M₁ and M₂ too), so a
transposed or mis-multiplied answer cannot hide behind a square example; upstream gradients G with
unequal rows and columns, so the draft's row-sum shortcut cannot pass by luck; and a single sample
or a single neuron besides several.
"""

from __future__ import annotations

import numpy as np

from .registry import Mistake, define_exercise


def _gradient(rng, shape) -> np.ndarray:
    """Distinct non-zero entries in halves: unequal rows and columns, exact in binary."""
    values = rng.integers(1, 9, size=shape) * rng.choice([-1, 1], size=shape) / 2
    return values


# ---------------------------------------------------------------------------------------------
# 02.sample_dinputs

_SAMPLE = "def sample_dinputs(dvalues, neuron_weights):\n"
_SAMPLE_DOC = '''\
    """Gradient of the loss with respect to one sample's inputs.

    dvalues: the upstream gradients of the M neurons, shape (M,).
    neuron_weights: the layer's weights one neuron per row, W transposed, shape (M, D).
    Returns dL/dx, shape (D,).
    """
'''


@define_exercise(
    "02.sample_dinputs",
    stub=_SAMPLE + _SAMPLE_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_SAMPLE
    + _SAMPLE_DOC
    + (
        "    dinputs = np.zeros(neuron_weights.shape[1])\n"
        "    for j in range(neuron_weights.shape[0]):\n"
        "        dinputs += dvalues[j] * neuron_weights[j]\n"
        "    return dinputs\n"
    ),
    why=(
        "Row $j$ of `neuron_weights` is column $j$ of $W$, so neuron $j$ adds $g_j$ times its row to every input's "
        "gradient; after the loop, entry $i$ is $\\sum_j g_j W_{ij}$. As one product that is "
        "`dvalues @ neuron_weights`: the notebook's $G W^\\top$, with $W^\\top$ already stored, so no `.T`."
    ),
    idea="Input i feeds every neuron, so its gradient collects one contribution from each neuron j.",
    hint="Row j of neuron_weights holds neuron j's weights, one per input: add up dvalues[j] times that row over "
    "the neurons j.",
    array_only=True,
    points=1,
    shapes={"dvalues": "(M,)", "neuron_weights": "(M, D)", "return": "(D,)"},
    mistakes=[
        Mistake(
            "row_sum_shortcut", _SAMPLE + "    return np.sum(neuron_weights, axis=0) * dvalues[0]\n", "row_sum_shortcut"
        ),
        Mistake("copied_transpose", _SAMPLE + "    return dvalues @ neuron_weights.T\n", "raised"),
        Mistake(
            "wrong_axis", _SAMPLE + "    return np.sum(neuron_weights * dvalues[:, np.newaxis], axis=1)\n", "shape"
        ),
        Mistake("no_upstream", _SAMPLE + "    return np.sum(neuron_weights, axis=0)\n", "no_upstream"),
        Mistake(
            "mean_over_neurons",
            _SAMPLE + "    return np.mean(neuron_weights * dvalues[:, None], axis=0)\n",
            "factor_size",
        ),
        # Passed the first engine's data: every G there had M >= 3 entries, and a loop that stops one
        # neuron short (range(M - 1)) was caught only as a generic difference; now it is named.
        Mistake(
            "one_neuron_short",
            _SAMPLE
            + "    dinputs = np.zeros(neuron_weights.shape[1])\n"
            + "    for j in range(len(dvalues) - 1):\n"
            + "        dinputs += dvalues[j] * neuron_weights[j]\n"
            + "    return dinputs\n",
            "one_neuron_short",
        ),
        # NV1: `=` where the loop adds with `+=` got the generic message; a list passed.
        Mistake(
            "assigned_not_added",
            _SAMPLE
            + "    for j in range(len(dvalues)):\n"
            + "        d = dvalues[j] * neuron_weights[j]\n"
            + "    return d\n",
            "last_neuron_only",
        ),
        Mistake("list_returned", _SAMPLE + "    return list(dvalues @ neuron_weights)\n", "a numpy array"),
    ],
)
def _(checker):
    rng = checker.rng(21)
    # D = 5 inputs and M = 3 neurons, then D = 2 and M = 4, then one neuron: the notebook's
    # `dvalues @ weights.T`, copied onto this layout, cannot run, and a sum over the wrong axis has
    # the wrong length.
    layouts = [checker.distinct_sizes(5, 3), checker.distinct_sizes(2, 4), (checker.size(3, low=2, high=6), 1)]
    for n_inputs, n_neurons in layouts:
        neuron_weights = _gradient(rng, (n_neurons, n_inputs))
        dvalues = _gradient(rng, n_neurons)
        checker.compare(
            checker.call(dvalues=dvalues, neuron_weights=neuron_weights),
            dvalues @ neuron_weights,
            what="dinputs",
            known={
                "row_sum_shortcut": (
                    neuron_weights.sum(axis=0) * dvalues[0],
                    "dinputs is each input's weight sum times the first neuron's gradient: that is right only "
                    "when every neuron sends the same gradient; weight neuron j's row by its own dvalues[j]",
                ),
                "no_upstream": (
                    neuron_weights.sum(axis=0),
                    "dinputs adds up the neurons' weight rows without their gradients: weight row j by "
                    "dvalues[j], the gradient neuron j sends back",
                ),
                "first_neuron_left_out": (
                    dvalues[1:] @ neuron_weights[1:],
                    "dinputs leaves out neuron 0: indices count from 0, so the sum runs over j = 0..M-1, range(M)",
                ),
                "sums_multiplied": (
                    dvalues.sum() * neuron_weights.sum(axis=0),
                    "dinputs multiplies the sum of the gradients by the sum of the rows; each row j is weighted "
                    "by its own dvalues[j] before the sum",
                ),
                "last_neuron_only": (
                    dvalues[-1] * neuron_weights[-1],
                    f"dinputs is the last neuron's contribution alone (j = {n_neurons - 1}): inside the loop, "
                    "`=` replaces the sum at every turn; add each neuron's contribution with `+=`",
                ),
                "one_neuron_short": (
                    dvalues[:-1] @ neuron_weights[:-1],
                    f"dinputs leaves out the last neuron (j = {n_neurons - 1}): the sum runs over j = 0..M-1, "
                    "range(M), all M neurons",
                ),
            },
        )
    return "dinputs matches for D = 5, M = 3, for D = 2, M = 4 and for one neuron, with a different gradient per neuron"


# ---------------------------------------------------------------------------------------------
# 02.input_shift_grad

_SHIFT = "def input_shift_grad(dvalues, weights):\n"
_SHIFT_DOC = '''\
    """Gradient of the loss with respect to the shift c in Z = (X + c) W + b.

    dvalues: the upstream gradient G, shape (N, M).
    weights: the layer's weights, shape (D, M).
    Returns dL/dc, shape (1, D).
    """
'''


@define_exercise(
    "02.input_shift_grad",
    stub=_SHIFT + _SHIFT_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_SHIFT
    + _SHIFT_DOC
    + "    dshifted = dvalues @ weights.T\n    return np.sum(dshifted, axis=0, keepdims=True)\n",
    why=(
        "The shifted inputs $X + c$ receive $G W^\\top$, shape $(N, D)$, like any inputs; $c$ is added to every "
        "sample, so like a bias it collects those rows: $\\partial L / \\partial c = \\sum_n (G W^\\top)_{n\\cdot}$, "
        "kept as a $(1, D)$ row."
    ),
    idea="Call the shifted inputs X + c: which gradient does the layer send back to its inputs? And how many "
    "times is c used?",
    hint="Call the shifted inputs X + c: the layer sends back G W^T for them, and c is added to every sample, "
    "so its gradient sums that over the samples, keeping a row.",
    array_only=True,
    points=2,
    shapes={"dvalues": "(N, M)", "weights": "(D, M)", "return": "(1, D)"},
    mistakes=[
        Mistake("keepdims", _SHIFT + "    return np.sum(dvalues @ weights.T, axis=0)\n", "keepdims"),
        Mistake("transposed", _SHIFT + "    return np.sum(weights @ dvalues.T, axis=1, keepdims=True)\n", "transposed"),
        Mistake("bias_gradient", _SHIFT + "    return np.sum(dvalues, axis=0, keepdims=True)\n", "shape"),
        Mistake("mean", _SHIFT + "    return np.mean(dvalues @ weights.T, axis=0, keepdims=True)\n", "factor_n"),
        # Passed the first engine's data: a G whose rows add up in any order to the same total does
        # not tell the sum over samples from the first sample times N; unequal rows do.
        Mistake(
            "first_sample_times_n",
            _SHIFT + "    return len(dvalues) * (dvalues[:1] @ weights.T)\n",
            "first_sample_times_n",
        ),
        Mistake("last_sample_only", _SHIFT + "    return dvalues[-1:] @ weights.T\n", "one_sample_only"),
    ],
)
def _(checker):
    rng = checker.rng(22)
    for n_samples, n_inputs, n_neurons in (
        checker.distinct_sizes(5, 4, 3),
        checker.distinct_sizes(2, 6, 3),
        (1, *checker.distinct_sizes(3, 2)),
    ):
        weights = _gradient(rng, (n_inputs, n_neurons))
        dvalues = _gradient(rng, (n_samples, n_neurons))
        dshifted = dvalues @ weights.T
        checker.compare(
            checker.call(dvalues=dvalues, weights=weights),
            np.sum(dshifted, axis=0, keepdims=True),
            what="dL/dc",
            known={
                "first_sample_times_n": (
                    n_samples * dshifted[:1],
                    "dL/dc is N times the first sample's gradient: c is added to every sample, so its "
                    "gradient adds up all N rows of G W^T, each one different",
                ),
                "first_sample_only": (
                    dshifted[:1],
                    "dL/dc is sample 0's row of G W^T: c is added to every sample, so add up all N rows",
                ),
                "one_sample_only": (
                    dshifted[-1:],
                    "dL/dc is one sample's row of G W^T: c is added to every sample, so add up all N rows",
                ),
            },
        )
    return "dL/dc matches, shape (1, D), for (N, D, M) = (5, 4, 3), (2, 6, 3) and for one sample"


# ---------------------------------------------------------------------------------------------
# 02.first_layer_dweights

_FIRST = "def first_layer_dweights(inputs, weights2, dvalues):\n"
_FIRST_DOC = '''\
    """Gradient of the loss with respect to the first layer's weights W1, in X -> W1, b1 -> W2, b2.

    inputs: the batch X, shape (N, D).
    weights2: the second layer's weights W2, shape (M1, M2).
    dvalues: the upstream gradient G of the second layer's output, shape (N, M2).
    Returns dL/dW1, shape (D, M1).
    """
'''


@define_exercise(
    "02.first_layer_dweights",
    stub=_FIRST + _FIRST_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_FIRST + _FIRST_DOC + "    dhidden = dvalues @ weights2.T\n    return inputs.T @ dhidden\n",
    why=(
        "The second layer sends back $G W_2^\\top$, shape $(N, M_1)$: that is the first layer's upstream gradient. "
        "The first layer's weights formula then gives $X^\\top (G W_2^\\top)$, $(D, N) \\times (N, M_1) = (D, M_1)$; "
        "the first layer's own weights and biases never enter."
    ),
    idea="Work backwards one layer at a time: which gradient does the first layer's output receive from the "
    "second layer?",
    hint="First send G back through the second layer (its dinputs, G W2^T, is the first layer's upstream "
    "gradient), then use the weights formula of the first layer.",
    array_only=True,
    points=2,
    shapes={"inputs": "(N, D)", "weights2": "(M₁, M₂)", "dvalues": "(N, M₂)", "return": "(D, M₁)"},
    mistakes=[
        Mistake("second_layer_formula", _FIRST + "    return inputs.T @ dvalues\n", "shape"),
        Mistake("transposed", _FIRST + "    return (dvalues @ weights2.T).T @ inputs\n", "transposed"),
        Mistake("wrong_order", _FIRST + "    return inputs.T @ dvalues @ weights2\n", "raised"),
        Mistake("mean", _FIRST + "    return inputs.T @ (dvalues @ weights2.T) / len(inputs)\n", "factor_n"),
        Mistake("sign", _FIRST + "    return -(inputs.T @ (dvalues @ weights2.T))\n", "sign"),
    ],
)
def _(checker):
    rng = checker.rng(23)
    for sizes in (checker.distinct_sizes(5, 4, 3, 2), checker.distinct_sizes(3, 2, 6, 4), (1, 3, 2, 4)):
        n_samples, n_inputs, hidden, n_outputs = sizes
        inputs = _gradient(rng, (n_samples, n_inputs))
        weights2 = _gradient(rng, (hidden, n_outputs))
        dvalues = _gradient(rng, (n_samples, n_outputs))
        checker.compare(
            checker.call(inputs=inputs, weights2=weights2, dvalues=dvalues),
            inputs.T @ (dvalues @ weights2.T),
            what="dL/dW1",
        )
    return "dL/dW1 matches for (N, D, M₁, M₂) = (5, 4, 3, 2), (3, 2, 6, 4) and for one sample"
