"""Drawing functions: plain matplotlib, testable without a display.

Every function here draws into an ``Axes`` it is given (or makes one) and returns what it
drew, so a notebook can call it directly and the explorers in :mod:`nnfs_helpers.widgets`
can update the returned artists in place instead of building a new figure per slider move.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text
from PIL import Image

# Colour-blind-safe pair (Okabe-Ito): blue for positive, vermilion for negative gradients.
POSITIVE = "#0072B2"
NEGATIVE = "#D55E00"
ZERO = "#BBBBBB"
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def sign_colour(value: float) -> str:
    """Blue for > 0, vermilion for < 0, grey for exactly 0."""
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas, not registered with pyplot: it never shows up as a stray
    inline image in a notebook, and rendering it needs no display."""
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _encode_png(rgba: np.ndarray) -> bytes:
    height, width = rgba.shape[:2]
    # Our figures are opaque, so the alpha channel carries nothing; RGB encodes faster and smaller.
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    # Fast compression: the bytes go to the browser over a local socket, and level 1
    # encodes several times faster than the default for a slightly larger file.
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _state(artist):
    """What an artist looks like, to tell whether it changed; None for kinds we cannot tell."""
    if not artist.get_visible():
        return ("hidden",)
    if isinstance(artist, Text):
        return (artist.get_text(), str(artist.get_color()), tuple(artist.get_position()))
    if isinstance(artist, Line2D):
        return (artist.get_xydata().tobytes(), str(artist.get_color()), artist.get_linewidth(), artist.get_alpha())
    if isinstance(artist, Rectangle):
        return (
            artist.get_xy(),
            artist.get_width(),
            artist.get_height(),
            artist.get_facecolor(),
            artist.get_edgecolor(),
        )
    if isinstance(artist, AxesImage):
        return (np.asarray(artist.get_array()).tobytes(), artist.get_clim())
    return None


class FastRenderer:
    """Render a figure to PNG repeatedly, redrawing only the artists that change.

    The first render draws everything, fixes the layout and keeps a copy of the static
    background (axes, ticks, labels). Later renders paste that copy back and draw only
    ``dynamic`` artists on top (blitting). When few of those changed since the last render,
    only the rectangles around them are redrawn: every dynamic artist touching a rectangle
    is drawn again, in order, and just those pixels are copied into the previous picture.
    That gives the same picture, pixel for pixel, as drawing every dynamic artist.
    Call :meth:`full` instead when the static parts change (new axis limits, say).
    """

    def __init__(self, figure: Figure, dynamic=(), dpi: int = 96):
        self.figure = figure
        self.dynamic = list(dynamic)
        # 96 dpi is the browser's CSS pixels per inch, so shown at its own size a figure is sharp and
        # its 10-point text is 13 pixels high, like the notebook's.
        figure.set_dpi(dpi)
        # Margin around each artist's extent (7.2 points, 10 pixels at 96 dpi): covers a text's box,
        # half the width of a thick line, and antialiasing.
        self.pad = 0.1 * dpi
        self.canvas = FigureCanvasAgg(figure)
        self.background = None
        self.frame = None
        self.last_redrawn = 0  # how many dynamic artists the last render drew (for tests and curiosity)

    def full(self) -> bytes:
        """Draw everything (and re-capture the background); returns PNG bytes."""
        for artist in self.dynamic:
            artist.set_animated(True)
        # A full draw re-solves the layout; blitted renders never do, which is much of their speed.
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.frame = None
        return self.render()

    def render(self) -> bytes:
        """Redraw the dynamic artists that changed over the saved background; returns PNG bytes."""
        if self.background is None:
            return self.full()
        renderer = self.canvas.get_renderer()
        states = [_state(artist) for artist in self.dynamic]
        if self.frame is None:
            changed = range(len(self.dynamic))
            extents = [None] * len(self.dynamic)
        else:
            changed = [i for i, state in enumerate(states) if state is None or state != self.states[i]]
            extents = list(self.extents)  # an unchanged artist keeps its extent: no text layout needed
        for i in changed:
            extents[i] = self.dynamic[i].get_window_extent(renderer).padded(self.pad)
        self.canvas.restore_region(self.background)
        if self.frame is None or len(changed) > len(self.dynamic) // 2:
            for artist in self.dynamic:
                self.figure.draw_artist(artist)
            self.frame = np.array(self.canvas.buffer_rgba())
            self.last_redrawn = len(self.dynamic)
        else:
            dirty = [self.extents[i] for i in changed] + [extents[i] for i in changed]
            boxes = np.array([box.extents for box in dirty]).reshape(-1, 4)  # rows of x0, y0, x1, y1
            self.last_redrawn = 0
            for artist, extent in zip(self.dynamic, extents, strict=True):
                x0, y0, x1, y1 = extent.extents
                if np.any((boxes[:, 0] < x1) & (x0 < boxes[:, 2]) & (boxes[:, 1] < y1) & (y0 < boxes[:, 3])):
                    self.figure.draw_artist(artist)
                    self.last_redrawn += 1
            drawn = np.asarray(self.canvas.buffer_rgba())
            height, width = drawn.shape[:2]
            for box in dirty:
                # Display coordinates count up from the bottom; image rows count down from the top.
                left, right = max(0, int(box.x0)), min(width, int(np.ceil(box.x1)))
                top, bottom = max(0, height - int(np.ceil(box.y1))), min(height, height - int(box.y0))
                self.frame[top:bottom, left:right] = drawn[top:bottom, left:right]
        self.states, self.extents = states, extents
        return _encode_png(self.frame)


