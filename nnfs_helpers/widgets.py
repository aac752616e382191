"""Interactive explorers: sliders wired to the drawing functions in :mod:`nnfs_helpers.plots`.

Each ``*_explorer()`` returns a ready widget (display it as a cell's last expression); the
explorer object behind it is ``widget.explorer``, whose ``update()`` is a plain method a
test can call without a browser. Figures are drawn once; a slider move changes the existing
artists, renders them to PNG and swaps the bytes of an ``ipywidgets.Image``, which keeps
the browser round trip well under 100 ms (measured in ``benchmarks/``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .data import spiral_data
from .losses import ActivationSoftmaxLossCategoricalCrossentropy
from .neuron import B_DEFAULT, W_DEFAULT, X_DEFAULT, neuron_backward, neuron_forward, sgd_step
from .optimizers import OptimizerSGD
from .plots import (
    CLASS_COLOURS,
    NEGATIVE,
    POSITIVE,
    FastRenderer,
    NeuronGraph,
    new_figure,
    plot_decision_boundary,
    plot_training_curves,
    sign_colour,
)
from .training import Classifier, train

__all__ = [
    "neuron_graph_explorer",
    "learning_rate_explorer",
    "shapes_explorer",
    "softmax_explorer",
    "training_explorer",
    "layer_arrays",
    "matrix_html",
]

_STYLE = {"description_width": "initial"}
_SLIDER_LAYOUT = widgets.Layout(width="300px")

# The draft's layer example (notebook 02): inputs (3, 4), weights (4, 3), dvalues (3, 3).
DRAFT_INPUTS = np.array([[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2], [-1.5, 2.7, 3.3, -0.8]])
DRAFT_WEIGHTS = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T
DRAFT_DVALUES = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])


def _slider(description, value, low, high, step, tooltip, *, integer=False, readout_format=".2f"):
    if integer:
        return widgets.IntSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            description=description,
            tooltip=tooltip,
            style=_STYLE,
            layout=_SLIDER_LAYOUT,
            continuous_update=True,
        )
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        tooltip=tooltip,
        style=_STYLE,
        layout=_SLIDER_LAYOUT,
        continuous_update=True,
        readout_format=readout_format,
    )


def _root(kind: str, children, explorer) -> widgets.VBox:
    root = widgets.VBox(children)
    root.add_class("nnfs-explorer")
    root.add_class(f"nnfs-explorer-{kind}")
    root.explorer = explorer
    return root


def _image() -> widgets.Image:
    # A VBox stretches its children to its width, which blew a 400-pixel figure up to 960 and blurred it.
    # flex-start keeps the figure at its own size (96 dpi, one image pixel per CSS pixel); max_width
    # still shrinks it in a narrow window.
    return widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto", align_self="flex-start"))


def _fmt(values) -> str:
    return "[" + ", ".join(f"{float(v):.3f}" for v in values) + "]"


def _cell(value: float) -> str:
    return f'<td style="color:{sign_colour(value)};text-align:right;padding:0 8px">{value:.3f}</td>'


# --- 1. the neuron graph ----------------------------------------------------------------


class NeuronGraphExplorer:
    """Sliders for x, w, b and the upstream gradient; the neuron's graph and a gradient table."""

    def __init__(self, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0):
        self.defaults = (tuple(x), tuple(w), float(b), float(dvalue))
        self.x_sliders = [_slider(f"x{_SUB[i]} (input {i})", x[i], -5, 5, 0.1, f"input x{i}") for i in range(3)]
        self.w_sliders = [_slider(f"w{_SUB[i]} (weight {i})", w[i], -5, 5, 0.1, f"weight w{i}") for i in range(3)]
        self.b_slider = _slider("b (bias)", b, -10, 10, 0.1, "the neuron's bias")
        self.dvalue_slider = _slider(
            "∂L/∂y (upstream gradient)", dvalue, -3, 3, 0.1, "gradient arriving from the next layer"
        )
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the draft's values", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.table = widgets.HTML()
        self.image = _image()
        self.figure = new_figure(8.0, 4.4)
        self.graph = NeuronGraph(self.figure.add_subplot())
        self.renderer = FastRenderer(self.figure, self.graph.dynamic_artists)
        for slider in self.sliders:
            slider.observe(lambda _: self.update(), names="value")
        controls = widgets.VBox(
            [*self.x_sliders, *self.w_sliders, self.b_slider, self.dvalue_slider, self.reset_button]
        )
        self.widget = _root("neuron-graph", [widgets.HBox([controls, self.table]), self.image], self)
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
        rows = "".join(f"<tr><td>{i}</td>{_cell(g.dx[i])}{_cell(g.dw[i])}</tr>" for i in range(3))
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

    def reset(self) -> None:
        x, w, b, dvalue = self.defaults
        with self.image.hold_sync():
            for slider, value in zip(self.sliders, [*x, *w, b, dvalue], strict=True):
                slider.value = value
        self.update()


