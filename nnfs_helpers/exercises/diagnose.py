"""Diagnosis: what a wrong returned value says about the mistake behind it.

:func:`compare` looks for the first explanation that fits, in the order of ``DIAGNOSES``: nothing
returned, not numbers, integers where fractions belong, a dropped axis, a transpose, another shape,
one of the exercise's own known mistakes, a flipped sign, a factor equal to a size of the data
(N, D, M, C, or a product such as N*M, or its inverse), another common factor, the ReLU mask on the
wrong side of z = 0. Only when none fits is the generic ``values`` message used, and then it shows the
smallest failing case: its inputs, the expected and the returned output, and where they differ.
"""

from __future__ import annotations

import itertools

import numpy as np

from .guard import Failed
from .numpy_errors import fmt_shape

__all__ = ["DIAGNOSES", "FLOAT32_RTOL", "compare", "describe_case", "unpack", "where_they_differ"]

# "raised", "modified_input", "raise_on_branch" and "renamed" come from the guarded call. An
# exercise's own known mistakes (the keys of ``known``) come before the generic sign and factor
# tests, since a known mistake that is a multiple of the answer says more.
DIAGNOSES = (
    "none",
    "not_numbers",
    "raised",
    "raise_on_branch",
    "renamed",
    "modified_input",
    "int_dtype",
    "tuple",
    "keepdims",
    "transposed",
    "shape",
    "hard_coded_size",
    "sign",
    "factor_n",
    "factor_size",
    "factor",
    "relu_mask",
    "rounded",
    "hard_coded",
    "values",
)

# float32 carries about 7 significant digits: an answer computed in float32 is judged to 1e-5.
FLOAT32_RTOL = 1e-5
FLOAT32_ATOL = 1e-6


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))


def _number(value: float) -> str:
    if not np.isfinite(value):
        return str(value)
    return f"{value:.6g}"


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _shape_words(letters: str | None, shape: tuple[int, ...]) -> str:
    if not shape:
        return "a single number"
    return f"shape {letters} = {fmt_shape(shape)}" if letters else f"shape {fmt_shape(shape)}"


def unpack(got, names: tuple[str, ...] | list[str]) -> tuple:
    """Split a learner's returned tuple into its parts, or fail with ``none`` / ``not_numbers``."""
    names = tuple(names)
    if got is None:
        raise Failed("none", f"your function returned None: is a `return {', '.join(names)}` line missing?")
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        name = "numpy array" if isinstance(got, np.ndarray) else type(got).__name__
        came = f"{'an' if name[0] in 'aeiou' else 'a'} {name}" + (
            f" of {len(got)} things" if isinstance(got, (tuple, list)) else ""
        )
        raise Failed("not_numbers", f"return {len(names)} things, `{', '.join(names)}`; you returned {came}")
    return tuple(got)