# --- the single neuron's computational graph -------------------------------------------

_ROWS = (2.0, 0.0, -2.0)  # one row per input
_MUL_X, _SUM_X, _RELU_X, _OUT_X = 2.2, 4.6, 6.4, 8.0
_SUM_XY, _B_XY = (_SUM_X, 0.0), (_MUL_X, -3.4)
_RADIUS = 0.48
_NODES = {(_MUL_X, row) for row in _ROWS} | {_SUM_XY, (_RELU_X, 0.0)}


class NeuronGraph:
    """The neuron ``y = ReLU(sum_i x_i w_i + b)`` drawn as a graph on ``ax``.

    Forward values sit in the nodes; each edge carries its gradient as a label, coloured by
    sign and drawn thicker for larger magnitudes. Call :meth:`update` with new results of
    :func:`nnfs_helpers.neuron.neuron_forward` / ``neuron_backward``; it changes the
    existing artists only.
    """

    def __init__(self, ax):
        self.ax = ax
        ax.set_xlim(-1.0, 9.0)
        ax.set_ylim(-4.2, 3.2)
        ax.set_axis_off()
        self.edges, self.edge_labels = {}, {}
        for i, row in enumerate(_ROWS):
            self._edge(f"x{i}", (0.0, row + 0.45), (_MUL_X, row))
            self._edge(f"w{i}", (0.0, row - 0.45), (_MUL_X, row))
            self._edge(f"p{i}", (_MUL_X, row), _SUM_XY)
        self._edge("b", _B_XY, _SUM_XY)
        self._edge("z", _SUM_XY, (_RELU_X, 0.0))
        self._edge("y", (_RELU_X, 0.0), (_OUT_X, 0.0))
        self.node_text, self.circles = {}, []
        for i, row in enumerate(_ROWS):
            self._leaf(f"x{i}", (0.0, row + 0.45))
            self._leaf(f"w{i}", (0.0, row - 0.45))
            self._node(f"mul{i}", (_MUL_X, row), "×")
        self._leaf("b", _B_XY)
        self._node("sum", _SUM_XY, "+")
        self._node("relu", (_RELU_X, 0.0), "ReLU")
        self._leaf("out", (_OUT_X, 0.0))
        ax.text(
            0.5,
            1.0,
            "forward values in the nodes, gradients ∂L/∂(·) on the edges",
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=10,
        )
        self.gate_note = ax.text(4.0, -4.1, "", ha="center", va="bottom", fontsize=10, color=NEGATIVE)

    def _edge(self, name, start, end):
        # Stop the line at the rim of an operation node, so the nodes never need redrawing
        # over the edges and stay in the renderer's static background.
        direction = np.subtract(end, start) / np.hypot(*np.subtract(end, start))
        start_at = np.add(start, direction * _RADIUS) if tuple(start) in _NODES else start
        end_at = np.subtract(end, direction * _RADIUS) if tuple(end) in _NODES else end
        (line,) = self.ax.plot(
            [start_at[0], end_at[0]], [start_at[1], end_at[1]], lw=2, color=ZERO, zorder=1, solid_capstyle="butt"
        )
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        label = self.ax.text(
            mid[0],
            mid[1] + 0.18,
            "",
            ha="center",
            va="bottom",
            fontsize=9,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        self.edges[name], self.edge_labels[name] = line, label

    def _node(self, name, xy, symbol):
        self.circles.append(self.ax.add_patch(Circle(xy, _RADIUS, fc="#F4F4F4", ec="#444444", lw=1.2, zorder=2)))
        self.circles.append(
            self.ax.text(xy[0], xy[1] + 0.12, symbol, ha="center", va="center", fontsize=10, weight="bold", zorder=3)
        )
        self.node_text[name] = self.ax.text(xy[0], xy[1] - 0.2, "", ha="center", va="center", fontsize=8, zorder=3)

    def _leaf(self, name, xy):
        self.node_text[name] = self.ax.text(
            xy[0],
            xy[1],
            "",
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#444444"},
        )

    @property
    def dynamic_artists(self) -> list:
        """Everything :meth:`update` changes, in drawing order (for :class:`FastRenderer`)."""
        return [*self.edges.values(), *self.edge_labels.values(), *self.node_text.values(), self.gate_note]

    def update(self, x, w, b, dvalue, forward, grads) -> None:
        """Write new values and gradients onto the existing artists."""
        gradients = {"b": grads.db, "z": grads.drelu_dz, "y": float(dvalue)}
        for i in range(3):
            gradients.update({f"x{i}": grads.dx[i], f"w{i}": grads.dw[i], f"p{i}": grads.dproducts[i]})
            self.node_text[f"x{i}"].set_text(f"x{_sub(i)} = {x[i]:.2f}")
            self.node_text[f"w{i}"].set_text(f"w{_sub(i)} = {w[i]:.2f}")
            self.node_text[f"mul{i}"].set_text(f"{forward.products[i]:.2f}")
        self.node_text["b"].set_text(f"b = {b:.2f}")
        self.node_text["sum"].set_text(f"{forward.z:.2f}")
        self.node_text["relu"].set_text(f"{forward.y:.2f}")
        self.node_text["out"].set_text(f"y = {forward.y:.2f}")
        largest = max(1e-12, max(abs(g) for g in gradients.values()))
        for name, gradient in gradients.items():
            self.edges[name].set_color(sign_colour(gradient))
            self.edges[name].set_linewidth(1.0 + 4.0 * abs(gradient) / largest if gradient else 1.0)
            self.edge_labels[name].set_text(f"{gradient:.2f}")
            self.edge_labels[name].set_color(sign_colour(gradient))
        off = forward.z <= 0
        self.gate_note.set_text("z ≤ 0: the ReLU is off, so every gradient behind it is 0" if off else "")


def _sub(i: int) -> str:
    return "₀₁₂₃₄₅₆₇₈₉"[i] if 0 <= i < 10 else str(i)


# --- matrices, softmax, training -------------------------------------------------------


def draw_matrix(ax, array, title: str, *, cmap="PuOr", annotate_up_to: int = 36, fmt: str = "{:.1f}"):
    """Show a 2-D array as a shaded grid with its shape in the title; returns the image.

    Cells are annotated with their values when there are at most ``annotate_up_to`` of them.
    The colour scale is symmetric about 0, so sign reads the same in every grid.
    """
    array = np.atleast_2d(np.asarray(array, dtype=float))
    limit = max(1e-12, float(np.abs(array).max()))
    ax.clear()
    image = ax.imshow(array, cmap=cmap, vmin=-limit, vmax=limit, aspect="equal")
    ax.set_title(f"{title}\nshape {array.shape}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    if array.size <= annotate_up_to:
        for (row, column), value in np.ndenumerate(array):
            colour = "white" if abs(value) > 0.6 * limit else "black"
            ax.text(column, row, fmt.format(value), ha="center", va="center", fontsize=7, color=colour)
    return image


def plot_decision_boundary(model, X, y, ax=None, *, resolution: int = 150, margin: float = 0.2):
    """Shade the plane by the class ``model.predict`` gives, with the data on top; returns the Axes.

    ``model`` is anything with ``predict(points) -> class indices``, e.g.
    :class:`nnfs_helpers.training.Classifier`.
    """
    from matplotlib.colors import ListedColormap

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 5))
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n_classes = int(max(y.max() + 1, 2))
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
    ax.set_title("Decision boundary")
    return ax


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
