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

from ..plots import NEGATIVE, figure_png, matrices_figure
from .controls import SUB, ExplorerBox, check_numbers, matrix_html, slider
from .shapes import DRAFT_BIASES, DRAFT_DVALUES, DRAFT_INPUTS, DRAFT_WEIGHTS

BIAS_RANGE = (-10.0, 10.0)
UPSTREAM_RANGE = (-5.0, 5.0)
# The draft's upstream gradient has equal entries along each row (1, 2, 3 for samples 0, 1, 2), so
# one slider per sample keeps its form: row n of G is g_n for every neuron.
DRAFT_UPSTREAM = tuple(float(v) for v in DRAFT_DVALUES[:, 0])


def batch_relu_arrays(biases, upstream) -> dict[str, np.ndarray]:
    """Forward and backward arrays of the draft's dense + ReLU layer for the given biases and per-sample g_n.

    ``biases``: 3 values, one per neuron. ``upstream``: 3 values g_n, one per sample; the upstream
    gradient G, shape (3, 3), has g_n in every entry of row n. Returns ``Z``, ``mask``, ``G``,
    ``G_z``, ``dweights`` (4, 3), ``dbiases`` (1, 3) and ``dinputs`` (3, 4). The ReLU's
    gradient at z = 0 exactly is taken as 0.
    """
    b = np.asarray(biases, dtype=float).reshape(1, 3)
    Z = DRAFT_INPUTS @ DRAFT_WEIGHTS + b
    mask = (Z > 0).astype(float)
    G = np.repeat(np.asarray(upstream, dtype=float).reshape(3, 1), 3, axis=1)
    G_z = G * mask
    return {
        "Z": Z,
        "mask": mask,
        "G": G,
        "G_z": G_z,
        "dweights": DRAFT_INPUTS.T @ G_z,
        "dbiases": G_z.sum(axis=0, keepdims=True),
        "dinputs": G_z @ DRAFT_WEIGHTS.T,
    }


# (array, title, formula, decimals) in the order they are shown.
GRIDS = [
    ("Z", "Z", "X W + b", 2),
    ("mask", "1[Z > 0]", "1 where z > 0, else 0", 0),
    ("G", "G", "upstream: row n is gₙ", 1),
    ("G_z", "G_z", "G ⊙ 1[Z > 0]", 1),
    ("dweights", "dweights", "Xᵀ G_z", 2),
    ("dbiases", "dbiases", "Σₙ G_z", 1),
]


class BatchReluExplorer:
    """Sliders for the three biases and each sample's upstream gradient; Z, the mask, G, G_z and dweights."""

    def __init__(self, biases=tuple(DRAFT_BIASES[0]), upstream=DRAFT_UPSTREAM):
        biases = check_numbers(biases, "biases", 3, *BIAS_RANGE)
        upstream = check_numbers(upstream, "upstream", 3, *UPSTREAM_RANGE)
        self.bias_sliders = [
            slider(
                f"b{SUB[k]} (bias of neuron {k})",
                biases[k],
                *BIAS_RANGE,
                0.1,
                f"bias of neuron {k}",
                name=f"biases[{k}]",
            )
            for k in range(3)
        ]
        self.upstream_sliders = [
            slider(
                f"g{SUB[n]} (upstream, sample {n})",
                upstream[n],
                *UPSTREAM_RANGE,
                0.1,
                f"upstream gradient of sample {n}, for every neuron",
                name=f"upstream[{n}]",
            )
            for n in range(3)
        ]
        self.defaults = (biases, upstream)
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the draft's values")
        self.reset_button.on_click(lambda _: self.reset())
        for control in self.sliders:
            control.observe(lambda _: self.update(), names="value")
        self.grids = widgets.HTML()
        self.widget = ExplorerBox(
            "batch-relu",
            [
                widgets.HBox(
                    [widgets.VBox(self.bias_sliders), widgets.VBox([*self.upstream_sliders, self.reset_button])]
                ),
                self.grids,
            ],
            self,
        )
        self.update()

    @property
    def sliders(self):
        return [*self.bias_sliders, *self.upstream_sliders]

    def values(self):
        """(biases, upstream) as the sliders show them."""
        return [s.value for s in self.bias_sliders], [s.value for s in self.upstream_sliders]

    def update(self) -> None:
        biases, upstream = self.values()
        self.arrays = batch_relu_arrays(biases, upstream)
        self.dead_neurons = [k for k in range(3) if not self.arrays["mask"][:, k].any()]
        if self.dead_neurons:
            names = ", ".join(str(k) for k in self.dead_neurons)
            verb = "is" if len(self.dead_neurons) == 1 else "are"
            note = (
                f"<p style='color:{NEGATIVE}'><b>Neuron {names} {verb} off for every sample</b> (z ≤ 0 in the whole "
                "column): the mask blocks every gradient, so that column of G_z, dweights and dbiases is 0 "
                "and those weights do not learn from this batch.</p>"
            )
        else:
            note = "<p>Every neuron is on (z &gt; 0) for at least one sample.</p>"
        shown = "".join(
            matrix_html(self.arrays[key], title, formula, dead_columns=self.dead_neurons, digits=digits)
            for key, title, formula, digits in GRIDS
        )
        self.grids.value = (
            "<div style='font-family:monospace'>"
            f"<p>b = [{', '.join(f'{v:.1f}' for v in biases)}] &nbsp; "
            f"g = [{', '.join(f'{v:.1f}' for v in upstream)}] &nbsp; "
            "X (3, 4) and W (4, 3) are the draft's.</p>"
            f"{note}</div><div>{shown}</div>"
        )

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        biases, upstream = self.values()
        return {
            "biases": [float(v) for v in biases],
            "upstream": [float(v) for v in upstream],
            **{key: self.arrays[key].tolist() for key in ("Z", "mask", "G", "G_z", "dweights", "dbiases", "dinputs")},
            "dead_neurons": list(self.dead_neurons),
            "inputs": DRAFT_INPUTS.tolist(),
            "weights": DRAFT_WEIGHTS.tolist(),
        }

    def static_png(self) -> bytes:
        """The grids as one picture, for viewers without widgets."""
        return figure_png(
            matrices_figure({title: self.arrays[key] for key, title, _, _ in GRIDS}, columns=6, fmt="{:.2f}")
        )

    def reset(self) -> None:
        biases, upstream = self.defaults
        for control, value in zip(self.sliders, [*biases, *upstream], strict=True):
            control.value = value
        self.update()


def batch_relu_explorer(*, biases=tuple(DRAFT_BIASES[0]), upstream=DRAFT_UPSTREAM) -> ExplorerBox:
    """The ReLU mask over the draft's 3 × 4 batch: Z, 1[Z > 0], G, G_z = G ⊙ 1[Z > 0], dweights, dbiases.

    ``biases`` holds the 3 neurons' biases in [-10, 10] (the draft's are 2, 3, 0.5); ``upstream`` holds
    g_n for each of the 3 samples in [-5, 5] (the draft's are 1, 2, 3): row n of the upstream gradient G
    is g_n for every neuron, as in the draft. Lower a bias until its neuron's z ≤ 0 for every sample,
    and its column of dweights becomes 0 (notebook 03 asks where; the answer is not given here).
    """
    return BatchReluExplorer(biases, upstream).widget
