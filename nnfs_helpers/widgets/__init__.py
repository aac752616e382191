"""Interactive explorers: sliders wired to a figure or to shaded HTML grids.

Each ``*_explorer()`` returns a ready widget (display it as a cell's last expression); the
explorer object behind it is ``widget.explorer``, an :class:`~nnfs_helpers.widgets.base.Explorer`
with ``controls``, ``defaults``, ``values()``, ``set(**values)``, ``reset()``, ``state()``,
``static_png()`` and ``kind`` (contract 1; control names and state keys in docs/explorers.md).
Nothing is drawn until the explorer is shown (displayed, ``static_png()``, or in a kernel when it is next
idle); from then on a control change updates the existing artists, blits them to a PNG and swaps the
bytes of an ``ipywidgets.Image`` shown at 1x: at 1x while a slider moves, at 2x once it rests (and for
the first picture, ``set()`` and the static PNG). A hidden ``Output`` in each explorer
runs a script that names every slider handle after its label and gives the figure its alt text.
Without a widget manager the output shows the starting picture and one line saying how to use the
explorer live.

Modules: ``base`` (the Explorer class and grid sliders), ``controls`` (the root box, the Image, the
accessibility script, argument checks), ``html`` (theme-safe HTML grids), ``render`` (figures off pyplot, the blitting
renderer), ``matrices`` (the HTML explorers' static picture), ``draft`` (the draft's arrays), and one
module per explorer.
"""

from __future__ import annotations

from .base import Explorer, Grid
from .batch_relu import BatchReluExplorer, batch_relu_arrays, batch_relu_explorer
from .controls import ExplorerBox, static_text
from .html import matrix_html
from .learning_rate import LearningRateExplorer, learning_rate_explorer
from .neuron_graph import NeuronGraphExplorer, neuron_graph_explorer
from .shapes import SHAPE_RULES, ShapesExplorer, layer_arrays, shapes_explorer
from .softmax import SoftmaxExplorer, softmax_explorer
from .training import TrainingExplorer, training_explorer

__all__ = [
    "neuron_graph_explorer",
    "learning_rate_explorer",
    "shapes_explorer",
    "softmax_explorer",
    "training_explorer",
    "batch_relu_explorer",
    "layer_arrays",
    "batch_relu_arrays",
    "matrix_html",
    "static_text",
    "SHAPE_RULES",
    "Explorer",
    "ExplorerBox",
    "Grid",
    "NeuronGraphExplorer",
    "LearningRateExplorer",
    "ShapesExplorer",
    "SoftmaxExplorer",
    "TrainingExplorer",
    "BatchReluExplorer",
]
