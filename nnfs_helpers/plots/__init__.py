"""Drawing functions: plain matplotlib, testable without a display.

Every function here draws into an ``Axes`` it is given (or makes one) and returns what it
drew, so a notebook can call it directly and the explorers in :mod:`nnfs_helpers.widgets`
can update the returned artists in place instead of building a new figure per slider move.

One module per subject: ``colours`` (the shared palette), ``render`` (figures off pyplot and
the blitting :class:`FastRenderer`), ``neuron_graph``, ``matrices`` and ``training``.
"""

from __future__ import annotations

from .colours import CLASS_COLOURS, NEGATIVE, POSITIVE, ZERO, sign_colour
from .matrices import draw_matrix, matrices_figure
from .neuron_graph import LEGEND_HANDLES, NeuronGraph
from .render import FastRenderer, encode_png, figure_png, new_figure
from .training import LargeGridWarning, boundary_grid_bytes, plot_decision_boundary, plot_training_curves

__all__ = [
    "CLASS_COLOURS",
    "LEGEND_HANDLES",
    "NEGATIVE",
    "POSITIVE",
    "ZERO",
    "FastRenderer",
    "LargeGridWarning",
    "NeuronGraph",
    "boundary_grid_bytes",
    "draw_matrix",
    "encode_png",
    "figure_png",
    "matrices_figure",
    "new_figure",
    "plot_decision_boundary",
    "plot_training_curves",
    "sign_colour",
]