_SUB = "₀₁₂"


def neuron_graph_explorer(*, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, dvalue=1.0) -> widgets.VBox:
    """The single neuron as a computational graph: forward values in the nodes, gradients on the edges.

    At the defaults (the draft's numbers) it shows y = 6.0, dx = (-3, -1, 2), dw = (1, -2, 3), db = 1.
    Push z below 0 (lower b) and every gradient becomes 0: the ReLU gate.
    """
    return NeuronGraphExplorer(x, w, b, dvalue).widget


# --- 2. the learning-rate step ------------------------------------------------------------


class LearningRateExplorer:
    """A learning-rate slider and a button that takes one SGD step on the neuron's w and b."""

    def __init__(self, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, learning_rate=0.001):
        self.x = tuple(x)
        self.start = (tuple(w), float(b))
        self.lr_slider = _slider(
            "η (learning rate)", learning_rate, 0.001, 0.5, 0.001, "step size", readout_format=".3f"
        )
        self.step_button = widgets.Button(
            description="Take a step", button_style="primary", icon="play", tooltip="w ← w − η·dw, b ← b − η·db"
        )
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the draft's w and b")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.lr_slider.observe(lambda _: self.update(redraw=False), names="value")
        self.table = widgets.HTML()
        self.image = _image()
        self.figure = new_figure(6.5, 2.8)
        self.ax = self.figure.add_subplot()
        (self.line,) = self.ax.plot([], [], "o-", color=POSITIVE, label="y after each step")
        (self.preview,) = self.ax.plot([], [], "o--", color=NEGATIVE, alpha=0.7, label="next step (preview)")
        self.ax.set_xlabel("steps taken")
        self.ax.set_ylabel("output y")
        self.ax.grid(alpha=0.3)
        self.ax.legend(loc="lower left", fontsize=8)
        self.renderer = FastRenderer(self.figure, [self.preview])
        self.widget = _root(
            "learning-rate",
            [widgets.HBox([self.lr_slider, self.step_button, self.reset_button]), self.table, self.image],
            self,
        )
        self.reset()

    def _next(self):
        grads = neuron_backward(self.x, self.w, self.b, 1.0)
        return sgd_step(self.w, self.b, grads.dw, grads.db, self.lr_slider.value)

    def step(self) -> None:
        """Apply w ← w − η·dw, b ← b − η·db once."""
        self.w, self.b = self._next()
        self.outputs.append(neuron_forward(self.x, self.w, self.b).y)
        self.update()

    def reset(self) -> None:
        self.w, self.b = self.start
        self.outputs = [neuron_forward(self.x, self.w, self.b).y]
        self.update()

    def state(self) -> dict:
        """The slider and what the explorer shows, as plain Python values (keys in docs/explorers.md).

        ``*_before`` is the neuron now (after the steps taken); ``*_after`` is what one more step
        with the slider's η would give, which the explorer previews.
        """
        now = neuron_forward(self.x, self.w, self.b)
        grads = neuron_backward(self.x, self.w, self.b, 1.0)
        next_w, next_b = self._next()
        after = neuron_forward(self.x, next_w, next_b)
        return {
            "learning_rate": float(self.lr_slider.value),
            "steps": len(self.outputs) - 1,
            "x": list(self.x),
            "w": [float(v) for v in self.w],
            "b": float(self.b),
            "dw": list(grads.dw),
            "db": grads.db,
            "z_before": now.z,
            "y_before": now.y,
            "w_after": [float(v) for v in next_w],
            "b_after": float(next_b),
            "z_after": after.z,
            "y_after": after.y,
            "outputs": [float(v) for v in self.outputs],
        }

    def update(self, redraw: bool = True) -> None:
        """Refresh the table and the preview of the next step; ``redraw`` also re-scales the plot."""
        next_w, next_b = self._next()
        now = neuron_forward(self.x, self.w, self.b)
        after = neuron_forward(self.x, next_w, next_b)
        next_y = after.y
        self.table.value = (
            "<div style='font-family:monospace'>"
            f"<p>steps taken: {len(self.outputs) - 1} &nbsp; w = {_fmt(self.w)} &nbsp; b = {self.b:.3f}</p>"
            f"<p>now: z = {now.z:.3f} &nbsp; y = ReLU(z) = <b>{now.y:.3f}</b></p>"
            f"<p>one step with η = {self.lr_slider.value:.3f} would give "
            f"z = {after.z:.3f} &nbsp; y = {after.y:.3f}</p></div>"
        )
        steps = np.arange(len(self.outputs))
        self.preview.set_data([steps[-1], steps[-1] + 1], [self.outputs[-1], next_y])
        if redraw:
            self.line.set_data(steps, self.outputs)
            # The y range leaves room below for a preview step up to the slider's largest η.
            low, high = min(self.outputs) - 0.5 * (max(self.outputs) - min(self.outputs) + 1.0), max(self.outputs)
            self.ax.set_xlim(-0.3, len(self.outputs) + 0.3)
            self.ax.set_ylim(low, high + 0.05 * (high - low))
            self.image.value = self.renderer.full()
        else:
            self.image.value = self.renderer.render()


