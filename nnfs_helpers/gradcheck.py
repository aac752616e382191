r"""Numerical gradient checks: the referee for every backward pass in the series.

The central difference

.. math:: \frac{\partial}{\partial x_i} \sum_j f(x)_j\, g_j \approx
          \sum_j \frac{f(x + h e_i)_j - f(x - h e_i)_j}{2h}\, g_j

(:math:`e_i` the unit vector of entry i, counted from 0) has two errors: truncation, about
:math:`h^2 |f'''| / 6`, and round-off, about :math:`\varepsilon |f| / h` (:math:`\varepsilon \approx 2.2
\cdot 10^{-16}` in float64). With ``h = 1e-5`` a correct backward pass agrees to a relative error
around 1e-10 for most layers (more where :math:`|f|` is large against its gradient); a wrong one
is off by far more than 1e-6.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_float_array, check_positive_float, check_positive_int, check_rng, check_same_shape, describe
from .losses import EPSILON

# A central difference costs two calls of f per entry. A small network's forward pass takes some
# 10-50 us here, so 1e5 passes is seconds; past it a check quietly runs for minutes or hours (a
# 784 -> 128 layer on 100 samples needs 2 * 178,560 passes), and a learner cannot tell a slow check
# from a hung one. Such checks are refused before they start, saying what they would cost.
MAX_FORWARD_PASSES = 100_000


class GradientCheckError(AssertionError):
    """Raised by :func:`assert_layer_gradients` and friends; the message is the full report."""


def rel_error(a, b) -> float:
    r"""Relative error between two arrays, :math:`\|a - b\| / \max(\|a\| + \|b\|, 10^{-12})`.

    0 means identical; around 1e-10 is what a correct float64 gradient gives; above 1e-6
    means something is wrong. Norms (rather than the worst element) keep entries that are
    almost exactly 0 from dominating.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of the same shape, got {a.shape} and {b.shape}")
    denominator = max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)
    return float(np.linalg.norm(a - b) / denominator)


def format_error(error: float) -> str:
    """A relative error for printing, as a number: its size is what a reader learns from. (Below
    about 1e-9 its digits depend on the CPU's rounding; notebooks/nbval-sanitize.cfg lets the stored
    outputs compare on any CPU without hiding the number from the reader.)"""
    return f"{error:.1e}"


def _check_cost(passes: int, max_passes, what: str) -> None:
    """Refuse, before it starts, a check that would need more than ``max_passes`` forward passes."""
    if max_passes is None:
        return
    if check_positive_int(max_passes, "max_passes") < passes:
        raise ValueError(
            f"{what} would need {passes:,} forward passes (2 per checked entry), more than max_passes="
            f"{max_passes:,}; that can take minutes or hours. Check a smaller batch or a smaller layer "
            "(a few samples are enough), or pass max_passes=None to run it anyway"
        )


def _evaluate(f, x: np.ndarray, expected_shape) -> np.ndarray:
    """Call ``f(x)`` and return its result as a float64 array, or say what was wrong with it."""
    result = f(x)
    if result is None:
        raise TypeError(
            "f returned None; numerical_gradient needs f(x) to return a number or an array "
            "(a missing return statement?)"
        )
    try:
        value = np.array(result, dtype=np.float64, copy=True)
    except (TypeError, ValueError):
        raise TypeError(f"f must return a number or an array of numbers, got {describe(result)}") from None
    if expected_shape is not None and value.shape != expected_shape:
        raise ValueError(
            f"f(x) must have the shape of dvalues, {expected_shape}, got shape {value.shape}: "
            "dvalues is the upstream gradient of f's output"
        )
    return value


