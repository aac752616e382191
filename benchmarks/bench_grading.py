"""Grading a class: 60 submissions of notebook 03 with make grade's script, goal <= 3 minutes on 2 cores.

    python benchmarks/bench_grading.py [--strict] [--count 60]

Builds a release of notebook 03 and a synthetic class (tests/test_grading.py's kinds: full solutions,
untouched stubs, every known mistake, a wrong typed answer, an endless loop, a kernel crash, a redefined
check_exercise, printed PASS lines, an edited package, hard-coded numbers; padded with more copies of
the known mistakes up to --count), grades it with ``scripts/grade.py`` (2 workers) and checks every cell
of grades.csv. The baseline, timed in the same run, is one plain execution of the fully solved notebook
with nbclient: the ratio says what grading a submission costs per core against just running it. Wall
times (the goal is a wall-clock one); a busy machine makes both sides slower.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnfs_helpers.grading.synthetic import build_class  # noqa: E402

GOAL_SECONDS = 180.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        scratch = Path(scratch)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(scratch / "release"),
             "--notebooks", "03", "--cell-seconds", "20"],
            check=True, capture_output=True,
        )  # fmt: skip
        (student,) = sorted((scratch / "release" / "student").glob("03_*.ipynb"))
        folder = scratch / "class"
        expected = build_class(student, folder)
        mistakes = sorted(name for name in expected if "_mistake_" in name)
        copy = 0
        while len(expected) < args.count:
            name = mistakes[copy % len(mistakes)]
            twin = f"{name}_copy{copy}"
            shutil.copy(folder / f"{name}.ipynb", folder / f"{twin}.ipynb")
            expected[twin] = expected[name]
            copy += 1

        from nbclient import NotebookClient

        nb = nbformat.read(folder / "03_full.ipynb", as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(student.parent)}}).execute()  # fmt: skip
        baseline = time.perf_counter() - start

        out = scratch / "grades"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "grade.py"), str(folder), "--autograder",
             str(scratch / "release" / "autograder"), "--out", str(out), "--workers", "2"],
            check=True, capture_output=True,
        )  # fmt: skip
        graded = time.perf_counter() - start
        with open(out / "grades.csv", newline="") as handle:
            rows = {row["submission"]: row for row in csv.DictReader(handle)}
        wrong = [
            f"{name} {column}: expected {points}, got {rows.get(name, {}).get(column)}"
            for name, row in expected.items()
            for column, points in row.items()
            if name not in rows or float(rows[name][column]) != points
        ]
    count = len(expected)
    per_core = graded * 2 / count
    ok = graded <= GOAL_SECONDS and not wrong
    print(f"plain run of the solved notebook 03 (nbclient): {baseline:.1f} s")
    print(f"grading {count} submissions with 2 workers:      {graded:.1f} s  (goal <= {GOAL_SECONDS:.0f} s)")
    print(f"per submission per core: {per_core:.1f} s = {per_core / baseline:.2f}x a plain run")
    print(f"grades.csv cells wrong: {len(wrong)}" + "".join(f"\n  {line}" for line in wrong[:10]))
    print("PASS" if ok else "FAIL")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