def learning_rate_explorer(*, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, learning_rate=0.001) -> widgets.VBox:
    """Take SGD steps on the neuron with a learning rate you choose; at η = 0.001 one step gives 6.0 → 5.985."""
    return LearningRateExplorer(x, w, b, learning_rate).widget


# --- 3. shapes ------------------------------------------------------------------------------


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


def _shade(value: float, limit: float) -> str:
    """Background colour for a grid cell: blue for positive, vermilion for negative, by size."""
    strength = min(1.0, abs(value) / limit) if limit else 0.0
    rgb = (0, 114, 178) if value > 0 else (213, 94, 0)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{0.1 + 0.6 * strength:.2f})" if value else "#f4f4f4"


def matrix_html(array: np.ndarray, title: str, formula: str) -> str:
    """A labelled, shaded grid of ``array`` as an HTML table, with its shape and formula."""
    limit = float(np.abs(array).max())
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='background:{_shade(v, limit)};width:38px;height:20px;text-align:center;"
            f"font-size:11px;border:1px solid #fff'>{round(v, 1) + 0.0:.1f}</td>"
            for v in row
        )
        + "</tr>"
        for row in array
    )
    return (
        "<div style='display:inline-block;vertical-align:top;margin:4px 14px 10px 0'>"
        f"<div style='font-family:monospace'><b>{html.escape(title)}</b> {array.shape}</div>"
        f"<div style='font-family:monospace;font-size:11px;color:#555'>{html.escape(formula)}</div>"
        f"<table style='border-collapse:collapse'>{rows}</table></div>"
    )


