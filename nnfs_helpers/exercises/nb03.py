"""Notebook 03's exercises, each defined once (docs/exercises.md); its question is in questions.py.

The worked example of the definition format: everything about an exercise (stub, solution, why, hint,
points, shapes, known mistakes, check) sits in one ``define_exercise`` call and the check below it.
"""

from __future__ import annotations

import dis

import numpy as np

from .guard import Failed
from .registry import Mistake, define_exercise

# ---------------------------------------------------------------------------------------------
# 03.leaky_relu_backward

_LEAKY_STUB = '''\
def leaky_relu_backward(z, dvalues, slope=0.01):
    """Backward pass of a leaky ReLU.

    z: the leaky ReLU's inputs Z, shape (N, M).
    dvalues: G, the gradient of the loss w.r.t. the leaky ReLU's outputs, shape (N, M).
    slope: a, the slope for z <= 0 (also used at z = 0 exactly).
    Returns G_z, the gradient of the loss w.r.t. z, shape (N, M).
    """
    raise NotImplementedError("replace this line with your code")
'''

_LEAKY_SOLUTION = '''\
def leaky_relu_backward(z, dvalues, slope=0.01):
    """Backward pass of a leaky ReLU: G_z = G * (1 where z > 0, slope where z <= 0)."""
    return dvalues * np.where(z > 0, 1.0, slope)
'''


def _leaky(body: str) -> str:
    """A learner's leaky_relu_backward with ``body`` (indented lines) in place of the raise."""
    return "def leaky_relu_backward(z, dvalues, slope=0.01):\n" + body


def _leaky_reference(z, dvalues, slope):
    return dvalues * np.where(z > 0, 1.0, slope)