def numerical_gradient(f, x: np.ndarray, dvalues=None, h: float = 1e-5, *, max_passes=MAX_FORWARD_PASSES):
    """Central-difference gradient of ``sum(f(x) * dvalues)`` with respect to ``x``.

    Args:
        f: called as ``f(x)``; returns an array (or a scalar). It may read ``x`` through a
            closure (a layer's ``weights``, say): ``x`` is perturbed in place and put back,
            every entry of it, even when ``f`` raises. ``f`` must only read ``x``: one that
            changes it (``x[x < 0] = 0``, ``x *= 2``) is refused, since the differences would
            then be measured from a moving point.
        x: float64 array to differentiate with respect to (at least one entry).
        dvalues: upstream gradient, same shape as ``f(x)``; ``None`` means 1 (a scalar ``f``).
        h: step size. It must change every entry: ``x + h == x`` for a tiny ``h`` and a large entry.
        max_passes: refuse, before starting, when the check needs more than this many calls of
            ``f`` (2 per entry of ``x``); ``None`` for no limit.

    Returns:
        An array shaped like ``x``.
    """
    return _numerical_gradient(f, x, dvalues, h, max_passes=max_passes, what="f")


def _numerical_gradient(f, x, dvalues, h, *, max_passes, what: str):
    """:func:`numerical_gradient`, with ``what`` naming ``f`` in the errors (``LayerDense.forward``, say)."""
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            f"numerical_gradient needs a float64 numpy array to perturb in place, got "
            f"{type(x).__name__} of dtype {getattr(x, 'dtype', None)}: float32 loses the small "
            "differences it measures; convert with x.astype(np.float64)"
        )
    if not x.flags.writeable:
        raise ValueError("numerical_gradient perturbs x in place, but x is read-only; pass a copy: x.copy()")
    if not callable(f):
        raise TypeError(f"f must be a function called as f(x), got {describe(f)}")
    h = check_positive_float(h, "h")
    if x.size == 0:
        raise ValueError(
            f"numerical_gradient needs at least one entry to perturb, got an empty array of shape {x.shape}"
        )
    _check_cost(2 * x.size, max_passes, "this numerical gradient")
    expected_shape = None
    if dvalues is not None:
        dvalues = as_float_array(dvalues, "dvalues")
        expected_shape = dvalues.shape
    grad = np.zeros_like(x)
    # What x must hold after each call of f: the original with one entry moved by h. Comparing
    # against it after every call finds an f that writes into its argument.
    original_x = x.copy()
    expected = x.copy()
    try:
        for index in np.ndindex(x.shape):
            original = expected[index]
            if original + h == original or original - h == original:
                raise ValueError(
                    f"h={h:g} is too small for x{list(index)} = {original:g}: x + h == x in float64, so the "
                    f"difference would be 0; use h near 1e-5 * max(1, |x|), here "
                    f"{1e-5 * max(1.0, abs(original)):.1g}"
                )
            values = []
            for moved in (original + h, original - h):
                x[index] = expected[index] = moved
                values.append(_evaluate(f, x, expected_shape))
                if not np.array_equal(x, expected) and not np.array_equal(x, expected, equal_nan=True):
                    changed = np.flatnonzero(~((x == expected) | (np.isnan(x) & np.isnan(expected))))
                    raise ValueError(
                        f"{what} changed its argument x in place ({changed.size} of {x.size} entries, the first at "
                        f"flat index {changed[0]}), so the differences would be measured from a moving point. "
                        f"{what} must only read its input: compute into a new array, or start with x = x.copy()"
                    )
            x[index] = expected[index] = original
            plus, minus = values
            difference = (plus - minus) if dvalues is None else (plus - minus) * dvalues
            grad[index] = np.sum(difference) / (2 * h)
    finally:
        x[...] = original_x  # every entry, including any f wrote into
    return grad


# float32 carries about 7 significant digits (eps = 1.2e-7); a float32 backward pass, compared with
# a float64 central difference at the same point, agrees to about 1e-7 * sqrt(N) relative error, so
# it is held to this instead of the float64 tolerance, and the report says so.
FLOAT32_TOLERANCE = 1e-4