class ShapesExplorer:
    """Sliders for N, D and M; every array of the dense layer's backward pass as a shaded grid.

    The grids are HTML tables rather than a figure: their number of cells changes with
    every move, and a table redraws in well under a millisecond.
    """

    def __init__(self, n_samples=3, n_inputs=4, n_neurons=3):
        self.defaults = (n_samples, n_inputs, n_neurons)
        self.n_slider = _slider("N (samples)", n_samples, 1, 8, 1, "batch size", integer=True)
        self.d_slider = _slider("D (inputs)", n_inputs, 1, 8, 1, "features per sample", integer=True)
        self.m_slider = _slider("M (neurons)", n_neurons, 1, 8, 1, "neurons in the layer", integer=True)
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the draft's 3, 4, 3")
        self.reset_button.on_click(lambda _: self.reset())
        for slider in self.sliders:
            slider.observe(lambda _: self.update(), names="value")
        self.grids = widgets.HTML()
        self.widget = _root(
            "shapes",
            [widgets.HBox([widgets.VBox(self.sliders), self.reset_button]), self.grids],
            self,
        )
        self.update()

    @property
    def sliders(self):
        return [self.n_slider, self.d_slider, self.m_slider]

    def update(self) -> None:
        n, d, m = (slider.value for slider in self.sliders)
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
        n, d, m = (int(slider.value) for slider in self.sliders)
        return {
            "n_samples": n,
            "n_inputs": d,
            "n_neurons": m,
            "shapes": {name: tuple(array.shape) for name, array in self.arrays.items()},
            **{name: array.tolist() for name, array in self.arrays.items()},
        }

    def reset(self) -> None:
        for slider, value in zip(self.sliders, self.defaults, strict=True):
            slider.value = value
        self.update()


def shapes_explorer(*, n_samples=3, n_inputs=4, n_neurons=3) -> widgets.VBox:
    """Why ``inputs.T @ dvalues`` has the weights' shape: every backward array, for any N, D, M."""
    return ShapesExplorer(n_samples, n_inputs, n_neurons).widget


# --- 4. softmax and cross-entropy -----------------------------------------------------------


class SoftmaxExplorer:
    """Three logits and a true class: probabilities, loss, gradient ŷ − y and the softmax Jacobian."""

    def __init__(self, logits=(4.8, 1.21, 2.385), true_class=0):
        self.defaults = (tuple(logits), int(true_class))
        self.logit_sliders = [
            _slider(f"z{_SUB[j]} (logit {j})", logits[j], -10, 10, 0.005, f"logit of class {j}", readout_format=".3f")
            for j in range(3)
        ]
        self.class_buttons = widgets.ToggleButtons(
            options=[("class 0", 0), ("class 1", 1), ("class 2", 2)],
            value=int(true_class),
            description="true class y",
            style=_STYLE,
        )
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the default logits")
        self.reset_button.on_click(lambda _: self.reset())
        for control in [*self.logit_sliders, self.class_buttons]:
            control.observe(lambda _: self.update(), names="value")
        self.table = widgets.HTML()
        self.image = _image()
        self.figure = new_figure(9.0, 3.0)
        prob_ax, grad_ax, self.jac_ax = self.figure.subplots(1, 3)
        classes = np.arange(3)
        self.prob_bars = prob_ax.bar(classes, [0, 0, 0], color=CLASS_COLOURS[:3])
        prob_ax.set_ylim(0, 1)
        prob_ax.set_title("probabilities ŷ = softmax(z)", fontsize=9)
        self.grad_bars = grad_ax.bar(classes, [0, 0, 0])
        grad_ax.set_ylim(-1, 1)
        grad_ax.axhline(0, color="black", lw=0.8)
        grad_ax.set_title("∂L/∂z = ŷ − y", fontsize=9)
        for ax in (prob_ax, grad_ax):
            ax.set_xticks(classes)
            ax.grid(axis="y", alpha=0.3)
        self.jac_image = self.jac_ax.imshow(np.zeros((3, 3)), cmap="PuOr", vmin=-0.25, vmax=0.25)
        self.jac_ax.set_title("Jacobian ∂ŷᵢ/∂zⱼ = diag(ŷ) − ŷŷᵀ", fontsize=9)
        self.jac_ax.set_xticks(classes)
        self.jac_ax.set_yticks(classes)
        self.jac_text = [
            [self.jac_ax.text(j, i, "", ha="center", va="center", fontsize=8) for j in classes] for i in classes
        ]
        self.renderer = FastRenderer(
            self.figure, [*self.prob_bars, *self.grad_bars, self.jac_image, *np.ravel(self.jac_text)]
        )
        self.widget = _root(
            "softmax",
            [
                widgets.HBox([widgets.VBox(self.logit_sliders), widgets.VBox([self.class_buttons, self.reset_button])]),
                self.table,
                self.image,
            ],
            self,
        )
        self.update()

    def update(self) -> None:
        logits = np.array([[s.value for s in self.logit_sliders]])
        y = np.array([self.class_buttons.value])
        head = ActivationSoftmaxLossCategoricalCrossentropy()
        self.loss = float(head.forward(logits, y))
        self.probabilities = head.output[0]
        self.gradient = head.backward()[0]  # N = 1, so this is ŷ − y itself
        self.jacobian = np.diagflat(self.probabilities) - np.outer(self.probabilities, self.probabilities)
        for bar, p in zip(self.prob_bars, self.probabilities, strict=True):
            bar.set_height(p)
        for bar, g in zip(self.grad_bars, self.gradient, strict=True):
            bar.set_height(g)
            bar.set_color(sign_colour(g))
        self.jac_image.set_data(self.jacobian)
        for (i, j), value in np.ndenumerate(self.jacobian):
            self.jac_text[i][j].set_text(f"{value:.3f}")
        picture = self.renderer.render()  # drawn before either is sent, so table and figure change together
        self.table.value = (
            "<div style='font-family:monospace'>"
            f"<p>ŷ = {_fmt(self.probabilities)} &nbsp; true class {y[0]} &nbsp; "
            f"loss = −log ŷ<sub>{y[0]}</sub> = <b>{self.loss:.4f}</b></p>"
            f"<p>∂L/∂z = ŷ − y = {_fmt(self.gradient)}</p></div>"
        )
        self.image.value = picture

    def state(self) -> dict:
        """The controls and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        return {
            "logits": [float(s.value) for s in self.logit_sliders],
            "true_class": int(self.class_buttons.value),
            "probabilities": self.probabilities.tolist(),
            "loss": self.loss,
            "gradient": self.gradient.tolist(),
            "jacobian": self.jacobian.tolist(),
        }

    def reset(self) -> None:
        logits, true_class = self.defaults
        for slider, value in zip(self.logit_sliders, logits, strict=True):
            slider.value = value
        self.class_buttons.value = true_class
        self.update()


def softmax_explorer(*, logits=(4.8, 1.21, 2.385), true_class=0) -> widgets.VBox:
    """Softmax and cross-entropy for one sample; the default logits are the draft's first layer output."""
    return SoftmaxExplorer(logits, true_class).widget


