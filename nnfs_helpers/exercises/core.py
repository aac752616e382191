"""The two calls a notebook makes: ``check_exercise`` and ``check_explorer`` (docs/exercises.md).

A check cell is one call, ``check_exercise("03.leaky_relu_backward", leaky_relu_backward)``. The
exercise's definition (:mod:`.registry`) builds the cases; a :class:`.guard.Checker` runs the
learner's function on them; :mod:`.diagnose` names the mistake; this module turns the outcome into
the one line the cell prints (:class:`ExerciseResult`).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

from .._text import plain_digits
from .diagnose import DIAGNOSES, FLOAT32_RTOL, compare, unpack
from .guard import Checker, Failed, NotAttempted, notebook_arrays_read
from .registry import ExerciseCheckError, exercise, lookup, question

# compare, unpack, exercise and question are re-exported for the check modules written for the
# first engine (``from .core import compare, exercise, question``).

__all__ = [
    "DIAGNOSES",
    "ExerciseCheckError",
    "ExerciseResult",
    "answer_explorer",
    "check_exercise",
    "check_explorer",
    "compare",
    "exercise",
    "question",
    "unpack",
]


@dataclass(frozen=True)
class ExerciseResult:
    """What a check found. ``str(result)`` is exactly what the check cell prints."""

    id: str
    name: str
    status: str  # "not attempted" | "pass" | "fail"
    kind: str | None  # the diagnosis kind of a failure ("explorer" for explorer questions)
    message: str
    hint: str = ""
    points: int = 0  # the points earned: the exercise's points on PASS, else 0

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def _ipython_display_(self) -> None:
        # The check already printed its line; a check cell's last expression must not add the
        # dataclass's repr (which repeats the hint) under it.
        return None

    def __str__(self) -> str:
        if self.kind == "wrong_object":
            return f"Not checked: {self.message}"
        if self.kind == "explorer":
            return f"{'Yes' if self.passed else 'Not yet'}: {self.message}"
        if self.status == "not attempted":
            return (
                f"Exercise {self.id}: not attempted yet. Replace the raise line in the cell above "
                "with your code, run that cell, then run this one."
            )
        if self.status == "pass":
            return f"PASS {self.name}: {self.message}"
        hint = f"\nHint: {self.hint}" if self.hint else ""
        return f"FAIL {self.name}: {self.message}{hint}"


# FAILs per exercise in this kernel, for the graded hint: the first FAIL shows the idea only, the second the
# idea and the formula, later ones the formula alone. Only the learner's own notebook calls count (not quiet
# ones, not a grader's variants).
_FAILS: dict[str, int] = {}


def _graded_hint(entry, count: int) -> str:
    if not entry.idea:
        return entry.hint
    if count <= 1:
        return f"{entry.idea} (Try again; if it still fails, the next FAIL adds a fuller hint.)"
    if count == 2:
        return f"{entry.idea} {entry.hint}"
    # From the third FAIL on the learner has read the idea twice: the fuller hint alone keeps the output short.
    return entry.hint


def _function_name(fn, id: str) -> str:
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else id.split(".", 1)[1]


def check_exercise(id: str, fn, *, quiet: bool = False, variant: int | None = None) -> ExerciseResult:
    """Check the learner's function ``fn`` against exercise ``id``; print and return the result.

    Prints one line for "not attempted" and PASS, and ``FAIL name: diagnosis`` plus a ``Hint:``
    line for a wrong answer. ``quiet=True`` prints nothing. ``variant=None`` runs the notebook's
    cases; an int runs hidden cases built from that seed, with other values and other sizes.
    """
    entry = lookup("exercise", id)
    if variant is not None and (isinstance(variant, bool) or not isinstance(variant, int)):
        raise TypeError(f"variant must be None (the notebook's cases) or an int seed, got {variant!r}")
    if not callable(fn):
        raise TypeError(
            f"check_exercise({id!r}, ...) expects your function (the name after `def`), got {type(fn).__name__}"
        )
    name = _function_name(fn, id)
    checker = Checker(entry, fn, variant)
    try:
        said = entry.check(checker)
        if entry.full_precision:
            checker.full_precision_case(entry.full_precision)
    except NotAttempted:
        result = ExerciseResult(id, name, "not attempted", None, "")
    except Failed as failure:
        message = failure.message
        borrowed = notebook_arrays_read(fn)
        if borrowed:
            names = ", ".join(f"`{name}`" for name in borrowed)
            message += (
                f"\n(Your function reads {names} from the notebook, not from its own arguments; the check "
                "passes its own arrays, of other sizes, so use the argument names.)"
            )
        if checker.float32 and "float32" not in message:
            message += f" (your answer is float32; it was judged to float32's precision, rtol {FLOAT32_RTOL:g})"
        hint = ""
        if entry.shows_hint(failure.kind):
            # Only a FAIL that shows the hint counts toward its next level.
            if not quiet and variant is None:
                _FAILS[id] = _FAILS.get(id, 0) + 1
            hint = _graded_hint(entry, _FAILS.get(id, 2))
        result = ExerciseResult(id, name, "fail", failure.kind, message, hint)
    except Exception as error:
        raise ExerciseCheckError(
            f"the check of exercise {id!r} failed inside nnfs_helpers ({type(error).__name__}: {error}). "
            "This is a bug in the package's check, not in your function; please report it."
        ) from error
    else:
        if isinstance(said, str) and said.strip():
            message = said.strip()
        else:
            count = checker.comparisons
            message = f"matches the right answer ({count} comparison{'s' if count != 1 else ''})"
        if checker.float32 and "float32" not in message:
            message += f" (your answer is float32, so it was judged to float32's precision, rtol {FLOAT32_RTOL:g})"
        result = ExerciseResult(id, name, "pass", None, message, points=entry.points)
    if not quiet:
        print(result)
    return result


def _explorer_of(obj):
    """The explorer inside a box (``box.explorer``), or the object itself."""
    return getattr(obj, "explorer", obj)


def _refuse_wrong_object(id: str, entry, obj) -> str | None:
    """A plain sentence when ``obj`` is not what question ``id`` reads, else None."""
    wanted = entry.explorer.split(":", 1)[1] + "()" if entry.explorer and ":" in entry.explorer else "its explorer"
    if callable(obj) and not hasattr(obj, "state") and not hasattr(obj, "explorer"):
        return (
            f"check_explorer({id!r}, ...) was given the function `{getattr(obj, '__name__', obj)}`, not an explorer: "
            f"pass the box that {wanted} returned (the variable in the explorer's cell)"
        )
    explorer = _explorer_of(obj)
    classes = entry.explorer_class
    if classes is not None:
        classes = classes if isinstance(classes, tuple) else (classes,)
        if not isinstance(explorer, classes):
            given = type(explorer).__name__
            names = " or ".join(cls.__name__ for cls in classes)
            return (
                f"check_explorer({id!r}, ...) was given a {given}; this question is about the {names} "
                f"that {wanted} shows: pass that box (the variable in the explorer's cell)"
            )
    return None


def _label(explorer, name: str) -> str:
    """The slider's own label ("z₀ (logit 0)" -> "z₀"), as the learner sees it, for a control name."""
    control = getattr(explorer, "controls", {}).get(name)
    description = getattr(control, "description", "") or name
    return description.split(" (")[0].strip() or name


def _in_learners_names(message: str, explorer) -> str:
    """A refusal from the explorer's set() with every control name replaced by its slider's label."""
    for name in sorted(getattr(explorer, "controls", {}), key=len, reverse=True):
        label = _label(explorer, name)
        if label != name:
            message = message.replace(f"{name} =", f"{label} =").replace(f"{name} must", f"{label} must")
    return message


def _typed_answer(id: str, entry, answer):
    """A fresh explorer set to a typed answer (a number for a one-control question, a tuple of numbers
    in the order of the question's controls, or a dict)."""
    box = entry.make_explorer()
    explorer = _explorer_of(box)
    if not hasattr(explorer, "set"):
        raise ExerciseCheckError(f"the explorer of question {id!r} cannot be set from code yet (no .set())")
    labels = [_label(explorer, name) for name in entry.controls]
    if isinstance(answer, str):
        raise TypeError(
            f"you typed the text {answer!r}; type the answer as a number, without quotes "
            f"(the value of {' and '.join(labels)})"
        )
    if isinstance(answer, (tuple, list)):
        if len(answer) != len(entry.controls) or not all(
            isinstance(value, Real) and not isinstance(value, bool) for value in answer
        ):
            raise TypeError(
                f"question {id!r} reads {len(entry.controls)} number(s), {', '.join(labels)} in this order; "
                f"you typed {answer!r}"
            )
        answer = dict(zip(entry.controls, answer, strict=True))
    if isinstance(answer, Real) and not isinstance(answer, bool):
        if len(entry.controls) != 1:
            example = ", ".join(f"{name!r}: ..." for name in entry.controls)
            raise TypeError(
                f"question {id!r} has {len(entry.controls)} controls ({', '.join(labels)}): type the answer as "
                f"a tuple ({', '.join(labels)}) or a dict {{{example}}}"
            )
        if entry.typed_reading is not None:
            misread = entry.typed_reading(float(answer))
            if misread:
                raise ValueError(misread)
        answer = {entry.controls[0]: answer}
    # Keys written as the sliders' labels ({"N": 2, "D": 5, "M": 7}) name the controls behind them.
    # So do the labels typed without subscripts ({"z0": 2.6} for z₀).
    by_label = {_label(explorer, name): name for name in entry.controls}
    by_label.update({plain_digits(label): name for label, name in list(by_label.items())})
    answer = {by_label.get(key, key) if key not in entry.controls else key: value for key, value in answer.items()}
    unknown = sorted(set(answer) - set(entry.controls), key=str)
    if unknown:
        keys = ", ".join(
            f"{name!r}" + (f" ({_label(explorer, name)})" if _label(explorer, name) != name else "")
            for name in entry.controls
        )
        raise ValueError(
            f"question {id!r} asks about {', '.join(labels)}; {', '.join(map(str, unknown))} is not one of them: "
            f"name {'it' if len(entry.controls) == 1 else 'them'} {keys}"
        )
    values = {}
    for name, value in answer.items():
        control = explorer.controls.get(name)
        # A float32 (or float16) number carries its own rounding: np.float32(2.655) is 2.6549999713897705 as a
        # Python float. Read it as the shortest decimal that round-trips at its own precision, as it prints.
        if isinstance(value, Real) and getattr(value, "dtype", None) is not None and value.dtype.itemsize < 8:
            value = float(str(value))
        integer = isinstance(getattr(control, "value", None), int) and not isinstance(control.value, bool)
        # 300.0 is the whole number 300: a typed integral float answers an integer slider.
        if integer and isinstance(value, float) and value.is_integer():
            value = int(value)
        values[name] = value
    try:
        explorer.set(**values)
    except (TypeError, ValueError) as refused:
        raise type(refused)(_in_learners_names(str(refused), explorer)) from None
    return explorer


def _looks_typed(obj) -> bool:
    """A typed answer: a number, a dict, a tuple or list of numbers, or a number written as text ('300')."""
    if isinstance(obj, bool):
        return False
    if isinstance(obj, (dict, Real)):
        return True
    if isinstance(obj, (tuple, list)):
        return bool(obj) and all(isinstance(value, Real) and not isinstance(value, bool) for value in obj)
    # Text with a digit in it is a typed answer ("0", "2,5,7"): _typed_answer says to type numbers without quotes.
    return isinstance(obj, str) and any(character.isdigit() for character in obj)


def check_explorer(id: str, obj, *, quiet: bool = False) -> ExerciseResult:
    """Say whether the explorer's current setting answers question ``id`` (``Yes:`` / ``Not yet:``).

    ``obj`` is the box an explorer factory returned, the explorer itself, or a typed answer (a number,
    or a dict control -> value). Anything else gets a plain sentence saying what
    was given and what the question reads.
    """
    entry = lookup("question", id)
    if _looks_typed(obj):
        try:
            explorer = _typed_answer(id, entry, obj)
        except (TypeError, ValueError) as refused:
            # A typed value off the slider's grid (or for a control the question does not name) is an
            # answer the explorer cannot show: say why in the question's own words, never a traceback.
            result = ExerciseResult(id, id, "fail", "explorer", str(refused))
            if not quiet:
                print(result)
            return result
    else:
        refused = _refuse_wrong_object(id, entry, obj)
        if refused:
            result = ExerciseResult(id, id, "fail", "wrong_object", refused)
            if not quiet:
                print(result)
            return result
        explorer = _explorer_of(obj)
    try:
        answered, message = entry.check(explorer)
    except Exception as error:
        raise ExerciseCheckError(
            f"the check of question {id!r} failed inside nnfs_helpers ({type(error).__name__}: {error}). "
            "This is a bug in the package's check, not in your setting; please report it."
        ) from error
    result = ExerciseResult(
        id, id, "pass" if answered else "fail", "explorer", str(message), points=entry.points if answered else 0
    )
    if not quiet:
        print(result)
    return result


def answer_explorer(id: str):
    """The explorer box of question ``id``, set to the reference answer."""
    entry = lookup("question", id)
    box = entry.make_explorer()
    if entry.answer:
        _explorer_of(box).set(**entry.answer)
    return box
