"""The neuron-graph explorer (notebooks 01 and 03): one ReLU neuron, forward values and gradients."""

from __future__ import annotations

import ipywidgets as widgets

from ..neuron import B_DEFAULT, W_DEFAULT, X_DEFAULT, neuron_backward, neuron_forward
from ..plots import NEGATIVE, FastRenderer, NeuronGraph, new_figure, sign_colour
from .controls import SUB, ExplorerBox, check_numbers, image, slider, value_cell

X_RANGE = W_RANGE = (-5.0, 5.0)
B_RANGE = (-10.0, 10.0)
DVALUE_RANGE = (-3.0, 3.0)


class NeuronGraphExplorer:
    """Sliders for x, w, b and the upstream gradient; the neuron's graph and a gradient table."""

    def __init__(self, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0):
        x = check_numbers(x, "x", 3, *X_RANGE)
        w = check_numbers(w, "w", 3, *W_RANGE)
        self.x_sliders = [
            slider(f"x{SUB[i]} (input {i})", x[i], *X_RANGE, 0.1, f"input x{i}", name=f"x[{i}]") for i in range(3)
        ]
        self.w_sliders = [
            slider(f"w{SUB[i]} (weight {i})", w[i], *W_RANGE, 0.1, f"weight w{i}", name=f"w[{i}]") for i in range(3)
        ]
        self.b_slider = slider("b (bias)", b, *B_RANGE, 0.1, "the neuron's bias", name="b")
        self.dvalue_slider = slider(
            "∂L/∂y (upstream gradient)",
            dvalue,
            *DVALUE_RANGE,
            0.1,
            "gradient arriving from the next layer",
            name="dvalue",
        )
        self.defaults = (x, w, self.b_slider.value, self.dvalue_slider.value)
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the draft's values", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.table = widgets.HTML()
        self.image = image()
        self.figure = new_figure(8.0, 4.4)
        self.graph = NeuronGraph(self.figure.add_subplot())
        self.renderer = FastRenderer(self.figure, self.graph.dynamic_artists)
        for control in self.sliders:
            control.observe(lambda _: self.update(), names="value")
        controls = widgets.VBox(
            [*self.x_sliders, *self.w_sliders, self.b_slider, self.dvalue_slider, self.reset_button]
        )
        self.widget = ExplorerBox("neuron-graph", [widgets.HBox([controls, self.table]), self.image], self)
        self.update()

    @property
    def sliders(self):
        return [*self.x_sliders, *self.w_sliders, self.b_slider, self.dvalue_slider]

    def values(self):
        """(x, w, b, dvalue) as the sliders show them."""
        return (
            [s.value for s in self.x_sliders],
            [s.value for s in self.w_sliders],
            self.b_slider.value,
            self.dvalue_slider.value,
        )

    def update(self) -> None:
        x, w, b, dvalue = self.values()
        self.forward = neuron_forward(x, w, b)
        self.grads = neuron_backward(x, w, b, dvalue)
        g = self.grads
        rows = "".join(f"<tr><td>{i}</td>{value_cell(g.dx[i])}{value_cell(g.dw[i])}</tr>" for i in range(3))
        gate = (
            f"<p style='color:{NEGATIVE}'><b>ReLU off</b> (z ≤ 0): no gradient gets through.</p>"
            if self.forward.z <= 0
            else ""
        )
        self.graph.update(x, w, b, dvalue, self.forward, g)
        # Draw first, then send the table and the figure back to back, so they change together.
        picture = self.renderer.render()
        self.table.value = (
            f"<div style='font-family:monospace;padding-left:16px'>"
            f"<p>z = {self.forward.z:.3f} &nbsp; y = ReLU(z) = {self.forward.y:.3f}</p>"
            f"<table><tr><th>i</th><th>∂L/∂x<sub>i</sub></th><th>∂L/∂w<sub>i</sub></th></tr>{rows}</table>"
            f"<p>∂L/∂b = <span style='color:{sign_colour(g.db)}'>{g.db:.3f}</span></p>{gate}</div>"
        )
        self.image.value = picture

    def state(self) -> dict:
        """The sliders and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        x, w, b, dvalue = self.values()
        f, g = self.forward, self.grads
        return {
            "x": [float(v) for v in x],
            "w": [float(v) for v in w],
            "b": float(b),
            "dvalue": float(dvalue),
            "products": list(f.products),
            "z": f.z,
            "y": f.y,
            "relu_on": f.z > 0,
            "dz": g.drelu_dz,
            "dx": list(g.dx),
            "dw": list(g.dw),
            "db": g.db,
        }

    def static_png(self) -> bytes:
        """The figure as it is now, for viewers without widgets."""
        return self.image.value

    def reset(self) -> None:
        x, w, b, dvalue = self.defaults
        with self.image.hold_sync():
            for control, value in zip(self.sliders, [*x, *w, b, dvalue], strict=True):
                control.value = value
        self.update()


def neuron_graph_explorer(*, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0) -> ExplorerBox:
    """The single neuron as a computational graph: forward values in the nodes, gradients on the edges.

    ``x`` and ``w`` hold 3 values each in [-5, 5], ``b`` lies in [-10, 10] and ``dvalue`` (∂L/∂y) in
    [-3, 3], the sliders' ranges; anything else raises a ``ValueError`` or ``TypeError``.
    At the defaults (the draft's numbers) it shows y = 6.0, dx = (-3, -1, 2), dw = (1, -2, 3), db = 1.
    """
    return NeuronGraphExplorer(x, w, b, dvalue).widget
