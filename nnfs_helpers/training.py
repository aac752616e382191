"""A small classifier (dense -> ReLU -> dense -> softmax + cross-entropy), its training loop, and
``train_spiral``, the one training run on spiral data that notebook 06 and the training explorer share."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_float_array, check_number, check_positive_int, check_rng, describe
from .activations import ActivationReLU, softmax_rows
from .data import spiral_data
from .layers import LayerDense
from .losses import ActivationSoftmaxLossCategoricalCrossentropy, check_labels
from .optimizers import OptimizerSGD


def _refuse_nan(scores: np.ndarray, name: str, hint: str = "") -> None:
    """Raise when ``scores`` (N, C) holds NaN: argmax would silently pick the NaN's column."""
    bad_rows = np.flatnonzero(np.isnan(scores).any(axis=1))
    if bad_rows.size:
        raise ValueError(
            f"{name} contains NaN in {bad_rows.size} of {len(scores)} rows (rows {bad_rows[:5].tolist()}), "
            f"so no class can be picked: argmax would silently choose the NaN's column{hint}"
        )


def accuracy(probabilities, y_true) -> float:
    """Fraction of rows whose most probable class is the true one.

    Args:
        probabilities: shape (N, C); any scores work (logits give the same argmax).
        y_true: sparse labels (N,), whole numbers in 0..C-1, or one-hot rows (N, C).

    Labels that do not match the rows (another count, a class that does not exist, float
    labels) are refused rather than broadcast into a meaningless fraction.
    """
    scores = as_float_array(probabilities, "probabilities", ndim=2)
    if scores.shape[0] == 0:
        raise ValueError(f"accuracy needs at least 1 sample, got probabilities of shape {scores.shape}")
    _refuse_nan(scores, "probabilities")
    labels = check_labels(y_true, *scores.shape)
    if labels.ndim == 2:
        labels = np.argmax(labels, axis=1)
    return float(np.mean(np.argmax(scores, axis=1) == labels))


class Classifier:
    """``n_inputs -> n_hidden (ReLU) -> n_classes (softmax)``: the book's chapter-9 network.

    Attributes ``dense1``, ``activation1``, ``dense2`` and ``loss_activation`` are the
    book's objects, so each step can be inspected on its own.
    """

    def __init__(self, n_inputs=2, n_hidden=64, n_classes=3, *, rng=None, weight_scale=0.01, dtype=np.float64):
        rng = check_rng(rng)
        dense1 = LayerDense(n_inputs, n_hidden, rng=rng, weight_scale=weight_scale, dtype=dtype)
        self._assemble(dense1, LayerDense(n_hidden, n_classes, rng=rng, weight_scale=weight_scale, dtype=dtype))

    def _assemble(self, dense1: LayerDense, dense2: LayerDense) -> None:
        self.dense1, self.activation1 = dense1, ActivationReLU()
        self.dense2, self.loss_activation = dense2, ActivationSoftmaxLossCategoricalCrossentropy()

    @classmethod
    def from_arrays(cls, W1, b1, W2, b2) -> Classifier:
        """A network holding copies of given parameters: W1 (D, M), b1 (1, M), W2 (M, C), b2 (1, C)."""
        dense1, dense2 = LayerDense.from_arrays(W1, b1), LayerDense.from_arrays(W2, b2)
        if dense2.n_inputs != dense1.n_neurons:
            raise ValueError(
                f"W2 must have one row per hidden neuron: W1 has shape {dense1.weights.shape}, so W2 needs "
                f"{dense1.n_neurons} rows, got shape {dense2.weights.shape}"
            )
        model = cls.__new__(cls)
        model._assemble(dense1, dense2)
        return model

    @property
    def layers(self) -> list[LayerDense]:
        """The layers with parameters, in order."""
        return [self.dense1, self.dense2]

    def logits(self, X) -> np.ndarray:
        """Forward through both dense layers; returns the logits, shape (N, C)."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        return self.dense2.forward(self.activation1.output)

    def forward(self, X, y) -> float:
        """Full forward pass; returns the mean loss. Probabilities: ``self.loss_activation.output``."""
        return self.loss_activation.forward(self.logits(X), y)

    def backward(self) -> None:
        """Backward through every layer, from the loss to ``dense1.dinputs``."""
        self.loss_activation.backward()
        self.dense2.backward(self.loss_activation.dinputs)
        self.activation1.backward(self.dense2.dinputs)
        self.dense1.backward(self.activation1.dinputs)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities for ``X`` (N, D), shape (N, C).

        Uses the model's own ``activation1`` (replace it with another activation and the
        predictions follow). Stores nothing: the layers' ``inputs`` and ``output`` still belong to
        the last ``forward``, so a prediction between ``forward`` and ``backward`` (a validation
        callback, say) changes no gradient, whatever its batch size. NaN probabilities (training
        that diverged) raise instead of giving a class.
        """
        activation = copy.copy(self.activation1)  # its forward stores on the copy, not on the model's
        hidden = activation.forward(self.dense1.apply(X))
        if hidden is None:
            hidden = activation.output
        probabilities = softmax_rows(self.dense2.apply(hidden))
        _refuse_nan(
            probabilities,
            "the predicted probabilities",
            "; training has probably diverged (try a smaller learning_rate), or a weight is NaN",
        )
        return probabilities

    def predict(self, X) -> np.ndarray:
        """Most probable class for each row of ``X``, shape (N,)."""
        return np.argmax(self.predict_proba(X), axis=1)


