"""Interactive explorers: sliders wired to the drawing functions in :mod:`nnfs_helpers.plots`.

Each ``*_explorer()`` returns a ready widget (display it as a cell's last expression); the
explorer object behind it is ``widget.explorer``, whose ``update()`` is a plain method a
test can call without a browser and whose ``state()`` is a plain dict of the sliders and the
numbers shown, for a question's checker (keys in docs/explorers.md). Figures are drawn once;
a slider move changes the existing artists, renders them to PNG and swaps the bytes of an
``ipywidgets.Image``, which keeps the browser round trip well under 100 ms (measured in
``benchmarks/``). Without a widget manager the output shows the starting picture and one line
saying how to use the explorer live.

One module per explorer, named after it, and ``controls`` for what they share.
"""

from __future__ import annotations

from .batch_relu import BatchReluExplorer, batch_relu_arrays, batch_relu_explorer
from .controls import ExplorerBox, matrix_html, static_text
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
    "ExplorerBox",
    "NeuronGraphExplorer",
    "LearningRateExplorer",
    "ShapesExplorer",
    "SoftmaxExplorer",
    "TrainingExplorer",
    "BatchReluExplorer",
]