@define_exercise(
    "03.leaky_relu_backward",
    full_precision=("z", "dvalues", "slope"),
    stub=_LEAKY_STUB,
    solution=_LEAKY_SOLUTION,
    why=(
        "The leaky ReLU works entry by entry, so as for the ReLU each entry of $G$ is multiplied by the local "
        "slope: 1 where $z > 0$, and $a$ where $z \\le 0$, including $z = 0$ as the exercise asked."
    ),
    idea="The leaky ReLU works entry by entry, as the ReLU does: what is its slope on each side of z = 0, "
    "and which side does z = 0 belong to?",
    hint=(
        "The leaky ReLU acts entry by entry, so multiply each entry of dvalues by the local slope: "
        "1 where z > 0, and `slope` where z <= 0 (z = 0 included)."
    ),
    array_only=True,
    points=2,
    shapes={"z": "(N, M)", "dvalues": "(N, M)", "return": "(N, M)"},
    mistakes=[
        Mistake("mask_at_zero", _leaky("    return dvalues * np.where(z >= 0, 1.0, slope)\n"), "relu_mask"),
        Mistake("no_slope", _leaky("    return dvalues * (z > 0)\n"), "no_slope"),
        Mistake("no_upstream", _leaky("    return np.where(z > 0, 1.0, slope)\n"), "no_upstream"),
        Mistake("slope_swapped", _leaky("    return dvalues * np.where(z > 0, slope, 1.0)\n"), "slope_swapped"),
        # NVG: 1 - slope where z <= 0 got the generic message.
        Mistake("one_minus_slope", _leaky("    return dvalues * np.where(z > 0, 1.0, 1 - slope)\n"), "one_minus_slope"),
        Mistake("slope_typed_in", _leaky("    return dvalues * np.where(z > 0, 1.0, 0.01)\n"), "slope_typed_in"),
        # Passed the first engine's data (all floats): np.ones_like(z) is an integer array for the
        # notebook's integer example, and writing 0.01 into it stores 0.
        Mistake(
            "integer_mask",
            _leaky("    grad = np.ones_like(z)\n    grad[z <= 0] = slope\n    return dvalues * grad\n"),
            "int_dtype",
        ),
        Mistake(
            "in_place",
            _leaky("    dvalues[z <= 0] *= slope\n    return dvalues\n"),
            "modified_input",
        ),
        Mistake("transposed", _leaky("    return (dvalues * np.where(z > 0, 1.0, slope)).T\n"), "transposed"),
        # R1: an integer mask truncates the slope to 0 (the message says so beside the plain ReLU).
        Mistake(
            "integer_mask_dtype",
            _leaky(
                "    mask = np.zeros_like(dvalues, dtype=int)\n    mask[z > 0] = 1\n    mask[z <= 0] = slope\n"
                "    return dvalues * mask\n"
            ),
            "stored the slope in an integer array",
        ),
        Mistake("forward_pass", _leaky("    return np.where(z > 0, z, slope * z)\n"), "forward_pass"),
        # NVA: the forward values times dvalues, and `+ slope` for `* slope`, got the generic message.
        Mistake(
            "forward_values_times_g",
            _leaky("    return dvalues * np.where(z > 0, z, slope * z)\n"),
            "forward_values_times_g",
        ),
        Mistake("slope_added", _leaky("    return dvalues * (z > 0) + slope\n"), "slope_added"),
    ],
)
def _(checker):
    rng = checker.rng(303)
    n, m = checker.distinct_sizes(4, 5, low=2, high=7)  # N != M: a transposed answer cannot hide
    # The notebook's own example is whole numbers: z and G as integer arrays, where an integer
    # mask (np.ones_like(z)) stores the slope as 0.
    z_int = rng.integers(-3, 4, size=(n, m))
    z_int.flat[rng.choice(z_int.size, 4, replace=False)] = [0, 0, 2, -2]  # zeros, and both sides
    dvalues_int = rng.integers(1, 6, size=(n, m)) * rng.choice([-1, 1], size=(n, m))
    slope = float(rng.choice([0.05, 0.1, 0.2])) if checker.hidden else 0.05
    # Not the default 0.01, so a slope typed into the body instead of the argument shows.
    z = rng.normal(size=(n, m)).round(1)
    # Exact zeros (only a mask written z > 0 passes), and both sides present, whatever the draw.
    z.flat[rng.choice(z.size, 5, replace=False)] = [0.0, 0.0, 0.0, 1.0, -1.0]
    # Either side of the kink, close to it: a mask written z > 0.05 (a threshold, not the kink) fails.
    near = [i for i in range(z.size) if z.flat[i] not in (0.0, 1.0, -1.0)][:2]
    z.flat[near] = [0.004, -0.004][: len(near)]
    dvalues = rng.normal(size=(n, m)).round(2) + 0.5 * np.sign(rng.normal(size=(n, m)))
    for z_case, g_case, what in ((z, dvalues, "G_z"), (z_int, dvalues_int, "G_z (integer z and G)")):
        checker.compare(
            checker.call(z=z_case, dvalues=g_case, slope=slope),
            _leaky_reference(z_case, g_case, slope),
            what=what,
            relu_z=z_case,
            relu_upstream=lambda mask, g=g_case: g * np.where(mask > 0, 1.0, slope),
            known={
                "no_slope": (
                    g_case * (z_case > 0),
                    # R1: an integer mask stores the slope as 0 and gives the same values: say both.
                    "G_z is the plain ReLU's backward pass: where z <= 0 the leaky ReLU still passes "
                    "`slope` times the gradient, not 0 (if you stored the slope in an integer array, such as "
                    "np.zeros_like(z, dtype=int) or a copy of an integer array, it became 0 there: use floats)",
                ),
                "forward_pass": (
                    np.where(z_case > 0, z_case, slope * z_case),
                    "G_z is the leaky ReLU's output, its forward pass; the backward pass multiplies dvalues "
                    "by the slope: 1 where z > 0, `slope` where z <= 0",
                ),
                "no_upstream": (
                    np.where(z_case > 0, 1.0, slope),
                    "G_z is the leaky ReLU's local slope alone; the chain rule multiplies it by dvalues, "
                    "the gradient that arrived from above",
                ),
                "slope_swapped": (
                    g_case * np.where(z_case > 0, slope, 1.0),
                    "G_z uses `slope` where z > 0 and 1 where z <= 0: the two pieces are swapped",
                ),
                "minus_slope": (
                    g_case * np.where(z_case > 0, 1.0, -slope),
                    "G_z uses -slope where z <= 0: the leaky ReLU's slope there is +slope (its output a z "
                    "falls as z falls)",
                ),
                "slope_not_times_g": (
                    np.where(z_case > 0, g_case, slope),
                    "G_z is `slope` itself where z <= 0; the chain rule gives slope times dvalues there too",
                ),
                "one_minus_slope": (
                    g_case * np.where(z_case > 0, 1.0, 1.0 - slope),
                    "G_z uses 1 - slope where z <= 0: the leaky ReLU's slope there is `slope` itself",
                ),
                "slope_times_z": (
                    g_case * np.where(z_case > 0, 1.0, slope * z_case),
                    "G_z uses slope * z, the leaky ReLU's output for z <= 0, where its slope belongs: the "
                    "derivative of slope * z is slope",
                ),
                "forward_values_times_g": (
                    g_case * np.where(z_case > 0, z_case, slope * z_case),
                    "G_z multiplies dvalues by the leaky ReLU's outputs, z and slope * z, its forward values; "
                    "the backward pass multiplies by its slopes: 1 where z > 0, `slope` where z <= 0",
                ),
                "slope_added": (
                    g_case * (z_case > 0) + slope,
                    "G_z adds `slope` to every entry; the chain rule multiplies: where z <= 0, G_z is slope times "
                    "dvalues, and where z > 0 it is dvalues itself, with nothing added",
                ),
                "output_for_slope": (
                    g_case * np.where(z_case > 0, z_case, slope),
                    "G_z uses z where z > 0, the leaky ReLU's output, where its slope 1 belongs",
                ),
                "slope_typed_in": (
                    g_case * np.where(z_case > 0, 1.0, 0.01),
                    f"G_z uses the slope 0.01 where z <= 0, but this check called the function with "
                    f"slope={slope:g}: use the `slope` argument, not a number typed into the body",
                ),
            },
        )
    # One sample with a negative z, a zero and a positive z, at the default slope (no slope passed).
    width = checker.size(6, low=3, high=8)
    z1 = rng.normal(size=(1, width)).round(1)
    z1[0, :3] = [-2.0, 0.0, 1.5]
    dvalues1 = rng.normal(size=(1, width)).round(2) + 1.0
    checker.compare(
        checker.call(z=z1, dvalues=dvalues1),
        _leaky_reference(z1, dvalues1, 0.01),
        what="G_z (default slope)",
        known={
            "slope_typed_in": (
                _leaky_reference(z1, dvalues1, slope),
                f"G_z uses the slope {slope:g} where z <= 0, but this call passed no slope, so the default "
                "slope=0.01 applies: use the `slope` argument, not a number typed into the body",
            )
        },
    )
    return (
        f"G_z matches on a ({n}, {m}) batch with z = 0 exactly (slope {slope:g}), on whole-number z and G, "
        "and on one sample (the default slope 0.01)"
    )


