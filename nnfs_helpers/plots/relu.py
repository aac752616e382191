"""ReLU and its derivative side by side (notebook 03)."""

from __future__ import annotations

import numpy as np

from .colours import NEGATIVE, POSITIVE


def plot_relu(z_low: float = -3.0, z_high: float = 3.0, axes=None):
    """Plot ReLU(z) and its derivative for z in [z_low, z_high]; returns the two Axes.

    The derivative is 0 for z < 0 and 1 for z > 0; at z = 0 it is taken as 0 (filled dot), as the
    package's ReLU does, and the open dot marks the 1 it is not. Draws on ``axes`` (two Axes) or on a
    new 8 x 3 inch pyplot figure.
    """
    if not z_low < 0 < z_high:
        raise ValueError(f"the z range must contain 0 (the kink), got z_low={z_low}, z_high={z_high}")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(8, 3), layout="constrained")
    left, right = axes
    z = np.linspace(z_low, z_high, 601)
    left.plot(z, np.maximum(0, z), color=POSITIVE, label="ReLU(z) = max(0, z)")
    left.set_title("ReLU(z)")
    left.set_ylabel("ReLU(z)")
    right.plot(z[z < 0], np.zeros(np.sum(z < 0)), color=NEGATIVE, label="0 for z < 0")
    right.plot(z[z > 0], np.ones(np.sum(z > 0)), color=POSITIVE, label="1 for z > 0")
    right.plot([0], [0], "o", color="black", label="at z = 0: taken as 0")
    right.plot([0], [1], "o", markerfacecolor="white", color="black")
    right.set_title("derivative of ReLU at z")
    right.set_ylabel("d ReLU(z) / dz")
    right.set_ylim(-0.15, 1.25)
    right.legend(loc="upper left", fontsize=9)
    left.legend(loc="upper left", fontsize=9)
    for ax in (left, right):
        ax.set_xlabel("z")
        ax.grid(alpha=0.3)
    return left, right
