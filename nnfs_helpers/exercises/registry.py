"""The registry: every exercise and explorer question, defined once (docs/exercises.md).

An exercise is one :class:`ExerciseDef`, made by decorating its check with :func:`define_exercise`
in ``nnfs_helpers/exercises/nbNN.py``. The definition holds everything else about it: the stub the
learner edits, the reference solution (as source; :meth:`ExerciseDef.reference` runs it), the
one-sentence why, the hint, the points and the known mistakes (each the full learner source that
makes it and the diagnosis it must earn). The notebook keeps only the id (``metadata.nnfs.id``);
``scripts/execute_notebooks.py`` writes the stub, check and answer cells from the definition, and the
tests iterate over :func:`all_exercises` so every listed mistake is tested by construction.

An explorer question is one :class:`QuestionDef`, made with :func:`define_question`.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ExerciseCheckError",
    "ExerciseDef",
    "Mistake",
    "QuestionDef",
    "all_exercises",
    "all_questions",
    "define_exercise",
    "define_question",
    "lookup",
]

_ID = re.compile(r"^[a-z0-9]+\.[a-z_][a-z0-9_]*$")
_SHAPE = re.compile(r"^\(.*\)$")


class ExerciseCheckError(RuntimeError):
    """An exercise's or question's own code failed: a bug in nnfs_helpers, not in the learner's code."""


@dataclass(frozen=True)
class Mistake:
    """A wrong answer a learner writes, and what the check must say to it.

    ``code`` is the whole cell a learner would write (it defines the exercise's function).
    ``expect`` is a diagnosis kind (``"relu_mask"``, ``"transposed"``, an exercise-specific kind)
    or, if it contains a space, a phrase the message must contain.
    """

    name: str
    code: str
    expect: str

    def matches(self, kind: str | None, message: str) -> bool:
        if " " in self.expect:
            return self.expect in message
        return kind == self.expect


# The FAILs whose message says where the answer differs but not why (values that differ, one common factor,
# a flipped sign, a constant, a numpy error): the exercise's idea and hint help there. Every other kind names
# the mistake (a shape, a transpose, a 1/N, an in-place edit, a known mistake) with its fix, and the hint about
# the exercise's formula would send the learner to another line.
HINTED_KINDS = frozenset({"values", "factor", "sign", "hard_coded", "raised"})


