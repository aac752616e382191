"""A synthetic class for testing the grading pipeline (tests/test_grading.py, benchmarks/bench_grading.py).

:func:`build_class` writes submissions of one released notebook: full solutions, untouched stubs, each
known mistake, an endless loop (and one that switches the cell's alarm off), a kernel crash, a redefined
``check_exercise``, printed PASS lines, an edited package, rewritten tests and hard-coded numbers, each with the row of
``grades.csv`` it must earn. Not part of the student release.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from ..exercises import all_exercises, all_questions

__all__ = ["EDIT_MARK", "EDIT_TESTS", "build_class"]

# What the edited-package submission writes into the package it imports (tests look for it).
EDIT_MARK = "# edited by a submission"

_REDEFINE = """\
def check_exercise(id, fn, **kwargs):
    print(f"PASS {fn.__name__}: matches the reference (9 comparisons)")

import nnfs_helpers.exercises as _exercises
_exercises.check_exercise = check_exercise
nnfs_helpers_check = check_exercise
"""

# A loop the cell's alarm cannot stop: it switches the alarm off and sleeps (the grader kills the process).
_IGNORE_ALARM = """\
import signal, time
signal.signal(signal.SIGALRM, signal.SIG_IGN)
while True:
    time.sleep(1)
"""

# What the edited-tests submission runs: every test in ./tests (where otter copies them) made to pass.
EDIT_TESTS = """\
import os, re
for _name in os.listdir("tests"):
    _path = os.path.join("tests", _name)
    with open(_path) as _handle:
        _text = _handle.read()
    with open(_path, "w") as _handle:
        _handle.write(re.sub(r"_grader\\(\\)\\.grade_\\w+\\(.*\\)", "pass", _text))
"""

_PRINT_PASS = """\
print("PASS leaky_relu_backward: matches the reference (5 comparisons)")
print("PASS mean_output_dweights: matches the reference (3 comparisons)")
"""

_EDIT_PACKAGE = """\
import pathlib, sys
import nnfs_helpers
import nnfs_helpers.exercises as _exercises
core = pathlib.Path(nnfs_helpers.__file__).parent / "exercises" / "core.py"
fake = "\\n\\n# edited by a submission\\ndef check_exercise(id, fn, **kwargs):\\n    return None\\n"
core.write_text(core.read_text() + fake)
for name, module in list(sys.modules.items()):
    if name.startswith("nnfs_helpers") and hasattr(module, "check_exercise"):
        module.check_exercise = lambda *args, **kwargs: None
"""

_HARD_CODED = """\
import pickle, pathlib
import numpy as np
import nnfs_helpers

def _table(id):
    record = pathlib.Path(nnfs_helpers.__file__).parent / "exercises" / "recorded" / f"{id}.pkl"
    events = pickle.loads(record.read_bytes())["events"]
    return [(kwargs, answer) for kind, *rest in events if kind == "call" for _args, kwargs, answer in [rest]]

def _lookup(id, **given):
    for kwargs, answer in _table(id):
        if all(np.array_equal(np.asarray(kwargs[k]), np.asarray(v)) for k, v in given.items() if k in kwargs):
            return answer
    return np.zeros(1)
