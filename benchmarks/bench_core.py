"""Core speed, as ratios against baselines timed in the same run.

    python benchmarks/bench_core.py [--strict]

1. Softmax backward, vectorised vs the per-sample Jacobian loop (N=10,000, C=10): goal >= 40x.
2. Softmax + cross-entropy backward, fused vs chained: goal >= 2x.
3. One training epoch of a 2 -> 64 -> 3 net on 300 spiral points, the package's classes vs the
   same math as one flat numpy function: goal <= 1.15x (the classes must cost almost nothing).

Each time is the median of several repeats of a timed loop; --strict exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import platform
import sys
import timeit

import numpy as np

from nnfs_helpers import (
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    Classifier,
    LossCategoricalCrossentropy,
    OptimizerSGD,
    softmax_backward_jacobian,
    spiral_data,
)


def median_seconds(function, number: int, repeat: int = 7) -> float:
    """Median over ``repeat`` runs of the time per call, each run ``number`` calls long."""
    return float(np.median(timeit.repeat(function, number=number, repeat=repeat))) / number


def softmax_backward_rows():
    rng = np.random.default_rng(0)
    logits, upstream = rng.standard_normal((10_000, 10)), rng.standard_normal((10_000, 10))
    layer = ActivationSoftmax()
    layer.forward(logits)
    loop = median_seconds(lambda: softmax_backward_jacobian(layer.output, upstream), number=1, repeat=5)
    vectorised = median_seconds(lambda: layer.backward(upstream), number=20)
    return "softmax backward: Jacobian loop / vectorised (N=10,000, C=10)", loop / vectorised, ">=", 40.0


def fused_backward_rows():
    rng = np.random.default_rng(1)
    logits, labels = rng.standard_normal((10_000, 10)), rng.integers(0, 10, 10_000)
    fused = ActivationSoftmaxLossCategoricalCrossentropy()
    fused.forward(logits, labels)
    activation, loss = ActivationSoftmax(), LossCategoricalCrossentropy()
    activation.forward(logits)

    def chained():
        loss.backward(activation.output, labels)
        activation.backward(loss.dinputs)

    ratio = median_seconds(chained, number=20) / median_seconds(fused.backward, number=20)
    return "softmax + cross-entropy backward: chained / fused", ratio, ">=", 2.0


def flat_epoch(X, y, W1, b1, W2, b2, learning_rate):
    """One epoch of the same network with no classes: forward, backward, SGD step."""
    z1 = X @ W1 + b1
    a1 = np.maximum(0, z1)
    z2 = a1 @ W2 + b2
    exp = np.exp(z2 - z2.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    n = len(X)
    loss = -np.mean(np.log(np.clip(probabilities[np.arange(n), y], 1e-7, 1 - 1e-7)))
    dz2 = probabilities.copy()
    dz2[np.arange(n), y] -= 1
    dz2 /= n
    dW2, db2 = a1.T @ dz2, dz2.sum(axis=0, keepdims=True)
    da1 = np.where(z1 > 0, dz2 @ W2.T, 0)
    dW1, db1 = X.T @ da1, da1.sum(axis=0, keepdims=True)
    W1 += -learning_rate * dW1
    b1 += -learning_rate * db1
    W2 += -learning_rate * dW2
    b2 += -learning_rate * db2
    return loss


def epoch_rows():
    X, y = spiral_data(100, 3, rng=np.random.default_rng(2))
    model = Classifier(2, 64, 3, rng=np.random.default_rng(3))
    optimizer = OptimizerSGD(1.0)
    params = [p.copy() for p in (model.dense1.weights, model.dense1.biases, model.dense2.weights, model.dense2.biases)]

    def class_epoch():
        model.forward(X, y)
        model.backward()
        optimizer.step(model.layers)

    # Same starting weights, same math: check that before timing.
    assert np.isclose(flat_epoch(X, y, *[p.copy() for p in params], 1.0), model.forward(X, y))
    # Interleave the two so machine noise hits both alike.
    flat_times, class_times = [], []
    for _ in range(9):
        flat_times.append(median_seconds(lambda: flat_epoch(X, y, *params, 1.0), number=200, repeat=1))
        class_times.append(median_seconds(class_epoch, number=200, repeat=1))
    ratio = float(np.median(class_times) / np.median(flat_times))
    return "training epoch 2->64->3, 300 points: classes / flat numpy", ratio, "<=", 1.15


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    print(f"Core benchmark: numpy {np.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(f"{'measure':<62} {'ratio':>7}  goal     result")
    missed = 0
    for row in (softmax_backward_rows, fused_backward_rows, epoch_rows):
        name, ratio, sense, goal = row()
        met = ratio >= goal if sense == ">=" else ratio <= goal
        missed += not met
        print(f"{name:<62} {ratio:>6.2f}x  {sense} {goal:<5g} {'PASS' if met else 'FAIL'}")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
