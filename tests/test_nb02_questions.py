"""Notebook 02's explorer question answers Yes only at N = 2, D = 5, M = 7."""

from __future__ import annotations

import pytest

from nnfs_helpers.exercises import check_explorer
from nnfs_helpers.widgets import shapes_explorer


@pytest.mark.parametrize(
    "sizes, answered",
    [((3, 4, 3), False), ((2, 5, 7), True), ((2, 5, 6), False), ((5, 2, 7), False), ((7, 5, 2), False)],
)
def test_shape_target(sizes, answered):
    widget = shapes_explorer()
    for slider, value in zip(widget.explorer.sliders, sizes, strict=True):
        slider.value = value
    result = check_explorer("02.shape_target", widget, quiet=True)
    assert result.passed is answered
    if not answered:  # says what the setting gives, not what the answer is
        assert f"dinputs is ({sizes[0]}, {sizes[1]})" in result.message
