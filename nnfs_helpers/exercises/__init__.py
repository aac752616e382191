"""Self-checking exercises and explorer questions (docs/exercises.md).

Importing the package fills the registry: each ``nbNN`` module registers its notebook's
exercises with :func:`exercise` and its explorer questions with :func:`question`.
A notebook's check cell is one call, ``check_exercise("03.leaky_relu_backward", leaky_relu_backward)``.
"""

from . import nb01, nb02, nb03, nb04, nb05, nb06  # noqa: F401  (registration happens on import)
from .core import (
    DIAGNOSES,
    Exercise,
    ExerciseCheckError,
    ExerciseResult,
    Question,
    check_exercise,
    check_explorer,
    compare,
    exercise,
    exercises,
    question,
    questions,
    unpack,
)

__all__ = [
    "DIAGNOSES",
    "Exercise",
    "ExerciseCheckError",
    "ExerciseResult",
    "Question",
    "check_exercise",
    "check_explorer",
    "compare",
    "exercise",
    "exercises",
    "question",
    "questions",
    "unpack",
]
