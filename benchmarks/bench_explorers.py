"""How long each explorer's update takes, in-process: 40 moves of its first slider, three ways.

    python benchmarks/bench_explorers.py [--moves N]

Times the Python side only (callback, redraw, PNG encoding); the browser round trip is measured by
bench_browser_latency.py. Per move, wall and CPU (process) milliseconds, medians:

- live 1x: ``slider.value = ...``, what a slider move in the browser runs (drawn at 1x);
- 2x: the same moves drawn at 2x (the callback without the live mode): what every move cost before moves
  were drawn at 1x, and about what the picture at rest costs once (``settle``);
- full redraw: ``savefig`` of the same figure at 2x, what the blitting renderer avoids (the baseline).

Ratios are taken within this run (the machine is shared: only ratios compare between runs).
"""

from __future__ import annotations

import argparse
import io
import os
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


def _targets(slider, moves: int) -> list:
    """Step right then left, as a learner pressing the arrow keys would."""
    value, targets = slider.value, []
    for move in range(moves):
        value = value + slider.step if move % 2 == 0 else value - slider.step
        targets.append(min(max(value, slider.min), slider.max))
    return targets


def _time(action, targets) -> tuple[float, float]:
    """Median wall and CPU milliseconds of action(target) over the targets."""
    wall, cpu = [], []
    for target in targets:
        w, c = time.perf_counter(), time.process_time()
        action(target)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return float(np.median(wall)) * 1000, float(np.median(cpu)) * 1000


def live_moves(explorer, moves: int) -> tuple[float, float]:
    slider = explorer.sliders[0]
    targets = _targets(slider, moves + 1)
    slider.value = targets[0]  # warm-up (the kernel draws the 1x background when idle after the first picture)

    def move(target):
        slider.value = target

    return _time(move, targets[1:])


def sharp_moves(explorer, moves: int) -> tuple[float, float]:
    """The same moves drawn at 2x: the slider's callback run without the live (1x) mode, as before it existed."""
    slider = explorer.sliders[0]
    targets = _targets(slider, moves)
    explorer._moved = lambda callback: callback()  # this instance only: every move renders at 2x

    def move(target):
        slider.value = target

    try:
        return _time(move, targets)
    finally:
        del explorer._moved


def full_redraw(explorer) -> tuple[float, float] | None:
    figure = getattr(explorer, "figure", None)
    if figure is None:
        return None
    return _time(lambda _: figure.savefig(io.BytesIO(), format="png", dpi=192), range(10))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    moves = parser.parse_args().moves
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Explorer update callbacks, {moves} moves of the first slider (in-process); load average {load:.1f}")
    print("medians per move, wall / CPU ms; ratios of CPU times in this run")
    header = f"{'explorer':<14} {'live 1x':>13} {'2x':>13} {'full redraw':>13} {'2x / 1x':>8} {'full / 1x':>9}"
    print(header)
    for name, factory in EXPLORERS.items():
        box = factory(epochs=100) if name == "training" else factory()
        explorer = box.explorer
        live = live_moves(explorer, moves)
        sharp = sharp_moves(explorer, moves)
        baseline = full_redraw(explorer)
        cells = [f"{live[0]:6.1f}/{live[1]:5.1f}", f"{sharp[0]:6.1f}/{sharp[1]:5.1f}"]
        cells.append(f"{baseline[0]:6.1f}/{baseline[1]:5.1f}" if baseline else "(HTML only)")
        drawn = live[1] >= 0.5  # the training explorer draws nothing on a slider move (only on Train)
        ratio = f"{sharp[1] / live[1]:7.1f}x" if drawn else "-"
        speedup = f"{baseline[1] / live[1]:8.1f}x" if baseline and drawn else "-"
        print(f"{name:<14} {cells[0]:>13} {cells[1]:>13} {cells[2]:>13} {ratio:>8} {speedup:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
