"""How long ``import nnfs_helpers`` takes, against ``import numpy`` timed in the same run.

    python benchmarks/bench_import.py [--runs 15] [--strict]

What a learner gets: each side runs in a fresh interpreter (``python -c "import ..."``) started in
``notebooks/``, where a kernel imports the package through the link notebooks/nnfs_helpers (the README's
install does not install the project), with bytecode present, as on a learner's machine after the first
import: the children run without PYTHONDONTWRITEBYTECODE, and one start of each side, not counted,
writes any .pyc still missing. One more row times the package with no bytecode at all (the first
import ever, or every import where PYTHONDONTWRITEBYTECODE is set and the install compiled nothing):
an empty PYTHONPYCACHEPREFIX hides every .pyc and the variable keeps it empty.

The sides alternate, and the best (minimum) of ``--runs`` starts is kept: the start least disturbed
by the rest of the machine. Both wall time and CPU time (the child's user + system) are printed; the
goal is judged on CPU time, since on a shared machine wall time also counts the moments spent waiting
for a core. The baseline is ``import numpy``, most of the package's import; the rows are the
interpreter alone, numpy, the package, the package's own share (package - numpy), and the package
without bytecode. Goal: the package within 0.3 s with bytecode, loading neither ipywidgets nor
matplotlib (checked here too).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 0.3
SIDES = {"python": "pass", "numpy": "import numpy", "nnfs_helpers": "import nnfs_helpers"}
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# Bytecode written and read as by default; PYTHONPATH would put another nnfs_helpers first.
LEARNER_ENV = {key: value for key, value in os.environ.items() if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}


def start(code: str, env: dict[str, str] = LEARNER_ENV) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh ``python -c code`` in notebooks/."""
    begin = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=NOTEBOOKS, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begin
    if status != 0:
        raise RuntimeError(f"python -c {code!r} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    names = [*SIDES, "no bytecode"]
    wall = {name: float("inf") for name in names}
    cpu = dict(wall)
    for code in SIDES.values():
        start(code)  # writes the .pyc a learner's first import writes
    with tempfile.TemporaryDirectory() as empty:
        no_bytecode = {**LEARNER_ENV, "PYTHONPYCACHEPREFIX": empty, "PYTHONDONTWRITEBYTECODE": "1"}
        for _ in range(args.runs):
            for name, code in SIDES.items():
                seconds, cpu_seconds = start(code)
                wall[name], cpu[name] = min(wall[name], seconds), min(cpu[name], cpu_seconds)
            seconds, cpu_seconds = start(SIDES["nnfs_helpers"], no_bytecode)
            wall["no bytecode"], cpu["no bytecode"] = (
                min(wall["no bytecode"], seconds),
                min(cpu["no bytecode"], cpu_seconds),
            )
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, nnfs_helpers; print(sorted({m.split('.')[0] for m in sys.modules} & HEAVY))".replace(
                "HEAVY", "{'ipywidgets', 'matplotlib'}"
            ),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=NOTEBOOKS,
        env=LEARNER_ENV,
    ).stdout.strip()
    print(f"Import benchmark: best of {args.runs} fresh interpreters each in notebooks/, alternating, bytecode present")
    print(f"{'measure':<42} {'wall s':>8} {'CPU s':>8}")
    rows = [
        ("python -c pass (the interpreter alone)", "python"),
        ("import numpy (the baseline)", "numpy"),
        ("import nnfs_helpers", "nnfs_helpers"),
    ]
    for label, name in rows:
        print(f"{label:<42} {wall[name]:>8.3f} {cpu[name]:>8.3f}")
    print(
        f"{'  the package beyond numpy':<42} {wall['nnfs_helpers'] - wall['numpy']:>8.3f} "
        f"{cpu['nnfs_helpers'] - cpu['numpy']:>8.3f}"
    )
    print(f"{'import nnfs_helpers, no bytecode at all':<42} {wall['no bytecode']:>8.3f} {cpu['no bytecode']:>8.3f}")
    # CPU time decides: on a shared machine wall time also counts waiting for a core.
    met = cpu["nnfs_helpers"] <= GOAL_SECONDS and heavy == "[]"
    print(
        f"nnfs_helpers / numpy: {cpu['nnfs_helpers'] / cpu['numpy']:.2f}x (CPU); heavy modules loaded: {heavy}; "
        f"goal <= {GOAL_SECONDS} s of CPU and none: {'PASS' if met else 'FAIL'}"
    )
    return 1 if (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
