"""The explorers' callbacks, called directly: no browser, no kernel."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnfs_helpers import widgets
from nnfs_helpers.activations import softmax, softmax_backward_jacobian
from nnfs_helpers.widgets import (
    learning_rate_explorer,
    neuron_graph_explorer,
    shapes_explorer,
    softmax_explorer,
    training_explorer,
)

FACTORIES = {
    "neuron-graph": neuron_graph_explorer,
    "learning-rate": learning_rate_explorer,
    "shapes": shapes_explorer,
    "softmax": softmax_explorer,
    "training": lambda: training_explorer(epochs=100),
}


def _sliders(explorer):
    for name in ("sliders", "logit_sliders"):
        if hasattr(explorer, name):
            return list(getattr(explorer, name))
    return [explorer.lr_slider]


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("kind", FACTORIES)
def test_root_carries_the_css_classes_the_browser_tests_find(kind):
    root = FACTORIES[kind]()
    assert {"nnfs-explorer", f"nnfs-explorer-{kind}"} <= set(root._dom_classes)
    assert _sliders(root.explorer), "every explorer has a first slider"


def test_neuron_graph_shows_the_drafts_numbers_at_the_defaults():
    explorer = neuron_graph_explorer().explorer
    assert explorer.forward.products == (-3.0, 2.0, 6.0)
    assert explorer.forward.z == 6.0 and explorer.forward.y == 6.0
    assert explorer.grads.dx == (-3.0, -1.0, 2.0)
    assert explorer.grads.dw == (1.0, -2.0, 3.0)
    assert explorer.grads.db == 1.0
    shown = explorer.table.value
    for number in ("6.000", "-3.000", "-2.000", "3.000", "1.000"):
        assert number in shown
    assert "ReLU off" not in shown
    assert _is_png(explorer.image.value)


def test_the_relu_gate_kills_every_gradient():
    explorer = neuron_graph_explorer().explorer
    before = explorer.image.value
    explorer.b_slider.value = -10.0  # z = 7 - 10 < 0
    assert explorer.forward.z < 0
    g = explorer.grads
    assert g.dx == (0.0, 0.0, 0.0) and g.dw == (0.0, 0.0, 0.0) and g.db == 0.0 and g.drelu_dz == 0.0
    assert "ReLU off" in explorer.table.value
    assert explorer.image.value != before


def test_upstream_gradient_scales_every_gradient():
    explorer = neuron_graph_explorer().explorer
    explorer.dvalue_slider.value = -2.0
    assert explorer.grads.dw == (-2.0, 4.0, -6.0)
    assert explorer.grads.db == -2.0


def test_learning_rate_step_gives_5_985_and_reset_restores():
    explorer = learning_rate_explorer().explorer
    assert explorer.outputs == [6.0]
    explorer.lr_slider.value = 0.001
    explorer.step()
    assert explorer.w == pytest.approx((-3.001, -0.998, 1.997))
    assert explorer.b == pytest.approx(0.999)
    assert explorer.outputs[-1] == pytest.approx(5.985)
    assert "5.985" in explorer.table.value and "steps taken: 1" in explorer.table.value
    explorer.reset()
    assert explorer.outputs == [6.0] and explorer.w == (-3.0, -1.0, 2.0)


def test_learning_rate_slider_previews_the_next_step():
    explorer = learning_rate_explorer().explorer
    explorer.lr_slider.value = 0.01
    assert "y = 5.850" in explorer.table.value  # 6 - 0.01 * (1 + 4 + 9 + 1)


def test_shapes_at_the_defaults_are_the_drafts_arrays():
    arrays = shapes_explorer().explorer.arrays
    np.testing.assert_allclose(arrays["dweights"][:, 0], [0.5, 20.1, 10.9, 4.1])
    np.testing.assert_allclose(arrays["dbiases"], [[6.0, 6.0, 6.0]])
    np.testing.assert_allclose(arrays["dinputs"][0], [0.44, -0.38, -0.07, 1.37])


def test_shapes_are_right_for_random_sizes():
    explorer = shapes_explorer().explorer
    rng = np.random.default_rng(0)
    for _ in range(25):
        n, d, m = (int(v) for v in rng.integers(1, 9, size=3))
        explorer.n_slider.value, explorer.d_slider.value, explorer.m_slider.value = n, d, m
        shapes = {name: array.shape for name, array in explorer.arrays.items()}
        assert shapes == {
            "inputs": (n, d),
            "weights": (d, m),
            "dvalues": (n, m),
            "dweights": (d, m),
            "dbiases": (1, m),
            "dinputs": (n, d),
        }
        assert f"N = {n} samples, D = {d} inputs, M = {m} neurons" in explorer.grids.value
        arrays = explorer.arrays
        np.testing.assert_allclose(arrays["dweights"], arrays["inputs"].T @ arrays["dvalues"])
        np.testing.assert_allclose(arrays["dinputs"], arrays["dvalues"] @ arrays["weights"].T)


@pytest.mark.parametrize("true_class", [0, 1, 2])
def test_softmax_gradient_is_y_hat_minus_y_and_jacobian_matches_reference(true_class):
    explorer = softmax_explorer().explorer
    explorer.class_buttons.value = true_class
    explorer.logit_sliders[1].value = 3.0
    logits = np.array([[s.value for s in explorer.logit_sliders]])
    y_hat = softmax(logits)[0]
    np.testing.assert_allclose(explorer.probabilities, y_hat)
    np.testing.assert_allclose(explorer.gradient, y_hat - np.eye(3)[true_class], atol=1e-15)
    assert explorer.loss == pytest.approx(-np.log(y_hat[true_class]))
    # Column j of the Jacobian is what the reference backward gives for a unit gradient on output j.
    for j in range(3):
        column = softmax_backward_jacobian(y_hat[None, :], np.eye(3)[[j]])[0]
        np.testing.assert_allclose(explorer.jacobian[:, j], column, atol=1e-15)


def test_training_reduces_the_loss():
    explorer = training_explorer(epochs=300).explorer
    history = explorer.train()
    assert history.loss[-1] < 0.8 * history.loss[0]
    assert explorer.progress.value == explorer.progress.max == 300
    assert "final loss" in explorer.status.value
    assert _is_png(explorer.image.value)


def test_training_slider_marks_results_out_of_date_without_training():
    explorer = training_explorer(epochs=100).explorer
    explorer.train()
    explorer.lr_slider.value = 0.5
    assert explorer.history is None
    assert "Press <b>Train</b>" in explorer.status.value and "η = 0.50" in explorer.status.value


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_slider_survives_its_minimum_and_maximum(kind):
    explorer = FACTORIES[kind]().explorer
    for slider in _sliders(explorer):
        for value in (slider.min, slider.max):
            slider.value = value
            for output in ("table", "grids", "status"):
                if hasattr(explorer, output):
                    assert "nan" not in getattr(explorer, output).value.lower()
    if hasattr(explorer, "train") and kind == "training":
        explorer.epochs_slider.value = explorer.epochs_slider.min
        explorer.hidden_slider.value = explorer.hidden_slider.min
        history = explorer.train()
        assert np.all(np.isfinite(history.loss))


@pytest.mark.parametrize("kind", ["neuron-graph", "shapes", "softmax", "training"])
def test_reset_restores_the_defaults(kind):
    explorer = FACTORIES[kind]().explorer
    sliders = _sliders(explorer)
    defaults = [slider.value for slider in sliders]
    for slider in sliders:
        slider.value = slider.max
    explorer.reset()
    assert [slider.value for slider in sliders] == defaults


def test_layer_arrays_are_seeded():
    first = widgets.layer_arrays(5, 2, 7)
    second = widgets.layer_arrays(5, 2, 7)
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


def _documented_state_keys() -> dict[str, set[str]]:
    """The state() keys per explorer, read from the table in docs/explorers.md."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "explorers.md").read_text(encoding="utf-8")
    keys: dict[str, set[str]] = {}
    kind = None
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not line.startswith("|") or cells[1] in ("key", "---"):
            continue
        if cells[0]:
            kind = cells[0].strip("`")
        keys.setdefault(kind, set()).update(re.findall(r"`([a-zA-Z_]+)`", cells[1]))
    return keys


