"""The training explorer (notebook 06): a 2 → M → 3 network on spiral data, trained on request."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..data import spiral_data
from ..plots import CLASS_COLOURS, plot_decision_boundary, plot_training_curves
from ..plots.training import class_legend_handles
from ..training import train_spiral
from .base import Explorer
from .controls import STYLE, image
from .html import block
from .render import FastRenderer, figure_png, new_figure

LEARNING_RATE_RANGE = (0.05, 2.0)
HIDDEN_RANGE = (2, 128)
EPOCHS_RANGE = (100, 5000)
SEED_RANGE = (0, 20)
SAMPLES, MOMENTUM, DECAY = 100, 0.9, 1e-3


def _train(hidden, *, learning_rate, epochs, seed, samples, momentum, decay, callback):
    """(model, history, X, y) of one run of ``train_spiral`` (contract 5), and the data it trained on."""
    model, history = train_spiral(
        hidden,
        learning_rate=learning_rate,
        epochs=epochs,
        seed=seed,
        samples=samples,
        classes=3,
        momentum=momentum,
        decay=decay,
        callback=callback,
    )
    X, y = spiral_data(samples, 3, rng=np.random.default_rng(seed))  # what train_spiral drew first
    return model, history, X, y


def _draw_result(axes, model, history, X, y) -> None:
    """The trained picture: the decision boundary over the data, then the loss and accuracy curves."""
    for ax in axes:
        ax.clear()
    plot_decision_boundary(model, X, y, ax=axes[0], resolution=120)
    plot_training_curves(history, axes=axes[1:])


class TrainingExplorer(Explorer):
    """Sliders learning_rate, hidden (M), epochs and seed; Train draws the decision boundary and the curves."""

    kind = "training"

    def __init__(
        self, learning_rate=1.0, hidden=64, epochs=2000, seed=0, samples=SAMPLES, momentum=MOMENTUM, decay=DECAY
    ):
        super().__init__()
        self.samples, self.momentum, self.decay = samples, momentum, decay
        self.lr_slider = self.add_slider(
            "learning_rate",
            learning_rate,
            *LEARNING_RATE_RANGE,
            0.05,
            label="η (learning rate)",
            tooltip="learning rate η: the SGD step size",
        )
        self.hidden_slider = self.add_slider(
            "hidden",
            hidden,
            *HIDDEN_RANGE,
            2,
            label="M (hidden neurons)",
            tooltip="M: width of the hidden layer",
            integer=True,
        )
        self.epochs_slider = self.add_slider(
            "epochs", epochs, *EPOCHS_RANGE, 100, label="epochs", tooltip="full passes over the data", integer=True
        )
        self.seed_slider = self.add_slider(
            "seed",
            seed,
            *SEED_RANGE,
            1,
            label="seed",
            tooltip="seed for the data and the initial weights",
            integer=True,
        )
        self.train_button = widgets.Button(
            description="Train", button_style="primary", icon="play", tooltip="train with these settings"
        )
        self.train_button.on_click(lambda _: self.train())
        self.progress = widgets.IntProgress(
            value=0, min=0, max=self.epochs_slider.value, description="progress", style=STYLE
        )
        self.status = widgets.HTML()
        self.figure = new_figure(9.5, 3.6)
        self.axes = self.figure.subplots(1, 3)
        self.renderer = FastRenderer(self.figure)
        self.image = image(self.figure)
        self.history = None
        self.drawn_seed = None
        self._static = None  # (settings, PNG) of the trained picture static_png() last built
        self.finish(
            [
                widgets.HBox(
                    [
                        widgets.VBox(self.sliders),
                        widgets.VBox(
                            [self.train_button, self.reset_button("back to the default settings"), self.progress]
                        ),
                    ]
                ),
                self.status,
                self.image,
            ]
        )

    def alt_text(self) -> str:
        return (
            "Three panels: the spiral data coloured by class (after training, the plane shaded by the predicted "
            "class with a class legend), the training loss against epoch, and the training accuracy against epoch."
        )

    def settings(self) -> str:
        v = self.values()
        return f"η = {v['learning_rate']:.2f}, M = {v['hidden']}, epochs = {v['epochs']}, seed = {v['seed']}"

    def update(self) -> None:
        """A setting changed: say the results are out of date; redraw the data if the seed changed."""
        self.history = None
        self.status.value = block(f"<p>Settings: {self.settings()}. Press <b>Train</b> to train with them.</p>")
        if self.drawn_seed == self.seed_slider.value:
            return
        self.drawn_seed = self.seed_slider.value
        X, y = spiral_data(self.samples, 3, rng=np.random.default_rng(self.seed_slider.value))
        for ax in self.axes:
            ax.clear()
        self.axes[0].scatter(X[:, 0], X[:, 1], c=[CLASS_COLOURS[c] for c in y], s=10)
        self.axes[0].set_aspect("equal")
        self.axes[0].set_title("spiral data (press Train)")
        self.axes[0].set_xlabel("feature 0 (X[:, 0])")
        self.axes[0].set_ylabel("feature 1 (X[:, 1])")
        self.axes[0].legend(handles=class_legend_handles(3), loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
        for ax, title in zip(self.axes[1:], ("loss", "accuracy"), strict=True):
            ax.set_title(title)
            ax.text(0.5, 0.5, "not trained yet", ha="center", va="center", transform=ax.transAxes, color="#555555")
        self._show_picture()

    def train(self):
        """Train with the current settings, updating the progress bar; returns the history."""
        v = self.values()
        epochs = v["epochs"]
        self.progress.max = epochs
        self.progress.value = 0
        self.status.value = block(f"<p>Training with {self.settings()} ...</p>")
        every = max(1, epochs // 10)

        def report(epoch, *_):
            if epoch % every == 0:
                self.progress.value = epoch

        self.model, self.history, X, y = self._train_with_the_settings(callback=report)
        self.progress.value = epochs
        _draw_result(self.axes, self.model, self.history, X, y)
        self.drawn_seed = None  # the next setting change redraws the plain data
        # The figure goes out before the words that announce it, so "Trained" never sits above the old plot.
        self._show_picture()
        self.status.value = block(f"<p>{self._result_line(self.history, bold=True)}</p>")
        return self.history

    def _train_with_the_settings(self, *, callback):
        v = self.values()
        return _train(
            v["hidden"],
            learning_rate=v["learning_rate"],
            epochs=v["epochs"],
            seed=v["seed"],
            samples=self.samples,
            momentum=self.momentum,
            decay=self.decay,
            callback=callback,
        )

    def _result_line(self, history, *, bold: bool = False) -> str:
        loss, accuracy = f"{history.loss[-1]:.3f}", f"{history.accuracy[-1]:.3f}"
        if bold:
            loss, accuracy = f"<b>{loss}</b>", f"<b>{accuracy}</b>"
        return f"Trained with {self.settings()}: final loss {loss}, accuracy {accuracy}."

    def static_png(self) -> bytes:
        """The picture where no widget manager runs (a static export, a hosted viewer): there nobody can
        press Train, so before a training it is the result of training once with the current settings (at
        display, the ones the explorer was made with), titled with the status line Train would write.

        It is built on a figure of its own, once per settings: the live figure, ``state()`` and the status
        still wait for Train.
        """
        live = super().static_png()
        if self.history is not None:
            return live
        settings = tuple(self.values().values())
        if self._static is None or self._static[0] != settings:
            model, history, X, y = self._train_with_the_settings(callback=None)
            figure = new_figure(self.figure.get_figwidth(), self.figure.get_figheight())
            _draw_result(figure.subplots(1, 3), model, history, X, y)
            figure.suptitle(self._result_line(history), fontsize=10)
            self._static = (settings, figure_png(figure))
        return self._static[1]

    def _show_picture(self) -> None:
        picture = self.picture(full=True)  # None while nothing shows the explorer
        if picture is not None:
            self.image.value = picture

    def state(self) -> dict:
        """The sliders and the last training's results, as plain Python values (keys in docs/explorers.md).

        ``trained`` is False (and the results None) until **Train** runs with the current settings.
        """
        history, v = self.history, self.values()
        return {
            "learning_rate": float(v["learning_rate"]),
            "hidden": int(v["hidden"]),
            "epochs": int(v["epochs"]),
            "seed": int(v["seed"]),
            "trained": history is not None,
            "loss": float(history.loss[-1]) if history is not None else None,
            "accuracy": float(history.accuracy[-1]) if history is not None else None,
            "loss_history": [float(x) for x in history.loss] if history is not None else None,
            "accuracy_history": [float(x) for x in history.accuracy] if history is not None else None,
            "recorded_epochs": [int(x) for x in history.epochs] if history is not None else None,
        }


def training_explorer(*, learning_rate=1.0, hidden=64, epochs=2000, seed=0):
    """Train a small network on spiral data (SGD with momentum 0.9 and decay 1e-3) and watch it separate.

    Each setting must lie on its slider's grid: η from 0.05 to 2 in steps of 0.05, M (hidden) from 2 to
    128 in steps of 2, epochs from 100 to 5000 in steps of 100, seed from 0 to 20. Controls:
    ``learning_rate``, ``hidden``, ``epochs``, ``seed``.
    """
    return TrainingExplorer(learning_rate, hidden, epochs, seed).widget
