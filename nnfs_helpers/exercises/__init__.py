"""Self-checking exercises and explorer questions (docs/exercises.md).

Each exercise is defined once, in ``nbNN.py``, with :func:`define_exercise`; importing this package
fills the registry (:func:`all_exercises`, :func:`all_questions`). A notebook's check cell is one call,
``check_exercise("03.leaky_relu_backward", leaky_relu_backward)``.

The engine's parts: :mod:`.registry` (the definitions), :mod:`.guard` (the guarded call and the
checker a check receives), :mod:`.numpy_errors` (a learner's numpy error in the notation's letters),
:mod:`.diagnose` (what a wrong value says), :mod:`.core` (the two calls a notebook makes).
"""

from . import nb01, nb02, nb03, nb04, nb05, nb06  # noqa: E402, F401, I001  (registration happens on import)
from .core import ExerciseResult, answer_explorer, check_exercise, check_explorer
from .diagnose import DIAGNOSES, compare, unpack
from .registry import (
    ExerciseCheckError,
    ExerciseDef,
    Mistake,
    QuestionDef,
    all_exercises,
    all_questions,
    define_exercise,
    define_question,
    exercise,
    question,
)

__all__ = [
    "DIAGNOSES",
    "ExerciseCheckError",
    "ExerciseDef",
    "ExerciseResult",
    "Mistake",
    "QuestionDef",
    "all_exercises",
    "all_questions",
    "answer_explorer",
    "check_exercise",
    "check_explorer",
    "compare",
    "define_exercise",
    "define_question",
    "exercise",
    "question",
    "unpack",
]
