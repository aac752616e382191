"""The colours every figure and explorer shares, so a sign reads the same everywhere.

Also the one diverging palette for every heat map and shaded grid (figures and the explorers'
HTML tables alike) and the text colour for a number written on a coloured cell: whichever of
black and white contrasts more with the cell, by the WCAG 2 contrast ratio. One of the two always
reaches at least 4.58:1 (the ratio is 21:1 between them, and sqrt(21) > 4.58), so every number on
every cell reads at 4.5:1 or better.
"""

from __future__ import annotations

from functools import lru_cache

# Colour-blind-safe pair (Okabe-Ito): blue for positive, vermilion for negative gradients.
POSITIVE = "#0072B2"
NEGATIVE = "#D55E00"
ZERO = "#BBBBBB"
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
# Vermilion through a light grey to blue: negative, zero, positive.
DIVERGING_STOPS = (NEGATIVE, "#F7F7F7", POSITIVE)
BLACK, WHITE = "#000000", "#FFFFFF"


# For text on white (figure labels): the same hues, dark enough for 4.5:1 on white (5.2, 5.9 and 5.7).
POSITIVE_TEXT, NEGATIVE_TEXT, ZERO_TEXT = "#0072B2", "#A64900", "#666666"


def sign_text_colour(value: float) -> str:
    """Like :func:`sign_colour`, for text on a white background (every one at least 4.5:1 on white)."""
    return POSITIVE_TEXT if value > 0 else NEGATIVE_TEXT if value < 0 else ZERO_TEXT


def sign_colour(value: float) -> str:
    """Blue for > 0, vermilion for < 0, grey for exactly 0."""
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``"#RRGGBB"`` as three floats in [0, 1]."""
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def rgb_to_hex(rgb) -> str:
    return "#" + "".join(f"{round(255 * float(c)):02X}" for c in rgb[:3])


@lru_cache(maxsize=1024)
def _hex_luminance(colour: str) -> float:
    return relative_luminance(hex_to_rgb(colour))


def relative_luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour (three floats in [0, 1], or ``"#RRGGBB"``)."""
    if isinstance(rgb, str):
        return _hex_luminance(rgb)
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (float(v) for v in rgb[:3])]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second) -> float:
    """WCAG 2 contrast ratio between two colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour(background) -> str:
    """Black or white, whichever contrasts more with ``background`` (always at least 4.58:1)."""
    return BLACK if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE) else WHITE


@lru_cache(maxsize=1)
def diverging_cmap():
    """The heat-map colormap: vermilion (negative) through light grey (0) to blue (positive)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("nnfs_diverging", [hex_to_rgb(c) for c in DIVERGING_STOPS], N=256)


@lru_cache(maxsize=1)
def _palette() -> tuple[tuple[str, str], ...]:
    """The colormap's 256 colours as ``("#RRGGBB", text colour)`` pairs, computed once."""
    cmap = diverging_cmap()
    colours = [rgb_to_hex(cmap(i)) for i in range(cmap.N)]
    return tuple((colour, text_colour(colour)) for colour in colours)


def _palette_entry(value: float, limit: float) -> tuple[str, str]:
    position = 0.5 + 0.5 * max(-1.0, min(1.0, value / limit)) if limit else 0.5
    palette = _palette()
    # The colormap's own lookup: position x in [0, 1] picks entry int(x * N), the last for x = 1.
    return palette[min(int(position * len(palette)), len(palette) - 1)]


def cell_colour(value: float, limit: float) -> str:
    """The palette's colour for ``value`` on a scale from -limit to +limit, as ``"#RRGGBB"`` (the colormap's)."""
    return _palette_entry(value, limit)[0]


def cell_text_colour(value: float, limit: float) -> str:
    """The text colour for a number on :func:`cell_colour`'s cell (precomputed per palette entry)."""
    return _palette_entry(value, limit)[1]