"""


def _function_cell(definition, code: str) -> str:
    return code


def build_class(
    student_notebook: Path,
    out: Path,
    *,
    mistakes_per_exercise: int | None = None,
    spread: bool = False,
    made: dict | None = None,
) -> dict[str, dict]:
    """Write the submissions into ``out``; return {submission stem: {id: points, ..., "total": points}}.

    Each known mistake is one submission (``NN_mistake_<function>_<mistake>``, the other exercises solved),
    or with ``spread`` the k-th mistake of every exercise shares submission ``NN_mistakes_<k>``, so every
    mistake is graded in as many submissions as the exercise with the most mistakes has. ``made``, if
    given, is filled with {submission stem: {exercise id: the Mistake it carries}}.
    """
    made = {} if made is None else made
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = nbformat.read(student_notebook, as_version=4)
    number = base.metadata["nnfs_release"]["notebook"]
    exercises = [e for e in all_exercises().values() if e.notebook == number]
    questions = [q for q in all_questions().values() if q.notebook == number]
    ids = [e.id for e in exercises] + [q.id for q in questions]
    full = {e.id: e.points for e in exercises} | {q.id: q.points for q in questions}

    def cell_of(id):
        for index, cell in enumerate(base.cells):
            tags = cell.metadata.get("tags", [])
            if cell.metadata.get("nnfs", {}).get("id") == id and (
                "exercise" in tags or "explorer-typed-answer" in tags
            ):
                return index
        raise KeyError(id)

    def answer_source(question, value):
        from ..grading.recording import __name__ as _  # noqa: F401  (the package is importable)

        variable = "answer_" + question.id.replace(".", "_")
        return (
            f"from nnfs_helpers.grading import check_answer\n\n{variable} = {value!r}\n"
            f"check_answer({question.id!r}, {variable})"
        )

    def make(name, *, code=None, answers=None, extra=(), expect=None):
        nb = copy.deepcopy(base)
        code = code or {}
        for id, source in code.items():
            nb.cells[cell_of(id)].source = source
        for question in questions:
            value = (answers or {}).get(question.id)
            if value is not None:
                nb.cells[cell_of(question.id)].source = answer_source(question, value)
        for after, source in sorted(extra, key=lambda item: -item[0]):
            nb.cells.insert(after + 1, nbformat.v4.new_code_cell(source))
        nbformat.write(nb, out / f"{number}_{name}.ipynb")
        row = {id: 0 for id in ids} | (expect or {})
        row["total"] = sum(row[id] for id in ids)
        expected[f"{number}_{name}"] = row

    expected: dict[str, dict] = {}
    solutions = {e.id: e.solution for e in exercises}
    right = {q.id: next(iter(q.answer.values())) if len(q.answer) == 1 else dict(q.answer) for q in questions}
    first, last = cell_of(exercises[0].id), cell_of(exercises[-1].id)
    make("full", code=solutions, answers=right, expect=full)
    make("stubs")
    chosen = {e.id: e.mistakes[:mistakes_per_exercise] if mistakes_per_exercise else e.mistakes for e in exercises}
    if spread:
        for k in range(max((len(mistakes) for mistakes in chosen.values()), default=0)):
            carried = {id: mistakes[k] for id, mistakes in chosen.items() if k < len(mistakes)}
            name = f"mistakes_{k + 1}"
            code = solutions | {id: mistake.code for id, mistake in carried.items()}
            make(name, code=code, answers=right, expect=full | dict.fromkeys(carried, 0))
            made[f"{number}_{name}"] = carried
    else:
        for exercise in exercises:
            for mistake in chosen[exercise.id]:
                name = f"mistake_{exercise.function_name}_{mistake.name}"
                make(name, code=solutions | {exercise.id: mistake.code}, answers=right, expect=full | {exercise.id: 0})
                made[f"{number}_{name}"] = {exercise.id: mistake}
    for question in questions:
        wrong = right[question.id]
        wrong = {k: v for k, v in wrong.items()} if isinstance(wrong, dict) else wrong
        if isinstance(wrong, dict):
            key = next(iter(wrong))
            wrong[key] = question.__class__ and (wrong[key] + 1)
        else:
            wrong = type(wrong)(wrong * 2 if wrong else 1)
        make(f"wrong_answer_{question.id.split('.')[1]}", code=solutions, answers={**right, question.id: wrong},
             expect=full | {question.id: 0})  # fmt: skip
    make("endless_loop", code=solutions, answers=right, extra=[(first, "while True:\n    pass")], expect=full)
    make("alarm_ignored", code=solutions, answers=right, extra=[(first, _IGNORE_ALARM)], expect=full)
    make(
        "kernel_crash",
        code=solutions | {exercises[-1].id: solutions[exercises[-1].id] + "\nimport os\nos._exit(1)\n"},
        answers=right,
        expect=full | {exercises[-1].id: 0},
    )
    make("redefined_check", extra=[(0, _REDEFINE)])
    make("printed_pass", extra=[(last, _PRINT_PASS)])
    make("edited_package", extra=[(0, _EDIT_PACKAGE)])
    make("edited_tests", extra=[(last, EDIT_TESTS)])
    hard = {}
    for exercise in exercises:
        stub = exercise.stub.split("\n")[0]  # the def line
        params = stub[stub.index("(") + 1 : stub.rindex(")")]
        names = [part.split("=")[0].strip() for part in params.split(",") if part.strip()]
        call = ", ".join(f"{n}={n}" for n in names)
        hard[exercise.id] = f"{_HARD_CODED}\n{stub}\n    return _lookup({exercise.id!r}, {call})\n"
    make("hard_coded", code=hard)
    return expected
