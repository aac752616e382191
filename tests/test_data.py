"""spiral_data: shapes, labels, seeding, dtype and the geometry of the arms."""

from __future__ import annotations

import numpy as np
import pytest

from nnfs_helpers import spiral_data


def test_shapes_labels_and_grouping():
    X, y = spiral_data(50, 4, rng=np.random.default_rng(5))
    assert X.shape == (200, 2) and y.shape == (200,)
    assert X.dtype == np.float64 and y.dtype == np.uint8
    np.testing.assert_array_equal(y, np.repeat(np.arange(4), 50))


def test_same_seed_same_data_other_seed_other_data():
    X1, _ = spiral_data(30, 3, rng=np.random.default_rng(5))
    X2, _ = spiral_data(30, 3, rng=np.random.default_rng(5))
    X3, _ = spiral_data(30, 3, rng=np.random.default_rng(6))
    np.testing.assert_array_equal(X1, X2)
    assert not np.array_equal(X1, X3)


def test_points_lie_on_growing_radii():
    X, _ = spiral_data(100, 3, rng=np.random.default_rng(0))
    radii = np.linalg.norm(X, axis=1).reshape(3, 100)
    # Each arm runs from the centre (r = 0) out to the unit circle (r = 1); the noise moves only the angle.
    np.testing.assert_allclose(radii, np.tile(np.linspace(0, 1, 100), (3, 1)), atol=1e-12)


def test_float32_and_the_legacy_generator():
    X, y = spiral_data(10, 2, rng=np.random.RandomState(0), dtype=np.float32)
    assert X.dtype == np.float32 and y.dtype == np.uint8 and X.shape == (20, 2)


def test_one_sample_one_class_is_allowed():
    X, y = spiral_data(1, 1, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, [[0.0, 0.0]])
    np.testing.assert_array_equal(y, [0])


def test_too_many_classes_for_uint8_labels():
    with pytest.raises(ValueError, match="classes must be at most 256 .* got 257"):
        spiral_data(2, 257)


def test_a_float_dtype_by_name_gives_the_same_data():
    by_name, _ = spiral_data(20, 3, rng=np.random.default_rng(0), dtype="float32")
    by_type, _ = spiral_data(20, 3, rng=np.random.default_rng(0), dtype=np.float32)
    assert by_name.dtype == np.float32
    np.testing.assert_array_equal(by_name, by_type)


# --- the draft's arrays (contract 6) -------------------------------------------------------------------


def test_draft_batch_reproduces_the_drafts_printed_numbers():
    from nnfs_helpers.data import draft_batch

    batch = draft_batch()
    assert sorted(batch) == ["biases", "dvalues", "inputs", "weights"]
    assert {k: v.shape for k, v in batch.items()} == {
        "inputs": (3, 4),
        "weights": (4, 3),
        "biases": (1, 3),
        "dvalues": (3, 3),
    }
    assert all(v.dtype == np.float64 for v in batch.values())
    # In [45], In [46] and In [48] of the draft.
    np.testing.assert_allclose(
        batch["dvalues"] @ batch["weights"].T,
        [[0.44, -0.38, -0.07, 1.37], [0.88, -0.76, -0.14, 2.74], [1.32, -1.14, -0.21, 4.11]],
        atol=1e-12,
    )
    np.testing.assert_allclose(batch["inputs"].T @ batch["dvalues"], np.repeat([[0.5], [20.1], [10.9], [4.1]], 3, 1))
    np.testing.assert_array_equal(batch["dvalues"].sum(axis=0, keepdims=True), [[6.0, 6.0, 6.0]])
    np.testing.assert_array_equal(batch["biases"], [[2.0, 3.0, 0.5]])


def test_draft_arrays_are_fresh_copies():
    from nnfs_helpers.data import draft_batch, draft_neuron, draft_relu

    first = draft_batch()
    first["inputs"][0, 0] = 99.0
    first["weights"] *= 0
    assert draft_batch()["inputs"][0, 0] == 1.0 and draft_batch()["weights"][0, 0] == 0.2
    neuron = draft_neuron()
    assert neuron["x"].tolist() == [1.0, -2.0, 3.0] and neuron["w"].tolist() == [-3.0, -1.0, 2.0] and neuron["b"] == 1.0
    neuron["x"][0] = 5.0
    assert draft_neuron()["x"][0] == 1.0
    relu = draft_relu()
    assert relu["z"].dtype.kind == "i" and relu["z"].shape == relu["dvalues"].shape == (3, 4)
    np.testing.assert_array_equal((relu["z"] > 0) * relu["dvalues"], [[1, 2, 0, 0], [5, 0, 0, 8], [0, 10, 11, 0]])
