"""How long ``import nnfs_helpers`` takes, against ``import numpy`` timed in the same run.

    python benchmarks/bench_import.py [--runs 15] [--strict]

Each side runs in a fresh interpreter (``python -c "import ..."``), the sides alternating, and the
best (minimum) of ``--runs`` starts is kept: the start least disturbed by the rest of the machine.
Both wall time and CPU time (the child's user + system) are printed; the goal is judged on CPU
time, since on a shared machine wall time also counts the moments spent waiting for a core.
The baseline is ``import numpy``, most of the package's import; the rows are the interpreter
alone, numpy, the package, and the package's own share (package - numpy). Goal: the package
within 0.3 s, loading neither ipywidgets nor matplotlib (checked here too).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

GOAL_SECONDS = 0.3
SIDES = {"python": "pass", "numpy": "import numpy", "nnfs_helpers": "import nnfs_helpers"}


def start(code: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh ``python -c code``."""
    begin = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code])
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
    wall = {name: float("inf") for name in SIDES}
    cpu = dict(wall)
    for _ in range(args.runs):
        for name, code in SIDES.items():
            seconds, cpu_seconds = start(code)
            wall[name], cpu[name] = min(wall[name], seconds), min(cpu[name], cpu_seconds)
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
    ).stdout.strip()
    print(f"Import benchmark: best of {args.runs} fresh interpreters each, alternating")
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
    # CPU time decides: on a shared machine wall time also counts waiting for a core.
    met = cpu["nnfs_helpers"] <= GOAL_SECONDS and heavy == "[]"
    print(
        f"nnfs_helpers / numpy: {cpu['nnfs_helpers'] / cpu['numpy']:.2f}x (CPU); heavy modules loaded: {heavy}; "
        f"goal <= {GOAL_SECONDS} s of CPU and none: {'PASS' if met else 'FAIL'}"
    )
    return 1 if (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
