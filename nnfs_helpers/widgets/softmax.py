"""The softmax and cross-entropy explorer (notebooks 04 and 05): ŷ, the loss, ŷ − Y_n and the Jacobian.

The loss shown is the true one, logsumexp(z) − z_k (k the true class), which equals −log ŷ_k in exact
arithmetic. Where ŷ_k falls outside the package's clip [1e-7, 1 − 1e-7] the explorer says "clipped":
the package's loss would report −log of the clipped value, not the true loss.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..losses import EPSILON, ActivationSoftmaxLossCategoricalCrossentropy
from ..plots import CLASS_COLOURS, sign_colour
from ..plots.colours import diverging_cmap, text_colour
from .base import Explorer
from .controls import SUB, check_sequence, image
from .html import block, fmt
from .render import FastRenderer, new_figure

LOGIT_RANGE = (-10.0, 10.0)
LOGIT_STEP = 0.005
JACOBIAN_LIMIT = 0.25  # every entry of diag(ŷ) − ŷᵀŷ lies in [-0.25, 0.25]


def _probability(p: float) -> str:
    return f"{p:.3f}" if p >= 1e-3 else f"{p:.2e}"


class SoftmaxExplorer(Explorer):
    """Sliders logits0..logits2 and the true_class buttons: probabilities, loss, gradient and Jacobian."""

    kind = "softmax"

    def __init__(self, logits=(4.8, 1.21, 2.385), true_class=0):
        super().__init__()
        logits = check_sequence(logits, "logits", 3)
        self.logit_sliders = [
            self.add_slider(
                f"logits{j}",
                logits[j],
                *LOGIT_RANGE,
                LOGIT_STEP,
                label=f"z{SUB[j]} (logit {j})",
                tooltip=f"z{j}: the logit of class {j}",
                argument=f"logits[{j}]",
                readout_format=".3f",
            )
            for j in range(3)
        ]
        if isinstance(true_class, bool) or not isinstance(true_class, (int, np.integer)):
            raise TypeError(f"true_class must be a class index, 0, 1 or 2, got {true_class!r}")
        if true_class not in (0, 1, 2):
            raise ValueError(f"true_class must be 0, 1 or 2 (three classes), got {true_class}")
        self.class_buttons = self.add_choice(
            "true_class",
            int(true_class),
            [("class 0", 0), ("class 1", 1), ("class 2", 2)],
            label="true class k",
            tooltip="k: the true class of this sample",
        )
        self.table = widgets.HTML()
        self._build_figure()
        self.image = image(self.figure)
        self.finish(
            [
                widgets.HBox(
                    [
                        widgets.VBox(self.logit_sliders),
                        widgets.VBox([self.class_buttons, self.reset_button("back to the default logits")]),
                    ]
                ),
                self.table,
                self.image,
            ]
        )

    def _build_figure(self) -> None:
        self.figure = new_figure(9.5, 3.5)
        self.prob_ax, self.grad_ax, self.jac_ax = self.figure.subplots(1, 3)
        classes = np.arange(3)
        self.prob_bars = self.prob_ax.bar(classes, [0, 0, 0], color=CLASS_COLOURS[:3], edgecolor="black")
        self.prob_ax.set_ylim(0, 1.18)
        self.prob_ax.set_ylabel("ŷ", fontsize=10)
        self.prob_ax.set_title("probabilities ŷ = softmax(z)", fontsize=10)
        self.loss_text = self.prob_ax.text(
            0.5, 0.97, "", transform=self.prob_ax.transAxes, ha="center", va="top", fontsize=10
        )
        self.grad_bars = self.grad_ax.bar(classes, [0, 0, 0])
        self.grad_ax.set_ylim(-1, 1)
        self.grad_ax.axhline(0, color="black", lw=0.8)
        self.grad_ax.set_ylabel("∂L/∂z", fontsize=10)
        self.grad_ax.set_title("∂L/∂z = ŷ − Yₙ", fontsize=10)
        for ax in (self.prob_ax, self.grad_ax):
            ax.set_xticks(classes)
            ax.set_xlabel("class", fontsize=10)
            ax.tick_params(labelsize=9)
            ax.grid(axis="y", alpha=0.3)
        cmap = diverging_cmap()
        self.jac_image = self.jac_ax.imshow(np.zeros((3, 3)), cmap=cmap, vmin=-JACOBIAN_LIMIT, vmax=JACOBIAN_LIMIT)
        bar = self.figure.colorbar(self.jac_image, ax=self.jac_ax, shrink=0.85)
        bar.ax.tick_params(labelsize=9)
        self.jac_ax.set_title("Jacobian ∂ŷᵢ/∂zⱼ = diag(ŷ) − ŷᵀŷ", fontsize=10)
        self.jac_ax.set_xlabel("j (logit)", fontsize=10)
        self.jac_ax.set_ylabel("i (probability)", fontsize=10)
        self.jac_ax.set_xticks(classes)
        self.jac_ax.set_yticks(classes)
        self.jac_ax.tick_params(labelsize=9)
        self.jac_text = [
            [self.jac_ax.text(j, i, "", ha="center", va="center", fontsize=10) for j in classes] for i in classes
        ]
        self._drawn_class = None
        self.renderer = FastRenderer(
            self.figure,
            [*self.prob_bars, self.loss_text, *self.grad_bars, self.jac_image, *np.ravel(self.jac_text)],
        )

    def alt_text(self) -> str:
        return (
            "Three panels: bars of the probabilities ŷ for classes 0 to 2 with the true class hatched and the "
            "loss written above; bars of the gradient ŷ − Yₙ; and the 3 by 3 softmax Jacobian as a heat map "
            "with its values written in the cells and a colour bar."
        )

    def update(self) -> None:
        v = self.values()
        z = np.array([[v["logits0"], v["logits1"], v["logits2"]]])
        k = int(v["true_class"])
        head = ActivationSoftmaxLossCategoricalCrossentropy()
        self.clipped_loss = float(head.forward(z, np.array([k])))
        self.probabilities = head.output[0]
        self.gradient = head.backward()[0]  # N = 1, so this is ŷ − Yₙ itself
        top = float(z.max())
        self.loss = float(top + np.log(np.exp(z[0] - top).sum()) - z[0, k])  # logsumexp(z) − z_k
        p_k = float(self.probabilities[k])
        self.clipped = not EPSILON <= p_k <= 1 - EPSILON
        self.jacobian = np.diagflat(self.probabilities) - np.outer(self.probabilities, self.probabilities)
        for j, (bar, p) in enumerate(zip(self.prob_bars, self.probabilities, strict=True)):
            bar.set_height(p)
            bar.set_hatch("//" if j == k else "")
            bar.set_linewidth(1.5 if j == k else 0.0)
        self.loss_text.set_text(
            f"L = −log ŷ{SUB[k]} = {self.loss:.3f}" + (" (clipped in the package)" if self.clipped else "")
        )
        for bar, g in zip(self.grad_bars, self.gradient, strict=True):
            bar.set_height(g)
            bar.set_color(sign_colour(g))
        self.jac_image.set_data(self.jacobian)
        cmap, norm = self.jac_image.get_cmap(), self.jac_image.norm
        for (i, j), value in np.ndenumerate(self.jacobian):
            label = self.jac_text[i][j]
            label.set_text(f"{value + 0.0:.3f}")
            label.set_color(text_colour(cmap(norm(value))))
        if k != self._drawn_class:  # new tick labels: the static background changes
            self._drawn_class = k
            labels = [f"{j}\n(true)" if j == k else str(j) for j in range(3)]
            self.prob_ax.set_xticks(range(3), labels)
            self.grad_ax.set_xticks(range(3), labels)
            picture = self.picture(full=True)
        else:
            picture = self.picture()  # drawn before either is sent, so table and figure change together
        if self.clipped:
            side = "below 1e-7" if p_k < EPSILON else "above 1 − 1e-7"
            loss_line = (
                f"loss: ŷ<sub>{k}</sub> = {p_k:.2e} is {side}, so it is <b>clipped</b>: the package's loss reports "
                f"−log(clip(ŷ<sub>{k}</sub>)) = {self.clipped_loss:.4f}; the true loss is "
                f"logsumexp(z) − z<sub>{k}</sub> = <b>{self.loss:.4f}</b>"
            )
        else:
            loss_line = f"loss = −log ŷ<sub>{k}</sub> = <b>{self.loss:.4f}</b>"
        self.table.value = block(
            f"<p>ŷ = [{', '.join(_probability(p) for p in self.probabilities)}] &nbsp; true class k = {k} &nbsp; "
            f"{loss_line}</p>",
            f"<p>∂L/∂z = ŷ − Y<sub>n</sub> = {fmt(self.gradient)}</p>",
        )
        if picture is not None:  # None while nothing shows the explorer
            self.image.value = picture

    def state(self) -> dict:
        """The controls and what the explorer shows, as plain Python values (keys in docs/explorers.md)."""
        v = self.values()
        return {
            "logits": [float(v[f"logits{j}"]) for j in range(3)],
            "true_class": int(v["true_class"]),
            "probabilities": self.probabilities.tolist(),
            "loss": self.loss,
            "clipped": self.clipped,
            "clipped_loss": self.clipped_loss,
            "gradient": self.gradient.tolist(),
            "jacobian": self.jacobian.tolist(),
        }


def softmax_explorer(*, logits=(4.8, 1.21, 2.385), true_class=0):
    """Softmax and cross-entropy for one sample; the default logits (4.8, 1.21, 2.385) are row 0 of the
    draft's dense-layer output, which notebooks 03 and 04 print.

    ``logits`` is (z₀, z₁, z₂), the three sliders: 3 values in [-10, 10] on their grid (steps of 0.005), for
    instance ``softmax_explorer(logits=(2.6, 1.21, 2.385))``; ``true_class`` is 0, 1 or 2. Controls:
    ``logits0``..``logits2``, ``true_class``.
    """
    return SoftmaxExplorer(logits, true_class).widget
