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
