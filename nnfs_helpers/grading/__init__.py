"""A teacher's release and grading (docs/grading.md).

:mod:`.recording` records an exercise's visible check once with the reference solution and replays it
without the reference (the student release's self-checks); :mod:`.autograde` is what the autograder's
tests call; :mod:`.otter_plugin` puts a time limit on every cell of a graded notebook.
:func:`check_answer` is the typed-answer cell of the student release.
"""

from __future__ import annotations

__all__ = ["check_answer"]


def check_answer(id: str, value):
    """Check a typed answer to explorer question ``id`` (a number, or a dict control -> value).

    ``None`` (the cell as released) prints "not attempted"; anything else goes to ``check_explorer``.
    """
    from ..exercises import check_explorer

    if value is None:
        print(
            f"Question {id}: not attempted yet. Type the value you found with the explorer in place of None, "
            "then run this cell."
        )
        return None
    return check_explorer(id, value)
