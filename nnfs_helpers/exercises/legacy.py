"""The checks the notebooks used before check_exercise: kept only until every notebook has moved
to ``check_exercise`` (docs/exercises.md), then removed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gradcheck import check_function_gradient, format_error


@dataclass(frozen=True)
class LegacyResult:
    """Outcome of one exercise check; ``str`` gives the line the learner sees."""

    name: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.name}: {self.detail}"


def _report(result: LegacyResult, quiet: bool) -> LegacyResult:
    if not quiet:
        print(result)
    return result


def check_value(name, got, expected, *, hint, atol=1e-9, quiet=False) -> LegacyResult:
    """Compare a learner's number, tuple or array with the expected one (shape and values)."""
    try:
        got_array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return _report(LegacyResult(name, False, f"expected numbers, got {type(got).__name__}. Hint: {hint}"), quiet)
    expected_array = np.asarray(expected, dtype=np.float64)
    if got_array.shape != expected_array.shape:
        detail = f"expected shape {expected_array.shape}, got shape {got_array.shape}. Hint: {hint}"
        return _report(LegacyResult(name, False, detail), quiet)
    if not np.allclose(got_array, expected_array, rtol=0, atol=atol):
        detail = f"expected {np.round(expected_array, 6).tolist()}, got {np.round(got_array, 6).tolist()}. Hint: {hint}"
        return _report(LegacyResult(name, False, detail), quiet)
    shown = np.round(got_array, 6).tolist() if got_array.size <= 6 else f"all {got_array.size} values"
    return _report(LegacyResult(name, True, f"{shown} correct"), quiet)


def check_backward(name, forward, backward, x, *, hint, rng=None, tolerance=1e-6, quiet=False) -> LegacyResult:
    """Check a learner's ``backward(x, dvalues)`` against the numerical gradient of ``forward(x)``.

    ``x`` should keep away from kinks (for ReLU, from 0) so the numerical gradient is exact.
    """
    try:
        report = check_function_gradient(forward, backward, x, rng=rng, tolerance=tolerance)
    except Exception as error:  # the learner's code raised: say so, with the hint
        detail = f"your function raised {type(error).__name__}: {error}. Hint: {hint}"
        return _report(LegacyResult(name, False, detail), quiet)
    check = report.checks[0]
    if not report.passed:
        error_text = format_error(check.rel_error)
        detail = f"relative error {error_text} against the numerical gradient ({report.subject}). Hint: {hint}"
        return _report(LegacyResult(name, False, detail), quiet)
    detail = f"matches the numerical gradient (relative error {format_error(check.rel_error)})"
    return _report(LegacyResult(name, True, detail), quiet)