@dataclass
class GradientCheck:
    """One gradient compared: its name, both versions and their relative error.

    ``tolerance`` is the bound this check was held to (the float32 one for a float32 answer);
    ``note`` explains a verdict that needs it (entries at the loss's clip, say); ``clipped`` is
    True when the check passed only once the entries at the clip were left out.
    """

    name: str
    analytic: np.ndarray | None
    numerical: np.ndarray
    rel_error: float
    passed: bool
    tolerance: float = 1e-6
    note: str = ""
    clipped: bool = False
    float32: bool = False


@dataclass
class GradientReport:
    """Every gradient of one object checked; ``str(report)`` is a readable table.

    ``dvalues`` is the upstream gradient G the check used (``None`` for a loss).
    """

    subject: str
    tolerance: float
    checks: list[GradientCheck] = field(default_factory=list)
    dvalues: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def __getitem__(self, name: str) -> GradientCheck:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no gradient named {name!r}; checked: {[c.name for c in self.checks]}")

    def __str__(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        if any(check.float32 for check in self.checks):
            bound = (
                f"each relative error must be below {FLOAT32_TOLERANCE:.0e} for float32, whose arithmetic keeps "
                f"about 7 digits, and below {self.tolerance:.0e} for float64"
            )
        else:
            bound = f"each relative error must be below {self.tolerance:.0e}"
        lines = [f"Gradient check of {self.subject}: {verdict} ({bound})"]
        for check in self.checks:
            if check.analytic is None:
                lines.append(f"  {check.name:<9} not set by backward  WRONG")
            elif check.analytic.shape != check.numerical.shape:
                lines.append(
                    f"  {check.name:<9} shape {str(check.analytic.shape):<9} but expected shape "
                    f"{check.numerical.shape}  WRONG"
                )
            else:
                mark = ("clipped" if check.clipped else "ok") if check.passed else "WRONG"
                if check.float32:
                    mark += " (float32)"
                lines.append(
                    f"  {check.name:<9} shape {str(check.analytic.shape):<9} relative error "
                    f"{format_error(check.rel_error)}  {mark}"
                )
            if check.note:
                lines.append(f"    {check.note}")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)

    def raise_if_failed(self) -> GradientReport:
        """Raise :class:`GradientCheckError` carrying this report unless every check passed."""
        if not self.passed:
            raise GradientCheckError(str(self))
        return self

    def _add(
        self, name: str, analytic, numerical, *, float32=False, tolerance=None, at_clip=None, clip_note: str = ""
    ) -> None:
        """Compare one gradient. ``at_clip``: a mask of the entries where the forward pass clips, which
        are left out of the comparison (and the verdict says "clipped") only if they alone make it fail."""
        if analytic is None:
            self.checks.append(GradientCheck(name, None, numerical, float("inf"), False, self.tolerance))
            return
        try:
            array = np.asarray(analytic)
            float32 = float32 or (array.dtype.kind == "f" and array.dtype.itemsize <= 4)
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be an array of numbers, got {describe(analytic)}") from None
        bound = tolerance if tolerance is not None else (FLOAT32_TOLERANCE if float32 else self.tolerance)
        if array.shape != numerical.shape:
            # A wrong shape (say dbiases left as (N, M), the bias sum forgotten) is a failed check
            # the report should show, not a crash inside rel_error.
            self.checks.append(GradientCheck(name, array, numerical, float("inf"), False, bound, float32=float32))
            return
        error = rel_error(array, numerical)
        check = GradientCheck(name, array, numerical, error, error <= bound, bound, float32=float32)
        if not check.passed and at_clip is not None and at_clip.any():
            kept = ~at_clip
            rest = rel_error(array[kept], numerical[kept]) if kept.any() else 0.0
            if rest <= bound:
                check.rel_error, check.passed, check.clipped = rest, True, True
                check.note = clip_note + f"; relative error over the other {int(kept.sum())} entries"
            else:
                check.note = clip_note + f"; even without them the relative error is {rest:.1e}"
        self.checks.append(check)


def _float_dtype_of(array: np.ndarray, what: str) -> bool:
    """Whether ``array`` is float32 (True) or float64 (False); refuse other dtypes."""
    if array.dtype == np.float64:
        return False
    if array.dtype == np.float32:
        return True
    raise TypeError(
        f"gradient checks need float64 (or float32), but {what} has dtype {array.dtype}; "
        "build a float64 copy to check: .astype(np.float64)"
    )


def _required_positional(method) -> int | None:
    """How many positional arguments ``method`` requires (``None`` when it cannot be told)."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in parameters if p.kind in kinds and p.default is inspect.Parameter.empty)


def _accepts_positional(method, count: int) -> bool:
    try:
        parameters = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return True
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return True
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    positional = [p for p in parameters if p.kind in kinds]
    required = sum(1 for p in positional if p.default is inspect.Parameter.empty)
    return required <= count <= len(positional)


def _layer_output(layer, x) -> np.ndarray:
    """``layer.forward(x)``, or what it stored in ``layer.output`` when it returns nothing."""
    result = layer.forward(x)
    return getattr(layer, "output", None) if result is None else result


def _gradient_after_backward(layer, result):
    """What backward computed: its return value, or the ``dinputs`` it stored."""
    return getattr(layer, "dinputs", None) if result is None else result


PROTOCOL = (
    "a layer or activation has forward(inputs) and backward(dvalues), storing dinputs (and dweights / dbiases "
    "when it has weights / biases); a loss has forward(x, y) or calculate(x, y), and backward (pass y_true=...)"
)


def check_layer_gradients(
    layer,
    inputs,
    dvalues=None,
    *,
    y_true=None,
    rng=None,
    h: float = 1e-5,
    tolerance: float = 1e-6,
    max_passes=MAX_FORWARD_PASSES,
) -> GradientReport:
    """Check every gradient ``layer.backward`` computes against central differences.

    Objects are recognised by what they do, not by their class, so a learner's own classes are
    checked like the package's:

    - a layer or activation: ``forward(inputs)`` and ``backward(dvalues)``. Checks ``dinputs``,
      plus ``dweights`` and ``dbiases`` when it has ``weights`` and ``biases``. ``forward`` may
      return its output or only store it in ``.output``; ``backward`` likewise with ``.dinputs``.
    - a loss (pass ``y_true``): ``calculate(x, y)`` (the mean loss) or ``forward(x, y)`` (the mean,
      or per-sample losses, which are averaged), and ``backward``. Checks the gradient of the mean
      loss w.r.t. ``x``. ``backward()`` is called with no arguments when it takes none (the fused
      softmax + cross-entropy reads its cache); otherwise ``backward(x, y)`` for a loss with
      ``calculate``, and the book's ``backward(output, y)`` for a fused class without it.

    By default ``dvalues`` (G) is random, drawn from a seeded generator, so its rows and columns
    differ: a G whose rows are constant lets wrong shortcuts pass (the report says so when given one).
    A float32 layer (float32 inputs or parameters) is compared with a float64 central difference at
    the same point and held to ``FLOAT32_TOLERANCE``; the report says so. Where a probability sits
    at the loss's 1e-7 clip the loss is flat, so the two gradients differ there by design: the
    report marks those entries "clipped" instead of WRONG and compares the others.

    Args:
        layer: the object to check. Its caches are left as after one clean forward/backward.
        inputs: float array, shape (N, D) (for a loss: probabilities or logits, (N, C)).
        dvalues: upstream gradient, shaped like the output; ``None`` draws one from ``rng``.
        y_true: labels, for a loss.
        rng: ``np.random.Generator`` for the random ``dvalues`` (default: seeded with 0).
        h: finite-difference step.
        tolerance: largest relative error that passes (float64; float32 gets ``FLOAT32_TOLERANCE``).
        max_passes: refuse, before starting, a check needing more forward passes than this
            (2 per entry of ``inputs`` and of each parameter); ``None`` for no limit.

    Returns:
        A :class:`GradientReport` (``.dvalues`` holds the G used); ``print`` it, or call
        ``.raise_if_failed()``.
    """
    name = type(layer).__name__
    if not (callable(getattr(layer, "forward", None)) or callable(getattr(layer, "calculate", None))) or not callable(
        getattr(layer, "backward", None)
    ):
        raise TypeError(f"check_layer_gradients needs a layer or a loss: {PROTOCOL}; got {describe(layer)}")
    tolerance = check_positive_float(tolerance, "tolerance")
    given = as_float_array(inputs, "inputs").copy()
    low = _float_dtype_of(given, "inputs")
    report = GradientReport(name, tolerance)
    if y_true is not None:
        _check_cost(2 * given.size, max_passes, f"a gradient check of {name}")
        return _check_loss(layer, given, y_true, h, report, low)
    if not callable(getattr(layer, "forward", None)) or (_required_positional(layer.forward) or 0) >= 2:
        raise ValueError(f"checking {name} needs y_true: its forward takes the labels too")

    params = [(grad, attr) for grad, attr in (("dweights", "weights"), ("dbiases", "biases")) if hasattr(layer, attr)]
    originals = {}
    for _, attr in params:
        value = getattr(layer, attr)
        if not isinstance(value, np.ndarray):
            raise TypeError(f"{name}.{attr} must be a numpy array, got {describe(value)}")
        low = _float_dtype_of(value, f"the layer's {attr}") or low
        originals[attr] = value
    parameter_size = sum(value.size for value in originals.values())
    _check_cost(2 * (given.size + parameter_size), max_passes, f"a gradient check of {name}")

    rng = np.random.default_rng(0) if rng is None else check_rng(rng)
    x64 = given.astype(np.float64)
    forward = f"{name}.forward"
    try:
        if low:  # the referee works in float64 at the same point: float32 values are exact in float64
            for attr, value in originals.items():
                setattr(layer, attr, value.astype(np.float64))
        output = _layer_output(layer, x64.copy())
        if output is None:
            raise TypeError(f"{forward} returned None and stored no .output; it must return (or store) its output")
        output = np.array(output, dtype=np.float64, copy=True)
        if dvalues is None:
            dvalues = rng.standard_normal(output.shape)
        dvalues = as_float_array(dvalues, "dvalues").astype(np.float32 if low else np.float64).astype(np.float64)
        check_same_shape(dvalues, output.shape, "dvalues", f"the shape of {name}'s output")
        numerical = {
            "dinputs": _numerical_gradient(
                lambda x: _layer_output(layer, x), x64.copy(), dvalues, h, max_passes=None, what=forward
            )
        }
        for grad, attr in params:
            numerical[grad] = _numerical_gradient(
                lambda _: _layer_output(layer, x64), getattr(layer, attr), dvalues, h, max_passes=None, what=forward
            )
    finally:
        if low:
            for attr, value in originals.items():
                setattr(layer, attr, value)
    for grad, _ in params:  # a stale gradient from an earlier call must not pass for this one
        try:
            delattr(layer, grad)
        except AttributeError:  # never set, or not an instance attribute
            pass
    _layer_output(layer, given.copy())
    result = layer.backward(dvalues.astype(np.float32) if low else dvalues.copy())
    report.dvalues = dvalues
    report._add("dinputs", _gradient_after_backward(layer, result), numerical["dinputs"], float32=low)
    for grad, _ in params:
        report._add(grad, getattr(layer, grad, None), numerical[grad], float32=low)
    if dvalues.ndim == 2:
        n_rows, n_columns = dvalues.shape
        if n_columns > 1 and (dvalues == dvalues[:, :1]).all():
            report.notes.append(
                "dvalues has equal entries in every row, so a backward that uses one column of G for all "
                "(the row-sum shortcut) passes too; leave dvalues=None for a random G"
            )
        if n_rows > 1 and (dvalues == dvalues[:1]).all():
            report.notes.append(
                "dvalues has the same row for every sample, so a backward that mixes up the samples passes too; "
                "leave dvalues=None for a random G"
            )
    return report


def _loss_value(loss, x, y, n_samples: int) -> float:
    """The mean loss: ``calculate(x, y)``, else ``forward(x, y)`` (averaged if per-sample)."""
    method = loss.calculate if callable(getattr(loss, "calculate", None)) else loss.forward
    value = method(x, y)
    where = f"{type(loss).__name__}.{method.__name__}"
    if value is None:
        raise TypeError(f"{where} returned None; it must return the loss (a missing return statement?)")
    array = np.asarray(value, dtype=np.float64)
    if array.shape == (n_samples,):
        return float(array.mean())
    if array.size != 1:
        raise ValueError(
            f"{where} must return the mean loss (a number) or the {n_samples} per-sample losses, "
            f"got shape {array.shape}"
        )
    return float(array.reshape(()))


def _clip_mask(x: np.ndarray, y_true, h: float):
    """Entries of the loss's input whose forward pass meets the probability clip, and why, or (None, "")."""
    n_samples, n_classes = x.shape if x.ndim == 2 else (0, 0)
    if not n_samples:
        return None, ""
    labels = np.asarray(y_true)
    if labels.ndim == 1 and labels.dtype.kind in "iu" and len(labels) == n_samples:
        if labels.min() < 0 or labels.max() >= n_classes:
            return None, ""
        weights = np.eye(n_classes)[labels]
    elif labels.shape == x.shape and labels.dtype.kind in "fiub":
        weights = labels.astype(np.float64)
    else:
        return None, ""
    counted = weights > 0  # entries with label 0 add 0 * log(...) whatever the clip does
    looks_like_probabilities = x.min() >= -1e-3 and np.allclose(x.sum(axis=1), 1, atol=1e-3)
    if looks_like_probabilities:
        mask = counted & ((x - h <= EPSILON) | (x + h >= 1 - EPSILON))
        note = (
            f"clipped: {int(mask.sum())} of {x.size} entries lie within h of the clip at {EPSILON:.0e} (or "
            f"1 - {EPSILON:.0e}): the forward pass clips y_hat there, so its slope is 0, while backward divides by "
            f"max(y_hat, {EPSILON:.0e}); the numbers differ there by design"
        )
        return mask, note
    shifted = np.exp(x - x.max(axis=1, keepdims=True))
    probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    margin = EPSILON * (1 + 1e3 * h)
    rows = (counted & ((probabilities <= margin) | (probabilities >= 1 - margin))).any(axis=1)
    note = (
        f"clipped: in {int(rows.sum())} of {n_samples} samples a true class's probability is at the clip "
        f"({EPSILON:.0e} or 1 - {EPSILON:.0e}), where the loss is flat (slope 0), while (y_hat - y) / N is not; "
        "the numbers differ there by design"
    )
    return np.repeat(rows[:, None], n_classes, axis=1), note


def _check_loss(loss, given: np.ndarray, y_true, h: float, report: GradientReport, low: bool) -> GradientReport:
    name = type(loss).__name__
    n_samples = len(given)
    x64 = given.astype(np.float64)
    numerical = _numerical_gradient(
        lambda x: _loss_value(loss, x, y_true, n_samples), x64.copy(), None, h, max_passes=None, what=f"{name}'s loss"
    )
    _loss_value(loss, given.copy(), y_true, n_samples)
    if _accepts_positional(loss.backward, 0):
        result = loss.backward()
    elif not callable(getattr(loss, "calculate", None)) and np.shape(getattr(loss, "output", None)) == given.shape:
        result = loss.backward(loss.output, y_true)  # the book's fused class: dvalues are its softmax output
    else:
        result = loss.backward(given.copy(), y_true)
    mask, note = _clip_mask(x64, y_true, h)
    report._add("dinputs", _gradient_after_backward(loss, result), numerical, float32=low, at_clip=mask, clip_note=note)
    return report


def assert_layer_gradients(layer, inputs, dvalues=None, **kwargs) -> GradientReport:
    """Like :func:`check_layer_gradients`, but raise :class:`GradientCheckError` on failure."""
    return check_layer_gradients(layer, inputs, dvalues, **kwargs).raise_if_failed()