def _floor_division(fn) -> bool:
    """Whether ``fn``'s code divides with ``//`` (integer division), read from its bytecode."""
    codes, seen = [getattr(fn, "__code__", None)], False
    while codes:
        code = codes.pop()
        if code is None:
            continue
        for instruction in dis.get_instructions(code):
            seen |= instruction.opname == "BINARY_FLOOR_DIVIDE" or instruction.argrepr in ("//", "//=")
        codes += [constant for constant in code.co_consts if hasattr(constant, "co_code")]
    return seen


# ---------------------------------------------------------------------------------------------
# 03.mean_output_dweights

_MEAN_STUB = '''\
def mean_output_dweights(inputs, weights, biases):
    """Gradient of L = mean of ReLU(inputs @ weights + biases) over all N * M entries, w.r.t. the weights.

    inputs: X, shape (N, D); weights: W, shape (D, M); biases: b, shape (1, M).
    Returns dW, shape (D, M).
    """
    raise NotImplementedError("replace this line with your code")
'''

_MEAN_SOLUTION = '''\
def mean_output_dweights(inputs, weights, biases):
    """G = 1 / (N M) for every output; G_z = G * 1[Z > 0]; dW = X.T @ G_z."""
    z = inputs @ weights + biases
    upstream = np.full(z.shape, 1 / z.size)
    grad_z = upstream * (z > 0)
    return inputs.T @ grad_z
'''


def _mean(body: str) -> str:
    return "def mean_output_dweights(inputs, weights, biases):\n    z = inputs @ weights + biases\n" + body


def _mean_output_reference(inputs, weights, biases):
    z = inputs @ weights + biases
    return inputs.T @ ((z > 0) / z.size)


