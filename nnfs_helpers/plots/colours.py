"""The colours every figure and explorer shares, so a sign reads the same everywhere."""

from __future__ import annotations

# Colour-blind-safe pair (Okabe-Ito): blue for positive, vermilion for negative gradients.
POSITIVE = "#0072B2"
NEGATIVE = "#D55E00"
ZERO = "#BBBBBB"
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def sign_colour(value: float) -> str:
    """Blue for > 0, vermilion for < 0, grey for exactly 0."""
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO
