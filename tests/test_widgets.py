"""The explorers' callbacks, called directly: no browser, no kernel."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import numpy as np
import PIL.Image
import pytest

from nnfs_helpers import widgets
from nnfs_helpers.activations import softmax, softmax_backward_jacobian
from nnfs_helpers.widgets import (
    batch_relu_explorer,
    learning_rate_explorer,
    neuron_graph_explorer,
    shapes_explorer,
    softmax_explorer,
    static_text,
    training_explorer,
)

FACTORIES = {
    "neuron-graph": neuron_graph_explorer,
    "learning-rate": learning_rate_explorer,
    "shapes": shapes_explorer,
    "softmax": softmax_explorer,
    "training": lambda: training_explorer(epochs=100),
    "batch-relu": batch_relu_explorer,
}


def _sliders(explorer):
    return list(explorer.sliders)


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
    assert "ReLU off" not in shown and "h = ReLU(z) = 6.000" in shown
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
    assert "h = 5.850" in explorer.table.value  # 6 - 0.01 * (1 + 4 + 9 + 1)


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
    assert "M = 64" in explorer.status.value and "H =" not in explorer.status.value


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


@pytest.mark.parametrize("kind", ["neuron-graph", "shapes", "softmax", "training", "batch-relu"])
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
    text = text.split("## Reading an explorer's state", 1)[1].split("\n## ", 1)[0]
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


# --- the batch ReLU explorer (notebook 03) ----------------------------------------------------

# The draft's layer, written out here rather than imported, so the explorer is checked against the book.
X_DRAFT = np.array([[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2], [-1.5, 2.7, 3.3, -0.8]])
W_DRAFT = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T


def test_batch_relu_at_the_defaults_is_the_drafts_layer():
    state = batch_relu_explorer().explorer.state()
    np.testing.assert_allclose(state["Z"], [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]])
    np.testing.assert_array_equal(state["mask"], [[1, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(state["G"], [[1, 1, 1], [2, 2, 2], [3, 3, 3]])
    G_z = np.array([[1, 1, 1], [2, 0, 2], [3, 3, 3]], dtype=float)
    np.testing.assert_array_equal(state["G_z"], G_z)
    np.testing.assert_allclose(state["dweights"], X_DRAFT.T @ G_z)
    np.testing.assert_allclose(state["dbiases"], [[6.0, 4.0, 6.0]])
    np.testing.assert_allclose(state["dinputs"], G_z @ W_DRAFT.T)
    assert state["biases"] == [2.0, 3.0, 0.5] and state["upstream"] == [1.0, 2.0, 3.0]
    assert state["dead_neurons"] == []


def test_batch_relu_agrees_with_the_package_layers_for_any_setting():
    from nnfs_helpers import ActivationReLU, LayerDense

    explorer = batch_relu_explorer().explorer
    rng = np.random.default_rng(3)
    for _ in range(10):
        for control in explorer.sliders:
            control.value = round(float(rng.uniform(control.min, control.max)), 1)
        state = explorer.state()
        dense = LayerDense(4, 3, rng=np.random.default_rng(0))
        dense.weights, dense.biases = W_DRAFT.copy(), np.array([state["biases"]])
        relu = ActivationReLU()
        relu.forward(dense.forward(X_DRAFT))
        dense.backward(relu.backward(np.array(state["G"])))
        np.testing.assert_allclose(state["dweights"], dense.dweights, atol=1e-12)
        np.testing.assert_allclose(state["dbiases"], dense.dbiases, atol=1e-12)
        np.testing.assert_allclose(state["dinputs"], dense.dinputs, atol=1e-12)


# The first slider step at which each neuron is off for every sample (docs/explorers.md); at b0 = -6.9,
# sample 1's z is exactly 0, where the ReLU's gradient is taken as 0.
@pytest.mark.parametrize("neuron, bias", [(0, -6.9), (1, 1.7), (2, -1.9)])
def test_lowering_a_bias_until_the_neuron_is_off_zeroes_its_column_of_dweights(neuron, bias):
    explorer = batch_relu_explorer().explorer
    explorer.bias_sliders[neuron].value = round(bias + 0.1, 1)
    assert explorer.state()["dead_neurons"] == [], "one step higher, the neuron is still on for some sample"
    explorer.reset()
    before = explorer.grids.value
    assert not np.allclose(np.array(explorer.state()["dweights"])[:, neuron], 0)
    explorer.bias_sliders[neuron].value = bias
    state = explorer.state()
    assert state["dead_neurons"] == [neuron]
    dweights = np.array(state["dweights"])
    np.testing.assert_array_equal(dweights[:, neuron], 0.0)
    assert np.all(np.array(state["Z"])[:, neuron] <= 0)
    others = [k for k in range(3) if k != neuron]
    assert np.all(np.abs(dweights[:, others]).sum(axis=0) > 0), "the other neurons still learn"
    shown = explorer.grids.value
    assert shown != before and f"Neuron {neuron} is off for every sample" in shown
    assert "dashed" in shown, "the dead column is outlined"


def test_batch_relu_upstream_slider_sets_its_samples_row_of_G():
    explorer = batch_relu_explorer().explorer
    explorer.upstream_sliders[2].value = -1.5
    state = explorer.state()
    np.testing.assert_array_equal(state["G"][2], [-1.5, -1.5, -1.5])
    np.testing.assert_array_equal(state["G_z"][2], [-1.5, -1.5, -1.5])  # sample 2 is on for every neuron


# --- without a widget manager: a picture and one line of text -------------------------------


def _bundle(root) -> dict:
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(root)
    return data


@pytest.mark.parametrize("kind", FACTORIES)
def test_output_carries_a_png_and_a_fixed_line_instead_of_the_widget_repr(kind):
    first, second = _bundle(FACTORIES[kind]()), _bundle(FACTORIES[kind]())
    assert "application/vnd.jupyter.widget-view+json" in first, "Lab still gets the live widget"
    assert first["text/plain"] == second["text/plain"] == static_text(kind)
    assert "VBox" not in first["text/plain"] and "\n" not in first["text/plain"]
    assert first["text/plain"].endswith("open this notebook in JupyterLab and run it to move the sliders.")
    picture = base64.b64decode(first["image/png"])
    assert _is_png(picture)
    width, height = PIL.Image.open(io.BytesIO(picture)).size
    assert width > 200 and height > 100
    assert repr(FACTORIES[kind]()) == static_text(kind)


def test_the_picture_is_the_explorers_own_figure():
    root = neuron_graph_explorer()
    assert base64.b64decode(_bundle(root)["image/png"]) == root.explorer.image.value


def test_a_notebook_executed_without_a_browser_stores_the_picture_and_the_line(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from nnfs_helpers.widgets import batch_relu_explorer\nbatch_relu_explorer()")
    ]
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    (output,) = notebook.cells[0].outputs
    assert output["data"]["text/plain"] == static_text("batch-relu")
    assert _is_png(base64.b64decode(output["data"]["image/png"]))


# --- bad arguments are refused, not clamped or truncated ------------------------------------

BAD_ARGUMENTS = [
    (neuron_graph_explorer, {"x": (1.0, 2.0)}, ValueError, "x must hold exactly 3 numbers, got 2"),
    (neuron_graph_explorer, {"w": (1.0, 2.0, 3.0, 4.0)}, ValueError, "w must hold exactly 3 numbers, got 4"),
    (neuron_graph_explorer, {"x": (1.0, 6.0, 3.0)}, ValueError, "x[1] must be between -5.0 and 5.0"),
    (neuron_graph_explorer, {"b": 12.0}, ValueError, "b must be between -10.0 and 10.0"),
    (neuron_graph_explorer, {"dvalue": float("nan")}, ValueError, "dvalue must be between -3.0 and 3.0"),
    (neuron_graph_explorer, {"b": "1"}, TypeError, "b must be a number"),
    (neuron_graph_explorer, {"x": 1.0}, TypeError, "x must be a sequence of 3 numbers"),
    (learning_rate_explorer, {"learning_rate": 0.0}, ValueError, "learning_rate must be between 0.001 and 0.5"),
    (learning_rate_explorer, {"learning_rate": 2}, ValueError, "learning_rate must be between 0.001 and 0.5"),
    (learning_rate_explorer, {"w": (1.0, float("inf"), 0.0)}, ValueError, "w[1] must be finite"),
    (learning_rate_explorer, {"x": (1.0, 2.0)}, ValueError, "x must hold exactly 3 numbers, got 2"),
    (shapes_explorer, {"n_samples": 9}, ValueError, "n_samples must be between 1 and 8"),
    (shapes_explorer, {"n_inputs": 0}, ValueError, "n_inputs must be between 1 and 8"),
    (shapes_explorer, {"n_neurons": 2.5}, TypeError, "n_neurons must be a whole number"),
    (softmax_explorer, {"logits": (1.0, 2.0)}, ValueError, "logits must hold exactly 3 numbers, got 2"),
    (softmax_explorer, {"logits": (1.0, 2.0, 30.0)}, ValueError, "logits[2] must be between -10.0 and 10.0"),
    (softmax_explorer, {"true_class": 3}, ValueError, "true_class must be 0, 1 or 2"),
    (softmax_explorer, {"true_class": 1.0}, TypeError, "true_class must be a class index"),
    (training_explorer, {"hidden": 256}, ValueError, "hidden must be between 2 and 128"),
    (training_explorer, {"epochs": 50}, ValueError, "epochs must be between 100 and 5000"),
    (training_explorer, {"learning_rate": 5.0}, ValueError, "learning_rate must be between 0.05 and 2.0"),
    (training_explorer, {"seed": -1}, ValueError, "seed must be between 0 and 20"),
    (training_explorer, {"seed": True}, TypeError, "seed must be a whole number"),
    (batch_relu_explorer, {"biases": (2.0, 3.0)}, ValueError, "biases must hold exactly 3 numbers, got 2"),
    (batch_relu_explorer, {"biases": (2.0, 3.0, -11.0)}, ValueError, "biases[2] must be between -10.0 and 10.0"),
    (batch_relu_explorer, {"upstream": (1.0, 2.0, 3.0, 4.0)}, ValueError, "upstream must hold exactly 3 numbers"),
    (batch_relu_explorer, {"upstream": (1.0, 9.0, 3.0)}, ValueError, "upstream[1] must be between -5.0 and 5.0"),
]


@pytest.mark.parametrize(
    "factory, kwargs, error, message",
    BAD_ARGUMENTS,
    ids=[f"{factory.__name__}-{next(iter(kwargs))}-{i}" for i, (factory, kwargs, _, _) in enumerate(BAD_ARGUMENTS)],
)
def test_bad_arguments_raise_a_clear_error(factory, kwargs, error, message):
    with pytest.raises(error) as raised:
        factory(**kwargs)
    assert message in str(raised.value)
    assert "got" in str(raised.value), "the message says what came in"


def test_values_at_the_ends_of_the_range_are_accepted():
    assert neuron_graph_explorer(b=-10.0, x=(5.0, -5.0, 0.0)).explorer.state()["b"] == -10.0
    assert shapes_explorer(n_samples=8, n_inputs=1).explorer.state()["n_samples"] == 8
    assert batch_relu_explorer(biases=[10, -10, 0]).explorer.state()["biases"] == [10.0, -10.0, 0.0]
