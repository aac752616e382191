r"""Numerical gradient checks: the referee for every backward pass in the series.

The central difference

.. math:: \frac{\partial}{\partial x_i} \sum_k f(x)_k\, g_k \approx
          \sum_k \frac{f(x + h e_i)_k - f(x - h e_i)_k}{2h}\, g_k

has error :math:`O(h^2)`, so with float64 and ``h = 1e-5`` a correct backward pass agrees
with it to a relative error around 1e-10; a wrong one is off by far more than 1e-6.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._checks import as_float_array, check_positive_float, check_positive_int, check_rng, check_same_shape, describe
from .losses import ActivationSoftmaxLossCategoricalCrossentropy, Loss

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
    """A relative error for printing. Below 1e-9 the exact digits depend on the machine's
    floating-point rounding, so they print as ``< 1e-09`` and notebook outputs stay stable."""
    return "< 1e-09" if error < 1e-9 else f"{error:.1e}"


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
            closure (a layer's ``weights``, say): ``x`` is perturbed in place and restored,
            even when ``f`` raises.
        x: float64 array to differentiate with respect to (at least one entry).
        dvalues: upstream gradient, same shape as ``f(x)``; ``None`` means 1 (a scalar ``f``).
        h: step size. It must change every entry: ``x + h == x`` for a tiny ``h`` and a large entry.
        max_passes: refuse, before starting, when the check needs more than this many calls of
            ``f`` (2 per entry of ``x``); ``None`` for no limit.

    Returns:
        An array shaped like ``x``.
    """
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
    iterator = np.nditer(x, flags=["multi_index"])
    for _ in iterator:
        index = iterator.multi_index
        original = x[index]
        if original + h == original or original - h == original:
            raise ValueError(
                f"h={h:g} is too small for x{list(index)} = {original:g}: x + h == x in float64, so the "
                f"difference would be 0; use h near 1e-5 * max(1, |x|), here {1e-5 * max(1.0, abs(original)):.1g}"
            )
        try:
            x[index] = original + h
            plus = _evaluate(f, x, expected_shape)
            x[index] = original - h
            minus = _evaluate(f, x, expected_shape)
        finally:
            x[index] = original
        difference = (plus - minus) if dvalues is None else (plus - minus) * dvalues
        grad[index] = np.sum(difference) / (2 * h)
    return grad


@dataclass
class GradientCheck:
    """One gradient compared: its name, both versions and their relative error."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    rel_error: float
    passed: bool


@dataclass
class GradientReport:
    """Every gradient of one object checked; ``str(report)`` is a readable table."""

    subject: str
    tolerance: float
    checks: list[GradientCheck] = field(default_factory=list)

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
        lines = [f"Gradient check of {self.subject}: {verdict} (tolerance {self.tolerance:.0e})"]
        for check in self.checks:
            if check.analytic.shape != check.numerical.shape:
                lines.append(
                    f"  {check.name:<9} shape {str(check.analytic.shape):<9} but expected shape "
                    f"{check.numerical.shape}  WRONG"
                )
                continue
            mark = "ok" if check.passed else "WRONG"
            lines.append(
                f"  {check.name:<9} shape {str(check.analytic.shape):<9} relative error "
                f"{format_error(check.rel_error)}  {mark}"
            )
        return "\n".join(lines)

    def raise_if_failed(self) -> GradientReport:
        """Raise :class:`GradientCheckError` carrying this report unless every check passed."""
        if not self.passed:
            raise GradientCheckError(str(self))
        return self

    def _add(self, name: str, analytic, numerical) -> None:
        analytic = np.asarray(analytic, dtype=np.float64)
        if analytic.shape != numerical.shape:
            # A wrong shape (say dbiases left as (N, M), the bias sum forgotten) is a failed check
            # the report should show, not a crash inside rel_error.
            self.checks.append(GradientCheck(name, analytic, numerical, float("inf"), False))
            return
        error = rel_error(analytic, numerical)
        self.checks.append(GradientCheck(name, analytic, numerical, error, error <= self.tolerance))


def _require_float64(array: np.ndarray, what: str) -> None:
    if array.dtype != np.float64:
        raise TypeError(
            f"gradient checks need float64, but {what} has dtype {array.dtype}: finite differences in "
            "float32 are too coarse to compare; build a float64 copy to check"
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

    Works for a layer or activation (``forward(inputs)`` / ``backward(dvalues)``: checks
    ``dinputs``, plus ``dweights`` and ``dbiases`` when the layer has parameters), for a
    loss (``Loss`` subclass: pass ``y_true``; checks the mean loss's ``dinputs``) and for
    :class:`ActivationSoftmaxLossCategoricalCrossentropy` (pass ``y_true``).

    Args:
        layer: the object to check. Its caches are left as after one clean forward/backward.
        inputs: float64 array, shape (N, D) (for a loss: probabilities or logits, (N, C)).
        dvalues: upstream gradient, shaped like the output; ``None`` draws one from ``rng``.
        y_true: labels, for a loss.
        rng: ``np.random.Generator`` for the random ``dvalues`` (default: seeded with 0).
        h: finite-difference step.
        tolerance: largest relative error that passes.
        max_passes: refuse, before starting, a check needing more forward passes than this
            (2 per entry of ``inputs`` and of each parameter); ``None`` for no limit.

    Returns:
        A :class:`GradientReport`; ``print`` it, or call ``.raise_if_failed()``.
    """
    inputs = as_float_array(inputs, "inputs").copy()
    _require_float64(inputs, "inputs")
    report = GradientReport(type(layer).__name__, tolerance)
    parameter_size = sum(np.size(getattr(layer, attr, ())) for attr in ("weights", "biases"))
    _check_cost(2 * (inputs.size + parameter_size), max_passes, f"a gradient check of {type(layer).__name__}")

    if isinstance(layer, ActivationSoftmaxLossCategoricalCrossentropy):
        if y_true is None:
            raise ValueError("checking ActivationSoftmaxLossCategoricalCrossentropy needs y_true")
        numerical = numerical_gradient(lambda x: layer.forward(x, y_true), inputs, h=h, max_passes=None)
        layer.forward(inputs, y_true)
        report._add("dinputs", layer.backward(), numerical)
        return report

    if isinstance(layer, Loss):
        if y_true is None:
            raise ValueError(f"checking {type(layer).__name__} needs y_true")
        numerical = numerical_gradient(lambda x: layer.calculate(x, y_true), inputs, h=h, max_passes=None)
        layer.calculate(inputs, y_true)
        report._add("dinputs", layer.backward(inputs, y_true), numerical)
        return report

    rng = np.random.default_rng(0) if rng is None else check_rng(rng)
    output = np.array(layer.forward(inputs), copy=True)
    if dvalues is None:
        dvalues = rng.standard_normal(output.shape)
    dvalues = as_float_array(dvalues, "dvalues")
    check_same_shape(dvalues, output.shape, "dvalues", f"the shape of {type(layer).__name__}'s output")
    params = [
        (name, getattr(layer, attr))
        for name, attr in (("dweights", "weights"), ("dbiases", "biases"))
        if hasattr(layer, attr)
    ]
    for name, param in params:
        _require_float64(param, f"the layer's {name[1:]}")
    numerical = {"dinputs": numerical_gradient(lambda x: layer.forward(x), inputs, dvalues, h, max_passes=None)}
    for name, param in params:
        numerical[name] = numerical_gradient(lambda _: layer.forward(inputs), param, dvalues, h, max_passes=None)
    layer.forward(inputs)
    layer.backward(dvalues)
    for name in ("dinputs", *(name for name, _ in params)):
        report._add(name, getattr(layer, name), numerical[name])
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
        f: forward, ``f(x) -> array``.
        grad_f: backward, ``grad_f(x, dvalues) -> gradient w.r.t. x`` (shape of ``x``).
        x: float64 array where the gradient is checked.
        dvalues: upstream gradient shaped like ``f(x)``; ``None`` draws one from ``rng``.
        max_passes: refuse, before starting, when the check needs more than this many calls of
            ``f`` (2 per entry of ``x``); ``None`` for no limit.

    Returns:
        A :class:`GradientReport` with one check named ``name``.
    """
    x = as_float_array(x, "x").astype(np.float64)
    rng = np.random.default_rng(0) if rng is None else check_rng(rng)
    _check_cost(2 * x.size, max_passes, f"a gradient check of {getattr(grad_f, '__name__', 'grad_f')}")
    if dvalues is None:
        dvalues = rng.standard_normal(np.shape(f(x.copy())))
    dvalues = as_float_array(dvalues, "dvalues")
    numerical = numerical_gradient(f, x.copy(), dvalues, h, max_passes=None)
    analytic = np.asarray(grad_f(x.copy(), dvalues.copy()), dtype=np.float64)
    report = GradientReport(getattr(grad_f, "__name__", "grad_f"), tolerance)
    if analytic.shape != x.shape:
        report.checks.append(GradientCheck(name, analytic, numerical, float("inf"), False))
        report.subject += f" (returned shape {analytic.shape}, expected {x.shape})"
        return report
    report._add(name, analytic, numerical)
    return report
