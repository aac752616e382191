"""What every explorer shares: sliders that check their starting value, the root box that
degrades to a picture without a widget manager, the figure's ``Image`` and shaded HTML grids."""

from __future__ import annotations

import base64
import html
import numbers

import ipywidgets as widgets
import numpy as np

from ..plots import sign_colour

STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = widgets.Layout(width="300px")
SUB = "₀₁₂₃₄₅₆₇₈₉"

# One line per explorer for viewers without a widget manager (a hosted notebook view, plain
# nbconvert). Fixed text, never the widget's repr: nbval compares text/plain, and a repr would
# carry model ids and every slider's settings.
TITLES = {
    "neuron-graph": "Neuron-graph explorer",
    "learning-rate": "Learning-rate explorer",
    "shapes": "Shapes explorer",
    "softmax": "Softmax and cross-entropy explorer",
    "training": "Training explorer",
    "batch-relu": "Batch ReLU explorer",
}


def static_text(kind: str) -> str:
    """The one-line text/plain an explorer's output carries: what it is and how to use it live."""
    return f"{TITLES[kind]}: open this notebook in JupyterLab and run it to move the sliders."


def check_number(value, name: str, low: float, high: float, *, integer: bool = False) -> float | int:
    """``value`` as a float (or int) if it lies in [low, high], the range of its slider; else raise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        kind = "a whole number" if integer else "a number"
        raise TypeError(f"{name} must be {kind} between {low} and {high}, got {type(value).__name__} {value!r}")
    if integer and not float(value).is_integer():
        raise TypeError(f"{name} must be a whole number between {low} and {high}, got {value!r}")
    if not low <= value <= high:  # also refuses NaN
        raise ValueError(f"{name} must be between {low} and {high} (the range of its slider), got {value!r}")
    return int(value) if integer else float(value)


def check_numbers(values, name: str, length: int, low: float = -np.inf, high: float = np.inf) -> tuple[float, ...]:
    """``values`` as a tuple of ``length`` floats, each finite and in [low, high]; else raise."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of {length} numbers, got {type(values).__name__} {values!r}")
    if len(values) != length:
        raise ValueError(f"{name} must hold exactly {length} numbers, got {len(values)}: {list(values)!r}")
    checked = []
    for index, value in enumerate(values):
        number = check_number(value, f"{name}[{index}]", low, high)
        if not np.isfinite(number):
            raise ValueError(f"{name}[{index}] must be finite, got {value!r}")
        checked.append(number)
    return tuple(checked)


def slider(description, value, low, high, step, tooltip, *, name, integer=False, readout_format=".2f"):
    """A slider for ``value`` in [low, high]; a starting value outside that range raises, never clamps."""
    value = check_number(value, name, low, high, integer=integer)
    common = dict(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        tooltip=tooltip,
        style=STYLE,
        layout=SLIDER_LAYOUT,
        continuous_update=True,
    )
    if integer:
        return widgets.IntSlider(**common)
    return widgets.FloatSlider(**common, readout_format=readout_format)


class ExplorerBox(widgets.VBox):
    """An explorer's root widget: a ``VBox`` whose output also carries a picture and a line of text.

    JupyterLab and Voila render the widget view. A viewer without a widget manager (a hosted
    notebook view, nbconvert without saved widget state) falls back to the richest type it
    knows: the explorer's picture as ``image/png``, or the fixed line of ``text/plain``, never
    ``VBox(children=...)``. ``explorer`` is the object behind the widget (``state()``, ``update()``).
    """

    def __init__(self, kind: str, children, explorer, **kwargs):
        super().__init__(children, **kwargs)
        self.kind = kind
        self.explorer = explorer
        self.add_class("nnfs-explorer")
        self.add_class(f"nnfs-explorer-{kind}")

    def __repr__(self) -> str:
        return static_text(self.kind)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = static_text(self.kind)
        bundle["image/png"] = base64.b64encode(self.explorer.static_png()).decode("ascii")
        return bundle


def image() -> widgets.Image:
    """The ``Image`` widget an explorer's figure is shown in, at its own size."""
    # A VBox stretches its children to its width, which blew a 400-pixel figure up to 960 and blurred it.
    # flex-start keeps the figure at its own size (96 dpi, one image pixel per CSS pixel); max_width
    # still shrinks it in a narrow window.
    return widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto", align_self="flex-start"))


def fmt(values) -> str:
    """A short vector as ``[1.000, -2.000, 3.000]``."""
    return "[" + ", ".join(f"{float(v):.3f}" for v in values) + "]"


def value_cell(value: float) -> str:
    """A right-aligned table cell coloured by the sign of ``value``."""
    return f'<td style="color:{sign_colour(value)};text-align:right;padding:0 8px">{value:.3f}</td>'


def shade(value: float, limit: float) -> str:
    """Background colour for a grid cell: blue for positive, vermilion for negative, by size."""
    strength = min(1.0, abs(value) / limit) if limit else 0.0
    rgb = (0, 114, 178) if value > 0 else (213, 94, 0)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{0.1 + 0.6 * strength:.2f})" if value else "#f4f4f4"


def matrix_html(array: np.ndarray, title: str, formula: str, *, dead_columns=(), digits: int = 1) -> str:
    """A labelled, shaded grid of ``array`` as an HTML table, with its shape and formula.

    Columns listed in ``dead_columns`` get a dashed vermilion outline (a neuron that is off).
    """
    limit = float(np.abs(array).max()) if array.size else 0.0
    dead = set(dead_columns)

    def cell(column, value):
        outline = f"border:2px dashed {sign_colour(-1)}" if column in dead else "border:1px solid #fff"
        return (
            f"<td style='background:{shade(value, limit)};width:38px;height:20px;text-align:center;"
            f"font-size:11px;{outline}'>{round(value, digits) + 0.0:.{digits}f}</td>"
        )

    rows = "".join("<tr>" + "".join(cell(j, v) for j, v in enumerate(row)) + "</tr>" for row in array)
    return (
        "<div style='display:inline-block;vertical-align:top;margin:4px 14px 10px 0'>"
        f"<div style='font-family:monospace'><b>{html.escape(title)}</b> {array.shape}</div>"
        f"<div style='font-family:monospace;font-size:11px;color:#555'>{html.escape(formula)}</div>"
        f"<table style='border-collapse:collapse'>{rows}</table></div>"
    )