# --- 5. training ------------------------------------------------------------------------------


class TrainingExplorer:
    """Train a 2 → H → 3 network on spiral data; decision boundary, loss and accuracy curves."""

    def __init__(self, learning_rate=1.0, hidden=64, epochs=2000, seed=0, samples=100, momentum=0.9, decay=1e-3):
        self.defaults = (learning_rate, hidden, epochs, seed)
        self.samples, self.momentum, self.decay = samples, momentum, decay
        self.lr_slider = _slider("η (learning rate)", learning_rate, 0.05, 2.0, 0.05, "SGD step size")
        self.hidden_slider = _slider("H (hidden neurons)", hidden, 2, 128, 2, "width of the hidden layer", integer=True)
        self.epochs_slider = _slider("epochs", epochs, 100, 5000, 100, "full passes over the data", integer=True)
        self.seed_slider = _slider("seed", seed, 0, 20, 1, "seed for the data and the initial weights", integer=True)
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the default settings")
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="progress", style=_STYLE)
        for slider in self.sliders:
            slider.observe(lambda _: self.update(), names="value")
        self.status = widgets.HTML()
        self.image = _image()
        self.figure = new_figure(10.0, 3.4)
        self.axes = self.figure.subplots(1, 3)
        self.renderer = FastRenderer(self.figure)
        self.history = None
        self.drawn_seed = None
        self.widget = _root(
            "training",
            [
                widgets.HBox(
                    [widgets.VBox(self.sliders), widgets.VBox([self.train_button, self.reset_button, self.progress])]
                ),
                self.status,
                self.image,
            ],
            self,
        )
        self.update()

    @property
    def sliders(self):
        return [self.lr_slider, self.hidden_slider, self.epochs_slider, self.seed_slider]

    def settings(self) -> str:
        return (
            f"η = {self.lr_slider.value:.2f}, H = {self.hidden_slider.value}, "
            f"epochs = {self.epochs_slider.value}, seed = {self.seed_slider.value}"
        )

    def data(self):
        rng = np.random.default_rng(self.seed_slider.value)
        return spiral_data(self.samples, 3, rng=rng), rng

    def update(self) -> None:
        """A setting changed: say the results are out of date; redraw the data if the seed changed."""
        self.history = None
        self.status.value = f"<p>Settings: {self.settings()}. Press <b>Train</b> to train with them.</p>"
        if self.drawn_seed == self.seed_slider.value:
            return
        self.drawn_seed = self.seed_slider.value
        (X, y), _ = self.data()
        for ax in self.axes:
            ax.clear()
        self.axes[0].scatter(X[:, 0], X[:, 1], c=[CLASS_COLOURS[c] for c in y], s=10)
        self.axes[0].set_aspect("equal")
        self.axes[0].set_title("spiral data (press Train)")
        for ax, title in zip(self.axes[1:], ("loss", "accuracy"), strict=True):
            ax.set_title(title)
            ax.text(0.5, 0.5, "not trained yet", ha="center", va="center", transform=ax.transAxes, color="grey")
        self.image.value = self.renderer.full()

    def train(self):
        """Train with the current settings, updating the progress bar; returns the history."""
        (X, y), rng = self.data()
        model = Classifier(2, self.hidden_slider.value, 3, rng=rng)
        optimizer = OptimizerSGD(self.lr_slider.value, decay=self.decay, momentum=self.momentum)
        epochs = self.epochs_slider.value
        self.progress.max = epochs
        self.progress.value = 0
        record_every = max(1, epochs // 100)
        self.status.value = f"<p>Training with {self.settings()} ...</p>"

        def report(epoch, history):
            if epoch % (record_every * 10) == 0:
                self.progress.value = epoch

        self.history = train(model, X, y, optimizer, epochs=epochs, record_every=record_every, callback=report)
        self.progress.value = epochs
        self.model = model
        for ax in self.axes:
            ax.clear()
        plot_decision_boundary(model, X, y, ax=self.axes[0], resolution=120)
        plot_training_curves(self.history, axes=self.axes[1:])
        self.drawn_seed = None  # the next setting change redraws the plain data
        # The figure goes out before the words that announce it, so "Trained" never sits above the old plot.
        self.image.value = self.renderer.full()
        self.status.value = (
            f"<p>Trained with {self.settings()}: final loss <b>{self.history.loss[-1]:.3f}</b>, "
            f"accuracy <b>{self.history.accuracy[-1]:.3f}</b>.</p>"
        )
        return self.history

    def state(self) -> dict:
        """The sliders and the last training's results, as plain Python values (keys in docs/explorers.md).

        ``trained`` is False (and the results None) until **Train** runs with the current settings.
        """
        history = self.history
        return {
            "learning_rate": float(self.lr_slider.value),
            "hidden": int(self.hidden_slider.value),
            "epochs": int(self.epochs_slider.value),
            "seed": int(self.seed_slider.value),
            "trained": history is not None,
            "loss": float(history.loss[-1]) if history is not None else None,
            "accuracy": float(history.accuracy[-1]) if history is not None else None,
            "loss_history": [float(v) for v in history.loss] if history is not None else None,
            "accuracy_history": [float(v) for v in history.accuracy] if history is not None else None,
            "recorded_epochs": [int(v) for v in history.epochs] if history is not None else None,
        }

    def reset(self) -> None:
        for slider, value in zip(self.sliders, self.defaults, strict=True):
            slider.value = value
        self.update()


def training_explorer(*, learning_rate=1.0, hidden=64, epochs=2000, seed=0) -> widgets.VBox:
    """Train a small network on spiral data (SGD with momentum 0.9 and decay 1e-3) and watch it separate."""
    return TrainingExplorer(learning_rate, hidden, epochs, seed).widget
