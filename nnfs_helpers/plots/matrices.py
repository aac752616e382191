"""Arrays drawn as shaded grids: one grid (``draw_matrix``) or a row of them (``matrices_figure``)."""

from __future__ import annotations

import numpy as np

from .render import new_figure


def draw_matrix(ax, array, title: str, *, cmap="PuOr", annotate_up_to: int = 36, fmt: str = "{:.1f}"):
    """Show a 2-D array as a shaded grid with its shape in the title; returns the image.

    Cells are annotated with their values when there are at most ``annotate_up_to`` of them.
    The colour scale is symmetric about 0, so sign reads the same in every grid.
    """
    array = np.atleast_2d(np.asarray(array, dtype=float))
    if array.ndim != 2:
        raise ValueError(f"draw_matrix needs a 1-D or 2-D array, got shape {array.shape}")
    limit = max(1e-12, float(np.abs(array).max())) if array.size else 1.0
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


def matrices_figure(arrays: dict, *, columns: int = 6, cell_inches: float = 0.42, fmt: str = "{:.1f}"):
    """A figure with one shaded grid per entry of ``arrays`` (title -> 2-D array), in rows of ``columns``.

    The explorers that show their arrays as HTML tables use it for their static picture: the one a
    notebook viewer without widgets shows instead of the sliders.
    """
    if not arrays:
        raise ValueError("matrices_figure needs at least one array, got none")
    grids = {title: np.atleast_2d(np.asarray(array, dtype=float)) for title, array in arrays.items()}
    rows = -(-len(grids) // columns)
    per_row = min(columns, len(grids))
    widest = max(grid.shape[1] for grid in grids.values())
    tallest = max(grid.shape[0] for grid in grids.values())
    figure = new_figure(max(2.0, per_row * (widest + 1) * cell_inches), max(1.6, rows * (tallest + 1.6) * cell_inches))
    axes = np.atleast_1d(figure.subplots(rows, per_row)).ravel()
    for ax, (title, grid) in zip(axes, grids.items(), strict=False):
        draw_matrix(ax, grid, title, annotate_up_to=64, fmt=fmt)
    for ax in axes[len(grids) :]:
        ax.set_axis_off()
    return figure
