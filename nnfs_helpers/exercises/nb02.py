"""Notebook 02's exercises, each defined once (docs/exercises.md); its question is in questions.py.

Every check's data has N, D and M all different (and, with two layers, M₁ and M₂ too), so a
transposed or mis-multiplied answer cannot hide behind a square example; upstream gradients G with
unequal rows and columns, so the draft's row-sum shortcut cannot pass by luck; and a single sample
or a single neuron besides several.
"""

from __future__ import annotations

import numpy as np

from .guard import Failed
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


def _product_order(checker, failure: Failed) -> None:
    """The learner's function raised on a layer with D != M. If on a square layer (D = M) it returns
    neuron_weights @ dvalues, the product the other way round, say so next to the numpy error."""
    rng = np.random.default_rng(210)
    neuron_weights, dvalues = _gradient(rng, (3, 3)), _gradient(rng, 3)
    try:
        with np.errstate(all="ignore"):
            got = np.asarray(checker.fn(dvalues.copy(), neuron_weights.copy()), dtype=float)
    except Exception:
        return
    reversed_product, right = neuron_weights @ dvalues, dvalues @ neuron_weights
    if got.shape == (3,) and np.allclose(got, reversed_product) and not np.allclose(got, right):
        raise Failed(
            "product_order",
            failure.message + "\nThat is the order of the product (on a square layer your function returns "
            "neuron_weights @ dvalues): dL/dx_i = sum_j g_j W_ij adds up over the M neurons, so the product must "
            "pair the M entries of dvalues, shape (M,), with the M rows of neuron_weights, shape (M, D), "
            "and give (D,). neuron_weights already is W^T, so the notebook's G W^T needs no .T here",
        ) from None


