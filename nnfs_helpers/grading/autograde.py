"""What the autograder's tests call (docs/grading.md). This module runs inside the grader's own copy of
the package, loaded by path under a private name, so a student's redefined ``check_exercise`` or edited
``nnfs_helpers`` is never what judges them."""

from __future__ import annotations

import signal
from contextlib import contextmanager

from ..exercises import check_exercise, check_explorer

__all__ = ["HIDDEN_VARIANTS", "TimeLimit", "grade_exercise", "grade_question"]

# Seeds of the hidden cases (other values and other sizes than the notebook's).
HIDDEN_VARIANTS = (1, 2, 3)
CHECK_SECONDS = 20


class TimeLimit(BaseException):
    """A check that ran too long; a BaseException so the learner's own ``except Exception`` cannot swallow it."""


@contextmanager
def time_limit(seconds: float):
    def stop(signum, frame):
        raise TimeLimit(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def grade_exercise(env: dict, id: str, function_name: str, variants=HIDDEN_VARIANTS) -> None:
    """Pass, or raise AssertionError with the series' diagnosis in words."""
    fn = env.get(function_name)
    if fn is None or not callable(fn):
        raise AssertionError(f"{id}: not attempted (no function named `{function_name}` in the notebook)")
    try:
        with time_limit(CHECK_SECONDS):
            result = check_exercise(id, fn, quiet=True)
            if result.status == "not attempted":
                raise AssertionError(f"{id}: not attempted (`{function_name}` still raises NotImplementedError)")
            if not result.passed:
                raise AssertionError(f"{id}: {result}")
            for seed in variants:
                hidden = check_exercise(id, fn, quiet=True, variant=seed)
                if not hidden.passed:
                    raise AssertionError(
                        f"{id}: passes the notebook's cases but not other inputs (hidden cases with other values "
                        f"and sizes): {hidden.message}"
                    )
    except TimeLimit:
        raise AssertionError(
            f"{id}: `{function_name}` did not finish within {CHECK_SECONDS} s (an endless loop?)"
        ) from None


def grade_question(env: dict, id: str, variable: str) -> None:
    """Pass, or raise AssertionError saying why the typed answer is not the question's answer."""
    value = env.get(variable)
    if value is None:
        raise AssertionError(f"{id}: not attempted (`{variable}` is still None)")
    try:
        with time_limit(CHECK_SECONDS * 3):
            result = check_explorer(id, value, quiet=True)
    except TimeLimit:
        raise AssertionError(f"{id}: the check of {value!r} did not finish") from None
    except (TypeError, ValueError) as error:
        raise AssertionError(f"{id}: {error}") from None
    if not result.passed:
        raise AssertionError(f"{id}: {result}")