@dataclass
class TrainingHistory:
    """Loss and accuracy recorded every ``record_every`` epochs (and at the last one)."""

    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)


def train(model: Classifier, X, y, optimizer, *, epochs=1000, record_every=10, callback=None) -> TrainingHistory:
    """Full-batch training: forward, backward, one optimiser step, ``epochs`` times.

    Args:
        model: a :class:`Classifier`.
        X: inputs, shape (N, D); y: labels, (N,) or (N, C).
        optimizer: e.g. ``OptimizerSGD(learning_rate=1.0)``.
        epochs: number of passes over the data (>= 1).
        record_every: how often to record loss and accuracy.
        callback: called as ``callback(epoch, history)`` after each recording (progress bars).

    Returns:
        A :class:`TrainingHistory`.
    """
    for role, value, methods in (
        ("model", model, ("forward", "backward", "layers")),
        ("optimizer", optimizer, ("step",)),
    ):
        missing = [name for name in methods if not hasattr(value, name)]
        if missing:
            example = "a Classifier(2, 64, 3, rng=rng)" if role == "model" else "an OptimizerSGD(learning_rate=1.0)"
            raise TypeError(
                f"train() needs as {role} {example}, with {', '.join(methods)}; got {describe(value)}, "
                f"which has no {', '.join(missing)}. Arguments go in the order train(model, X, y, optimizer)"
            )
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function called as callback(epoch, history), got {describe(callback)}")
    epochs = check_positive_int(epochs, "epochs")
    record_every = check_positive_int(record_every, "record_every")
    history = TrainingHistory()
    for epoch in range(epochs):
        loss = model.forward(X, y)
        if epoch % record_every == 0 or epoch == epochs - 1:
            history.epochs.append(epoch)
            history.loss.append(float(loss))
            history.accuracy.append(accuracy(model.loss_activation.output, y))
            if callback is not None:
                callback(epoch, history)
        model.backward()
        optimizer.step(model.layers)
    return history


def train_spiral(
    hidden,
    *,
    learning_rate,
    epochs,
    seed,
    samples=100,
    classes=3,
    momentum=0.9,
    decay=1e-3,
    report_every=None,
    callback=None,
) -> tuple[Classifier, TrainingHistory]:
    """Train the chapter's network on spiral data: the one training run notebook 06, the training
    explorer and its question share, so they cannot drift apart.

    One generator, ``np.random.default_rng(seed)``, draws the data first
    (``spiral_data(samples, classes)``) and then the initial weights of a
    ``Classifier(2, hidden, classes)``; :func:`train` then runs ``epochs`` full-batch steps of
    ``OptimizerSGD(learning_rate, decay=decay, momentum=momentum)``.

    Args:
        hidden: M, the width of the hidden layer (>= 1).
        learning_rate: eta > 0. epochs: >= 1. seed: a whole number >= 0.
        samples: points per class. classes: C, the number of spiral arms.
        momentum: beta, 0 <= beta < 1. decay: the learning-rate decay per step, >= 0.
        report_every: record loss and accuracy every this many epochs (and at the last);
            ``None`` records about 100 times (every ``max(1, epochs // 100)`` epochs).
        callback: called as ``callback(epoch, history)`` after each recording.

    Returns:
        ``(model, history)``: the trained :class:`Classifier` and its :class:`TrainingHistory`.
        The data is ``spiral_data(samples, classes, rng=np.random.default_rng(seed))``.
    """
    hidden = check_positive_int(hidden, "hidden")
    seed = check_number(seed, "seed", 0, integer=True)
    epochs = check_positive_int(epochs, "epochs")
    report_every = max(1, epochs // 100) if report_every is None else check_positive_int(report_every, "report_every")
    optimizer = OptimizerSGD(learning_rate, decay=decay, momentum=momentum)  # checks all three
    rng = np.random.default_rng(seed)
    X, y = spiral_data(samples, classes, rng=rng)
    model = Classifier(2, hidden, classes, rng=rng)
    history = train(model, X, y, optimizer, epochs=epochs, record_every=report_every, callback=callback)
    return model, history
