r"""The batch ReLU explorer (notebook 03): the ReLU mask over the draft's batch, and what it does to dweights.

For the draft's layer (X of shape (3, 4), W of shape (4, 3)) followed by a ReLU:

.. math:: Z = XW + b, \quad G_z = G \odot \mathbf{1}[Z > 0], \quad
          \frac{\partial L}{\partial W} = X^\top G_z, \quad \frac{\partial L}{\partial b} = \sum_n (G_z)_{n\cdot}

A neuron whose z is at most 0 for every sample passes no gradient at all: its column of G_z, and
so its column of dweights and its entry of dbiases, are 0.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .base import Explorer
from .controls import SUB, check_sequence
from .draft import draft_arrays
from .html import block, matrix_html, note
from .matrices import matrices_png

BIAS_RANGE = (-10.0, 10.0)
UPSTREAM_RANGE = (-5.0, 5.0)
STEP = 0.1
_DRAFT = draft_arrays()
DRAFT_BIASES = tuple(float(v) for v in _DRAFT["biases"][0])
# The draft's upstream gradient has equal entries along each row (1, 2, 3 for samples 0, 1, 2), so
# one slider per sample keeps its form: row n of G is g_n for every neuron.
DRAFT_UPSTREAM = tuple(float(v) for v in _DRAFT["dvalues"][:, 0])


def batch_relu_arrays(biases, upstream) -> dict[str, np.ndarray]:
    """Forward and backward arrays of the draft's dense + ReLU layer for the given biases and per-sample g_n.

    ``biases``: 3 values, one per neuron. ``upstream``: 3 values g_n, one per sample; the upstream
    gradient G, shape (3, 3), has g_n in every entry of row n. Returns ``Z``, ``mask``, ``G``,
    ``G_z``, ``dweights`` (4, 3), ``dbiases`` (1, 3) and ``dinputs`` (3, 4). The ReLU's
    gradient at z = 0 exactly is taken as 0.
    """
    inputs, weights = _DRAFT["inputs"], _DRAFT["weights"]
    b = np.asarray(biases, dtype=float).reshape(1, 3)
    Z = inputs @ weights + b
    mask = (Z > 0).astype(float)
    G = np.repeat(np.asarray(upstream, dtype=float).reshape(3, 1), 3, axis=1)
    G_z = G * mask
    return {
        "Z": Z,
        "mask": mask,
        "G": G,
        "G_z": G_z,
        "dweights": inputs.T @ G_z,
        "dbiases": G_z.sum(axis=0, keepdims=True),
        "dinputs": G_z @ weights.T,
    }


# (array, title, formula) in the order they are shown.
GRIDS = [
    ("Z", "Z", "X W + b"),
    ("mask", "1[Z > 0]", "1 where z > 0, else 0"),
    ("G", "G", "upstream: row n is gₙ"),
    ("G_z", "G_z", "G ⊙ 1[Z > 0]"),
    ("dweights", "dweights", "Xᵀ G_z"),
    ("dbiases", "dbiases", "Σₙ G_z"),
]


class BatchReluExplorer(Explorer):
    """Sliders biases0..2 and upstream0..2 (one g_n per sample); Z, the mask, G, G_z, dweights and dbiases."""

    kind = "batch-relu"

    def __init__(self, biases=DRAFT_BIASES, upstream=DRAFT_UPSTREAM):
        super().__init__()
        biases, upstream = check_sequence(biases, "biases", 3), check_sequence(upstream, "upstream", 3)
        self.bias_sliders = [
            self.add_slider(
                f"biases{j}",
                biases[j],
                *BIAS_RANGE,
                STEP,
                label=f"b{SUB[j]} (bias of neuron {j})",
                tooltip=f"bias of neuron {j}",
                argument=f"biases[{j}]",
            )
            for j in range(3)
        ]
        self.upstream_sliders = [
            self.add_slider(
                f"upstream{n}",
                upstream[n],
                *UPSTREAM_RANGE,
                STEP,
                label=f"g{SUB[n]} (upstream, sample {n})",
                tooltip=f"upstream gradient of sample {n}, for every neuron",
                argument=f"upstream[{n}]",
            )
            for n in range(3)
        ]
        self.grids = widgets.HTML()
        self.finish(
            [
                widgets.HBox(
                    [
                        widgets.VBox(self.bias_sliders),
                        widgets.VBox([*self.upstream_sliders, self.reset_button("back to the starting values")]),
                    ]
                ),
                self.grids,
            ]
        )

    def alt_text(self) -> str:
        return (
            "Six shaded grids: Z = XW + b, the ReLU mask 1[Z > 0], the upstream gradient G, G_z, dweights "
            "and dbiases for the draft's batch; a neuron that is off for every sample has its column outlined."
        )

    def biases_upstream(self):
        v = self.values()
        return [v[f"biases{j}"] for j in range(3)], [v[f"upstream{n}"] for n in range(3)]

    def update(self) -> None:
        biases, upstream = self.biases_upstream()
        self.arrays = batch_relu_arrays(biases, upstream)
        self.dead_neurons = [j for j in range(3) if not self.arrays["mask"][:, j].any()]
        if self.dead_neurons:
            names = ", ".join(str(j) for j in self.dead_neurons)
            verb = "is" if len(self.dead_neurons) == 1 else "are"
            message = note(
                f"<b>Neuron {names} {verb} off for every sample</b> (z ≤ 0 in the whole column): the mask "
                "blocks every gradient, so that column of G_z, dweights and dbiases is 0 and those weights "
                "do not learn from this batch."
            )
        else:
            message = "<p>Every neuron is on (z &gt; 0) for at least one sample.</p>"
        shown = "".join(
            matrix_html(self.arrays[key], title, formula, dead_columns=self.dead_neurons)
            for key, title, formula in GRIDS
        )
        self.grids.value = block(
            f"<p>b = [{', '.join(f'{v:.1f}' for v in biases)}] &nbsp; "
            f"g = [{', '.join(f'{v:.1f}' for v in upstream)}] &nbsp; "
            "X (3, 4) and W (4, 3) are the draft's.</p>",
            message,
            f"<div>{shown}</div>",
        )

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        biases, upstream = self.biases_upstream()
        return {
            "biases": [float(v) for v in biases],
            "upstream": [float(v) for v in upstream],
            **{key: self.arrays[key].tolist() for key in ("Z", "mask", "G", "G_z", "dweights", "dbiases", "dinputs")},
            "dead_neurons": list(self.dead_neurons),
            "inputs": _DRAFT["inputs"].tolist(),
            "weights": _DRAFT["weights"].tolist(),
        }

    def static_png(self) -> bytes:
        """The grids as one picture, for viewers without widgets."""
        return matrices_png({title: self.arrays[key] for key, title, _ in GRIDS}, columns=6)


def batch_relu_explorer(*, biases=DRAFT_BIASES, upstream=DRAFT_UPSTREAM):
    """The ReLU mask over the draft's 3 × 4 batch: Z, 1[Z > 0], G, G_z = G ⊙ 1[Z > 0], dweights, dbiases.

    ``biases`` holds the 3 neurons' biases in [-10, 10] (the draft's are 2, 3, 0.5); ``upstream`` holds
    g_n for each of the 3 samples in [-5, 5] (the draft's are 1, 2, 3), all on their sliders' grid (steps
    of 0.1): row n of the upstream gradient G is g_n for every neuron, as in the draft. Controls:
    ``biases0``..``biases2``, ``upstream0``..``upstream2``. Lower a bias until its neuron's z ≤ 0 for every
    sample, and its column of dweights becomes 0 (notebook 03 asks where; the answer is not given here).
    """
    return BatchReluExplorer(biases, upstream).widget
