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
    with pytest.raises(ValueError, match=f"{option} must be a positive whole number, got {value}"):
        train(model, X, y, OptimizerSGD(1.0), **{"epochs": 1, "record_every": 1, option: value})


def _gradients(model):
    return [array.copy() for layer in model.layers for array in (layer.dweights, layer.dbiases, layer.dinputs)]


@pytest.mark.parametrize("predict_rows", [300, 17], ids=["same batch size", "another batch size"])
@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_a_prediction_between_forward_and_backward_changes_no_gradient(method, predict_rows):
    X, y, model = _spiral_and_model(seed=5, weight_scale=0.5)
    other = np.random.default_rng(6).uniform(-1, 1, (predict_rows, 2))
    model.forward(X, y)
    model.backward()
    expected = _gradients(model)
    model.forward(X, y)
    getattr(model, method)(other)  # a validation callback, say
    model.backward()
    for got, want in zip(_gradients(model), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_predict_proba_equals_the_forward_pass_probabilities():
    X, y, model = _spiral_and_model(seed=7, weight_scale=0.5)
    model.forward(X, y)
    np.testing.assert_allclose(model.predict_proba(X), model.loss_activation.output, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(model.predict(X), np.argmax(model.loss_activation.output, axis=1))


def test_a_validation_callback_that_predicts_does_not_change_training():
    X, y, _ = _spiral_and_model(seed=8)
    X_val = np.random.default_rng(9).uniform(-1, 1, X.shape)  # same batch size: the silent case
    runs, predictions = [], []
    for validate in (False, True):
        model = Classifier(2, 16, 3, rng=np.random.default_rng(10))

        def callback(epoch, history, model=model, validate=validate):
            if validate:
                predictions.append(model.predict(X_val))

        runs.append(train(model, X, y, OptimizerSGD(1.0), epochs=20, record_every=1, callback=callback).loss)
    assert len(predictions) == 20
    assert runs[0] == runs[1]


def test_accuracy_of_one_hot_and_soft_rows_and_of_logits():
    scores = np.array([[2.0, -1.0], [-0.5, 0.5], [3.0, 1.0]])  # logits: same argmax as their softmax
    assert accuracy(scores, np.array([0, 1, 1], dtype=np.uint8)) == pytest.approx(2 / 3)
    assert accuracy(scores, np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])) == 1.0


# --- issue 15 point 5 -------------------------------------------------------------------------------


class LeakyReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.where(inputs > 0, inputs, 0.1 * inputs)
        return self.output

    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs > 0, dvalues, 0.1 * dvalues)
        return self.dinputs


def test_predict_uses_the_models_own_activation():
    X, y = spiral_data(10, 3, rng=np.random.default_rng(0))
    model = Classifier(2, 8, 3, rng=np.random.default_rng(1), weight_scale=1.0)
    model.activation1 = LeakyReLU()
    model.forward(X, y)
    cached = model.activation1.output.copy()
    np.testing.assert_allclose(model.predict_proba(X[:7]), model.loss_activation.output[:7], rtol=1e-12)
    np.testing.assert_array_equal(model.predict(X), np.argmax(model.loss_activation.output, axis=1))
    np.testing.assert_array_equal(model.activation1.output, cached)  # the prediction stored nothing


def test_accuracy_and_predict_refuse_nan_scores():
    scores = np.array([[0.2, 0.8], [np.nan, 0.5]])
    with pytest.raises(ValueError, match=r"probabilities contains NaN in 1 of 2 rows \(rows \[1\]\)"):
        accuracy(scores, np.array([1, 0]))
    model = Classifier(2, 4, 3, rng=np.random.default_rng(0))
    model.dense1.weights[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN.*diverged"):
        model.predict(np.ones((3, 2)))
    with pytest.raises(ValueError, match="NaN"):
        model.predict_proba(np.ones((3, 2)))


# --- one training function (contract 5) -------------------------------------------------------------


def test_train_spiral_is_the_classifier_and_train_on_seeded_spiral_data():
    from nnfs_helpers.training import train_spiral

    model, history = train_spiral(16, learning_rate=1.0, epochs=200, seed=3)
    # The same run spelled out: data first, then the weights, from one generator seeded with seed.
    rng = np.random.default_rng(3)
    X, y = spiral_data(100, 3, rng=rng)
    reference = Classifier(2, 16, 3, rng=rng)
    expected = train(reference, X, y, OptimizerSGD(1.0, decay=1e-3, momentum=0.9), epochs=200, record_every=2)
    assert history.epochs == expected.epochs and history.loss == expected.loss
    np.testing.assert_array_equal(model.dense2.weights, reference.dense2.weights)
    assert model.dense1.weights.shape == (2, 16)


def test_train_spiral_options_and_callback():
    from nnfs_helpers.training import train_spiral

    seen = []
    model, history = train_spiral(
        8,
        learning_rate=0.5,
        epochs=30,
        seed=0,
        samples=20,
        classes=4,
        momentum=0.0,
        decay=0.0,
        report_every=10,
        callback=lambda epoch, h: seen.append(epoch),
    )
    assert history.epochs == [0, 10, 20, 29] and seen == history.epochs
    assert model.dense2.weights.shape == (8, 4)
    assert len(history.loss) == len(history.accuracy) == 4


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"hidden": 0}, ValueError, "hidden must be a positive whole number"),
        ({"hidden": 2.5}, TypeError, "hidden must be a positive whole number"),
        ({"seed": -1}, ValueError, "seed must be a whole number >= 0"),
        ({"seed": np.random.default_rng(0)}, TypeError, "seed must be a whole number >= 0"),
        ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number greater than 0"),
        ({"momentum": 1}, ValueError, "momentum must be a finite number with 0 <= value < 1"),
        ({"epochs": 0}, ValueError, "epochs must be a positive whole number"),
    ],
)
def test_train_spiral_refuses_bad_settings(kwargs, error, message):
    from nnfs_helpers.training import train_spiral

    settings = {"hidden": 4, "learning_rate": 1.0, "epochs": 5, "seed": 0} | kwargs
    hidden = settings.pop("hidden")
    with pytest.raises(error, match=message):
        train_spiral(hidden, **settings)


def test_a_classifier_from_arrays_computes_what_the_network_with_those_parameters_computes():
    rng = np.random.default_rng(3)
    model = Classifier(2, 5, 3, rng=rng)
    model.dense1.biases = rng.standard_normal((1, 5))
    copy = Classifier.from_arrays(model.dense1.weights, model.dense1.biases, model.dense2.weights, model.dense2.biases)
    X, y = spiral_data(10, 3, rng=np.random.default_rng(1))
    assert copy.forward(X, y) == model.forward(X, y)
    copy.backward()
    model.backward()
    for ours, theirs in zip(copy.layers, model.layers, strict=True):
        np.testing.assert_array_equal(ours.dweights, theirs.dweights)
        assert ours.weights is not theirs.weights
    with pytest.raises(ValueError, match=r"W2 needs 5 rows, got shape \(4, 3\)"):
        Classifier.from_arrays(model.dense1.weights, model.dense1.biases, np.ones((4, 3)), np.zeros((1, 3)))
