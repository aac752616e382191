"""The shapes explorer (notebook 02): every array of a dense layer's backward pass, for any N, D, M."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .base import Explorer
from .draft import draft_arrays
from .html import block, matrix_html
from .matrices import matrices_png

SIZE_RANGE = (1, 8)
_DRAFT = draft_arrays()
# The draft's layer example (notebook 02): inputs (3, 4), weights (4, 3), dvalues (3, 3), biases (1, 3).
DRAFT_INPUTS, DRAFT_WEIGHTS = _DRAFT["inputs"], _DRAFT["weights"]
DRAFT_DVALUES, DRAFT_BIASES = _DRAFT["dvalues"], _DRAFT["biases"]


def layer_arrays(n_samples: int, n_inputs: int, n_neurons: int) -> dict[str, np.ndarray]:
    """The six arrays of a dense layer's backward pass for a batch of N, D inputs and M neurons.

    At (3, 4, 3) they are the draft's numbers; otherwise seeded small random values.
    """
    if (n_samples, n_inputs, n_neurons) == (3, 4, 3):
        draft = draft_arrays()
        inputs, weights, dvalues = draft["inputs"], draft["weights"], draft["dvalues"]
    else:
        rng = np.random.default_rng([n_samples, n_inputs, n_neurons])
        inputs = np.round(rng.normal(0, 2, (n_samples, n_inputs)), 1)
        weights = np.round(rng.normal(0, 0.5, (n_inputs, n_neurons)), 2)
        dvalues = np.round(rng.normal(0, 1, (n_samples, n_neurons)), 1)
    return {
        "inputs": inputs,
        "weights": weights,
        "dvalues": dvalues,
        "dweights": inputs.T @ dvalues,
        "dbiases": dvalues.sum(axis=0, keepdims=True),
        "dinputs": dvalues @ weights.T,
    }


SHAPE_RULES = {
    "inputs": ("X", "(N, D)", "the batch: N samples of D features"),
    "weights": ("W", "(D, M)", "one column per neuron"),
    "dvalues": ("G", "(N, M)", "gradient from the next layer, one per output"),
    "dweights": ("Xᵀ @ G", "(D, N) @ (N, M) → (D, M)", "same shape as W: one gradient per weight"),
    "dbiases": ("sum of G over axis 0", "(N, M) → (1, M)", "same shape as b"),
    "dinputs": ("G @ Wᵀ", "(N, M) @ (M, D) → (N, D)", "same shape as X"),
}


class ShapesExplorer(Explorer):
    """Sliders n_samples, n_inputs, n_neurons (N, D, M); every array of the backward pass as a shaded grid.

    The grids are HTML tables rather than a figure: their number of cells changes with every move,
    and a table redraws in well under a millisecond.
    """

    kind = "shapes"

    def __init__(self, n_samples=3, n_inputs=4, n_neurons=3):
        super().__init__()
        size = dict(integer=True)
        self.n_slider = self.add_slider(
            "n_samples", n_samples, *SIZE_RANGE, 1, label="N (samples)", tooltip="N: batch size", **size
        )
        self.d_slider = self.add_slider(
            "n_inputs", n_inputs, *SIZE_RANGE, 1, label="D (inputs)", tooltip="D: features per sample", **size
        )
        self.m_slider = self.add_slider(
            "n_neurons", n_neurons, *SIZE_RANGE, 1, label="M (neurons)", tooltip="M: neurons in the layer", **size
        )
        self.grids = widgets.HTML()
        self.finish(
            [
                widgets.HBox([widgets.VBox(self.sliders), self.reset_button("back to the starting N, D and M")]),
                self.grids,
            ]
        )

    def alt_text(self) -> str:
        n, d, m = (self.controls[k].value for k in ("n_samples", "n_inputs", "n_neurons"))
        return (
            f"Six shaded grids of numbers for N = {n}, D = {d}, M = {m}: inputs, weights and dvalues, then "
            "dweights, dbiases and dinputs, each with its shape; blue cells positive, vermilion negative."
        )

    def update(self) -> None:
        n, d, m = (self.controls[k].value for k in ("n_samples", "n_inputs", "n_neurons"))
        self.arrays = layer_arrays(n, d, m)
        forward = "".join(
            matrix_html(self.arrays[name], name, f"{SHAPE_RULES[name][0]}: {SHAPE_RULES[name][2]}")
            for name in ("inputs", "weights", "dvalues")
        )
        backward = "".join(
            matrix_html(self.arrays[name], name, f"{SHAPE_RULES[name][0]}: {SHAPE_RULES[name][1]}")
            for name in ("dweights", "dbiases", "dinputs")
        )
        self.grids.value = block(
            f"<p>N = {n} samples, D = {d} inputs, M = {m} neurons. "
            "Each gradient has the shape of what it is the gradient of.</p>",
            f"<div>{forward}</div><div>{backward}</div>",
        )

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        n, d, m = (int(self.controls[k].value) for k in ("n_samples", "n_inputs", "n_neurons"))
        return {
            "n_samples": n,
            "n_inputs": d,
            "n_neurons": m,
            "shapes": {name: tuple(array.shape) for name, array in self.arrays.items()},
            **{name: array.tolist() for name, array in self.arrays.items()},
        }

    def static_png(self) -> bytes:
        """The six grids as one picture, for viewers without widgets."""
        return matrices_png(self.arrays, columns=3)


def shapes_explorer(*, n_samples=3, n_inputs=4, n_neurons=3):
    """Why ``inputs.T @ dvalues`` has the weights' shape: every backward array, for any N, D, M.

    N, D and M are whole numbers from 1 to 8, the sliders' range. Controls: ``n_samples``,
    ``n_inputs``, ``n_neurons``.
    """
    return ShapesExplorer(n_samples, n_inputs, n_neurons).widget
