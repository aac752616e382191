"""The static picture of the HTML explorers (shapes, batch ReLU): their grids as one figure.

Same palette as the live tables (:func:`nnfs_helpers.plots.colours.cell_colour`), same numbers (as
numpy prints them), the same text-colour rule (black or white, whichever contrasts more with the
cell), and a colour bar under each grid.
"""

from __future__ import annotations

import functools

import numpy as np

from ..plots.colours import diverging_cmap, text_colour
from .html import number
from .render import figure_png, new_figure


def draw_matrix(ax, array, title: str, *, annotate_up_to: int = 64, digits: int | None = None):
    """Show a 2-D array as a shaded grid with its shape in the title and a colour bar; returns the image."""
    array = np.atleast_2d(np.asarray(array, dtype=float))
    if array.ndim != 2:
        raise ValueError(f"draw_matrix needs a 1-D or 2-D array, got shape {array.shape}")
    limit = max(1e-12, float(np.abs(array).max())) if array.size else 1.0
    cmap = diverging_cmap()
    ax.clear()
    image = ax.imshow(array, cmap=cmap, vmin=-limit, vmax=limit, aspect="equal")
    ax.set_title(f"{title}\nshape {array.shape}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    if array.size <= annotate_up_to:
        for (row, column), value in np.ndenumerate(array):
            colour = text_colour(cmap(image.norm(value)))
            ax.text(column, row, number(value, digits), ha="center", va="center", fontsize=9, color=colour)
    bar = ax.figure.colorbar(image, ax=ax, orientation="horizontal", shrink=0.9, aspect=12, pad=0.04)
    bar.set_ticks([-limit, 0, limit])
    bar.ax.tick_params(labelsize=9)
    return image


def matrices_figure(arrays: dict, *, columns: int = 6, cell_inches: float = 0.55, digits: int | None = None):
    """A figure with one shaded grid per entry of ``arrays`` (title -> 2-D array), in rows of ``columns``."""
    if not arrays:
        raise ValueError("matrices_figure needs at least one array, got none")
    grids = {title: np.atleast_2d(np.asarray(array, dtype=float)) for title, array in arrays.items()}
    rows = -(-len(grids) // columns)
    per_row = min(columns, len(grids))
    widest = max(grid.shape[1] for grid in grids.values())
    tallest = max(grid.shape[0] for grid in grids.values())
    figure = new_figure(
        max(2.5, per_row * (widest + 0.6) * cell_inches), max(2.2, rows * (tallest + 2.6) * cell_inches)
    )
    axes = np.atleast_1d(figure.subplots(rows, per_row)).ravel()
    for ax, (title, grid) in zip(axes, grids.items(), strict=False):
        draw_matrix(ax, grid, title, digits=digits)
    for ax in axes[len(grids) :]:
        ax.set_axis_off()
    return figure


def matrices_png(arrays: dict, *, columns: int = 6) -> bytes:
    """:func:`matrices_figure` drawn at 2x as PNG bytes. The same arrays always give the same picture, so
    the last few are kept: an explorer shown, then asked for its static picture again, draws it once."""
    key = tuple(
        (title, grid.shape, grid.tobytes())
        for title, grid in ((title, np.atleast_2d(np.asarray(array, dtype=float))) for title, array in arrays.items())
    )
    return _matrices_png(key, columns)


@functools.lru_cache(maxsize=16)
def _matrices_png(key: tuple, columns: int) -> bytes:
    arrays = {title: np.frombuffer(data).reshape(shape) for title, shape, data in key}
    return figure_png(matrices_figure(arrays, columns=columns))
