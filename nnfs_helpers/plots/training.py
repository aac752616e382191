"""A classifier's decision boundary and its training curves (notebook 06 and the training explorer)."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from .colours import CLASS_COLOURS, POSITIVE

# A decision boundary above this much memory warns; above ``max_gigabytes`` it is refused before
# anything is allocated. A 150 x 150 grid through a 64-wide network needs about 25 MB.
WARN_GIGABYTES = 0.25


class LargeGridWarning(UserWarning):
    """A decision-boundary grid that needs a lot of memory (a ``UserWarning``, so it is shown by default)."""


def boundary_grid_bytes(model, resolution: int, n_classes: int) -> int:
    """Estimated peak memory, in bytes, of :func:`plot_decision_boundary` at ``resolution``.

    Counts float64 values per grid point: the two mesh arrays, the stacked points, and for each
    dense layer of ``model`` (``model.layers``, as :class:`nnfs_helpers.training.Classifier` has)
    its output and the activation after it, plus the class probabilities. A model without
    ``layers`` is counted as the points and the probabilities only.
    """
    widths = [layer.weights.shape[1] for layer in getattr(model, "layers", [])]
    per_point = 2 + 2 + 2 * sum(widths) + 2 * n_classes
    return int(resolution) ** 2 * per_point * 8


def _check_resolution(resolution) -> int:
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral):
        raise TypeError(f"resolution must be a whole number of grid points per side, got {resolution!r}")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2 grid points per side, got {resolution}")
    return int(resolution)


def plot_decision_boundary(
    model,
    X,
    y,
    ax=None,
    *,
    resolution: int = 150,
    margin: float = 0.2,
    max_gigabytes: float = 2.0,
    warn_gigabytes: float = WARN_GIGABYTES,
):
    """Shade the plane by the class ``model.predict`` gives, with the data on top; returns the Axes.

    ``model`` is anything with ``predict(points) -> class indices``, e.g.
    :class:`nnfs_helpers.training.Classifier`. ``X`` has shape (N, 2) and ``y`` shape (N,).
    The grid has ``resolution`` x ``resolution`` points; its memory is estimated first
    (:func:`boundary_grid_bytes`): above ``warn_gigabytes`` a :class:`LargeGridWarning` says so, and above
    ``max_gigabytes`` a ``ValueError`` refuses before anything is allocated.
    """
    from matplotlib.colors import ListedColormap

    resolution = _check_resolution(resolution)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (N, 2): points in the plane, got shape {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must hold one class per row of X, shape ({len(X)},), got shape {y.shape}")
    n_classes = int(max(y.max() + 1, 2))
    needed = boundary_grid_bytes(model, resolution, n_classes) / 1e9
    if needed > max_gigabytes:
        raise ValueError(
            f"a {resolution} x {resolution} decision-boundary grid would need about {needed:.1f} GB "
            f"(limit max_gigabytes={max_gigabytes}); use a smaller resolution (150 is plenty on screen)"
        )
    if needed > warn_gigabytes:
        warnings.warn(
            f"a {resolution} x {resolution} decision-boundary grid needs about {needed:.2f} GB of memory",
            LargeGridWarning,
            stacklevel=2,
        )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 5))
    colours = ListedColormap(CLASS_COLOURS[:n_classes])
    x_min, y_min = X.min(axis=0) - margin
    x_max, y_max = X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid_classes = model.predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, grid_classes, levels=np.arange(n_classes + 1) - 0.5, cmap=colours, alpha=0.3)
    ax.scatter(
        X[:, 0], X[:, 1], c=y, cmap=colours, vmin=-0.5, vmax=n_classes - 0.5, s=12, edgecolors="k", linewidths=0.3
    )
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_aspect("equal")
    ax.set_xlabel("feature 0 (X[:, 0])")
    ax.set_ylabel("feature 1 (X[:, 1])")
    ax.set_title("Decision boundary")
    # Outside the plot, to the right: inside it would cover the data.
    ax.legend(
        handles=class_legend_handles(n_classes),
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=9,
        title="shade: predicted\ndot: true",
        title_fontsize=9,
    )
    return ax


def class_legend_handles(n_classes: int) -> list:
    """One legend entry per class, in the class colours: ``class 0``, ``class 1``, ..."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=CLASS_COLOURS[c],
            markeredgecolor="k",
            markeredgewidth=0.3,
            markersize=7,
            label=f"class {c}",
        )
        for c in range(n_classes)
    ]


def plot_training_curves(history, axes=None):
    """Loss and accuracy against epoch, side by side; returns the two Axes."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
    loss_ax, accuracy_ax = axes
    loss_ax.plot(history.epochs, history.loss, color=POSITIVE)
    loss_ax.set_xlabel("epoch")
    loss_ax.set_ylabel("loss")
    loss_ax.set_title("Cross-entropy loss")
    accuracy_ax.plot(history.epochs, history.accuracy, color=CLASS_COLOURS[2])
    accuracy_ax.set_xlabel("epoch")
    accuracy_ax.set_ylabel("accuracy")
    accuracy_ax.set_ylim(0, 1.02)
    accuracy_ax.set_title("Training accuracy")
    for ax in axes:
        ax.grid(alpha=0.3)
    return loss_ax, accuracy_ax


def plot_training_summary(model, X, y, history, *, figsize=(9.5, 3.6)):
    """The decision boundary, the loss and the accuracy of a trained model, side by side; returns the Figure.

    ``model`` has ``predict`` (e.g. :class:`nnfs_helpers.training.Classifier`), ``X`` (N, 2) and ``y`` (N,)
    are the data it was trained on, ``history`` what ``train`` returned.
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=figsize, layout="constrained")
    boundary_ax, loss_ax, accuracy_ax = figure.subplots(1, 3)
    plot_decision_boundary(model, X, y, ax=boundary_ax)
    plot_training_curves(history, axes=(loss_ax, accuracy_ax))
    return figure
