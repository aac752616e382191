"""The softmax and cross-entropy explorer (notebooks 04 and 05): ŷ, the loss, ŷ − y and the Jacobian."""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np

from ..losses import ActivationSoftmaxLossCategoricalCrossentropy
from ..plots import CLASS_COLOURS, FastRenderer, new_figure, sign_colour
from .controls import STYLE, SUB, ExplorerBox, check_numbers, fmt, image, slider

LOGIT_RANGE = (-10.0, 10.0)


class SoftmaxExplorer:
    """Three logits and a true class: probabilities, loss, gradient ŷ − y and the softmax Jacobian."""

    def __init__(self, logits=(4.8, 1.21, 2.385), true_class=0):
        logits = check_numbers(logits, "logits", 3, *LOGIT_RANGE)
        if isinstance(true_class, bool) or not isinstance(true_class, numbers.Integral):
            raise TypeError(f"true_class must be a class index, 0, 1 or 2, got {true_class!r}")
        if true_class not in (0, 1, 2):
            raise ValueError(f"true_class must be 0, 1 or 2 (three classes), got {true_class}")
        self.defaults = (logits, int(true_class))
        self.logit_sliders = [
            slider(
                f"z{SUB[j]} (logit {j})",
                logits[j],
                *LOGIT_RANGE,
                0.005,
                f"logit of class {j}",
                name=f"logits[{j}]",
                readout_format=".3f",
            )
            for j in range(3)
        ]
        self.class_buttons = widgets.ToggleButtons(
            options=[("class 0", 0), ("class 1", 1), ("class 2", 2)],
            value=int(true_class),
            description="true class y",
            style=STYLE,
        )
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the default logits")
        self.reset_button.on_click(lambda _: self.reset())
        for control in [*self.logit_sliders, self.class_buttons]:
            control.observe(lambda _: self.update(), names="value")
        self.table = widgets.HTML()
        self.image = image()
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
        self.widget = ExplorerBox(
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
            f"<p>ŷ = {fmt(self.probabilities)} &nbsp; true class {y[0]} &nbsp; "
            f"loss = −log ŷ<sub>{y[0]}</sub> = <b>{self.loss:.4f}</b></p>"
            f"<p>∂L/∂z = ŷ − y = {fmt(self.gradient)}</p></div>"
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

    def static_png(self) -> bytes:
        """The figure as it is now, for viewers without widgets."""
        return self.image.value

    def reset(self) -> None:
        logits, true_class = self.defaults
        for control, value in zip(self.logit_sliders, logits, strict=True):
            control.value = value
        self.class_buttons.value = true_class
        self.update()


def softmax_explorer(*, logits=(4.8, 1.21, 2.385), true_class=0) -> ExplorerBox:
    """Softmax and cross-entropy for one sample; the default logits are the draft's first layer output.

    ``logits`` holds 3 values in [-10, 10], the sliders' range; ``true_class`` is 0, 1 or 2.
    """
    return SoftmaxExplorer(logits, true_class).widget
