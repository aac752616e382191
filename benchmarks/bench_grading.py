"""Grading a class: 60 submissions of notebook 03 with make grade's script, goal <= 3 minutes on 2 cores.

    python benchmarks/bench_grading.py [--strict] [--count 60] [--otter 2] [--no-cold]

Builds a release of notebook 03 and a synthetic class (tests/test_grading.py's kinds: full solutions,
untouched stubs, every known mistake in a submission of its own, a wrong typed answer, an endless loop, a
loop that switches its alarm off, a kernel crash, a redefined check_exercise, printed PASS lines, an edited
package, hard-coded numbers; padded with more copies of the known mistakes up to --count), grades it with
``scripts/grade.py`` (2 workers) and checks every cell of grades.csv. Measured in the same run:

- baselines: a bare ``python -c "import numpy"`` and one plain execution of the solved notebook with
  nbclient (a Jupyter kernel), each timed as wall and CPU seconds;
- the class graded with bytecode (the environment's own if it has any, else the grader's cache,
  warmed by a first run that is not timed);
- the class graded with no bytecode at all (every process pointed at an empty cache folder it never writes
  to, under PYTHONDONTWRITEBYTECODE: every import compiles from source) unless ``--no-cold``;
- ``--otter N`` submissions graded one at a time with ``otter run`` (``--engine otter``: a Jupyter kernel
  per submission, what make grade did before the fork engine), for the per-submission cost against it.

CPU seconds are those of the grading process and every process it waited for (user + system). The
machine's load average is printed before and after: on a shared machine both wall and CPU grow with it.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnfs_helpers.grading.synthetic import build_class  # noqa: E402

GOAL_SECONDS = 180.0


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], **kwargs) -> tuple[float, float]:
    """(wall, CPU) seconds of a command and everything it waited for."""
    cpu, start = _cpu_children(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start, _cpu_children() - cpu


def check(out: Path, expected: dict) -> list[str]:
    with open(out / "grades.csv", newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return [
        f"{name} {column}: expected {points}, got {rows.get(name, {}).get(column)}"
        for name, row in expected.items()
        for column, points in row.items()
        if name not in rows or float(rows[name][column]) != points
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if over the goal or a cell is wrong")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--otter", type=int, default=2, help="submissions also graded with otter run (0: none)")
    parser.add_argument("--no-cold", action="store_true", help="skip the run without a bytecode cache")
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    probe = "import importlib.util as u; print(u.cache_from_source(u.find_spec('otter').origin))"
    compiled = Path(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip())
    print(f"the environment has its own bytecode (otter's {compiled.name}): {'yes' if compiled.exists() else 'no'}")
    grade = [sys.executable, str(ROOT / "scripts" / "grade.py")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        scratch = Path(scratch)
        release = scratch / "release"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(release), "--notebooks", "03"],
            check=True, capture_output=True,
        )  # fmt: skip
        (student,) = sorted((release / "student").glob("03_*.ipynb"))
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
        count = len(expected)

        results["python -c 'import numpy'"] = timed([sys.executable, "-c", "import numpy"])
        script = (
            "import nbformat, sys; from nbclient import NotebookClient\n"
            "nb = nbformat.read(sys.argv[1], as_version=4)\n"
            "NotebookClient(nb, timeout=300, kernel_name='python3', allow_errors=True,\n"
            "               resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        )
        results["one nbclient run of the solved notebook"] = timed(
            [sys.executable, "-c", script, str(folder / "03_full.ipynb"), str(student.parent)]
        )
        autograder = ["--autograder", str(release / "autograder")]
        wrong = []
        timed(grade + [str(folder), *autograder, "--out", str(scratch / "warm-up")])  # fills the bytecode cache
        warm = f"make grade, {count} submissions, 2 workers (bytecode warm)"
        results[warm] = timed(grade + [str(folder), *autograder, "--out", str(scratch / "warm")])
        wrong += check(scratch / "warm", expected)
        if not args.no_cold:
            # An empty cache folder for every process, never written to: every import compiles from source.
            (scratch / "empty").mkdir()
            env = {**os.environ, "PYTHONPYCACHEPREFIX": str(scratch / "empty"), "PYTHONDONTWRITEBYTECODE": "1"}
            cold = f"make grade, {count} submissions, 2 workers (no bytecode at all)"
            results[cold] = timed(grade + [str(folder), *autograder, "--out", str(scratch / "cold")], env=env)
            wrong += check(scratch / "cold", expected)
        if args.otter:
            few = scratch / "few"
            few.mkdir()
            chosen = ["03_full", *mistakes][: args.otter]
            for name in chosen:
                shutil.copy(folder / f"{name}.ipynb", few)
            otter = f"otter run, {len(chosen)} submissions one at a time (bytecode warm)"
            results[otter] = timed(
                grade + [str(few), *autograder, "--out", str(scratch / "otter"), "--engine", "otter"]
            )
            wrong += check(scratch / "otter", {name: expected[name] for name in chosen})
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    numpy_wall, numpy_cpu = results["python -c 'import numpy'"]
    print(f"\n{'':62s} {'wall s':>8s} {'CPU s':>8s}")
    for label, (wall, cpu) in results.items():
        print(f"{label:62s} {wall:8.1f} {cpu:8.1f}")
    print("\nper submission (wall / CPU), and as a multiple of the bare numpy import's:")
    for label, (wall, cpu) in results.items():
        n = count if label.startswith("make grade") else args.otter if label.startswith("otter run") else 0
        if n:
            print(f"  {label.split(',')[0]} {label.split('(')[-1][:-1]:24s} {wall / n:6.2f} s wall = "
                  f"{wall / n / numpy_wall:5.1f}x, {cpu / n:6.2f} s CPU = {cpu / n / numpy_cpu:5.1f}x")  # fmt: skip
    warm_wall = results[warm][0]
    print(f"\ngoal: {count} submissions in <= {GOAL_SECONDS:.0f} s wall (warm cache): {warm_wall:.1f} s")
    print(f"grades.csv cells wrong: {len(wrong)}" + "".join(f"\n  {line}" for line in wrong[:10]))
    ok = warm_wall <= GOAL_SECONDS and not wrong
    print("PASS" if ok else "FAIL")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
