"""How long each explorer's update takes, in-process: 50 moves of its first slider.

    python benchmarks/bench_explorers.py

Times the Python side only (callback, redraw, PNG encoding at the explorers' 2x resolution); the browser round trip is
measured by bench_browser_latency.py. The baseline, timed in the same run, is the full
redraw (``savefig``) of the same figure, which is what the blitting renderer avoids.
"""

from __future__ import annotations

import io
import sys
import time

import numpy as np

from nnfs_helpers.widgets import (
    batch_relu_explorer,
    learning_rate_explorer,
    neuron_graph_explorer,
    shapes_explorer,
    softmax_explorer,
    training_explorer,
)

EXPLORERS = {
    "neuron-graph": neuron_graph_explorer,
    "learning-rate": learning_rate_explorer,
    "shapes": shapes_explorer,
    "softmax": softmax_explorer,
    "training": training_explorer,
    "batch-relu": batch_relu_explorer,
}


def first_slider(explorer):
    return explorer.sliders[0]


def time_moves(explorer, moves: int = 50) -> np.ndarray:
    slider = first_slider(explorer)
    times = []
    for move in range(moves):
        # Step right then left, as a learner pressing the arrow keys would.
        target = slider.value + slider.step if move % 2 == 0 else slider.value - slider.step
        target = min(max(target, slider.min), slider.max)
        start = time.perf_counter()
        slider.value = target
        times.append(time.perf_counter() - start)
    return np.array(times) * 1000


def full_redraw_ms(explorer) -> float | None:
    figure = getattr(explorer, "figure", None)
    if figure is None:
        return None
    times = []
    for _ in range(10):
        start = time.perf_counter()
        figure.savefig(io.BytesIO(), format="png", dpi=figure.dpi)
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000


def main() -> int:
    print("Explorer update callbacks, 50 moves of the first slider (in-process, no browser)")
    print(f"{'explorer':<15} {'median ms':>10} {'p95 ms':>8} {'full redraw ms':>15} {'speed-up':>9}")
    for name, factory in EXPLORERS.items():
        explorer = factory().explorer
        times = time_moves(explorer)
        baseline = full_redraw_ms(explorer)
        median = float(np.median(times))
        redraw = f"{baseline:>15.1f}" if baseline else f"{'(HTML only)':>15}"
        ratio = f"{baseline / median:>8.1f}x" if baseline and median > 0 else f"{'-':>9}"
        print(f"{name:<15} {median:>10.1f} {np.percentile(times, 95):>8.1f} {redraw} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