def check_function_gradient(
    f,
    grad_f,
    x,
    dvalues=None,
    *,
    rng=None,
    h: float = 1e-5,
    tolerance: float = 1e-6,
    name: str = "dx",
    max_passes=MAX_FORWARD_PASSES,
) -> GradientReport:
    """Check a hand-written backward function against central differences.

    Args:
        f: forward, ``f(x) -> array`` or a number.
        grad_f: backward. For an ``f`` returning an array, ``grad_f(x, dvalues)`` returns the gradient
            of ``sum(f(x) * dvalues)`` w.r.t. ``x`` (shape of ``x``). For a scalar ``f``, ``dvalues`` is 1
            and ``grad_f`` may take ``x`` alone: ``grad_f(x)`` returns df/dx.
        x: array where the gradient is checked (checked in float64).
        dvalues: upstream gradient shaped like ``f(x)``; ``None`` draws one from ``rng`` (1 for a scalar ``f``).
        max_passes: refuse, before starting, when the check needs more than this many calls of
            ``f`` (2 per entry of ``x``); ``None`` for no limit.

    A float32 result of ``grad_f`` is held to ``FLOAT32_TOLERANCE`` and the report says so.

    Returns:
        A :class:`GradientReport` with one check named ``name``.
    """
    if not callable(f) or not callable(grad_f):
        raise TypeError(f"f and grad_f must be functions, got {describe(f)} and {describe(grad_f)}")
    x = as_float_array(x, "x").astype(np.float64)
    rng = np.random.default_rng(0) if rng is None else check_rng(rng)
    tolerance = check_positive_float(tolerance, "tolerance")
    subject = getattr(grad_f, "__name__", "grad_f")
    _check_cost(2 * x.size, max_passes, f"a gradient check of {subject}")
    output_shape = np.shape(f(x.copy()))
    if dvalues is None:
        dvalues = np.float64(1.0) if output_shape == () else rng.standard_normal(output_shape)
    dvalues = as_float_array(dvalues, "dvalues")
    numerical = _numerical_gradient(f, x.copy(), dvalues, h, max_passes=None, what="f")
    if _accepts_positional(grad_f, 2):
        analytic = grad_f(x.copy(), dvalues.copy())
    elif output_shape == () and _accepts_positional(grad_f, 1):
        analytic = grad_f(x.copy())
        if not np.all(dvalues == 1):
            analytic = np.asarray(analytic) * dvalues
    else:
        raise TypeError(
            f"grad_f must be called as grad_f(x, dvalues): f returns shape {output_shape}, so grad_f needs the "
            "upstream gradient dvalues (shaped like f(x)) and must return the gradient of sum(f(x) * dvalues) "
            f"w.r.t. x, shaped like x {x.shape}"
        )
    if analytic is None:
        raise TypeError(f"grad_f returned None; it must return the gradient w.r.t. x, shape {x.shape}")
    report = GradientReport(subject, tolerance)
    if np.shape(analytic) != x.shape:
        report._add(name, analytic, numerical)
        report.subject += f" (returned shape {np.shape(analytic)}, expected {x.shape})"
        return report
    report._add(name, analytic, numerical)
    return report
