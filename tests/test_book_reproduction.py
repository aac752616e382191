"""The book's chapter-9 printout, replayed with the legacy generator and float32, and no patching."""

from __future__ import annotations

import numpy as np

import nnfs_helpers
from nnfs_helpers import Classifier, accuracy, spiral_data

BOOK_FIRST_ROWS = """[[0.33333334 0.33333334 0.33333334]
 [0.3333332  0.3333332  0.33333364]
 [0.3333329  0.33333293 0.3333342 ]
 [0.3333326  0.33333263 0.33333477]
 [0.33333233 0.3333324  0.33333528]]"""
BOOK_GRADIENTS = {
    "dense1.dweights": [[1.5766358e-04, 7.8368575e-05, 4.7324404e-05],
                        [1.8161036e-04, 1.1045571e-05, -3.3096316e-05]],
    "dense1.dbiases": [[-3.6055347e-04, 9.6611722e-05, -1.0367142e-04]],
    "dense2.dweights": [[5.4410957e-05, 1.0741142e-04, -1.6182236e-04],
                        [-4.0791339e-05, -7.1678100e-05, 1.1246944e-04],
                        [-5.3011299e-05, 8.5817286e-05, -3.2805994e-05]],
    "dense2.dbiases": [[-1.0729185e-05, -9.4610732e-06, 2.0027859e-05]],
}


def _book_network():
    rng = np.random.RandomState(0)
    X, y = spiral_data(100, 3, rng=rng, dtype=np.float32)
    net = Classifier(2, 3, 3, rng=rng, dtype=np.float32)
    loss = net.forward(X, y)
    net.backward()
    return net, X, y, loss


def test_probabilities_loss_and_accuracy_match_the_book_exactly():
    net, _, y, loss = _book_network()
    assert str(net.loss_activation.output[:5]) == BOOK_FIRST_ROWS
    assert str(loss) == "1.0986104"
    assert accuracy(net.loss_activation.output, y) == 0.34


def test_gradients_agree_with_the_book_to_three_significant_digits():
    net, *_ = _book_network()
    ours = {"dense1.dweights": net.dense1.dweights, "dense1.dbiases": net.dense1.dbiases,
            "dense2.dweights": net.dense2.dweights, "dense2.dbiases": net.dense2.dbiases}
    for name, printed in BOOK_GRADIENTS.items():
        assert ours[name].dtype == np.float32
        np.testing.assert_allclose(ours[name], printed, rtol=1e-3, atol=1e-9, err_msg=name)


def test_data_matches_the_books_algorithm_bit_for_bit():
    # The book's generator: nnfs.init() makes randn float32, then the noise is scaled in float32.
    legacy = np.random.RandomState(0)
    X, y = spiral_data(100, 3, rng=np.random.RandomState(0), dtype=np.float32)
    for c in range(3):
        r = np.linspace(0.0, 1, 100)
        t = np.linspace(c * 4, (c + 1) * 4, 100) + legacy.randn(100).astype(np.float32) * 0.2
        expected = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)].astype(np.float32)
        np.testing.assert_array_equal(X[100 * c:100 * (c + 1)], expected)
        assert np.all(y[100 * c:100 * (c + 1)] == c)
    assert y.dtype == np.uint8


def test_importing_the_package_patches_nothing_in_numpy():
    assert np.dot.__module__.startswith("numpy")
    assert np.zeros((1,)).dtype == np.float64
    assert np.random.randn.__self__.__class__ is np.random.RandomState
    assert nnfs_helpers.LayerDense(2, 2).weights.dtype == np.float64
