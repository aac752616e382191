"""The learning-rate explorer (notebook 01): SGD steps on the neuron, with z and h before and after."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .._checks import check_number
from ..neuron import B_DEFAULT, W_DEFAULT, X_DEFAULT, neuron_backward, neuron_forward, sgd_step
from ..plots import NEGATIVE, POSITIVE, ZERO
from .base import Explorer
from .controls import check_numbers, image
from .html import block, fmt
from .render import FastRenderer, new_figure

LEARNING_RATE_RANGE = (0.001, 0.5)
LEARNING_RATE_STEP = 0.001


class LearningRateExplorer(Explorer):
    """A learning_rate slider and a button that takes one SGD step on the neuron's w and b."""

    kind = "learning-rate"

    def __init__(self, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, learning_rate=0.001):
        super().__init__()
        self.x = check_numbers(x, "x", 3)
        self.start = (check_numbers(w, "w", 3), check_number(b, "b"))
        self.lr_slider = self.add_slider(
            "learning_rate",
            learning_rate,
            *LEARNING_RATE_RANGE,
            LEARNING_RATE_STEP,
            label="η (learning rate)",
            tooltip="learning rate η: the step size",
            redraw=lambda: self.update(redraw=False),
        )
        self.step_button = widgets.Button(
            description="Take a step", button_style="primary", icon="play", tooltip="w ← w − η·dw, b ← b − η·db"
        )
        self.step_button.on_click(lambda _: self.step())
        self.table = widgets.HTML()
        self.figure = new_figure(6.5, 3.0)
        self.ax = self.figure.add_subplot()
        self.ax.axhline(0, color=ZERO, lw=0.8)
        (self.z_line,) = self.ax.plot([], [], "s:", color="#555555", markersize=4, label="z after each step")
        (self.line,) = self.ax.plot([], [], "o-", color=POSITIVE, label="h = ReLU(z) after each step")
        # The previews mark only the next step (markevery): a marker at the step taken would cover its blue dot.
        (self.z_preview,) = self.ax.plot(
            [], [], "s:", color=NEGATIVE, alpha=0.6, markersize=4, markevery=[1], label="next z"
        )
        (self.preview,) = self.ax.plot(
            [], [], "o--", color=NEGATIVE, alpha=0.8, markevery=[1], label="next h (preview)"
        )
        self.ax.set_xlabel("steps taken")
        self.ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax.set_ylabel("z and h")
        self.ax.grid(alpha=0.3)
        self.ax.legend(loc="lower left", fontsize=9, ncols=2)
        self.image = image(self.figure)
        self.renderer = FastRenderer(self.figure, [self.z_preview, self.preview])
        self.w, self.b = self.start
        self._restart()
        self.finish(
            [
                widgets.HBox(
                    [
                        self.lr_slider,
                        self.step_button,
                        self.reset_button("back to the starting w and b (no steps taken)"),
                    ]
                ),
                self.table,
                self.image,
            ]
        )

    def alt_text(self) -> str:
        return (
            "Line plot against steps taken: the neuron's z and h = ReLU(z) after each SGD step, "
            "with the next step for the slider's learning rate previewed as a dashed line."
        )

    def _restart(self) -> None:
        self.w, self.b = self.start
        start = neuron_forward(self.x, self.w, self.b)
        self.outputs = [start.y]
        self.zs = [start.z]

    def _next(self):
        grads = neuron_backward(self.x, self.w, self.b, 1.0)
        return sgd_step(self.w, self.b, grads.dw, grads.db, self.lr_slider.value)

    def step(self) -> None:
        """Apply w ← w − η·dw, b ← b − η·db once."""
        self.w, self.b = self._next()
        now = neuron_forward(self.x, self.w, self.b)
        self.outputs.append(now.y)
        self.zs.append(now.z)
        self.update()

    def reset(self) -> None:
        """The slider back to its start, and the steps taken undone."""
        self._restart()
        super().reset()

    def state(self) -> dict:
        """The slider and what the explorer shows, as plain Python values (keys in docs/explorers.md).

        ``*_before`` is the neuron now (after the steps taken); ``*_after`` is what one more step
        with the slider's η would give, which the explorer previews. ``y_*`` and ``h_*`` are the same
        numbers (h = ReLU(z) is the card's name; y is kept for old checks).
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
            "h_before": now.y,
            "w_after": [float(v) for v in next_w],
            "b_after": float(next_b),
            "z_after": after.z,
            "y_after": after.y,
            "h_after": after.y,
            "outputs": [float(v) for v in self.outputs],
        }

    def update(self, redraw: bool = True) -> None:
        """Refresh the table and the preview of the next step; ``redraw`` also re-scales the plot."""
        next_w, next_b = self._next()
        now = neuron_forward(self.x, self.w, self.b)
        after = neuron_forward(self.x, next_w, next_b)
        self.table.value = block(
            f"<p>steps taken: {len(self.outputs) - 1} &nbsp; w = {fmt(self.w)} &nbsp; b = {self.b:.3f}</p>",
            f"<p>now: z = {now.z:.3f} &nbsp; h = ReLU(z) = <b>{now.y:.3f}</b></p>",
            f"<p>one step with η = {self.lr_slider.value:.3f} would give "
            f"z = {after.z:.3f} &nbsp; h = {after.y:.3f}</p>",
        )
        steps = np.arange(len(self.outputs))
        self.preview.set_data([steps[-1], steps[-1] + 1], [self.outputs[-1], after.y])
        self.z_preview.set_data([steps[-1], steps[-1] + 1], [self.zs[-1], after.z])
        if redraw:
            self.line.set_data(steps, self.outputs)
            self.z_line.set_data(steps, self.zs)
            # The y range leaves room below for a preview step up to the slider's largest η: one step
            # moves z by -η·(‖x‖² + 1), since ∂z/∂w = x and ∂z/∂b = 1 while the ReLU is on.
            reach = LEARNING_RATE_RANGE[1] * (float(np.dot(self.x, self.x)) + 1.0)
            high = max(*self.zs, *self.outputs)
            low = min(*self.zs, 0.0, self.zs[-1] - reach)
            self.ax.set_xlim(-0.3, len(self.outputs) + 0.3)
            self.ax.set_ylim(low - 0.05 * (high - low + 1.0), high + 0.05 * (high - low + 1.0))
        picture = self.picture(full=redraw)  # None while nothing shows the explorer
        if picture is not None:
            self.image.value = picture


def learning_rate_explorer(*, x=X_DEFAULT, w=W_DEFAULT, b=B_DEFAULT, learning_rate=0.001):
    """Take SGD steps on the neuron with a learning rate you choose; shows z and h = ReLU(z) before and after.

    ``x`` and ``w`` hold 3 finite numbers each; ``learning_rate`` lies in [0.001, 0.5] on the slider's
    grid (steps of 0.001). Control: ``learning_rate``.
    """
    return LearningRateExplorer(x, w, b, learning_rate).widget
