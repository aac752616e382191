"""The neuron-graph explorer (notebooks 01 and 03): one ReLU neuron, forward values and gradients."""

from __future__ import annotations

import ipywidgets as widgets

from ..neuron import B_DEFAULT, W_DEFAULT, X_DEFAULT, neuron_backward, neuron_forward
from ..plots import NeuronGraph
from .base import Explorer
from .controls import SUB, check_sequence, image
from .html import block, note, value_table
from .render import FastRenderer, new_figure

X_RANGE = W_RANGE = (-5.0, 5.0)
B_RANGE = (-10.0, 10.0)
DVALUE_RANGE = (-3.0, 3.0)
STEP = 0.1


class NeuronGraphExplorer(Explorer):
    """Sliders x0..x2, w0..w2, b and dvalue; the neuron's graph and a table of its gradients."""

    kind = "neuron-graph"

    def __init__(self, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0):
        super().__init__()
        x, w = check_sequence(x, "x", 3), check_sequence(w, "w", 3)
        self.x_sliders = [
            self.add_slider(
                f"x{i}", x[i], *X_RANGE, STEP, label=f"x{SUB[i]} (input {i})", tooltip=f"input x{i}", argument=f"x[{i}]"
            )
            for i in range(3)
        ]
        self.w_sliders = [
            self.add_slider(
                f"w{i}",
                w[i],
                *W_RANGE,
                STEP,
                label=f"w{SUB[i]} (weight {i})",
                tooltip=f"weight w{i}",
                argument=f"w[{i}]",
            )
            for i in range(3)
        ]
        self.b_slider = self.add_slider("b", b, *B_RANGE, STEP, label="b (bias)", tooltip="the neuron's bias")
        self.dvalue_slider = self.add_slider(
            "dvalue",
            dvalue,
            *DVALUE_RANGE,
            STEP,
            label="∂L/∂h (upstream gradient)",
            tooltip="gradient arriving from the next layer, dL/dh",
        )
        self.table = widgets.HTML()
        self.figure = new_figure(8.0, 4.6)
        self.graph = NeuronGraph(self.figure.add_subplot())
        self.image = image(self.figure)
        self.renderer = FastRenderer(self.figure, self.graph.dynamic_artists)
        controls = widgets.VBox([*self.sliders, self.reset_button("back to the starting values")])
        self.finish([widgets.HBox([controls, self.table]), self.image])

    def alt_text(self) -> str:
        return (
            "The neuron as a computational graph: inputs x0 to x2 and weights w0 to w2 feed three products, "
            "their sum with b gives z, the ReLU gives h; each edge is labelled with its gradient, blue if "
            "positive, vermilion if negative, grey if zero."
        )

    def update(self) -> None:
        v = self.values()
        x, w, b, dvalue = [v["x0"], v["x1"], v["x2"]], [v["w0"], v["w1"], v["w2"]], v["b"], v["dvalue"]
        self.forward = neuron_forward(x, w, b)
        self.grads = neuron_backward(x, w, b, dvalue)
        g = self.grads
        limit = max(1e-12, *(abs(value) for value in (*g.dx, *g.dw, g.db)))
        table = value_table(
            [(str(i), [g.dx[i], g.dw[i]]) for i in range(3)], ["i", "∂L/∂x<sub>i</sub>", "∂L/∂w<sub>i</sub>"], limit
        )
        # The bias has one gradient, not one per input: its own table, under its own heading.
        bias = value_table([("b", [g.db])], ["", "∂L/∂b"], limit)
        gate = note("<b>ReLU off</b> (z ≤ 0): no gradient gets through.") if self.forward.z <= 0 else ""
        self.graph.update(x, w, b, dvalue, self.forward, g)
        # Draw first, then send the table and the figure back to back, so they change together.
        picture = self.picture()  # None while nothing shows the explorer
        self.table.value = block(
            "<div style='padding-left:16px'>",
            f"<p>z = {self.forward.z:.3f} &nbsp; h = ReLU(z) = {self.forward.y:.3f}</p>",
            table,
            f"<div style='margin-top:6px'>{bias}</div>{gate}</div>",
        )
        if picture is not None:
            self.image.value = picture

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        v = self.values()
        f, g = self.forward, self.grads
        return {
            "x": [float(v[f"x{i}"]) for i in range(3)],
            "w": [float(v[f"w{i}"]) for i in range(3)],
            "b": float(v["b"]),
            "dvalue": float(v["dvalue"]),
            "products": list(f.products),
            "z": f.z,
            "y": f.y,
            "h": f.y,
            "relu_on": f.z > 0,
            "dz": g.drelu_dz,
            "dx": list(g.dx),
            "dw": list(g.dw),
            "db": g.db,
        }


def neuron_graph_explorer(*, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0):
    """The single neuron as a computational graph: forward values in the nodes, gradients on the edges.

    ``x`` and ``w`` hold 3 values each in [-5, 5], ``b`` lies in [-10, 10] and ``dvalue`` (∂L/∂h) in
    [-3, 3], each on its slider's grid (steps of 0.1); anything else raises a ``ValueError`` or
    ``TypeError``. Controls: ``x0``..``x2``, ``w0``..``w2``, ``b``, ``dvalue``. At the defaults (the
    draft's numbers) it shows h = 6.0, dx = (-3, -1, 2), dw = (1, -2, 3), db = 1.
    """
    return NeuronGraphExplorer(x, w, b, dvalue).widget
