"""The single neuron ``h = ReLU(sum_i x_i w_i + b)`` as a computational graph (notebooks 01 and 03).

``draw_neuron(x, w, b)`` is the plain function a notebook cell calls; :class:`NeuronGraph` is what it
and the neuron-graph explorer draw with."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from .._text import subscript
from .colours import NEGATIVE, NEGATIVE_TEXT, POSITIVE, ZERO, sign_colour, sign_text_colour

_ROWS = (2.0, 0.0, -2.0)  # one row per input
_MUL_X, _SUM_X, _RELU_X, _OUT_X = 2.2, 4.6, 6.4, 8.0
_SUM_XY, _B_XY = (_SUM_X, 0.0), (_MUL_X, -3.4)
_RADIUS = 0.48
_NODES = {(_MUL_X, row) for row in _ROWS} | {_SUM_XY, (_RELU_X, 0.0)}


# What the colours mean, drawn on the graph itself: a learner should not need the docs to read it.
LEGEND_HANDLES = [
    Line2D([], [], color=POSITIVE, lw=3, label="gradient > 0"),
    Line2D([], [], color=NEGATIVE, lw=3, label="gradient < 0"),
    Line2D([], [], color=ZERO, lw=1, label="gradient = 0"),
    Line2D([], [], color="black", lw=0.6, label="thicker: larger |gradient|"),
    Patch(facecolor="white", edgecolor="#444444", label="box, circle: forward value"),
]


class NeuronGraph:
    """The neuron ``h = ReLU(sum_i x_i w_i + b)`` drawn as a graph on ``ax``.

    Forward values sit in the nodes; each edge carries its gradient as a label, coloured by
    sign and drawn thicker for larger magnitudes. Call :meth:`update` with new results of
    :func:`nnfs_helpers.neuron.neuron_forward` / ``neuron_backward``; it changes the
    existing artists only.
    """

    TITLE = "forward values in the nodes, gradients ∂L/∂(·) on the edges"

    def __init__(self, ax):
        self.ax = ax
        ax.set_xlim(-1.0, 9.0)
        ax.set_ylim(-4.2, 3.2)
        ax.set_axis_off()
        self.edges, self.edge_labels = {}, {}
        for i, row in enumerate(_ROWS):
            self._edge(f"x{i}", (0.0, row + 0.45), (_MUL_X, row))
            self._edge(f"w{i}", (0.0, row - 0.45), (_MUL_X, row), below=True)
            self._edge(f"p{i}", (_MUL_X, row), _SUM_XY)
        self._edge("b", _B_XY, _SUM_XY)
        self._edge("z", _SUM_XY, (_RELU_X, 0.0))
        self._edge("y", (_RELU_X, 0.0), (_OUT_X, 0.0))
        self.node_text, self.circles = {}, []
        for i, row in enumerate(_ROWS):
            self._leaf(f"x{i}", (0.0, row + 0.45))
            self._leaf(f"w{i}", (0.0, row - 0.45))
            self._node(f"mul{i}", (_MUL_X, row), "×")
        self._leaf("b", _B_XY)
        self._node("sum", _SUM_XY, "+")
        self._node("relu", (_RELU_X, 0.0), "ReLU")
        self._leaf("out", (_OUT_X, 0.0))
        self.title = ax.text(
            0.5,
            1.0,
            self.TITLE,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=10,
        )
        self.gate_note = ax.text(4.0, -4.1, "", ha="center", va="bottom", fontsize=10, color=NEGATIVE_TEXT)
        self.legend = ax.legend(
            handles=LEGEND_HANDLES, loc="lower right", fontsize=9, frameon=True, title="colours", title_fontsize=9
        )

    def _edge(self, name, start, end, *, below: bool = False):
        # Stop the line at the rim of an operation node, so the nodes never need redrawing
        # over the edges and stay in the renderer's static background.
        direction = np.subtract(end, start) / np.hypot(*np.subtract(end, start))
        start_at = np.add(start, direction * _RADIUS) if tuple(start) in _NODES else start
        end_at = np.subtract(end, direction * _RADIUS) if tuple(end) in _NODES else end
        (line,) = self.ax.plot(
            [start_at[0], end_at[0]], [start_at[1], end_at[1]], lw=2, color=ZERO, zorder=1, solid_capstyle="butt"
        )
        # An input's x_i and w_i edges meet at their product: each label sits on its own edge's outer side
        # (above x_i's, below w_i's) and nearer its input box, so no label sits between the two edges.
        along = 0.45 if tuple(end) in _NODES and tuple(start) not in _NODES else 0.5
        mid = (start[0] + along * (end[0] - start[0]), start[1] + along * (end[1] - start[1]))
        label = self.ax.text(
            mid[0],
            mid[1] - 0.18 if below else mid[1] + 0.18,
            "",
            ha="center",
            va="top" if below else "bottom",
            fontsize=9,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
        )
        self.edges[name], self.edge_labels[name] = line, label

    def _node(self, name, xy, symbol):
        self.circles.append(self.ax.add_patch(Circle(xy, _RADIUS, fc="#F4F4F4", ec="#444444", lw=1.2, zorder=2)))
        self.circles.append(
            self.ax.text(xy[0], xy[1] + 0.12, symbol, ha="center", va="center", fontsize=10, weight="bold", zorder=3)
        )
        self.node_text[name] = self.ax.text(xy[0], xy[1] - 0.2, "", ha="center", va="center", fontsize=9, zorder=3)

    def _leaf(self, name, xy):
        self.node_text[name] = self.ax.text(
            xy[0],
            xy[1],
            "",
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#444444"},
        )

    @property
    def dynamic_artists(self) -> list:
        """Everything :meth:`update` changes, in drawing order (for :class:`FastRenderer`)."""
        return [*self.edges.values(), *self.edge_labels.values(), *self.node_text.values(), self.gate_note]

    def update(self, x, w, b, dvalue, forward, grads) -> None:
        """Write new values and gradients onto the existing artists."""
        gradients = {"b": grads.db, "z": grads.drelu_dz, "y": float(dvalue)}  # edge "y" carries dL/dh
        for i in range(3):
            gradients.update({f"x{i}": grads.dx[i], f"w{i}": grads.dw[i], f"p{i}": grads.dproducts[i]})
            self.node_text[f"x{i}"].set_text(f"x{subscript(i)} = {x[i]:.2f}")
            self.node_text[f"w{i}"].set_text(f"w{subscript(i)} = {w[i]:.2f}")
            self.node_text[f"mul{i}"].set_text(f"{forward.products[i] + 0.0:.2f}")
        self.node_text["b"].set_text(f"b = {b:.2f}")
        self.node_text["sum"].set_text(f"{forward.z:.2f}")
        self.node_text["relu"].set_text(f"{forward.y:.2f}")
        self.node_text["out"].set_text(f"h = {forward.y:.2f}")
        largest = max(1e-12, max(abs(g) for g in gradients.values()))
        for name, gradient in gradients.items():
            self.edges[name].set_color(sign_colour(gradient))
            self.edges[name].set_linewidth(1.0 + 4.0 * abs(gradient) / largest if gradient else 1.0)
            self.edge_labels[name].set_text(f"{gradient + 0.0:.2f}")
            self.edge_labels[name].set_color(sign_text_colour(gradient))
        off = forward.z <= 0
        self.gate_note.set_text("z ≤ 0: the ReLU is off, so every gradient behind it is 0" if off else "")

    def hide_gradients(self) -> None:
        """Plain edges and no gradient labels or legend: the forward pass alone."""
        for name in self.edges:
            self.edges[name].set(color="#444444", linewidth=1.5)
            self.edge_labels[name].set_visible(False)
        self.legend.set_visible(False)
        self.gate_note.set_text("")
        self.title.set_text("forward values in the nodes")


def draw_neuron(x, w, b, show_gradients: bool = False, ax=None, *, dvalue: float = 1.0):
    """Draw the neuron h = ReLU(sum_i x_i w_i + b) as a graph; returns the Axes.

    ``x`` and ``w`` hold 3 numbers each. The nodes show the forward values (products, z, h). With
    ``show_gradients`` each edge is also coloured by the sign of its gradient (upstream ``dvalue`` =
    ∂L/∂h, 1 by default) and labelled with it. Draws on ``ax``, or on a new 8 x 4.6 inch pyplot figure.
    """
    from ..neuron import neuron_backward, neuron_forward

    x = [float(v) for v in np.asarray(x, dtype=float).reshape(-1)]
    w = [float(v) for v in np.asarray(w, dtype=float).reshape(-1)]
    if len(x) != 3 or len(w) != 3:
        raise ValueError(
            f"draw_neuron draws a neuron with 3 inputs: x and w need 3 numbers each, got {len(x)} and {len(w)}"
        )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4.6))
    graph = NeuronGraph(ax)
    graph.update(x, w, float(b), dvalue, neuron_forward(x, w, b), neuron_backward(x, w, b, dvalue=dvalue))
    if not show_gradients:
        graph.hide_gradients()
    return ax
