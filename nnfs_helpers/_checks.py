"""Input checks shared by every layer, loss and helper.

Each check raises a ``TypeError`` (wrong kind of value) or a ``ValueError`` (right kind,
wrong shape or range) whose message names what was expected and what came in, so a
learner never has to decode a broadcasting error from deep inside numpy.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def describe(value) -> str:
    """A short description of ``value`` for error messages: type, shape and dtype."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__} {value!r}"


def as_float_array(value, name: str, *, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a floating-point array, raising a clear error when it cannot be.

    Float arrays keep their dtype (float32 stays float32); integers and booleans become
    float64. ``ndim``, when given, is the number of dimensions required.
    """
    # Fast path: a float array is what every layer receives during training, and this check
    # runs several times per layer per step, so it must cost next to nothing.
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        array = value
    else:
        try:
            array = np.asarray(value)
        except ValueError as error:  # ragged nested lists
            raise ValueError(f"{name} must be a rectangular array of numbers, got {describe(value)}: {error}") from None
        kind = array.dtype.kind
        if kind == "c":
            raise TypeError(f"{name} must contain real numbers, got complex dtype {array.dtype}")
        if kind not in "fiub":
            raise TypeError(f"{name} must contain numbers, got {describe(value)} (dtype {array.dtype})")
        if kind != "f":
            array = array.astype(np.float64)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    return array


def _bounds_phrase(low: float, high: float, low_open: bool, high_open: bool, integer: bool) -> str:
    """The expected kind of number in words: "a positive whole number", "a number between 0 and 1" ..."""
    noun = "a whole number" if integer else "a number"
    if integer and low == 1 and not low_open and high == math.inf:
        return "a positive whole number"
    if not integer and low == 0 and low_open and high == math.inf:
        return "a number greater than 0"
    if low == -math.inf and high == math.inf:
        return noun
    if high == math.inf:
        return f"{noun} {'>' if low_open else '>='} {low:g}"
    if low == -math.inf:
        return f"{noun} {'<' if high_open else '<='} {high:g}"
    if not low_open and not high_open:
        return f"{noun} between {low:g} and {high:g}"
    return f"{noun} with {low:g} {'<' if low_open else '<='} value {'<' if high_open else '<='} {high:g}"


def check_number(
    value,
    name: str,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    integer: bool = False,
    low_open: bool = False,
    high_open: bool = False,
    where: str = "",
) -> float | int:
    """The package's one number validator: ``value`` as a ``float`` (or an ``int`` for ``integer=True``)
    if it is a finite real number in the range, else a clear error naming what was expected.

    Args:
        value: what came in.
        name: its name in the message (``"learning_rate"``).
        low, high: the range; ``low_open`` / ``high_open`` exclude the end itself (``0 < eta``).
        integer: require a whole number of an integer type (``3``, ``np.int64(3)``; not ``3.0``).
        where: said after the range in a ``ValueError``, e.g. ``" (the range of its slider)"``.

    Raises:
        TypeError: not a real number (``bool`` and ``str`` are refused), or not an integer type when
            ``integer``.
        ValueError: NaN, infinite, or outside the range.

    Example:
        >>> check_number(0.5, "momentum", 0, 1, high_open=True)
        0.5
    """
    expected = _bounds_phrase(low, high, low_open, high_open, integer)
    wrong_type = isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)
    if wrong_type or (integer and not isinstance(value, numbers.Integral)):
        raise TypeError(f"{name} must be {expected}, got {describe(value)}")
    number = int(value) if integer else float(value)
    inside = (number > low if low_open else number >= low) and (number < high if high_open else number <= high)
    if not (math.isfinite(number) and inside):  # NaN fails every comparison
        finite = "" if integer else "finite "
        raise ValueError(f"{name} must be {expected.replace('a number', f'a {finite}number')}{where}, got {value!r}")
    return number


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an ``int`` if it is a whole number >= 1, else raise (see :func:`check_number`)."""
    return check_number(value, name, 1, integer=True)


def check_positive_float(value, name: str) -> float:
    """Return ``value`` as a ``float`` if it is a finite number > 0, else raise (see :func:`check_number`)."""
    return check_number(value, name, 0, low_open=True)


def check_rng(rng, name: str = "rng"):
    """Return where random draws come from: ``rng`` itself, or numpy's global generator for ``None``.

    ``None`` means the global legacy generator, so ``np.random.seed(0)`` makes the draws
    repeatable as it does in the book. A ``np.random.Generator`` or ``np.random.RandomState``
    is used as given. Anything else (an int seed, say) is refused: ``0`` could mean either kind
    of generator, and the two draw different numbers.
    """
    if rng is None:
        return np.random
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    raise TypeError(
        f"{name} must be a np.random.Generator, a np.random.RandomState or None, got {describe(rng)}; "
        "for a seed use np.random.default_rng(seed)"
    )


def check_same_shape(array: np.ndarray, expected: tuple, name: str, what: str) -> None:
    """Raise unless ``array.shape == expected``; ``what`` says where ``expected`` comes from."""
    if array.shape != tuple(expected):
        raise ValueError(f"{name} must have shape {tuple(expected)} ({what}), got shape {array.shape}")


def require_forward(obj, attribute: str = "inputs") -> None:
    """Raise a clear error when ``backward`` is called before ``forward``."""
    if getattr(obj, attribute, None) is None:
        cls = type(obj).__name__
        raise ValueError(
            f"{cls}.backward() was called before {cls}.forward(): "
            "run a forward pass first so the layer has the values its gradient needs"
        )


def check_float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a numpy floating-point dtype (``np.float32``, ``"float32"``, ``float``), else raise.

    Integer dtypes are refused: parameters are updated in place by SGD, and an integer array would
    either refuse the update or round every step to a whole number.
    """
    try:
        resolved = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(
            f"{name} must be a numpy floating-point dtype such as np.float64 or 'float32', "
            f"got {describe(dtype)}: {error}"
        ) from None
    if resolved.kind != "f":
        raise TypeError(
            f"{name} must be a floating-point dtype such as np.float64 or 'float32', got {resolved} "
            f"(from {describe(dtype)}): gradient steps are fractions, which an integer parameter cannot hold"
        )
    return resolved


def check_dvalues(obj, dvalues, reference, what: str) -> np.ndarray:
    """The checks every ``backward(dvalues)`` starts with, in one call: a forward pass has run
    (``reference``, the cached array ``dvalues`` must match, is not ``None``), and ``dvalues`` is a
    float array of ``reference``'s shape. Returns ``dvalues`` as a float array.
    """
    # Fast path first: this runs once per layer per training step.
    if type(dvalues) is np.ndarray and dvalues.dtype.kind == "f" and reference is not None:
        if dvalues.shape == reference.shape:
            return dvalues
    if reference is None:
        require_forward(obj, "inputs")  # reference is the inputs or the output, both None before forward
        require_forward(obj, "output")
    dvalues = as_float_array(dvalues, "dvalues")
    check_same_shape(dvalues, reference.shape, "dvalues", what)
    return dvalues
