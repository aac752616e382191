"""Classifier and train(): the full chain's gradients, learning the spiral, and the history."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import Classifier, OptimizerSGD, accuracy, numerical_gradient, spiral_data, train


def _spiral_and_model(seed=0, **model_options):
    rng = np.random.default_rng(seed)
    X, y = spiral_data(100, 3, rng=rng)
    return X, y, Classifier(2, 64, 3, rng=rng, **model_options)


def test_backward_through_the_whole_network_matches_the_numerical_gradient():
    rng = np.random.default_rng(4)
    X, y = spiral_data(5, 3, rng=rng)
    model = Classifier(2, 6, 3, rng=rng, weight_scale=1.0)
    # Each spiral arm starts at the origin, where zero biases would put every hidden unit exactly on
    # the ReLU's kink and the finite difference would straddle it.
    model.dense1.biases = rng.uniform(0.1, 0.5, (1, 6)) * rng.choice([-1.0, 1.0], (1, 6))
    model.forward(X, y)
    model.backward()
    for layer in model.layers:
        for name, analytic in (("weights", layer.dweights), ("biases", layer.dbiases)):
            numerical = numerical_gradient(lambda _: model.forward(X, y), getattr(layer, name))
            np.testing.assert_allclose(analytic, numerical, rtol=1e-6, atol=1e-9)


def test_plain_sgd_reduces_the_loss_substantially():
    X, y, model = _spiral_and_model(weight_scale=1.0)
    history = train(model, X, y, OptimizerSGD(1.0), epochs=2000, record_every=500)
    assert history.epochs == [0, 500, 1000, 1500, 1999]
    assert history.loss[-1] < 0.6 < np.log(3), history.loss
    assert history.loss[-1] < 0.25 * history.loss[0]
    assert history.accuracy[-1] > 0.75


def test_momentum_and_decay_learn_the_spiral():
    X, y, model = _spiral_and_model()
    history = train(model, X, y, OptimizerSGD(1.0, decay=1e-3, momentum=0.9), epochs=1000, record_every=100)
    assert history.loss[0] == pytest.approx(np.log(3), abs=0.01)  # small weights: a uniform guess
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.accuracy[-1] > 0.8
    assert np.mean(model.predict(X) == y) == pytest.approx(history.accuracy[-1], abs=0.05)
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_training_is_deterministic_for_a_seed():
    runs = []
    for _ in range(2):
        X, y, model = _spiral_and_model(seed=3)
        runs.append(train(model, X, y, OptimizerSGD(1.0, momentum=0.5), epochs=50, record_every=10).loss)
    assert runs[0] == runs[1]


def test_callback_sees_every_recording():
    X, y, model = _spiral_and_model()
    seen = []
    train(model, X, y, OptimizerSGD(1.0), epochs=7, record_every=3, callback=lambda epoch, h: seen.append(epoch))
    assert seen == [0, 3, 6]


def test_accuracy_with_sparse_and_one_hot_labels():
    probabilities = np.array([[0.7, 0.3], [0.4, 0.6], [0.9, 0.1]])
    assert accuracy(probabilities, np.array([0, 1, 1])) == pytest.approx(2 / 3)
    assert accuracy(probabilities, np.eye(2)[[0, 1, 1]]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("option, value", [("epochs", 0), ("record_every", -1)])
def test_train_rejects_bad_counts(option, value):
    X, y, model = _spiral_and_model()
    with pytest.raises(ValueError, match=f"{option} must be at least 1, got {value}"):
        train(model, X, y, OptimizerSGD(1.0), **{"epochs": 1, "record_every": 1, option: value})
