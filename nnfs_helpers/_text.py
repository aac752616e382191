"""Text helpers shared by the explorers, plots and check messages."""

from __future__ import annotations

import numbers

_DIGITS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_PLAIN = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋", "0123456789-")


def subscript(n) -> str:
    """``n`` (a whole number, or a string of digits such as ``"01"``) as Unicode subscript digits.

    Indices count from 0, as in Python: ``f"x{subscript(0)}"`` is ``x₀``, the entry ``x[0]``.

    Example:
        >>> subscript(12), subscript("01"), subscript(-1)
        ('₁₂', '₀₁', '₋₁')
    """
    if isinstance(n, bool) or not isinstance(n, (numbers.Integral, str)):
        raise TypeError(f"subscript needs a whole number or a string of digits, got {type(n).__name__} {n!r}")
    text = str(int(n)) if isinstance(n, numbers.Integral) else n
    if not text or not all(c in "0123456789-" for c in text):
        raise ValueError(f"subscript needs digits, got {n!r}")
    return text.translate(_DIGITS)


def plain_digits(text: str) -> str:
    """``text`` with its subscript digits written plainly, the inverse of :func:`subscript`: ``"z₀"`` -> ``"z0"``."""
    return text.translate(_PLAIN)
