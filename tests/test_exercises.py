"""The exercises work as docs/exercises.md promises, notebook by notebook.

(a) With every stub replaced by its solution, the notebook runs and every check says PASS.
(b) Every mistake listed for an exercise gets status "fail" and its named diagnosis: that is
    tests/test_exercise_definitions.py's test of every listed mistake (the same check of each definition's
    mistakes; every notebook exercise is defined in the package, as the last test here holds).
(c) The committed notebook is the learner's version: every check says "not attempted", never
    PASS or FAIL, in the stored outputs and in a fresh run.
A notebook not yet converted to stubs fails (a) and (c): that is the point.

(a) and (c) read the notebook's shared execution of this test session (notebook_support.shared_run):
(c) its top-to-bottom run; (a) what its kernel does last, after the re-run test's cells: each solution in
place of its stub, its check cell, and every later cell that calls an exercise's function (the only cells a
solution changes).
"""

from __future__ import annotations

import re

import pytest
from notebook_support import (
    SERIES,
    define,
    exercise_id,
    exercise_stubs,
    function_name,
    notebook_params,
    output_text,
    read,
    shared_run,
    tags,
)

from nnfs_helpers.exercises import DIAGNOSES, all_exercises, all_questions, check_exercise

_id = exercise_id


def _solution_and_mistakes(cell) -> tuple[str, list[dict]]:
    """The exercise's solution and mistakes ({code, diagnosis}): from its definition in the package,
    or, for an exercise not yet defined there, from the stub's metadata."""
    definition = all_exercises().get(_id(cell))
    if definition is not None and definition.solution:
        return definition.solution, [{"code": m.code, "diagnosis": m.expect} for m in definition.mistakes]
    nnfs = cell.metadata.get("nnfs", {})
    return nnfs["solution"], nnfs.get("mistakes", [])


def _mistakes():
    cases = []
    for name in SERIES:
        for cell in exercise_stubs(read(name)):
            solution, mistakes = _solution_and_mistakes(cell)
            nnfs = {"exercise": _id(cell), "solution": solution}
            for number, mistake in enumerate(mistakes):
                label = f"{_id(cell)}-{number}-{mistake.get('diagnosis')}"
                cases.append(pytest.param(name, cell.source, nnfs, mistake, id=label))
    return cases


def _stubs():
    params = []
    for name in SERIES:
        for cell in exercise_stubs(read(name)):
            nnfs = {"exercise": _id(cell), "solution": _solution_and_mistakes(cell)[0]}
            params.append(pytest.param(name, cell.source, nnfs, id=_id(cell)))
    return params


def _check(nnfs: dict, code: str, stub_source: str, filename: str):
    name = function_name(stub_source)
    assert name, f"{nnfs.get('exercise')}: the stub defines no function"
    namespace = define(code, filename, all_exercises()[nnfs["exercise"]].cells_above)
    assert name in namespace, f"{nnfs.get('exercise')}: the code does not define {name}()"
    return check_exercise(nnfs["exercise"], namespace[name], quiet=True)


@pytest.mark.parametrize("name", notebook_params())
def test_every_solution_passes_in_the_notebook(name):
    stubs = exercise_stubs(read(name))
    assert len(stubs) >= 2, f"{name}: fewer than two exercise stubs (docs/exercises.md)"
    run = shared_run(name)
    assert run.first_errors == [], f"{name} raised before the solutions were swapped in: {run.first_errors}"
    assert run.solution_errors == [], f"{name} with the solutions swapped in raised: {run.solution_errors}"
    checks = [cell for cell in run.learner.cells if "exercise-check" in tags(cell)]
    assert len(checks) == len(stubs) == len(run.solutions)
    for check in run.solutions:
        printed = check.printed
        assert printed.startswith("PASS ") and "FAIL" not in printed, f"{name}: {check.id}\n{printed}"


@pytest.mark.parametrize("name, stub, nnfs", _stubs())
def test_every_solution_passes_on_its_own(name, stub, nnfs):
    outcome = _check(nnfs, nnfs["solution"], stub, f"<{nnfs['exercise']} solution>")
    assert outcome.status == "pass", str(outcome)


def test_every_mistake_names_a_known_kind_or_an_exercise_specific_one():
    for param in _mistakes():
        _, _, nnfs, mistake = param.values
        kind = mistake.get("diagnosis")
        assert isinstance(kind, str) and kind, f"{nnfs.get('exercise')}: a mistake without a diagnosis"
        planted = any(line.strip().startswith("raise ") for line in mistake["code"].splitlines())
        assert not planted, f"{nnfs.get('exercise')}: a mistake must be real code, not a planted raise"
        assert kind in DIAGNOSES or kind.isidentifier() or " " in kind  # a kind, or a phrase of the message


def _not_attempted(name: str, where: str, notebook) -> None:
    checks = [cell for cell in notebook.cells if "exercise-check" in tags(cell)]
    assert checks, f"{name} has no exercise-check cells"
    for cell in checks:
        printed = output_text(cell)
        assert "not attempted yet" in printed, f"{name} ({where}): {cell.source}\n{printed}"
        assert "PASS" not in printed and "FAIL" not in printed and "Traceback" not in printed, where


@pytest.mark.parametrize("name", notebook_params())
def test_the_committed_notebook_is_the_learners_version(name):
    _not_attempted(name, "stored outputs", read(name))
    _not_attempted(name, "a fresh run", shared_run(name).learner)


def test_every_registered_exercise_and_question_is_used_by_its_notebook():
    used_exercises, used_questions = set(), set()
    for name in SERIES:
        for cell in read(name).cells:
            if "exercise" in tags(cell):
                used_exercises.add(_id(cell))
            if cell.cell_type == "code" and "check_explorer(" in cell.source:
                used_questions.update(_ids_in(cell.source, "check_explorer"))
    registered = {id for id in _ours(all_exercises()) if id[:2].isdigit()}
    asked = {id for id in _ours(all_questions()) if id[:2].isdigit()}
    assert registered - used_exercises == set(), "registered exercises no notebook uses"
    assert used_exercises - registered == set(), "notebook exercises with no check in nnfs_helpers.exercises"
    assert asked - used_questions == set(), "registered questions no notebook asks"
    assert used_questions - asked == set(), "check_explorer ids with no question in nnfs_helpers.exercises"


def _ours(table: dict) -> dict:
    # The package's own definitions: other test modules register test-only ids (99.f) at import.
    return {id: entry for id, entry in table.items() if entry.check.__module__.startswith("nnfs_helpers.")}


def _ids_in(source: str, function: str) -> set[str]:
    return set(re.findall(function + r"\(\s*[\"']([^\"']+)[\"']", source))
