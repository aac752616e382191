"""Property-based: every backward pass matches the numerical gradient in float64 (rel. error <= 1e-6).

Hypothesis draws the batch size, the widths, a value scale and a seed; the seed draws the values.
(Drawing every value through Hypothesis lets it build exact cancellations, say a column
[a, -a] against equal gradients, where the true gradient is 0 and a relative error of
finite-difference noise against 0 means nothing.)
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfs_helpers import (
    ActivationReLU,
    ActivationSoftmax,
    ActivationSoftmaxLossCategoricalCrossentropy,
    LayerDense,
    LossCategoricalCrossentropy,
    check_layer_gradients,
    softmax,
)

TOLERANCE = 1e-6
sizes = st.integers(min_value=1, max_value=6)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
scales = st.floats(min_value=0.1, max_value=10.0)
# Logit spreads up to +-5 keep every probability above ~1e-5: below the loss's 1e-7 clip the
# reported loss is flat while the gradient deliberately is not (docs/decisions.md), and for
# saturated softmax outputs the gradient is smaller than the finite difference's rounding.
logit_scales = st.floats(min_value=0.1, max_value=5.0)
fast = settings(max_examples=30, deadline=None)


@fast
@given(n=sizes, d=sizes, m=sizes, seed=seeds, scale=scales)
def test_dense_layer(n, d, m, seed, scale):
    rng = np.random.default_rng(seed)
    layer = LayerDense(d, m, rng=rng, weight_scale=scale)
    layer.biases = rng.standard_normal((1, m))
    report = check_layer_gradients(layer, scale * rng.standard_normal((n, d)), rng=rng, tolerance=TOLERANCE)
    assert report.passed, str(report)
    assert [check.name for check in report.checks] == ["dinputs", "dweights", "dbiases"]


@fast
@given(n=sizes, m=sizes, seed=seeds, scale=scales)
def test_relu_away_from_its_kink(n, m, seed, scale):
    rng = np.random.default_rng(seed)
    # Magnitudes of at least 0.01 keep every input farther from 0 than the step h = 1e-5.
    inputs = scale * rng.uniform(0.01, 1.0, (n, m)) * rng.choice([-1.0, 1.0], (n, m))
    report = check_layer_gradients(ActivationReLU(), inputs, rng=rng, tolerance=TOLERANCE)
    assert report.passed, str(report)


@fast
@given(n=sizes, c=st.integers(2, 6), seed=seeds, scale=logit_scales)
def test_softmax(n, c, seed, scale):
    rng = np.random.default_rng(seed)
    report = check_layer_gradients(
        ActivationSoftmax(), scale * rng.uniform(-1, 1, (n, c)), rng=rng, tolerance=TOLERANCE
    )
    assert report.passed, str(report)


def _probabilities_and_labels(rng, n, c):
    # Probabilities of at least ~0.008: the central difference of -log(p) is off by about
    # h^2 / (3 p^2), which a smaller p would push past the tolerance.
    probabilities = softmax(rng.uniform(-1.5, 1.5, (n, c)))
    return probabilities, rng.integers(0, c, n)


LABEL_FORMS = pytest.mark.parametrize("one_hot", [False, True], ids=["sparse", "one-hot"])


@LABEL_FORMS
@fast
@given(n=sizes, c=st.integers(2, 6), seed=seeds)
def test_categorical_cross_entropy(n, c, seed, one_hot):
    rng = np.random.default_rng(seed)
    probabilities, labels = _probabilities_and_labels(rng, n, c)
    y_true = np.eye(c)[labels] if one_hot else labels
    report = check_layer_gradients(
        LossCategoricalCrossentropy(), probabilities, y_true=y_true, h=1e-6, tolerance=TOLERANCE
    )
    assert report.passed, str(report)


@LABEL_FORMS
@fast
@given(n=sizes, c=st.integers(2, 6), seed=seeds, scale=logit_scales)
def test_softmax_with_cross_entropy(n, c, seed, one_hot, scale):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, c, n)
    y_true = np.eye(c)[labels] if one_hot else labels
    logits = scale * rng.uniform(-1, 1, (n, c))
    report = check_layer_gradients(
        ActivationSoftmaxLossCategoricalCrossentropy(), logits, y_true=y_true, tolerance=TOLERANCE
    )
    assert report.passed, str(report)


@LABEL_FORMS
@fast
@given(n=sizes, c=st.integers(2, 6), seed=seeds)
def test_shortcut_equals_chained_gradients(n, c, seed, one_hot):
    rng = np.random.default_rng(seed)
    logits = rng.uniform(-5, 5, (n, c))
    labels = rng.integers(0, c, n)
    y_true = np.eye(c)[labels] if one_hot else labels
    combined = ActivationSoftmaxLossCategoricalCrossentropy()
    combined.forward(logits, y_true)
    softmax_layer, loss = ActivationSoftmax(), LossCategoricalCrossentropy()
    softmax_layer.forward(logits)
    loss.backward(softmax_layer.output, y_true)
    np.testing.assert_allclose(combined.backward(), softmax_layer.backward(loss.dinputs), rtol=1e-9, atol=1e-12)


@fast
@given(n=sizes, c=st.integers(2, 6), seed=seeds, sharpness=st.floats(min_value=0.0, max_value=3.0))
def test_soft_labels_in_both_classes(n, c, seed, sharpness):
    # Soft label rows of every sharpness, from uniform (0) to nearly one-hot (3).
    rng = np.random.default_rng(seed)
    soft = softmax(sharpness * rng.standard_normal((n, c)))
    probabilities = softmax(rng.uniform(-1.5, 1.5, (n, c)))
    loss_report = check_layer_gradients(
        LossCategoricalCrossentropy(), probabilities, y_true=soft, h=1e-6, tolerance=TOLERANCE
    )
    assert loss_report.passed, str(loss_report)
    fused_report = check_layer_gradients(
        ActivationSoftmaxLossCategoricalCrossentropy(), rng.uniform(-3, 3, (n, c)), y_true=soft, tolerance=TOLERANCE
    )
    assert fused_report.passed, str(fused_report)