def compare(
    got,
    expected,
    *,
    checker=None,
    what: str = "your result",
    shape: str | None = None,
    n: int | None = None,
    sizes: dict[str, int] | None = None,
    relu_z=None,
    relu_upstream=None,
    known: dict[str, tuple] | None = None,
    about_factors: str | None = None,
    divisor: str | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> str:
    """Compare the learner's returned ``got`` with ``expected``; return a short PASS sentence, or
    fail with the first diagnosis that fits, in the order of ``DIAGNOSES``.

    ``shape``: the expected shape in the notation's letters (default: the exercise's
    ``shapes["return"]``). ``sizes``: the sizes a missing or extra factor may equal, ``{"N": 5, "M": 4}``
    (default: read from the last call's arguments and the exercise's shapes; ``n`` adds N).
    ``relu_z`` and ``relu_upstream``: the z that the ReLU decides on and the quantity it masks,
    either an array (the result is ``relu_upstream * mask``) or a function of the mask; then
    ``z >= 0``, ``z < 0``, ``z <= 0`` and no mask at all are recognised. ``known``: this
    exercise's own mistakes, ``{kind: (wrong_answer, message)}``. ``about_factors``: a sentence added
    when a factor equal to a size is found ("L is the mean over all N*M outputs"). ``divisor``: the
    letters the answer divides by ("N", "N*M"); then a number typed in where that size belongs (the
    learner's divisor stays the same when the check cuts a size of the case) and a multiplication by
    it where the mean divides are named before any letter is guessed.
    """
    if checker is not None:
        checker.comparisons += 1
        if shape is None:
            shape = checker.definition.shapes.get("return")
        if sizes is None:
            sizes = dict(checker.sizes)
    sizes = dict(sizes or {})
    if n is not None:
        sizes["N"] = n
    expected = np.asarray(expected, dtype=np.float64)

    if got is None:
        raise Failed("none", "your function returned None: is the `return` line missing?")
    array_only = checker is not None and getattr(checker.definition, "array_only", False)
    if array_only and expected.ndim and isinstance(got, (list, tuple)):
        try:
            fits = np.asarray(got, dtype=np.float64).shape == expected.shape
        except (TypeError, ValueError):
            fits = False
        if fits:
            raise Failed(
                "not_numbers",
                f"you returned a Python {type(got).__name__}; {what} should be a numpy array "
                f"({_shape_words(shape, expected.shape)}), as the docstring says: return np.array(...) of it, or "
                "compute with numpy operations on arrays",
            )
    try:
        raw = np.asarray(got)
    except Exception:  # ragged lists and objects numpy cannot hold
        raw = np.asarray(None, dtype=object)
    if raw.dtype.kind not in "biuf":
        came = type(got).__name__
        if isinstance(got, np.ndarray):
            came = f"an array of dtype {got.dtype}"
        elif isinstance(got, (list, tuple)) and got:
            lengths = {len(item) for item in got if isinstance(item, (list, tuple, np.ndarray))}
            ragged = " rows of different lengths" if len(lengths) > 1 else ""
            came = f"a {came} holding{ragged or ' ' + type(got[0]).__name__}"
        raise Failed("not_numbers", f"{what} should be numbers ({_shape_words(shape, expected.shape)}); got {came}")
    values = raw.astype(np.float64)
    tolerance_note = ""
    if raw.dtype == np.float32 or raw.dtype == np.float16:
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
        tolerance_note = f" (your answer is {raw.dtype}, so it was judged to float32's precision, rtol {rtol:g})"
        if checker is not None:
            checker.float32 = True

    # An integer answer of the wrong shape is told its shape first: that is the more basic mistake.
    if raw.dtype.kind in "biu" and values.shape == expected.shape and not np.array_equal(expected, np.round(expected)):
        if not _close(values, expected, rtol, atol):
            example = ""
            if values.shape == expected.shape and expected.ndim:
                fractional = np.flatnonzero(expected != np.round(expected))
                if fractional.size:
                    at = int(fractional[0])
                    example = (
                        f" (at {_where(np.unravel_index(at, expected.shape))} the answer {_number(expected.flat[at])} "
                        f"was stored as {_number(values.flat[at])})"
                    )
            raise Failed(
                "int_dtype",
                f"{what} has dtype {raw.dtype}: an integer array cannot hold a fraction, so every one written "
                f"into it became a whole number{example}; start from floats (np.zeros(..., dtype=float), "
                "np.ones(z.shape), x.astype(float))",
            )

    if values.shape != expected.shape:
        if isinstance(got, tuple) and values.shape == (len(got), *expected.shape):
            guess = " (a trailing comma after the return value, `return v,`?)" if len(got) == 1 else ""
            one = f"one array, {_shape_words(shape, expected.shape)}" if expected.ndim else "one number"
            raise Failed(
                "tuple",
                f"you returned a tuple of {len(got)}{guess}; {what} is {one}: return only that, without a comma "
                "or brackets",
            )
        raise Failed(*_shape_mistake(values, expected, what, shape, rtol, atol))

    if _close(values, expected, rtol, atol):
        matched = f"{what} matches the right answer" + (f", shape {fmt_shape(expected.shape)}" if expected.ndim else "")
        return matched + tolerance_note

    if divisor and np.count_nonzero(np.abs(expected) > atol) >= 2:
        typed = _divisor_mistake(values, expected, divisor, sizes, what, checker, rtol, atol)
        if typed:
            raise Failed(*typed)
    for kind, (alternative, message) in (known or {}).items():
        alternative = np.asarray(alternative, dtype=np.float64)
        if alternative.shape == values.shape and _close(values, alternative, rtol, atol):
            raise Failed(kind, message)
    nonzero = bool(np.any(np.abs(expected) > atol))
    if nonzero and _close(values, -expected, rtol, atol):
        every = "every value has" if expected.ndim else "it has"
        raise Failed("sign", f"{what} has the right size but {every} the wrong sign: a flipped sign")
    if nonzero:
        named = _size_factor(values, expected, sizes, what, rtol, atol)
        if named:
            raise Failed(named[0], named[1] + (f"; {about_factors}" if about_factors else ""))
    # One number is always some factor times another: a common factor needs two values to share it.
    if np.count_nonzero(np.abs(expected) > atol) >= 2:
        factor = float(np.sum(values * expected) / np.sum(expected * expected))
        if np.isfinite(factor) and abs(factor - 1) > 1e-6 and abs(factor) > 1e-12:
            if _close(values, expected * factor, rtol, atol):
                said = f"every value of {what} is" if expected.ndim else f"{what} is"
                typed = _size_of_an_earlier_case(factor, sizes, checker)
                if typed:
                    raise Failed("hard_coded_size", f"{said} {_number(factor)} times the expected value: {typed}")
                raise Failed("factor", f"{said} {_number(factor)} times the expected value: one common factor")
    if relu_z is not None:
        mask_mistake = _relu_mistake(values, np.asarray(relu_z), relu_upstream, what, rtol, atol)
        if mask_mistake:
            raise Failed("relu_mask", mask_mistake)
    rounded = _rounded(values, expected, what, rtol, atol)
    if rounded:
        raise Failed("rounded", rounded)
    if values.size >= 3 and np.all(values == values.flat[0]) and np.ptp(expected) > atol:
        raise Failed(
            "hard_coded",
            f"every value of {what} is {_number(float(values.flat[0]))}, while the expected values differ "
            f"(from {_number(float(expected.min()))} to {_number(float(expected.max()))}): your answer is the same "
            "number everywhere. Did a sum or a mean collapse it to one number, or is a number typed into the body?",
        )
    message = _values_message(values, expected, what, rtol, atol)
    case = checker.smallest_failure(what, rtol, atol) if checker is not None else None
    if case:  # the case shows the values; a count over the check's concatenated cases would only confuse
        message = f"{what} differs from the right answer" + "\n" + case
    raise Failed("values", message + tolerance_note)


def common_factor(values, expected, rtol, atol) -> float | None:
    """f when ``values`` is f times ``expected`` (f != 1), else None."""
    if values.shape != expected.shape or np.count_nonzero(np.abs(expected) > atol) < 2:
        return None
    factor = float(np.sum(values * expected) / np.sum(expected * expected))
    if np.isfinite(factor) and abs(factor - 1) > 1e-6 and abs(factor) > 1e-12:
        if _close(values, expected * factor, rtol, atol):
            return factor
    return None


_DIVISOR_WORDS = {"N": "samples", "N*M": "outputs", "N*C": "entries"}


def _divisor_mistake(values, expected, divisor, sizes, what, checker, rtol, atol) -> tuple[str, str] | None:
    """A number typed in where the size ``divisor`` belongs, or a multiplication by it where it divides."""
    letters = divisor.split("*")
    if not all(letter in sizes for letter in letters):
        return None
    size = int(np.prod([sizes[letter] for letter in letters]))
    factor = common_factor(values, expected, rtol, atol)
    if factor is None or size < 2:
        return None
    said = f"({divisor})" if "*" in divisor else divisor
    words = _DIVISOR_WORDS.get(divisor, "")
    if abs(factor - size * size) < 1e-6 * size * size:
        return "factor_size", (
            f"{what} is {said}² = {size * size} times the expected value: you multiplied by {divisor} = {size} "
            f"where the mean divides by it"
        )
    implied = size / factor
    typed_in = round(implied)
    if abs(implied - typed_in) > 1e-6 * implied or not 2 <= typed_in <= 100_000 or typed_in == size:
        return None
    if checker is not None and hasattr(checker, "implied_divisors"):
        trials = checker.implied_divisors(divisor, rtol, atol)
        # Typed in: the learner's divisor stays the same while the check cuts the sizes of the case.
        if not trials or any(abs(k - typed_in) > 1e-6 * typed_in for _, k in trials):
            return None
        if all(p == size for p, _ in trials):
            return None
    else:
        named = {value for value in sizes.values()} | {a * b for a, b in itertools.combinations(sizes.values(), 2)}
        if typed_in in named:
            return None
    return "hard_coded_size", (
        f"you divided by {typed_in}, but this case has {divisor} = {size}{' ' + words if words else ''}: use the "
        f"sizes of the arrays (len(...), .shape, .size), not a number typed in"
    )


def _size_of_an_earlier_case(factor: float, sizes: dict[str, int], checker) -> str | None:
    """A number typed in that fitted an earlier case: the factor is that case's size over this one's
    (or its inverse), so the answer was right while the size was the typed number, and is off now."""
    calls = getattr(checker, "calls", None) or []
    for arguments, got in calls[:-1]:
        if not checker.answered_right(arguments, got):
            continue
        for letter, then in checker._read_sizes(arguments).items():
            now = sizes.get(letter)
            if not now or now == then:
                continue
            for ratio in (then / now, now / then):
                if abs(factor - ratio) <= 1e-6 * ratio:
                    return (
                        f"this case has {letter} = {now}, and your answer was right in an earlier case, where "
                        f"{letter} = {then}. A {then} typed in (a `* {then}` or `/ {then}`) fits one size of batch "
                        f"only: use the sizes of the arrays (len(...), .shape), or leave the factor out"
                    )
    return None


def _rounded(values, expected, what, rtol, atol) -> str | None:
    """Rounded to a few decimals, or cut to whole numbers (int(), //, astype(int))."""
    if values.size and not np.any(values) and np.any(np.abs(expected) > atol):
        # Where every right value is below 1 in size, a cut to whole numbers and a zeroed answer look the same.
        return (
            f"{what} is all zeros, while the right values run from {_number(float(expected.min()))} to "
            f"{_number(float(expected.max()))}: did something multiply it by 0 (a factor that is 0 everywhere, "
            "np.zeros never filled), or cut it to whole numbers (int(), // or astype(int) make a value below 1 zero)?"
        )
    if _close(values, np.trunc(expected), rtol, atol):
        return f"{what} is cut to whole numbers (int(), // or astype(int) drop the fraction); return the full value"
    for decimals in range(5):
        if _close(values, np.round(expected, decimals), rtol, atol):
            places = "a whole number" if decimals == 0 else f"{decimals} decimal(s)"
            return f"{what} is rounded to {places}; return the full value, unrounded"
    return None


def _a(letter: str) -> str:
    """The article a letter takes when read aloud: "an N" ("en"), "a D" ("dee")."""
    return "an" if letter[:1].upper() in set("AEFHILMNORSX") else "a"


def _size_factor(values, expected, sizes: dict[str, int], what, rtol, atol) -> tuple[str, str] | None:
    """A factor equal to a size of the data (N, M, N*M, ...) or its inverse, named by its letters."""
    letters = [(name, size) for name, size in sizes.items() if size > 1]
    products = []
    for count in (1, 2):
        for combo in itertools.combinations(letters, count):
            value = int(np.prod([size for _, size in combo]))
            products.append(("*".join(name for name, _ in combo), value))
    # A single letter is the likelier mistake; N before the others, as the lessons use it most.
    products.sort(key=lambda item: (item[0].count("*"), item[0] != "N"))
    for (name_a, a), (name_b, b) in itertools.permutations(letters, 2):
        if a != b and _close(values, expected * a / b, rtol, atol):
            return "factor_size", (
                f"{what} is {name_a}/{name_b} = {a}/{b} times the expected value: {_a(name_b)} {name_b} where "
                f"{_a(name_a)} {name_a} belongs (in a sum, a mean or a shape)"
            )
    for name, value in products:
        product = f"({name})" if "*" in name else name
        for off, words in ((-1, "minus"), (1, "plus")):
            if (
                value >= 4
                and value + off not in {size for _, size in letters}
                and _close(values, expected * value / (value + off), rtol, atol)
            ):
                return "factor_size", (
                    f"{what} is divided by {product} {words} 1 = {value + off} where {name} = {value} belongs: one off"
                )
    for name, value in products:
        kind = "factor_n" if name == "N" else "factor_size"
        inverse = f"1/({name})" if "*" in name else f"1/{name}"
        if _close(values, expected * value, rtol, atol):
            return kind, f"{what} is {name} = {value} times too large: a {inverse} is missing"
        if _close(values, expected / value, rtol, atol):
            return kind, f"{what} is {name} = {value} times too small: there is one {inverse} too many"
    return None


def _shape_mistake(values, expected, what, letters, rtol, atol) -> tuple[str, str]:
    expected_words = (
        f"{what} should be a single number"
        if not expected.shape
        else f"{what} should have " + (_shape_words(letters, expected.shape))
    )
    got_words = "a single number" if not values.shape else f"shape {fmt_shape(values.shape)}"
    squeezed = tuple(size for size in expected.shape if size != 1)
    if values.ndim < expected.ndim and values.shape == squeezed:
        if _close(values.reshape(expected.shape), expected, rtol, atol):
            return (
                "keepdims",
                f"{expected_words}; you returned {got_words}: the values are right, but the sum dropped an axis "
                "(keepdims=True keeps it)",
            )
        return "shape", f"{expected_words}; you returned {got_words} (keepdims=True keeps a summed axis)"
    if expected.ndim == 2 and values.shape == expected.shape[::-1]:
        if _close(values, expected.T, rtol, atol):
            return "transposed", f"{expected_words}; you returned its transpose, {got_words}"
        return "shape", f"{expected_words}; you returned {got_words}, the transposed shape"
    return "shape", f"{expected_words}; you returned {got_words}"


def _relu_mistake(values, z, upstream, what, rtol, atol) -> str | None:
    if upstream is None:
        return None
    apply = upstream if callable(upstream) else (lambda mask: np.asarray(upstream, dtype=np.float64) * mask)
    wrong_side = (
        f"{what} has the mask on the wrong side of z = 0: the z > 0 side is the one whose slope is 1, "
        "the mask is 1[z > 0], not 1[z < 0]"
    )
    candidates = [
        (
            z >= 0,
            f"{what} treats z = 0 exactly as if z > 0; the derivative at 0 is taken from the z < 0 side, "
            "so the mask is 1[z > 0], not 1[z >= 0]",
        ),
        (z < 0, wrong_side),
        (z <= 0, wrong_side),
        (
            np.ones_like(z, dtype=bool),
            f"{what} passes the gradient through where z <= 0 too: multiply it by the mask 1[z > 0] "
            "(1 where z > 0, 0 elsewhere), since ReLU's slope is 0 for z <= 0",
        ),
    ]
    for mask, message in candidates:
        wrong = np.asarray(apply(mask.astype(np.float64)), dtype=np.float64)
        if _close(values, wrong, rtol, atol):
            return message
    return None


def _values_message(values, expected, what, rtol, atol) -> str:
    off = ~np.isclose(values, expected, rtol=rtol, atol=atol)
    count = int(np.count_nonzero(off))
    error = np.where(off, np.abs(np.nan_to_num(values - expected, nan=np.inf)), -1.0)
    worst = np.unravel_index(int(np.argmax(error)), expected.shape) if expected.ndim else ()
    worst = tuple(int(i) for i in worst)
    if not expected.ndim:
        return f"{what} should be {_number(float(expected))}, got {_number(float(values))}"
    return (
        f"{count} of {expected.size} values of {what} differ from the right answer; the worst is at "
        f"{_where(worst)}: expected {_number(float(expected[worst]))}, got {_number(float(values[worst]))}"
    )


# ---------------------------------------------------------------------------------------------
# The smallest failing case, shown with the generic message


def _array_text(value, precision: int = 4) -> str:
    array = np.asarray(value)
    if array.dtype.kind == "f":
        array = array + 0.0  # -0.0 prints as 0.0: a zero's sign is not a difference a learner should chase
    if array.ndim == 0:
        if array.dtype.kind not in "biuf":
            return repr(value)
        return _number(float(array)) if precision == 4 else f"{float(array):.{precision}g}"
    text = np.array2string(
        array, precision=precision, suppress_small=precision == 4, separator=", ", max_line_width=100
    )
    return text.replace("\n", "\n      ")


def where_they_differ(off: np.ndarray, arguments: dict) -> str:
    """Words for the set of wrong entries: a kink, a sign of an input, a row, a column."""
    if off.ndim == 0 or off.size == 1:
        return ""
    if off.all():
        return "everywhere"
    for name, value in arguments.items():
        array = np.asarray(value) if isinstance(value, np.ndarray) else None
        if array is None or array.dtype.kind not in "biuf":
            continue
        # An input of the output's shape: element by element.
        if array.shape == off.shape:
            for test, words in (
                (array == 0, f"only where {name} = 0"),
                (array < 0, f"only where {name} < 0"),
                (array > 0, f"only where {name} > 0"),
                (array <= 0, f"only where {name} <= 0"),
                (array >= 0, f"only where {name} >= 0"),
            ):
                if np.array_equal(off, test):
                    return words
    if off.ndim == 2:
        rows = np.flatnonzero(off.any(axis=1))
        columns = np.flatnonzero(off.any(axis=0))
        if len(rows) == 1 and off.shape[0] > 1:
            return "only in the last row" if rows[0] == off.shape[0] - 1 else f"only in row {rows[0]}"
        if len(columns) == 1 and off.shape[1] > 1:
            return "only in the last column" if columns[0] == off.shape[1] - 1 else f"only in column {columns[0]}"
        sample_rows = off.any(axis=1)
        for name, value in arguments.items():
            array = np.asarray(value) if isinstance(value, np.ndarray) else None
            if array is None or array.shape[:1] != off.shape[:1] or array.dtype.kind not in "biuf":
                continue
            if array.ndim == 1:  # one number per sample (a label, a g_n)
                for test, words in ((array < 0, "is negative"), (array == 0, "is 0"), (array > 0, "is positive")):
                    if np.array_equal(sample_rows, test):
                        return f"only in the samples (rows) whose {name} {words}"
            elif (
                array.ndim == 2
                and off.shape[0] >= 3
                and off[sample_rows].all()
                and np.array_equal(sample_rows, array.sum(axis=1) < 0)
            ):
                return f"only in the samples (rows) whose {name} sums to a negative number"
        return f"in rows {', '.join(map(str, rows))}" if len(rows) < off.shape[0] else "in every row"
    if off.ndim == 1:
        where = np.flatnonzero(off)
        if len(where) == 1:
            return "only in the last entry" if where[0] == off.size - 1 else f"only at [{where[0]}]"
        return "at " + ", ".join(f"[{i}]" for i in where[:6]) + (" ..." if len(where) > 6 else "")
    return f"at {int(off.sum())} of {off.size} entries"


def describe_case(arguments: dict, expected, got, what: str, shapes: dict[str, str], rtol, atol) -> str:
    """The smallest failing case, to reproduce in the notebook."""
    expected, got = np.asarray(expected, dtype=float), np.asarray(got, dtype=float)
    off = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    lines = ["The smallest case where your answer is wrong:"]
    for name, value in arguments.items():
        letters = shapes.get(name)
        label = f"  {name}" + (f" {letters}" if letters and hasattr(value, "shape") else "")
        lines.append(f"{label} = {_array_text(value)}")
    shown_expected, shown_got = _array_text(expected), _array_text(got)
    # Arrays that print alike at 4 decimals get 12 digits; a wrong entry whose size alone hides below 4 decimals
    # (-1.66e-05 against 1.66e-05 print "-0." and "0.") gets 6. Either way the size of the difference follows.
    hidden = bool(np.any(off & (np.round(np.abs(expected), 4) == np.round(np.abs(got), 4))))
    if shown_expected == shown_got or hidden:
        digits = 12 if shown_expected == shown_got else 6
        shown_expected, shown_got = _array_text(expected, precision=digits), _array_text(got, precision=digits)
    lines.append(f"  expected {what} = {shown_expected}")
    lines.append(f"  you returned   = {shown_got}")
    if _array_text(expected) == _array_text(got) or hidden:
        lines.append(f"  the largest difference is {float(np.max(np.abs(got - expected))):.1e}")
    where = where_they_differ(off, arguments)
    if where.startswith("only in") and off.shape == expected.shape and not np.any(expected[~off]):
        # The rest agrees only because it is 0 in both (a neuron off for every sample, say): not a clue.
        where = ""
    if where:
        lines.append(f"  they differ {where}")
    return "\n".join(lines)
