"""Drawing functions for notebook cells: plain matplotlib, plain signatures, testable without a display.

Every function draws into an ``Axes`` it is given (or makes a pyplot figure) and returns what it
drew, so a notebook cell calls it and ``plt.show()``, nothing more:

- ``draw_neuron(x, w, b, show_gradients=False, ax=None) -> Axes`` (notebook 01);
- ``plot_relu(z_low=-3, z_high=3, axes=None) -> (Axes, Axes)``: ReLU and its derivative (notebook 03);
- ``plot_decision_boundary(model, X, y, ax=None) -> Axes`` and ``plot_training_curves(history, axes=None)``;
- ``plot_training_summary(model, X, y, history) -> Figure``: both side by side (notebook 06).

One module per subject: ``colours`` (the shared palette and contrast), ``neuron_graph``, ``relu`` and
``training``. Rendering only the explorers use (the blitting renderer, the static grids) lives in
:mod:`nnfs_helpers.widgets`.
"""

from __future__ import annotations

from .colours import (
    CLASS_COLOURS,
    NEGATIVE,
    POSITIVE,
    ZERO,
    cell_colour,
    contrast_ratio,
    diverging_cmap,
    sign_colour,
    sign_text_colour,
    text_colour,
)
from .neuron_graph import LEGEND_HANDLES, NeuronGraph, draw_neuron
from .relu import plot_relu
from .training import (
    LargeGridWarning,
    boundary_grid_bytes,
    plot_decision_boundary,
    plot_training_curves,
    plot_training_summary,
)

__all__ = [
    "CLASS_COLOURS",
    "LEGEND_HANDLES",
    "NEGATIVE",
    "POSITIVE",
    "ZERO",
    "LargeGridWarning",
    "NeuronGraph",
    "boundary_grid_bytes",
    "cell_colour",
    "contrast_ratio",
    "diverging_cmap",
    "draw_neuron",
    "plot_decision_boundary",
    "plot_relu",
    "plot_training_curves",
    "plot_training_summary",
    "sign_colour",
    "sign_text_colour",
    "text_colour",
]
