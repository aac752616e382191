"""Compare every gradient of nnfs_helpers with PyTorch's autograd, on random networks.

Not part of the test suite: PyTorch is large and the series does not need it. Run it in a
separate environment that has both:

    python3 -m venv /tmp/torchcheck && /tmp/torchcheck/bin/pip install torch numpy
    /tmp/torchcheck/bin/pip install --no-deps -e .
    /tmp/torchcheck/bin/python scripts/crosscheck_torch.py

It prints the largest relative difference seen for each quantity over 200 random cases (batch
sizes, widths, scales, both label forms, soft labels, the book's fused backward call). The losses differ only
where a probability falls below the clip of 1e-7 (or above 1 - 1e-7), so those are compared with
the same clip applied to PyTorch's.
"""

from __future__ import annotations

import numpy as np
import torch

from nnfs_helpers import (
    ActivationReLU,
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    LayerDense,
    LossCategoricalCrossentropy,
    one_hot,
    softmax_backward_jacobian,
)

torch.set_default_dtype(torch.float64)
worst: dict[str, float] = {}


def record(name: str, ours, theirs) -> None:
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    difference = np.max(np.abs(ours - theirs)) / max(np.max(np.abs(theirs)), 1e-300)
    worst[name] = max(worst.get(name, 0.0), float(difference))


def network_case(rng, trial: int) -> None:
    """dense -> ReLU -> dense -> softmax + cross-entropy, against torch's cross_entropy."""
    n, d, h, c = (int(v) for v in (rng.integers(1, 40), rng.integers(1, 8), rng.integers(1, 16), rng.integers(2, 8)))
    X = rng.standard_normal((n, d)) * rng.choice([0.1, 1.0, 10.0])
    y = rng.integers(0, c, n)
    labels = one_hot(y, c) if trial % 2 else y
    dense1 = LayerDense(d, h, rng=rng, weight_scale=float(rng.choice([0.01, 0.5, 2.0])))
    dense1.biases = rng.standard_normal((1, h))
    relu = ActivationReLU()
    dense2 = LayerDense(h, c, rng=rng, weight_scale=0.5)
    dense2.biases = rng.standard_normal((1, c))
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    loss = head.forward(dense2.forward(relu.forward(dense1.forward(X))), labels)
    if trial % 3 == 0:
        head.backward(head.output, labels)  # the book's call
    else:
        head.backward()
    dense2.backward(head.dinputs)
    relu.backward(dense2.dinputs)
    dense1.backward(relu.dinputs)

    leaves = [
        torch.tensor(a, requires_grad=True) for a in (X, dense1.weights, dense1.biases, dense2.weights, dense2.biases)
    ]
    tX, W1, b1, W2, b2 = leaves
    logits = torch.relu(tX @ W1 + b1) @ W2 + b2
    torch.nn.functional.cross_entropy(logits, torch.tensor(y)).backward()
    probabilities = torch.softmax(logits, dim=1).detach()
    clipped = torch.nn.functional.nll_loss(torch.log(torch.clamp(probabilities, 1e-7, 1 - 1e-7)), torch.tensor(y))
    record("loss (torch with the same clip)", loss, clipped.item())
    names = ["dense1.dinputs", "dense1.dweights", "dense1.dbiases", "dense2.dweights", "dense2.dbiases"]
    ours = [dense1.dinputs, dense1.dweights, dense1.dbiases, dense2.dweights, dense2.dbiases]
    for name, mine, leaf in zip(names, ours, leaves, strict=True):
        record(name, mine, leaf.grad.numpy())


def layer_cases(rng) -> None:
    """Softmax, cross-entropy and ReLU on their own, each with a random upstream gradient."""
    n, c = int(rng.integers(1, 40)), int(rng.integers(2, 8))
    y = rng.integers(0, c, n)
    softmax = ActivationSoftmax()
    logits = rng.standard_normal((n, c)) * 3
    softmax.forward(logits)
    upstream = rng.standard_normal((n, c))
    softmax.backward(upstream)
    tz = torch.tensor(logits, requires_grad=True)
    (torch.softmax(tz, dim=1) * torch.tensor(upstream)).sum().backward()
    record("ActivationSoftmax.dinputs", softmax.dinputs, tz.grad.numpy())
    record("softmax_backward_jacobian", softmax_backward_jacobian(softmax.output, upstream), tz.grad.numpy())

    loss = LossCategoricalCrossentropy()
    loss.backward(softmax.output, y)
    tp = torch.tensor(softmax.output, requires_grad=True)
    (-(torch.tensor(one_hot(y, c)) * torch.log(tp)).sum(dim=1).mean()).backward()
    record("LossCategoricalCrossentropy.dinputs", loss.dinputs, tp.grad.numpy())

    z = np.round(rng.standard_normal((n, c)), 1)  # exact zeros included: both use slope 0 there
    relu = ActivationReLU()
    relu.forward(z)
    upstream = rng.standard_normal((n, c))
    relu.backward(upstream)
    tz = torch.tensor(z, requires_grad=True)
    (torch.relu(tz) * torch.tensor(upstream)).sum().backward()
    record("ActivationReLU.dinputs (with zeros)", relu.dinputs, tz.grad.numpy())


def soft_label_cases(rng) -> None:
    """Soft labels (rows of a softmax): both loss classes' values and gradients, against torch."""
    n, c = int(rng.integers(1, 40)), int(rng.integers(2, 8))
    soft = torch.softmax(torch.tensor(rng.standard_normal((n, c)) * rng.choice([0.3, 1.0, 3.0])), dim=1).numpy()
    logits = rng.standard_normal((n, c)) * 2
    head = ActivationSoftmaxLossCategoricalCrossentropy()
    fused_loss = head.forward(logits, soft)
    head.backward()
    tz = torch.tensor(logits, requires_grad=True)
    # cross_entropy with probability targets: -sum y log softmax(z), averaged; no clip.
    torch.nn.functional.cross_entropy(tz, torch.tensor(soft)).backward()
    record("fused dinputs, soft labels", head.dinputs, tz.grad.numpy())
    clipped = -(torch.tensor(soft) * torch.log(torch.clamp(torch.softmax(tz.detach(), dim=1), 1e-7, 1 - 1e-7)))
    record("fused loss, soft labels (same clip)", fused_loss, clipped.sum(dim=1).mean().item())

    probabilities = head.output
    loss = LossCategoricalCrossentropy()
    value = loss.calculate(probabilities, soft)
    loss.backward(probabilities, soft)
    tp = torch.tensor(probabilities, requires_grad=True)
    torch_loss = -(torch.tensor(soft) * torch.log(torch.clamp(tp, 1e-7, 1 - 1e-7))).sum(dim=1).mean()
    torch_loss.backward()
    record("LossCategoricalCrossentropy, soft labels", value, torch_loss.item())
    record("LossCategoricalCrossentropy.dinputs, soft", loss.dinputs, tp.grad.numpy())


def main() -> None:
    rng = np.random.default_rng(1)
    for trial in range(200):
        network_case(rng, trial)
        layer_cases(rng)
        soft_label_cases(rng)
    print(f"torch {torch.__version__}, numpy {np.__version__}: largest relative difference over 200 cases")
    for name, difference in worst.items():
        print(f"  {name:42} {difference:.1e}")


if __name__ == "__main__":
    main()
