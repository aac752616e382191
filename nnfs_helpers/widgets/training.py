"""The training explorer (notebook 06): a 2 → H → 3 network on spiral data, trained on request."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..data import spiral_data
from ..optimizers import OptimizerSGD
from ..plots import CLASS_COLOURS, FastRenderer, new_figure, plot_decision_boundary, plot_training_curves
from ..training import Classifier, train
from .controls import STYLE, ExplorerBox, image, slider

LEARNING_RATE_RANGE = (0.05, 2.0)
HIDDEN_RANGE = (2, 128)
EPOCHS_RANGE = (100, 5000)
SEED_RANGE = (0, 20)


class TrainingExplorer:
    """Train a 2 → H → 3 network on spiral data; decision boundary, loss and accuracy curves."""

    def __init__(self, learning_rate=1.0, hidden=64, epochs=2000, seed=0, samples=100, momentum=0.9, decay=1e-3):
        self.samples, self.momentum, self.decay = samples, momentum, decay
        self.lr_slider = slider(
            "η (learning rate)", learning_rate, *LEARNING_RATE_RANGE, 0.05, "SGD step size", name="learning_rate"
        )
        self.hidden_slider = slider(
            "M (hidden neurons)", hidden, *HIDDEN_RANGE, 2, "width of the hidden layer", name="hidden", integer=True
        )
        self.epochs_slider = slider(
            "epochs", epochs, *EPOCHS_RANGE, 100, "full passes over the data", name="epochs", integer=True
        )
        self.seed_slider = slider(
            "seed", seed, *SEED_RANGE, 1, "seed for the data and the initial weights", name="seed", integer=True
        )
        self.defaults = tuple(control.value for control in self.sliders)
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the default settings")
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())
        self.progress = widgets.IntProgress(
            value=0, min=0, max=self.epochs_slider.value, description="progress", style=STYLE
        )
        for control in self.sliders:
            control.observe(lambda _: self.update(), names="value")
        self.status = widgets.HTML()
        self.image = image()
        self.figure = new_figure(10.0, 3.4)
        self.axes = self.figure.subplots(1, 3)
        self.renderer = FastRenderer(self.figure)
        self.history = None
        self.drawn_seed = None
        self.widget = ExplorerBox(
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

    def static_png(self) -> bytes:
        """The figure as it is now, for viewers without widgets."""
        return self.image.value

    def reset(self) -> None:
        for control, value in zip(self.sliders, self.defaults, strict=True):
            control.value = value
        self.update()


def training_explorer(*, learning_rate=1.0, hidden=64, epochs=2000, seed=0) -> ExplorerBox:
    """Train a small network on spiral data (SGD with momentum 0.9 and decay 1e-3) and watch it separate.

    Each setting must lie in its slider's range: η in [0.05, 2], H in [2, 128], epochs in
    [100, 5000] and seed in [0, 20] (the last three whole numbers).
    """
    return TrainingExplorer(learning_rate, hidden, epochs, seed).widget
