"""How long ``import nnfs_helpers`` takes, against ``import numpy`` timed in the same run.

    python benchmarks/bench_import.py [--runs 15] [--strict]

Each side runs in a fresh interpreter (``python -c "import ..."``), the two alternating, and the
best (minimum) wall time of ``--runs`` starts is kept: the start least disturbed by the rest of the
machine. The baseline is ``import numpy`` because numpy is most of the package's import; the rows are
the interpreter alone, numpy, the package, and the package's own share (package - numpy). Goal: the
package within 0.3 s of wall time, and loading neither ipywidgets nor matplotlib (checked here too).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

GOAL_SECONDS = 0.3
SIDES = {"python": "pass", "numpy": "import numpy", "nnfs_helpers": "import nnfs_helpers"}


def start(code: str) -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - begin


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    best = {name: float("inf") for name in SIDES}
    for _ in range(args.runs):
        for name, code in SIDES.items():
            best[name] = min(best[name], start(code))
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
    print(f"Import benchmark: best wall time of {args.runs} fresh interpreters each, alternating")
    print(f"{'measure':<42} {'seconds':>8}")
    print(f"{'python -c pass (the interpreter alone)':<42} {best['python']:>8.3f}")
    print(f"{'import numpy (the baseline)':<42} {best['numpy']:>8.3f}")
    print(f"{'import nnfs_helpers':<42} {best['nnfs_helpers']:>8.3f}")
    own = best["nnfs_helpers"] - best["numpy"]
    print(f"{'  the package beyond numpy':<42} {own:>8.3f}")
    ratio = best["nnfs_helpers"] / best["numpy"]
    met = best["nnfs_helpers"] <= GOAL_SECONDS and heavy == "[]"
    print(
        f"nnfs_helpers / numpy: {ratio:.2f}x; heavy modules loaded: {heavy}; goal <= {GOAL_SECONDS} s and none: "
        f"{'PASS' if met else 'FAIL'}"
    )
    return 1 if (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
