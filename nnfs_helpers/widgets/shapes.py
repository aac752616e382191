"""The shapes explorer (notebook 02): every array of a dense layer's backward pass, for any N, D, M."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..plots import figure_png, matrices_figure
from .controls import ExplorerBox, matrix_html, slider

# The draft's layer example (notebook 02): inputs (3, 4), weights (4, 3), dvalues (3, 3).
DRAFT_INPUTS = np.array([[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2], [-1.5, 2.7, 3.3, -0.8]])
DRAFT_WEIGHTS = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T
DRAFT_DVALUES = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
DRAFT_BIASES = np.array([[2.0, 3.0, 0.5]])

SIZE_RANGE = (1, 8)


def layer_arrays(n_samples: int, n_inputs: int, n_neurons: int) -> dict[str, np.ndarray]:
    """The six arrays of a dense layer's backward pass for a batch of N, D inputs and M neurons.

    At (3, 4, 3) they are the draft's numbers; otherwise seeded small random values.
    """
    if (n_samples, n_inputs, n_neurons) == DRAFT_INPUTS.shape + (DRAFT_WEIGHTS.shape[1],):
        inputs, weights, dvalues = DRAFT_INPUTS, DRAFT_WEIGHTS, DRAFT_DVALUES
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


class ShapesExplorer:
    """Sliders for N, D and M; every array of the dense layer's backward pass as a shaded grid.

    The grids are HTML tables rather than a figure: their number of cells changes with
    every move, and a table redraws in well under a millisecond.
    """

    def __init__(self, n_samples=3, n_inputs=4, n_neurons=3):
        self.n_slider = slider("N (samples)", n_samples, *SIZE_RANGE, 1, "batch size", name="n_samples", integer=True)
        self.d_slider = slider(
            "D (inputs)", n_inputs, *SIZE_RANGE, 1, "features per sample", name="n_inputs", integer=True
        )
        self.m_slider = slider(
            "M (neurons)", n_neurons, *SIZE_RANGE, 1, "neurons in the layer", name="n_neurons", integer=True
        )
        self.defaults = tuple(control.value for control in self.sliders)
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the draft's 3, 4, 3")
        self.reset_button.on_click(lambda _: self.reset())
        for control in self.sliders:
            control.observe(lambda _: self.update(), names="value")
        self.grids = widgets.HTML()
        self.widget = ExplorerBox(
            "shapes",
            [widgets.HBox([widgets.VBox(self.sliders), self.reset_button]), self.grids],
            self,
        )
        self.update()

    @property
    def sliders(self):
        return [self.n_slider, self.d_slider, self.m_slider]

    def update(self) -> None:
        n, d, m = (control.value for control in self.sliders)
        self.arrays = layer_arrays(n, d, m)
        forward = "".join(
            matrix_html(self.arrays[name], name, f"{SHAPE_RULES[name][0]}: {SHAPE_RULES[name][2]}")
            for name in ("inputs", "weights", "dvalues")
        )
        backward = "".join(
            matrix_html(self.arrays[name], name, f"{SHAPE_RULES[name][0]}: {SHAPE_RULES[name][1]}")
            for name in ("dweights", "dbiases", "dinputs")
        )
        self.grids.value = (
            f"<p style='font-family:monospace'>N = {n} samples, D = {d} inputs, M = {m} neurons. "
            "Each gradient has the shape of what it is the gradient of.</p>"
            f"<div>{forward}</div><div>{backward}</div>"
        )

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        n, d, m = (int(control.value) for control in self.sliders)
        return {
            "n_samples": n,
            "n_inputs": d,
            "n_neurons": m,
            "shapes": {name: tuple(array.shape) for name, array in self.arrays.items()},
            **{name: array.tolist() for name, array in self.arrays.items()},
        }

    def static_png(self) -> bytes:
        """The six grids as one picture, for viewers without widgets."""
        return figure_png(matrices_figure({name: array for name, array in self.arrays.items()}, columns=3))

    def reset(self) -> None:
        for control, value in zip(self.sliders, self.defaults, strict=True):
            control.value = value
        self.update()


def shapes_explorer(*, n_samples=3, n_inputs=4, n_neurons=3) -> ExplorerBox:
    """Why ``inputs.T @ dvalues`` has the weights' shape: every backward array, for any N, D, M.

    N, D and M are whole numbers from 1 to 8, the sliders' range.
    """
    return ShapesExplorer(n_samples, n_inputs, n_neurons).widget
