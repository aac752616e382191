"""make grade (scripts/grade.py) on a synthetic class of notebook 03 (docs/grading.md): every cell of
grades.csv right, a feedback file per student in words, and no package changed by any submission."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from nnfs_helpers.grading.synthetic import EDIT_MARK, build_class
from tests.grading_support import NOTEBOOK, ROOT, release, tree_hash


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    released = release(tmp_path_factory.getbasetemp())
    (student,) = sorted((released / "student").glob(f"{NOTEBOOK}_*.ipynb"))
    folder = tmp_path_factory.mktemp("submissions")
    # One known mistake per exercise here (every mistake's diagnosis is tested by the definitions' own
    # tests and by test_release's replay test); the benchmark grades them all.
    expected = build_class(student, folder, mistakes_per_exercise=1)
    # The repository's package is edited by colleagues while this runs, so it is checked for the edited-package
    # submission's footprint; the release's copies are this test's own, so they are hashed whole.
    before = {
        "student": tree_hash(released / "student"),
        "autograder": tree_hash(released / "autograder"),
    }
    out = tmp_path_factory.mktemp("grades")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "grade.py"), str(folder), "--autograder",
         str(released / "autograder"), "--out", str(out)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    after = {
        "student": tree_hash(released / "student"),
        "autograder": tree_hash(released / "autograder"),
    }
    with open(out / "grades.csv", newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return {"expected": expected, "rows": rows, "out": out, "before": before, "after": after}


def test_every_cell_of_grades_csv(graded):
    expected, rows = graded["expected"], graded["rows"]
    assert set(rows) == set(expected)
    wrong = []
    for name, row in expected.items():
        for column, points in row.items():
            if float(rows[name][column]) != points:
                wrong.append(f"{name} {column}: expected {points}, got {rows[name][column]}")
    assert not wrong, "\n".join(wrong)


def test_columns_are_the_ids_then_the_total(graded):
    header = next(csv.reader(open(graded["out"] / "grades.csv")))
    assert header == ["submission", *next(iter(graded["expected"].values())).keys()]


def test_no_submission_changes_a_package(graded):
    assert graded["before"] == graded["after"]
    footprint = EDIT_MARK
    # synthetic.py writes the mark into the submission, so it holds the mark's text itself.
    builder = ROOT / "nnfs_helpers" / "grading" / "synthetic.py"
    touched = [p for p in (ROOT / "nnfs_helpers").rglob("*.py") if p != builder and footprint in p.read_text()]
    assert not touched, touched


def test_feedback_in_words(graded):
    feedback = graded["out"] / "feedback"
    texts = {path.stem: path.read_text() for path in feedback.glob("*.txt")}
    assert set(texts) == set(graded["expected"])
    assert "Total: 6 / 6" in texts[f"{NOTEBOOK}_full"]
    mistakes = [name for name in texts if "_mistake_" in name]
    for name in mistakes:
        assert "FAIL" in texts[name], texts[name]
    assert "not attempted" in texts[f"{NOTEBOOK}_stubs"]
    assert "hidden cases" in texts[f"{NOTEBOOK}_hard_coded"]
    assert "kernel died" in texts[f"{NOTEBOOK}_kernel_crash"]


def test_make_has_the_release_and_grade_targets():
    run = subprocess.run(["make", "-n", "grade", "SUBMISSIONS=x"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/grade.py x" in run.stdout, run.stdout + run.stderr
    run = subprocess.run(["make", "-n", "release"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/release.py" in run.stdout, run.stdout + run.stderr
