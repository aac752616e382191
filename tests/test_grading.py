"""make grade (scripts/grade.py) on a small synthetic class of notebook 03 (docs/grading.md): every cell of
grades.csv right, a feedback file per student with the series' diagnoses, one process per submission run,
no package changed by any submission, and ``otter run`` on the same autograder giving the same grade."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import nbformat
import pytest

from nnfs_helpers.exercises import all_exercises, check_exercise
from nnfs_helpers.grading.synthetic import EDIT_MARK, EDIT_TESTS, build_class
from tests.grading_support import NOTEBOOK, ROOT, release, tree_hash

# Shares test_release.py's release (one per worker process).
pytestmark = [pytest.mark.xdist_group("grading"), pytest.mark.slow]  # one release shared: not in make test-fast

# The fork engine's cells take a fraction of a second each, so a short limit per cell still leaves every honest
# cell ten times its time on a busy machine; it is what the endless loops cost the suite.
CELL_SECONDS = 4


def _grade(folder, released, out, *extra):
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "grade.py"), str(folder), "--autograder",
         str(released / "autograder"), "--out", str(out), *extra],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    with open(out / "grades.csv", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    released = release(tmp_path_factory.getbasetemp())
    (student,) = sorted((released / "student").glob(f"{NOTEBOOK}_*.ipynb"))
    folder = tmp_path_factory.mktemp("submissions")
    # Every known mistake, the k-th mistake of each exercise in submission mistakes_k (the benchmark grades
    # each in a submission of its own).
    made: dict = {}
    expected = build_class(student, folder, spread=True, made=made)
    # The repository's package is edited by colleagues while this runs, so it is checked for the edited-package
    # submission's footprint; the release's copies are this test's own, so they are hashed whole.
    before = {"student": tree_hash(released / "student"), "autograder": tree_hash(released / "autograder")}
    out = tmp_path_factory.mktemp("grades")
    trace = out / "trace.json"
    rows = _grade(folder, released, out, "--cell-seconds", str(CELL_SECONDS), "--trace", str(trace))
    after = {"student": tree_hash(released / "student"), "autograder": tree_hash(released / "autograder")}
    return {
        "expected": expected, "made": made, "rows": rows, "out": out, "before": before, "after": after,
        "trace": json.loads(trace.read_text()), "folder": folder, "released": released,
    }  # fmt: skip


def test_every_cell_of_grades_csv(graded):
    expected, rows = graded["expected"], graded["rows"]
    assert set(rows) == set(expected)
    wrong = []
    for name, row in expected.items():
        for column, points in row.items():
            if float(rows[name][column]) != points:
                wrong.append(f"{name} {column}: expected {points}, got {rows[name][column]}")
    assert not wrong, "\n".join(wrong)


def test_the_class_has_every_kind_and_every_known_mistake(graded):
    kinds = {name.split("_", 1)[1] for name in graded["expected"]}
    assert {"full", "stubs", "endless_loop", "alarm_ignored", "kernel_crash", "redefined_check", "printed_pass",
            "edited_package", "edited_tests", "hard_coded", "wrong_answer_dead_neuron"} <= kinds  # fmt: skip
    carried = {(id, mistake.name) for mistakes in graded["made"].values() for id, mistake in mistakes.items()}
    known = {(e.id, m.name) for e in all_exercises().values() if e.notebook == NOTEBOOK for m in e.mistakes}
    assert carried == known


def test_columns_are_the_ids_then_the_total(graded):
    header = next(csv.reader(open(graded["out"] / "grades.csv")))
    assert header == ["submission", *next(iter(graded["expected"].values())).keys()]


def test_one_process_per_run_and_the_culprit_cells_replaced(graded):
    trace = graded["trace"]
    pids = [run["pid"] for runs in trace.values() for run in runs]
    assert len(set(pids)) == len(pids)
    # A crash and a cell that switched its alarm off each cost one more run, with the culprit replaced.
    crash, stubborn = trace[f"{NOTEBOOK}_kernel_crash"], trace[f"{NOTEBOOK}_alarm_ignored"]
    assert len(crash) == 2 and not crash[0]["killed"] and crash[0]["last"].startswith("cell ")
    assert len(stubborn) == 2 and stubborn[0]["killed"] and stubborn[0]["last"].startswith("cell ")
    # The endless loop is stopped by its cell's alarm in the first run, after the limit (the next cell begins
    # no sooner than the limit after the loop's, and before the grader would have killed it).
    (loop,) = trace[f"{NOTEBOOK}_endless_loop"]
    assert not loop["killed"]
    gaps = [later - earlier for (_, earlier), (_, later) in zip(loop["began"], loop["began"][1:], strict=False)]
    assert CELL_SECONDS <= max(gaps) < CELL_SECONDS + 5, loop["began"]
    others = [runs for name, runs in trace.items() if name.split("_", 1)[1] not in ("kernel_crash", "alarm_ignored")]
    assert all(len(runs) == 1 for runs in others)


def test_no_submission_changes_a_package(graded):
    assert graded["before"] == graded["after"]
    # synthetic.py writes the mark into the submission, so it holds the mark's text itself.
    builder = ROOT / "nnfs_helpers" / "grading" / "synthetic.py"
    touched = [p for p in (ROOT / "nnfs_helpers").rglob("*.py") if p != builder and EDIT_MARK in p.read_text()]
    assert not touched, touched


def test_feedback_gives_the_series_diagnoses_in_words(graded):
    feedback = graded["out"] / "feedback"
    texts = {path.stem: path.read_text() for path in feedback.glob("*.txt")}
    assert set(texts) == set(graded["expected"])
    assert "Total: 6 / 6" in texts[f"{NOTEBOOK}_full"]
    definitions = all_exercises()
    for name, mistakes in graded["made"].items():
        for id, mistake in mistakes.items():
            said = check_exercise(id, definitions[id].define(mistake.code), quiet=True)
            assert not said.passed
            assert f"FAIL {definitions[id].function_name}: {said.message.splitlines()[0]}" in texts[name], (
                name, id, mistake.name, texts[name],
            )  # fmt: skip
    assert "not attempted" in texts[f"{NOTEBOOK}_stubs"]
    assert "hidden cases" in texts[f"{NOTEBOOK}_hard_coded"]
    assert "kernel died" in texts[f"{NOTEBOOK}_kernel_crash"]
    assert "could not be stopped" in texts[f"{NOTEBOOK}_alarm_ignored"]


def test_otter_run_grades_a_submission_as_make_grade_does(graded, tmp_path):
    """The autograder zip through otter's own `otter run` (a Jupyter kernel, otter's executor; no Docker) grades
    mistakes_1 as make grade did, though this copy also rewrites otter's ./tests to pass (the plugin puts them
    back before otter's last cell reads them)."""
    name = f"{NOTEBOOK}_mistakes_1"
    folder = tmp_path / "one"
    folder.mkdir()
    nb = nbformat.read(graded["folder"] / f"{name}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(EDIT_TESTS))
    nbformat.write(nb, folder / f"{name}.ipynb")
    rows = _grade(folder, graded["released"], tmp_path / "otter", "--engine", "otter")
    assert rows[name] == graded["rows"][name]
    fork = (graded["out"] / "feedback" / f"{name}.txt").read_text()
    assert (tmp_path / "otter" / "feedback" / f"{name}.txt").read_text() == fork


def test_make_has_the_release_and_grade_targets():
    run = subprocess.run(["make", "-n", "grade", "SUBMISSIONS=x"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/grade.py x" in run.stdout, run.stdout + run.stderr
    run = subprocess.run(["make", "-n", "release"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/release.py" in run.stdout, run.stdout + run.stderr