@pytest.mark.parametrize("kind", FACTORIES)
def test_state_has_exactly_the_documented_keys_and_is_plain_python(kind):
    documented = _documented_state_keys()
    state = FACTORIES[kind]().explorer.state()
    assert set(state) == documented[kind]
    json.dumps(state)  # plain values only: no numpy arrays or scalars


def test_state_follows_the_sliders():
    explorer = neuron_graph_explorer().explorer
    explorer.b_slider.value = -10.0
    state = explorer.state()
    assert state["b"] == -10.0 and state["z"] == pytest.approx(-5.0) and state["y"] == 0.0
    assert not state["relu_on"] and state["dw"] == [0.0, 0.0, 0.0]

    explorer = learning_rate_explorer().explorer
    explorer.lr_slider.value = 0.5
    state = explorer.state()
    assert state["z_before"] == 6.0 and state["z_after"] == pytest.approx(6.0 - 0.5 * 15)
    assert state["y_after"] == 0.0
    explorer.step()
    state = explorer.state()
    assert state["steps"] == 1 and state["z_before"] == pytest.approx(-1.5) and state["outputs"] == [6.0, 0.0]

    explorer = softmax_explorer().explorer
    explorer.class_buttons.value = 2
    state = explorer.state()
    assert state["true_class"] == 2
    assert state["loss"] == pytest.approx(-np.log(state["probabilities"][2]))

    explorer = training_explorer(epochs=100).explorer
    assert explorer.state()["trained"] is False and explorer.state()["loss"] is None
    explorer.train()
    state = explorer.state()
    assert state["trained"] and state["loss"] == explorer.history.loss[-1]
    explorer.hidden_slider.value = 8
    assert explorer.state()["trained"] is False and explorer.state()["hidden"] == 8
