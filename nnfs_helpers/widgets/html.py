"""The explorers' HTML: shaded grids, shaded value cells and notes, readable in JupyterLab's light and dark themes.

One rule keeps every number readable in either theme: an element either sets its text colour and its
background together (a shaded cell: the palette's colour behind, black or white text, whichever
contrasts more; a note: dark text on a light tint), or sets neither and inherits the theme's own pair
(plain text, captions). Nothing sets a background and leaves the text colour to the theme, which is
what made the ReLU mask's zeros vanish in the dark theme, and nothing writes grey or coloured text on
the theme's background. Text is at least 12 px (9 pt).

Numbers are written as numpy prints them (the shortest form that reads back as the same number, up to
8 decimals, trailing zeros dropped), so a grid shows the same digits as the array printed above it in
the notebook.
"""

from __future__ import annotations

import html

import numpy as np

from ..plots.colours import NEGATIVE, cell_colour, cell_text_colour

FONT = "font-family:var(--jp-code-font-family, monospace);font-size:13px"
NOTE_BACKGROUND, NOTE_TEXT = "#FBE9DD", "#6B2D00"


def number(value, decimals: int | None = None) -> str:
    """``value`` as numpy prints it in an array (``20.1``, ``-0.38``, ``6``), or to ``decimals`` places."""
    value = float(value) + 0.0  # no "-0"
    if decimals is not None:
        return f"{round(value, decimals) + 0.0:.{decimals}f}"
    return np.format_float_positional(value, precision=8, unique=True, trim="-")


def shaded(text: str, value: float, limit: float, *, extra: str = "", tag: str = "td") -> str:
    """A cell showing ``text`` on the palette's colour for ``value`` (scale ±limit), its text colour set with it."""
    background, colour = cell_colour(value, limit), cell_text_colour(value, limit)
    return (
        f"<{tag} class='nnfs-cell' style='background:{background};color:{colour};"
        f"text-align:center;padding:2px 6px;min-width:40px;{extra}'>{text}</{tag}>"
    )


def note(text: str) -> str:
    """A warning line (a neuron off, the ReLU off): dark text on a light vermilion tint, both set."""
    return (
        f"<p class='nnfs-note' style='background:{NOTE_BACKGROUND};color:{NOTE_TEXT};"
        f"border-left:4px solid {NEGATIVE};padding:3px 8px;margin:4px 0'>{text}</p>"
    )


def colour_scale(limit: float, decimals: int | None = None) -> str:
    """A five-cell colour bar for a grid whose shading runs from -limit to +limit."""
    if not limit:
        return ""
    cells = "".join(shaded(number(v, decimals), v, limit) for v in np.linspace(-limit, limit, 5))
    return (
        "<table class='nnfs-colour-scale' style='border-collapse:collapse;margin-top:3px'>"
        f"<tr><td style='padding-right:4px'>scale</td>{cells}</tr></table>"
    )


def matrix_html(array: np.ndarray, title: str, formula: str, *, dead_columns=(), digits: int | None = None) -> str:
    """A labelled, shaded grid of ``array`` as an HTML table, with its shape, formula and colour scale.

    Each cell's colour comes from the shared palette on a scale symmetric about 0 (±the largest |value|),
    and its text colour is set with it. Columns in ``dead_columns`` get a dashed vermilion outline (a
    neuron that is off). ``digits=None`` writes numbers as numpy prints them.
    """
    array = np.atleast_2d(np.asarray(array, dtype=float))
    limit = float(np.abs(array).max()) if array.size else 0.0
    dead = set(dead_columns)

    def cell(column, value):
        outline = f"border:2px dashed {NEGATIVE}" if column in dead else "border:1px solid transparent"
        return shaded(number(value, digits), value, limit, extra=outline)

    rows = "".join("<tr>" + "".join(cell(j, v) for j, v in enumerate(row)) + "</tr>" for row in array)
    return (
        f"<div class='nnfs-grid' style='display:inline-block;vertical-align:top;margin:4px 14px 10px 0;{FONT}'>"
        f"<div><b>{html.escape(title)}</b> {array.shape}</div>"
        f"<div style='font-size:12px;font-style:italic'>{html.escape(formula)}</div>"
        f"<table style='border-collapse:collapse'>{rows}</table>{colour_scale(limit, digits)}</div>"
    )


def value_table(rows: list[tuple[str, list[float]]], header: list[str], limit: float) -> str:
    """A small table of labelled rows of numbers, each number on its shaded cell (3 decimals)."""
    head = "".join(f"<th style='padding:0 6px'>{h}</th>" for h in header)
    body = "".join(
        f"<tr><td style='padding:0 6px'>{label}</td>"
        + "".join(shaded(f"{v + 0.0:.3f}", v, limit) for v in values)
        + "</tr>"
        for label, values in rows
    )
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def block(*paragraphs: str) -> str:
    """Paragraphs in the explorers' font, inheriting the theme's text colour."""
    return f"<div class='nnfs-text' style='{FONT}'>" + "".join(paragraphs) + "</div>"


def fmt(values) -> str:
    """A short vector as ``[1.000, -2.000, 3.000]``."""
    return "[" + ", ".join(f"{float(v) + 0.0:.3f}" for v in values) + "]"