@define_exercise(
    "02.sample_dinputs",
    full_precision=("dvalues", "neuron_weights"),
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
        Mistake(
            "wrong_axis", _SAMPLE + "    return np.sum(neuron_weights * dvalues[:, np.newaxis], axis=1)\n", "wrong axis"
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
        # NVA: the product the other way round got the numpy error alone; a loop over min(M, D) the generic message.
        Mistake("product_order", _SAMPLE + "    return neuron_weights @ dvalues\n", "product_order"),
        Mistake("copied_transpose_order", _SAMPLE + "    return dvalues @ neuron_weights.T\n", "product_order"),
        Mistake(
            "too_few_neurons",
            _SAMPLE
            + "    dinputs = np.zeros(neuron_weights.shape[1])\n"
            + "    for j in range(min(neuron_weights.shape)):\n"
            + "        dinputs += dvalues[j] * neuron_weights[j]\n"
            + "    return dinputs\n",
            "first_2_neurons",
        ),
    ],
)
def _(checker):
    rng = checker.rng(21)
    # D = 5 inputs and M = 3 neurons, then D = 2 and M = 4, then one neuron: the notebook's
    # `dvalues @ weights.T`, copied onto this layout, cannot run, and a sum over the wrong axis has
    # the wrong length.
    # The first layout has D > M, the second D < M (hidden variants too), so a loop over min(D, M) neurons shows.
    wide, narrow = sorted(checker.distinct_sizes(5, 3), reverse=True), sorted(checker.distinct_sizes(2, 4))
    layouts = [tuple(wide), tuple(narrow), (checker.size(3, low=2, high=6), 1)]
    for n_inputs, n_neurons in layouts:
        neuron_weights = _gradient(rng, (n_neurons, n_inputs))
        dvalues = _gradient(rng, n_neurons)
        try:
            got = checker.call(dvalues=dvalues, neuron_weights=neuron_weights)
        except Failed as failure:
            if failure.kind == "raised":
                _product_order(checker, failure)
            raise
        first_neurons = {
            f"first_{k}_neurons": (
                dvalues[:k] @ neuron_weights[:k],
                f"dinputs adds up only {'neuron 0' if k == 1 else f'the first {k}'} of the M = {n_neurons} "
                "neurons: the loop must run over "
                "every neuron, j = 0..M-1, range(M) with M = len(dvalues), the number of rows of neuron_weights",
            )
            for k in range(1, n_neurons - 1)
        }
        _named_shape(
            got,
            [
                (
                    "shape",  # a shape mistake, named: the student release, which has only shapes, agrees
                    (dvalues[:, None] * neuron_weights).sum(axis=1),
                    f"dinputs should have shape (D,) = ({n_inputs},); you returned shape ({n_neurons},), a sum "
                    "over the wrong axis: axis 1 adds along each neuron's row, across the inputs. Input i's "
                    "gradient adds over the neurons j, the rows: axis=0",
                ),
            ],
        )
        checker.compare(
            got,
            dvalues @ neuron_weights,
            what="dinputs",
            known=first_neurons
            | {
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


def _named_shape(got, alternatives) -> None:
    """A wrong-shaped answer that is another gradient of the notebook: name it instead of its shape alone.
    ``alternatives``: [(kind, array, message)]."""
    if not isinstance(got, np.ndarray):
        return
    for kind, array, message in alternatives:
        if got.shape == array.shape and np.allclose(got.astype(float), array):
            raise Failed(kind, message)


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
    full_precision=("dvalues", "weights"),
    stub=_SHIFT + _SHIFT_DOC + '    raise NotImplementedError("replace this line with your code")\n',
    solution=_SHIFT
    + _SHIFT_DOC
    + "    dshifted = dvalues @ weights.T\n    return np.sum(dshifted, axis=0, keepdims=True)\n",
    why=(
        "The shifted inputs $X + c$ receive $G W^\\top$, shape $(N, D)$, like any inputs; $c$ is added to every "
        "sample, so like a bias it collects those rows: $\\partial L / \\partial c = \\sum_n (G W^\\top)_{n\\cdot}$, "
        "kept as a $(1, D)$ row. "
        "Summing first gives the same numbers, `np.sum(dvalues, axis=0, keepdims=True) @ weights.T`: the bias "
        "gradient $\\sum_n G_n$, sent back through $W^\\top$ (the sum over the samples and the "
        "product with $W^\\top$ can be taken in either order)."
    ),
    idea="Call the shifted inputs X + c: which gradient does the layer send back to its inputs? And how many "
    "times is c used?",
    hint="The layer sends back G W^T for the shifted inputs, and c is added to every sample, "
    "so its gradient sums that over the samples, keeping a row.",
    array_only=True,
    points=2,
    shapes={"dvalues": "(N, M)", "weights": "(D, M)", "return": "(1, D)"},
    mistakes=[
        Mistake("keepdims", _SHIFT + "    return np.sum(dvalues @ weights.T, axis=0)\n", "keepdims"),
        # NVH: the sum over the wrong axis was told its shape only; W's column sums without G got "differs".
        Mistake("wrong_axis", _SHIFT + "    return np.sum(dvalues @ weights.T, axis=1, keepdims=True)\n", "wrong axis"),
        Mistake("no_upstream", _SHIFT + "    return np.sum(weights.T, axis=0, keepdims=True)\n", "no_upstream"),
        Mistake("transposed", _SHIFT + "    return np.sum(weights @ dvalues.T, axis=1, keepdims=True)\n", "transposed"),
        Mistake("bias_gradient", _SHIFT + "    return np.sum(dvalues, axis=0, keepdims=True)\n", "bias_gradient"),
        # NVB: G W^T without the sum was told its shape only.
        Mistake("not_summed", _SHIFT + "    return dvalues @ weights.T\n", "not_summed"),
        Mistake("mean", _SHIFT + "    return np.mean(dvalues @ weights.T, axis=0, keepdims=True)\n", "factor_n"),
        # Passed the first engine's data: a G whose rows add up in any order to the same total does
        # not tell the sum over samples from the first sample times N; unequal rows do.
        Mistake(
            "first_sample_times_n",
            _SHIFT + "    return len(dvalues) * (dvalues[:1] @ weights.T)\n",
            "first_sample_times_n",
        ),
        Mistake("last_sample_only", _SHIFT + "    return dvalues[-1:] @ weights.T\n", "one_sample_only"),
        # NVA: the total of G times the row sums of W got the generic message.
        Mistake(
            "row_sums_of_w",
            _SHIFT + "    return np.sum(dvalues) * np.sum(weights, axis=1, keepdims=True).T\n",
            "row_sums_of_w",
        ),
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
        got = checker.call(dvalues=dvalues, weights=weights)
        if n_samples > 1:
            _named_shape(
                got,
                [
                    (
                        "shape",  # named, as above
                        np.sum(dshifted, axis=1, keepdims=True),
                        f"dL/dc should have shape (1, D) = (1, {n_inputs}); you returned shape ({n_samples}, 1), "
                        "a sum of G W^T over the wrong axis: axis 1 adds across the inputs, one number per sample. "
                        "c is added to every sample, so add up the samples, the rows: axis=0, keepdims=True",
                    ),
                    (
                        "not_summed",
                        dshifted,
                        f"dL/dc should have shape (1, D) = (1, {n_inputs}); you returned G W^T, shape "
                        f"{dshifted.shape}: that is the gradient of the shifted inputs X + c, one row per sample. "
                        "c is added to every sample, so add up those N rows (keeping a row)",
                    ),
                ],
            )
        _named_shape(
            got,
            [
                (
                    "bias_gradient",
                    np.sum(dvalues, axis=0, keepdims=True),
                    f"dL/dc should have shape (1, D) = (1, {n_inputs}); you returned shape (1, {n_neurons}), the sum "
                    "of G's rows: that is db, the biases' gradient, one number per neuron. c has one number per "
                    "input: send G back through the weights first",
                ),
            ],
        )
        checker.compare(
            got,
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
                "no_upstream": (
                    np.sum(weights.T, axis=0, keepdims=True),
                    "dL/dc adds up W's columns without G: the layer sends the shifted inputs G W^T, each weight "
                    "times its neuron's gradient; sum that over the samples",
                ),
                "row_sums_of_w": (
                    np.sum(dvalues) * np.sum(weights, axis=1, keepdims=True).T,
                    "dL/dc is the total of G times each input's row sum of W: that is right only when every "
                    "entry of G is the same; each W_ij must be weighted by neuron j's own gradient, as in G W^T, "
                    "before the samples are added up",
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
    full_precision=("inputs", "weights2", "dvalues"),
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
        Mistake("second_layer_formula", _FIRST + "    return inputs.T @ dvalues\n", "second_layer_formula"),
        Mistake("transposed", _FIRST + "    return (dvalues @ weights2.T).T @ inputs\n", "transposed"),
        Mistake("wrong_order", _FIRST + "    return inputs.T @ dvalues @ weights2\n", "raised"),
        Mistake("mean", _FIRST + "    return inputs.T @ (dvalues @ weights2.T) / len(inputs)\n", "factor_n"),
        Mistake("sign", _FIRST + "    return -(inputs.T @ (dvalues @ weights2.T))\n", "sign"),
        # NVH: the hidden layer's gradient returned was told its shape only.
        Mistake("hidden_gradient", _FIRST + "    return dvalues @ weights2.T\n", "the hidden layer's gradient"),
        # NVA: G summed over the neurons and tiled, and an outer product of sums, got the generic message.
        Mistake(
            "tiled_sums",
            _FIRST + "    return inputs.T @ np.tile(dvalues.sum(axis=1, keepdims=True), (1, weights2.shape[0]))\n",
            "tiled_sums",
        ),
        Mistake(
            "outer_product_of_sums",
            _FIRST + "    return np.outer(inputs.sum(axis=0), dvalues.sum(axis=0) @ weights2.T)\n",
            "outer_product_of_sums",
        ),
    ],
)
def _(checker):
    rng = checker.rng(23)
    for sizes in (checker.distinct_sizes(5, 4, 3, 2), checker.distinct_sizes(3, 2, 6, 4), (1, 3, 2, 4)):
        n_samples, n_inputs, hidden, n_outputs = sizes
        inputs = _gradient(rng, (n_samples, n_inputs))
        weights2 = _gradient(rng, (hidden, n_outputs))
        dvalues = _gradient(rng, (n_samples, n_outputs))
        dhidden = dvalues @ weights2.T
        got = checker.call(inputs=inputs, weights2=weights2, dvalues=dvalues)
        _named_shape(
            got,
            [
                (
                    "second_layer_formula",
                    inputs.T @ dvalues,
                    f"dL/dW1 should have shape (D, M₁) = ({n_inputs}, {hidden}); you returned X^T G, shape "
                    f"({n_inputs}, {n_outputs}): that pairs X with the second layer's gradient G, as if X went "
                    "straight into the second layer. The first layer's upstream gradient is what the second layer "
                    "sends back to its inputs: send G back through W2 first",
                ),
                (
                    "shape",  # named, as the other shape mistakes are
                    dhidden,
                    f"dL/dW1 should have shape (D, M₁) = ({n_inputs}, {hidden}); you returned G W2^T, shape "
                    f"({n_samples}, {hidden}): that is the hidden layer's gradient, the first layer's upstream "
                    "gradient. The first layer's weights get X^T times it",
                ),
            ]
            if n_samples != n_inputs
            else [],
        )
        checker.compare(
            got,
            inputs.T @ dhidden,
            what="dL/dW1",
            known={
                "tiled_sums": (
                    inputs.T @ np.tile(dvalues.sum(axis=1, keepdims=True), (1, hidden)),
                    "dL/dW1 uses G summed over the second layer's neurons, the same column for every hidden "
                    "neuron: the first layer's upstream gradient is G W2^T, where hidden neuron j weights the "
                    "M2 gradients by its own row j of W2",
                ),
                "outer_product_of_sums": (
                    np.outer(inputs.sum(axis=0), dhidden.sum(axis=0)),
                    "dL/dW1 is the outer product of sums over the samples (X's column sums times those of "
                    "G W2^T): that pairs each sample's inputs with every sample's gradient; X^T (G W2^T) pairs "
                    "sample n's inputs with sample n's gradient only",
                ),
            },
        )
    return "dL/dW1 matches for (N, D, M₁, M₂) = (5, 4, 3, 2), (3, 2, 6, 4) and for one sample"