@define_exercise(
    "03.mean_output_dweights",
    full_precision=("inputs", "weights", "biases"),
    stub=_MEAN_STUB,
    solution=_MEAN_SOLUTION,
    why=(
        "Every output enters the mean with weight $1/(NM)$, so $G$ is $1/(NM)$ everywhere; the ReLU keeps it "
        "where $z > 0$ (not at $z = 0$), and the dense layer turns $G_z$ into $dW = X^\\top G_z$."
    ),
    idea="Three steps, as in the notebook: G from the loss, then G_z through the ReLU, then dW through the dense "
    "layer. Start with G: how much does L change when one output H_nj grows by a little?",
    hint=(
        "L is the mean of all N * M outputs, so each output's gradient G is the same number: what is it? "
        "Then the ReLU's mask (0 where z <= 0), then the dense layer's dW = inputs.T @ G_z."
    ),
    array_only=True,
    points=3,
    shapes={"inputs": "(N, D)", "weights": "(D, M)", "biases": "(1, M)", "return": "(D, M)"},
    mistakes=[
        # R1: the biases left out of z got the generic message.
        Mistake(
            "no_biases",
            "def mean_output_dweights(inputs, weights, biases):\n    z = inputs @ weights\n"
            "    return inputs.T @ ((z > 0) / z.size)\n",
            "no_biases",
        ),
        Mistake("mask_at_zero", _mean("    return inputs.T @ ((z >= 0) / z.size)\n"), "relu_mask"),
        Mistake("transposed", _mean("    return ((z > 0) / z.size).T @ inputs\n"), "transposed"),
        Mistake("mean_over_m", _mean("    return inputs.T @ ((z > 0) / z.shape[1])\n"), "factor_n"),
        Mistake("mean_over_n", _mean("    return inputs.T @ ((z > 0) / len(inputs))\n"), "a 1/M is missing"),
        Mistake("sum_not_mean", _mean("    return inputs.T @ (z > 0)\n"), "a 1/(N*M) is missing"),
        Mistake(
            "relu_output_for_mask", _mean("    return inputs.T @ (np.maximum(0, z) / z.size)\n"), "relu_output_for_mask"
        ),
        # Passed the first engine's data (float weights): with the notebook's whole-number X, W
        # and b, np.zeros_like(z) is an integer array and 1 / (N M) is stored as 0.
        Mistake(
            "integer_gradient",
            _mean("    grad_z = np.zeros_like(z)\n    grad_z[z > 0] = 1 / z.size\n    return inputs.T @ grad_z\n"),
            "int_dtype",
        ),
        # Passed the first engine's data (N = 5 and M = 4 fixed): a size typed into the body.
        Mistake("size_typed_in", _mean("    return inputs.T @ ((z > 0) / 20)\n"), "hard_coded_size"),
        # R2: 12 is D*M in every case of the notebook, so 20/12 looked like N/D, "a D where an N belongs".
        Mistake("twelve_typed_in", _mean("    return inputs.T @ ((z > 0) / 12)\n"), "you divided by 12"),
        Mistake("times_nm", _mean("    return inputs.T @ ((z > 0) * z.size)\n"), "you multiplied by N*M"),
        # NV1: G = H, the draft's own upstream gradient, got the generic message and "only in column 0".
        # NV2: 1/(N*M) stored in an integer G, with float inputs, was told "cut to whole numbers".
        Mistake(
            "integer_g_float_inputs",
            _mean(
                "    g = np.zeros_like(z, dtype=int)\n    g[z > 0] = 1 / z.size\n"
                "    return inputs.astype(float).T @ g\n"
            ),
            "was stored as 0",
        ),
        Mistake("relu_output_as_g", _mean("    return inputs.T @ np.maximum(0, z)\n"), "relu_output_as_g"),
        # NVH: 1 // (N*M), integer division, was told of an integer array.
        Mistake("floor_division", _mean("    return inputs.T @ ((z > 0) * (1 // z.size))\n"), "integer division"),
        # NVA: dX returned where dW is asked for was told its shape only.
        Mistake("dinputs_returned", _mean("    return ((z > 0) / z.size) @ weights.T\n"), "that is dX's shape"),
        Mistake(
            "mean_of_everything",
            _mean("    return np.mean(inputs.T @ (z > 0)) * np.ones(weights.shape)\n"),
            "a sum or a mean collapse",
        ),
    ],
)
def _(checker):
    rng = checker.rng(31)
    # N, D and M all different, so a transposed or mis-multiplied answer cannot pass.
    n, d, m = checker.distinct_sizes(5, 3, 4, low=2, high=7)
    about = "L is the mean over all N*M outputs, so every output's G is 1/(N*M)"

    def case(inputs, weights, biases, what):
        z = inputs @ weights + biases
        size = z.size
        got = checker.call(inputs=inputs, weights=weights, biases=biases)
        dinputs = ((z > 0) / size) @ weights.T
        shape = np.shape(got) if isinstance(got, np.ndarray) else None
        if shape == dinputs.shape != weights.shape:
            said = (
                "and its values are dX = G_z W^T, the gradient for the inputs"
                if np.allclose(np.asarray(got, dtype=float), dinputs)
                else "the shape of the gradient for the inputs"
            )
            raise Failed(
                "shape",  # a shape mistake, named: the student release, which has only shapes, agrees on the kind
                f"{what} should have shape (D, M) = {weights.shape}; you returned shape {shape}: that is dX's shape, "
                f"(N, D), {said}. The weights' gradient has the weights' shape: dW = X^T G_z",
            )
        checker.compare(
            got,
            _mean_output_reference(inputs, weights, biases),
            what=what,
            about_factors=about,
            divisor="N*M",
            relu_z=z,
            relu_upstream=lambda mask: inputs.T @ (mask / size),
            known={
                "no_biases": (
                    inputs.T @ ((inputs @ weights > 0) / size),
                    f"{what} uses z = inputs @ weights without the biases: z = inputs @ weights + biases decides "
                    "which outputs the ReLU keeps",
                ),
                "g_stored_as_zero": (
                    np.zeros_like(inputs.T @ (z > 0), dtype=float),
                    f"{what} is 0 everywhere: G = 1/(N*M) became 0. `//` is integer division: 1 // (N*M) rounds "
                    "down to 0; divide with `/`"
                    if _floor_division(checker.fn)
                    else f"{what} is 0 everywhere: G = 1/(N*M) was stored as 0. In an integer array (np.zeros_like "
                    "of a whole-number z, or dtype=int) a fraction becomes 0: start from floats, np.zeros(z.shape)",
                ),
                "relu_output_as_g": (
                    inputs.T @ np.maximum(0, z),
                    f"{what} uses the ReLU's outputs H as the upstream gradient (G = H, the gradient of "
                    "L = 1/2 sum H**2, as in the draft's update); this L is the mean of the outputs, so every "
                    "G_nj is 1/(N*M)",
                ),
                "relu_output_for_mask": (
                    inputs.T @ (np.maximum(0, z) / size),
                    f"{what} uses the ReLU's outputs where the mask 1[z > 0] belongs: the derivative of "
                    "ReLU(z) is 1 or 0, not ReLU(z)",
                ),
            },
        )

    # Whole-number inputs and weights in halves, with z = 0 exactly once (only a mask written z > 0 passes).
    inputs = rng.integers(-2, 4, size=(n, d)).astype(float)
    weights = rng.integers(-3, 4, size=(d, m)) / 2
    biases = rng.integers(-2, 3, size=(1, m)) / 2
    z = inputs @ weights + biases
    biases[0, 0] -= z[0, 0]  # z[0, 0] = 0 exactly
    z = inputs @ weights + biases
    if not (z > 0).any() or not (z < 0).any():
        biases[0, 1:] = -z[0, 1:] + np.where(np.arange(m - 1) % 2, 1.5, -1.5)
    # Just above the kink in the last row and column: a mask written z > 0.01 (a threshold) fails.
    biases[0, -1] += 0.004 - (inputs @ weights + biases)[-1, -1]
    case(inputs, weights, biases, "dweights")
    # The notebook's example in whole numbers, as integer arrays: an integer G stores 1/(N*M) as 0.
    n2, d2, m2 = (3, 2, 6) if not checker.hidden else checker.distinct_sizes(3, 2, 6, low=2, high=8)
    inputs2 = rng.integers(-2, 4, size=(n2, d2))
    weights2 = rng.integers(-2, 3, size=(d2, m2))
    biases2 = rng.integers(-1, 2, size=(1, m2))
    z2 = inputs2 @ weights2 + biases2
    biases2[0, -1] -= z2[-1, -1]  # a zero in the last row and column
    biases2[0, 0] += 5 - (inputs2 @ weights2 + biases2)[:, 0].min()  # column 0 on for every sample
    case(inputs2, weights2, biases2, "dweights (whole-number X, W, b)")
    # One sample: a hard-coded batch size shows here.
    x1 = np.round(rng.normal(size=(1, d)), 1)
    x1[0, 0] = 2.0
    case(x1, weights, biases + 1.0, "dweights (one sample)")
    return (
        f"dweights matches for N = {n}, D = {d}, M = {m} (with z = 0 exactly), for whole-number arrays "
        f"and for a single sample"
    )