@dataclass(frozen=True)
class ExerciseDef:
    """One exercise. ``check(checker)`` builds the cases from ``checker.rng`` and ``checker.size``
    (the notebook's cases when ``checker.variant`` is None, hidden ones otherwise), calls the
    learner's function with ``checker.call(...)`` and judges each answer with ``checker.compare(...)``."""

    id: str
    check: Callable
    hint: str
    stub: str | None = None
    solution: str | None = None
    why: str | None = None
    points: int = 1
    shapes: dict[str, str] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    # The first level of a graded hint: the idea only, shown with the learner's first FAIL; ``hint``
    # (the formula) comes from the second FAIL on. None: ``hint`` from the first FAIL.
    idea: str | None = None
    # The docstring asks for a numpy array: a returned list or tuple of numbers is refused by name.
    array_only: bool = False
    # Source of the notebook cells above the stub that its code may call (04's ``sigmoid``): run before the
    # solution, a listed mistake or a grader's copy of the learner's code wherever that runs outside the notebook.
    cells_above: str = ""
    # Beyond the chapter: the notebook places it under "## Going further (optional)", and a teacher's release
    # leaves it ungraded unless asked (scripts/release.py --graded-optional).
    optional: bool = False
    # The failure kinds the hint speaks to; None: HINTED_KINDS. A FAIL of another kind shows only its own
    # message, which names the mistake and its fix (06's 1/N hint after a missing transpose would mislead).
    hint_kinds: frozenset[str] | None = None
    # The arguments nudged by up to 0.1 % when every case runs once more, after all passed
    # (Checker.full_precision_case): the cases' numbers have few decimals, so a rounded answer would match them.
    full_precision: tuple[str, ...] = ()

    def shows_hint(self, kind: str | None) -> bool:
        return kind in (self.hint_kinds if self.hint_kinds is not None else HINTED_KINDS)

    @property
    def notebook(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def function_name(self) -> str:
        source = self.stub or self.solution
        if source:
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    return node.name
        return self.id.split(".", 1)[1]

    def define(self, code: str | None = None, filename: str | None = None) -> Callable:
        """Run ``code`` (default: the solution) as a notebook cell would and return its function."""
        code = self.solution if code is None else code
        if code is None:
            raise ExerciseCheckError(f"exercise {self.id!r} has no solution source")
        # The package this registry belongs to (in a grader's copy, that copy), never whatever a student's
        # namespace or environment calls nnfs_helpers.
        nnfs_helpers = sys.modules[__name__.rsplit(".", 2)[0]]
        namespace = {"np": np, "nnfs_helpers": nnfs_helpers, "__name__": "__main__"}
        if self.cells_above:
            exec(compile(self.cells_above, f"<notebook {self.notebook}, the cells above>", "exec"), namespace)
        exec(compile(code, filename or f"<{self.id}>", "exec"), namespace)
        return namespace[self.function_name]

    def reference(self) -> Callable:
        """The reference solution, callable. It runs with numpy's floating-point warnings off: where the
        check feeds it z = -1000, an overflow warning printed under the learner's FAIL line would read as
        the learner's own."""
        solution = self.define(self.solution, f"<{self.id} solution>")

        def quiet(*args, **kwargs):
            with np.errstate(all="ignore"):
                return solution(*args, **kwargs)

        return quiet


@dataclass(frozen=True)
class QuestionDef:
    """One explorer question (B2 writes them; docs/exercises.md).

    ``check(explorer) -> (answered, message)`` judges an explorer's current setting. ``explorer`` is
    ``"module:factory"`` (e.g. ``"nnfs_helpers.widgets:batch_relu_explorer"``) called with
    ``explorer_kwargs``; ``variable`` is the notebook's name for the box it returns, which the
    generated check cell passes to ``check_explorer``. ``answer`` maps control names to the reference
    setting; only ``controls`` may differ from their defaults.
    """

    id: str
    check: Callable
    prompt: str | None = None
    answer_text: str | None = None
    answer: dict = field(default_factory=dict)
    controls: tuple[str, ...] = ()
    points: int = 1
    explorer: str | None = None
    explorer_kwargs: dict = field(default_factory=dict)
    variable: str | None = None
    explorer_class: type | tuple[type, ...] | None = None
    # typed_reading(value) -> a sentence, or None: a typed number that is plausibly another quantity of
    # the question (J00's largest value where the z0 slider is asked for) is told so.
    typed_reading: Callable | None = None

    @property
    def notebook(self) -> str:
        return self.id.split(".", 1)[0]

    def make_explorer(self):
        """A fresh explorer box from ``explorer`` and ``explorer_kwargs``."""
        if not self.explorer or ":" not in self.explorer:
            raise ExerciseCheckError(f"question {self.id!r} names no explorer factory ('module:factory')")
        import importlib

        module, factory = self.explorer.split(":", 1)
        return getattr(importlib.import_module(module), factory)(**self.explorer_kwargs)


_EXERCISES: dict[str, ExerciseDef] = {}
_QUESTIONS: dict[str, QuestionDef] = {}


def _register(table: dict, entry, what: str) -> None:
    if not isinstance(entry.id, str) or not _ID.match(entry.id):
        raise ValueError(f"{what} id must look like '03.leaky_relu_backward' (notebook.name), got {entry.id!r}")
    previous = table.get(entry.id)
    # Re-running the module that registered an id (importlib.reload) may replace it; a second
    # module claiming the same id is a clash two notebooks would fight over.
    if previous is not None and previous.check.__module__ != entry.check.__module__:
        raise ValueError(f"{what} {entry.id!r} is already registered by {previous.check.__module__}")
    table[entry.id] = entry


def _text(id: str, name: str, value, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{id!r} needs a {name} (a non-empty string), got {value!r}")
    return value.strip("\n") + "\n" if name in ("stub", "solution") else value.strip()


def _shapes(id: str, shapes: dict | None) -> dict[str, str]:
    shapes = dict(shapes or {})
    for name, letters in shapes.items():
        if not isinstance(letters, str) or not _SHAPE.match(letters):
            raise ValueError(f"exercise {id!r}: shapes[{name!r}] must look like '(N, M)', got {letters!r}")
    return shapes


def define_exercise(
    id: str,
    *,
    stub: str,
    solution: str,
    why: str,
    hint: str,
    points: int = 1,
    shapes: dict[str, str] | None = None,
    mistakes: list[Mistake] | tuple[Mistake, ...] = (),
    idea: str | None = None,
    array_only: bool = False,
    cells_above: str = "",
    optional: bool = False,
    hint_kinds: tuple[str, ...] | None = None,
    full_precision: tuple[str, ...] = (),
):
    """Register the decorated ``check(checker)`` as exercise ``id`` with everything else about it.

    ``stub``: the source of the stub cell (signature, docstring with every shape in the notation's
    letters, body ``raise NotImplementedError("replace this line with your code")``). ``solution``:
    the reference, as the learner would write it. ``why``: one sentence (markdown). ``hint``: shown
    with FAIL only. ``shapes``: each argument name (and ``"return"``) to its shape in letters,
    ``{"z": "(N, M)", "return": "(N, M)"}``; the checker reads the sizes N, D, M, C of each call from
    it. ``mistakes``: :class:`Mistake` entries. ``idea``: the first level of a graded hint (the idea, no
    formula), shown with the first FAIL of a session; ``hint`` follows from the second FAIL on.
    ``array_only``: the answer must be a numpy array (a list or tuple of numbers is refused by name).
    ``cells_above``: source of the notebook's earlier cells that the code may call (a helper function), run
    first wherever the code runs outside the notebook. ``optional``: the exercise goes beyond the chapter; it sits
    in the notebook's optional section and a teacher's release grades it only when asked. ``hint_kinds``: the
    failure kinds the idea and hint are about (default ``HINTED_KINDS``); a FAIL of any other kind shows no
    hint. ``full_precision``: the float arguments nudged by up to 0.1 % when every case is run once more, after
    all of them passed, so that an answer right only on the cases' short decimals (rounded, float16) fails.
    """
    shapes = _shapes(id, shapes)
    if not isinstance(points, int) or points < 0:
        raise ValueError(f"exercise {id!r}: points must be a whole number >= 0, got {points!r}")
    names = [mistake.name for mistake in mistakes]
    if len(set(names)) != len(names):
        raise ValueError(f"exercise {id!r}: two mistakes share a name: {names}")

    def register(check: Callable) -> Callable:
        entry = ExerciseDef(
            id=id,
            check=check,
            hint=_text(id, "hint", hint),
            stub=_text(id, "stub", stub),
            solution=_text(id, "solution", solution),
            why=_text(id, "why", why),
            points=points,
            shapes=shapes,
            mistakes=tuple(mistakes),
            idea=_text(id, "idea", idea) if idea is not None else None,
            array_only=array_only,
            cells_above=cells_above,
            optional=optional,
            hint_kinds=frozenset(hint_kinds) if hint_kinds is not None else None,
            full_precision=tuple(full_precision),
        )
        if entry.function_name != ExerciseDef(id, check, "", stub=entry.solution).function_name:
            raise ValueError(f"exercise {id!r}: the stub and the solution define different functions")
        _register(_EXERCISES, entry, "exercise")
        return check

    return register


def define_question(
    id: str,
    *,
    prompt: str | None = None,
    answer_text: str | None = None,
    answer: dict | None = None,
    controls: tuple[str, ...] | list[str] = (),
    points: int = 1,
    explorer: str | None = None,
    explorer_kwargs: dict | None = None,
    variable: str | None = None,
    explorer_class: type | tuple[type, ...] | None = None,
    typed_reading: Callable | None = None,
):
    """Register the decorated ``check(explorer) -> (answered, message)`` as question ``id``."""

    def register(check: Callable) -> Callable:
        entry = QuestionDef(
            id=id,
            check=check,
            prompt=_text(id, "prompt", prompt, required=False),
            answer_text=_text(id, "answer_text", answer_text, required=False),
            answer=dict(answer or {}),
            controls=tuple(controls),
            points=points,
            explorer=explorer,
            explorer_kwargs=dict(explorer_kwargs or {}),
            variable=variable,
            explorer_class=explorer_class,
            typed_reading=typed_reading,
        )
        _register(_QUESTIONS, entry, "question")
        return check

    return register


# The decorators of the first engine, for modules not yet converted to the definitions above.
def exercise(id: str, *, hint: str, shapes: dict[str, str] | None = None):
    """Register a check with only a hint and shapes (its stub and solution still live in the notebook)."""
    _text(id, "hint", hint)
    checked = _shapes(id, shapes)

    def register(check: Callable) -> Callable:
        entry = ExerciseDef(id=id, check=check, hint=_text(id, "hint", hint), shapes=checked)
        _register(_EXERCISES, entry, "exercise")
        return check

    return register


def question(id: str, *, explorer: type | tuple[type, ...] | None = None):
    """Register a question's check alone (its prompt still lives in the notebook)."""

    def register(check: Callable) -> Callable:
        _register(_QUESTIONS, QuestionDef(id=id, check=check, explorer_class=explorer), "question")
        return check

    return register


def all_exercises() -> dict[str, ExerciseDef]:
    """Every exercise, by id (a copy), in notebook order."""
    return dict(sorted(_EXERCISES.items()))


def all_questions() -> dict[str, QuestionDef]:
    """Every explorer question, by id (a copy), in notebook order."""
    return dict(sorted(_QUESTIONS.items()))


def lookup(table_name: str, id):
    table, what = (_EXERCISES, "exercise") if table_name == "exercise" else (_QUESTIONS, "question")
    if not isinstance(id, str):
        raise TypeError(f"the {what} id must be a string like '03.leaky_relu_backward', got {type(id).__name__}")
    if id not in table:
        notebook = id.split(".")[0]
        near = sorted(key for key in table if key.startswith(notebook + "."))
        known = ", ".join(near) if near else "none for that notebook"
        raise ValueError(f"no {what} {id!r} in nnfs_helpers.exercises (known: {known})")
    return table[id]
