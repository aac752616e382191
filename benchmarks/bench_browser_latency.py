"""Slider latency as a learner feels it: key press on an explorer's first slider to changed output.

    .venv/bin/python benchmarks/bench_browser_latency.py                  # every notebook, 20 moves each
    .venv/bin/python benchmarks/bench_browser_latency.py notebooks/01_*.ipynb --moves 40
    .venv/bin/python benchmarks/bench_browser_latency.py --gallery        # the series, then every explorer kind once
    .venv/bin/python benchmarks/bench_browser_latency.py --gallery-only   # every explorer kind once
    .venv/bin/python benchmarks/bench_browser_latency.py --gallery-only --baseline-2x  # 1x moves against 2x

Starts its own JupyterLab and headless Chromium (tests/browser_support.py), runs each notebook
with Run All, then presses an arrow key on the first slider of every explorer `--moves` times.
The time is taken inside the page: performance.now() at keydown (capture phase) to the first
mutation of the explorer's output (MutationObserver) or the first animation frame whose figure
or text differs. "settled" is the time to the explorer's last output change after the press (e.g.
the figure redrawn after the text). Each press waits for the output to be quiet for 150 ms
before the next. Prints median and p95 per explorer against the goal (first change, p95 <= 100
ms) as a Markdown table; exits 1 if a notebook fails to run or an explorer stops responding, 0
otherwise (a missed goal is reported, not fatal).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser_support import (  # noqa: E402  (tests/ is not a package)
    chromium_problem,
    copy_cleared,
    error_outputs,
    explorer_kind,
    explorer_roots,
    install_latency_probe,
    new_page,
    open_browser,
    open_notebook,
    run_all_cells,
    series_notebooks,
    start_lab,
    timed_slider_move,
    wait_for_explorers,
    wait_until_all_ran,
    write_gallery,
)

GOAL_P95_MS = 100.0


@dataclass
class Row:
    notebook: str
    index: int
    kind: str
    samples: list[float]  # ms from key press to the first change of the output
    settled: list[float]  # ms from key press to the last change (all of the output redrawn)
    misses: int  # presses whose output did not change within the time-out

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        """Nearest-rank percentile: with 20 samples, p95 is the 19th smallest."""
        ordered = sorted(self.samples if values is None else values)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# The baseline of --baseline-2x: slider moves drawn at 2x, as they were before moves were drawn at 1x.
BASELINE_2X = "import nnfs_helpers.widgets.render as _render\n_render.LIVE_DPI = _render.DPI  # baseline: moves at 2x"


def measure_notebook(browser, lab, root: Path, source, moves: int) -> tuple[list[Row], str | None]:
    """Run one notebook and time its explorers. ``source`` None is the generated gallery of every explorer
    kind; "2x" the same gallery with moves drawn at 2x (the baseline)."""
    if source == "2x":
        notebook = write_gallery(root, prelude=BASELINE_2X, name="explorer_gallery_2x.ipynb")
    else:
        notebook = copy_cleared(source, root) if source is not None else write_gallery(root)
    source = notebook.path if not isinstance(source, Path) else source
    page = new_page(browser)
    try:
        open_notebook(page, lab, notebook.path.name)
        run_all_cells(page)
        state = wait_until_all_ran(page, allowed_error_cells=notebook.raises_exception)
        errors = error_outputs(page, notebook.raises_exception)
        if state != "ran" or errors:
            return [], f"Run All {state}: {errors[0][:300] if errors else ''}"
        found = wait_for_explorers(page, notebook.explorers)
        if found != notebook.explorers:
            return [], f"{notebook.explorers} explorer cells but {found} explorers rendered"
        rows = []
        roots = explorer_roots(page)
        for index in range(found):
            root_widget = roots.nth(index)
            root_widget.scroll_into_view_if_needed()
            install_latency_probe(root_widget)
            timings = [timed_slider_move(root_widget) for _ in range(moves)]
            done = [t for t in timings if t is not None]
            rows.append(
                Row(
                    source.stem,
                    index + 1,
                    explorer_kind(root_widget),
                    [first for first, _ in done],
                    [last for _, last in done],
                    len(timings) - len(done),
                )
            )
        return rows, None
    finally:
        page.context.close()
        lab.shutdown_sessions()


def table(rows: list[Row]) -> str:
    lines = [
        "| notebook | explorer | moves | median ms | p95 ms | max ms | p95 <= 100 ms | settled median | settled p95 |",
        "|---|---|---:|---:|---:|---:|:---:|---:|---:|",
    ]
    for row in rows:
        if not row.samples:
            lines.append(f"| {row.notebook} | {row.index} {row.kind} | 0/{row.misses} | - | - | - | no | - | - |")
            continue
        p95 = row.percentile(0.95)
        moved = f"{len(row.samples)}" + (f" ({row.misses} no change)" if row.misses else "")
        ok = "yes" if p95 <= GOAL_P95_MS and not row.misses else "no"
        lines.append(
            f"| {row.notebook} | {row.index} {row.kind} | {moved} | {statistics.median(row.samples):.0f} "
            f"| {p95:.0f} | {max(row.samples):.0f} | {ok} "
            f"| {statistics.median(row.settled):.0f} | {row.percentile(0.95, row.settled):.0f} |"
        )
    return "\n".join(lines)


def ratios(rows: list[Row]) -> str:
    """Per explorer kind: median first change with moves at 2x over the median with moves at 1x (this run)."""
    lines = ["", "| explorer | 1x median ms | 2x median ms | 2x / 1x |", "|---|---:|---:|---:|"]
    for kind in dict.fromkeys(row.kind for row in rows):
        one = [s for row in rows if row.kind == kind and row.notebook == "explorer_gallery" for s in row.samples]
        two = [s for row in rows if row.kind == kind and row.notebook == "explorer_gallery_2x" for s in row.samples]
        if one and two:
            a, b = statistics.median(one), statistics.median(two)
            lines.append(f"| {kind} | {a:.0f} | {b:.0f} | {b / a:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to measure (default: the series)")
    parser.add_argument("--moves", type=int, default=20, help="key presses per explorer (default 20)")
    parser.add_argument(
        "--gallery", action="store_true", help="also measure a generated notebook with one explorer of each kind"
    )
    parser.add_argument("--gallery-only", action="store_true", help="measure only that gallery notebook")
    parser.add_argument(
        "--baseline-2x",
        action="store_true",
        help="also measure the gallery with moves drawn at 2x (the baseline), alternating with the shipped 1x",
    )
    args = parser.parse_args(argv)
    if args.moves < 1:
        parser.error(f"--moves must be at least 1, got {args.moves}")
    problem = chromium_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    sources: list[Path | None] = [] if args.gallery_only else [path.resolve() for path in args.notebooks]
    if not sources and not args.gallery_only:
        sources = series_notebooks()
    if args.gallery or args.gallery_only:
        sources.append(None)  # the gallery
    if args.baseline_2x:
        sources += ["2x", None, "2x"]  # alternate, so a change in the machine's load hits both
    if not sources:
        print("no notebooks to measure", file=sys.stderr)
        return 2

    started = time.perf_counter()
    rows: list[Row] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nnfs-bench-") as tmp:
        root, state = Path(tmp) / "root", Path(tmp) / "state"
        root.mkdir()
        lab = start_lab(root, state)
        try:
            with open_browser() as browser:
                for source in sources:
                    name = {None: "the explorer gallery", "2x": "the gallery, moves at 2x"}.get(source) or source.name
                    print(f"measuring {name} ...", file=sys.stderr, flush=True)
                    measured, failure = measure_notebook(browser, lab, root, source, args.moves)
                    rows += measured
                    if failure:
                        failures.append(f"{name}: {failure}")
        finally:
            lab.stop()

    print(table(rows))
    if args.baseline_2x:
        print(ratios(rows))
    print(f"\n{len(rows)} explorers, {args.moves} moves each, {time.perf_counter() - started:.0f} s in all")
    missed = [f"{row.notebook} {row.index}" for row in rows if row.samples and row.percentile(0.95) > GOAL_P95_MS]
    print("goal p95 <= 100 ms: " + ("met by every explorer" if not missed else "missed by " + ", ".join(missed)))
    for failure in failures:
        print(f"FAILED {failure}")
    dead = [row for row in rows if row.misses]
    return 1 if failures or dead else 0


if __name__ == "__main__":
    sys.exit(main())
