"""The explorers' callbacks, called directly: no browser, no kernel.

An explorer draws nothing until it is shown (displayed, or asked for ``static_png()``), so a test that
reads only numbers pays for no pixels. Tests that only read an explorer at its defaults share one
built per process (``_shared``), and its output bundle (``_shared_bundle``): each is drawn once.
"""

from __future__ import annotations

import base64
import functools
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


@functools.cache
def _shared(kind):
    """One explorer of each kind at its defaults, for the tests that only read it (never move it)."""
    return FACTORIES[kind]()


@functools.cache
def _shared_bundle(kind):
    """(data, metadata) of the shared explorer's output, as IPython formats it for display (drawn once)."""
    from IPython.core.formatters import DisplayFormatter

    return DisplayFormatter().format(_shared(kind))


def test_nothing_is_drawn_until_the_explorer_is_shown():
    explorer = neuron_graph_explorer().explorer
    explorer.set(b=-10.0)
    explorer.sliders[0].value = 2.0  # a move from code, as from the browser (x0: 1 -> 2)
    assert explorer.image.value == b"" and not explorer.showing, "building and moving draw no pixels"
    assert explorer.state()["z"] == pytest.approx(-8.0), "the numbers are there without a picture"
    picture = explorer.static_png()
    assert _is_png(picture) and explorer.image.value == picture and not explorer.showing
    explorer.set(b=0.0)
    assert explorer.image.value == picture, "static_png() draws once; later changes wait for the next"
    assert explorer.static_png() != picture
    explorer.show()  # what displaying it does: from now on each change is drawn at once
    before = explorer.image.value
    explorer.set(b=1.0)
    assert explorer.image.value != before


@pytest.mark.parametrize("kind", FACTORIES)
def test_root_carries_the_css_classes_the_browser_tests_find(kind):
    root = _shared(kind)
    assert {"nnfs-explorer", f"nnfs-explorer-{kind}"} <= set(root._dom_classes)
    assert _sliders(root.explorer), "every explorer has a first slider"


def test_neuron_graph_shows_the_drafts_numbers_at_the_defaults():
    explorer = _shared("neuron-graph").explorer
    assert explorer.forward.products == (-3.0, 2.0, 6.0)
    assert explorer.forward.z == 6.0 and explorer.forward.y == 6.0
    assert explorer.grads.dx == (-3.0, -1.0, 2.0)
    assert explorer.grads.dw == (1.0, -2.0, 3.0)
    assert explorer.grads.db == 1.0
    shown = explorer.table.value
    for number in ("6.000", "-3.000", "-2.000", "3.000", "1.000"):
        assert number in shown
    assert "ReLU off" not in shown and "h = ReLU(z) = 6.000" in shown
    assert _is_png(explorer.static_png())


def test_the_relu_gate_kills_every_gradient():
    explorer = neuron_graph_explorer().explorer
    before = explorer.static_png()
    explorer.b_slider.value = -10.0  # z = 7 - 10 < 0
    assert explorer.forward.z < 0
    g = explorer.grads
    assert g.dx == (0.0, 0.0, 0.0) and g.dw == (0.0, 0.0, 0.0) and g.db == 0.0 and g.drelu_dz == 0.0
    assert "ReLU off" in explorer.table.value
    assert explorer.static_png() != before


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
    arrays = _shared("shapes").explorer.arrays
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


def test_training_reduces_the_loss_and_a_slider_move_marks_it_out_of_date():
    explorer = training_explorer(epochs=300).explorer
    assert explorer.state()["trained"] is False and explorer.state()["loss"] is None
    history = explorer.train()
    assert history.loss[-1] < 0.8 * history.loss[0]
    assert explorer.progress.value == explorer.progress.max == 300
    assert "final loss" in explorer.status.value
    assert _is_png(explorer.static_png())
    state = explorer.state()
    assert state["trained"] and state["loss"] == explorer.history.loss[-1]
    # A slider move marks the results out of date without training.
    explorer.lr_slider.value = 0.5
    assert explorer.history is None and explorer.state()["trained"] is False
    assert "Press <b>Train</b>" in explorer.status.value and "η = 0.50" in explorer.status.value
    assert "M = 64" in explorer.status.value and "H =" not in explorer.status.value
    explorer.hidden_slider.value = 8
    assert explorer.state()["trained"] is False and explorer.state()["hidden"] == 8


def test_the_training_explorers_static_picture_shows_a_trained_result_and_leaves_the_explorer_untrained():
    # Where no widget manager runs nobody can press Train, so "not trained yet" would show no result.
    explorer = training_explorer(epochs=100).explorer
    static = explorer.static_png()
    assert _is_png(static) and static != explorer.image.value, "the live picture still waits for Train"
    assert explorer.state()["trained"] is False and "Press <b>Train</b>" in explorer.status.value
    assert explorer.static_png() is static, "built once per settings"
    history = explorer.train()
    # Train draws the same run (same settings, same seed) on the live figure; its status is the static title.
    assert explorer.static_png() == explorer.image.value
    assert explorer._result_line(history) in explorer.status.value.replace("<b>", "").replace("</b>", "")
    explorer.seed_slider.value = 1  # out of date again: the static picture is trained at the new settings
    moved = explorer.static_png()
    assert moved not in (static, explorer.image.value) and explorer.state()["trained"] is False


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_slider_survives_its_minimum_and_maximum(kind):
    explorer = FACTORIES[kind]().explorer
    if kind != "training":
        explorer.show()  # every move is drawn (at 1x, as a move in the browser); training draws below
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
        assert _is_png(explorer.static_png())


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
    state = _shared(kind).explorer.state()
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
    # (the training explorer's state after Train: test_training_reduces_the_loss_and_...)


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


@pytest.mark.parametrize("kind", FACTORIES)
def test_output_carries_a_png_and_a_fixed_line_instead_of_the_widget_repr(kind):
    root = _shared(kind)
    data, _ = _shared_bundle(kind)
    assert "application/vnd.jupyter.widget-view+json" in data, "Lab still gets the live widget"
    assert data["text/plain"] == static_text(kind)
    assert "VBox" not in data["text/plain"] and "\n" not in data["text/plain"]
    assert root.model_id not in data["text/plain"], "no model id: nbval compares this line"
    assert "open this notebook in JupyterLab and run it to move the sliders" in data["text/plain"]
    # ... and, where sliders cannot move, how to set them: the factory's own name, which help() documents.
    factory = kind.replace("-", "_") + "_explorer"
    assert callable(getattr(widgets, factory)) and f"help({factory}) lists its arguments" in data["text/plain"]
    picture = base64.b64decode(data["image/png"])
    assert _is_png(picture)
    width, height = PIL.Image.open(io.BytesIO(picture)).size
    assert width > 200 and height > 100
    # Before Train, the training explorer's picture is a trained run of its own (see test_the_training_explorers_...).
    if hasattr(root.explorer, "image") and kind != "training":
        assert picture == root.explorer.image.value, "the picture is the explorer's own figure"
    assert root.explorer.showing, "displayed: every later change is drawn"
    assert repr(root) == static_text(kind)


@pytest.mark.slow  # starts a kernel
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
    (
        neuron_graph_explorer,
        {"x": (1.0, 6.0, 3.0)},
        ValueError,
        "x[1] must be a finite number between -5 and 5 (the range of its slider)",
    ),
    (
        neuron_graph_explorer,
        {"b": 12.0},
        ValueError,
        "b must be a finite number between -10 and 10 (the range of its slider)",
    ),
    (
        neuron_graph_explorer,
        {"dvalue": float("nan")},
        ValueError,
        "dvalue must be a finite number between -3 and 3 (the range of its slider)",
    ),
    (neuron_graph_explorer, {"b": "1"}, TypeError, "b must be a number"),
    (neuron_graph_explorer, {"x": 1.0}, TypeError, "x must be a sequence of 3 numbers"),
    (
        learning_rate_explorer,
        {"learning_rate": 0.0},
        ValueError,
        "learning_rate must be a finite number between 0.001 and 0.5 (the range of its slider)",
    ),
    (
        learning_rate_explorer,
        {"learning_rate": 2},
        ValueError,
        "learning_rate must be a finite number between 0.001 and 0.5 (the range of its slider)",
    ),
    (learning_rate_explorer, {"w": (1.0, float("inf"), 0.0)}, ValueError, "w[1] must be a finite number"),
    (learning_rate_explorer, {"x": (1.0, 2.0)}, ValueError, "x must hold exactly 3 numbers, got 2"),
    (
        shapes_explorer,
        {"n_samples": 9},
        ValueError,
        "n_samples must be a whole number between 1 and 8 (the range of its slider)",
    ),
    (
        shapes_explorer,
        {"n_inputs": 0},
        ValueError,
        "n_inputs must be a whole number between 1 and 8 (the range of its slider)",
    ),
    (shapes_explorer, {"n_neurons": 2.5}, TypeError, "n_neurons must be a whole number"),
    (softmax_explorer, {"logits": (1.0, 2.0)}, ValueError, "logits must hold exactly 3 numbers, got 2"),
    (
        softmax_explorer,
        {"logits": (1.0, 2.0, 30.0)},
        ValueError,
        "logits[2] must be a finite number between -10 and 10 (the range of its slider)",
    ),
    (softmax_explorer, {"true_class": 3}, ValueError, "true_class must be 0, 1 or 2"),
    (softmax_explorer, {"true_class": 1.0}, TypeError, "true_class must be a class index"),
    (
        training_explorer,
        {"hidden": 256},
        ValueError,
        "hidden must be a whole number between 2 and 128 (the range of its slider)",
    ),
    (
        training_explorer,
        {"epochs": 50},
        ValueError,
        "epochs must be a whole number between 100 and 5000 (the range of its slider)",
    ),
    (
        training_explorer,
        {"learning_rate": 5.0},
        ValueError,
        "learning_rate must be a finite number between 0.05 and 2 (the range of its slider)",
    ),
    (
        training_explorer,
        {"seed": -1},
        ValueError,
        "seed must be a whole number between 0 and 20 (the range of its slider)",
    ),
    (training_explorer, {"seed": True}, TypeError, "seed must be a whole number"),
    (batch_relu_explorer, {"biases": (2.0, 3.0)}, ValueError, "biases must hold exactly 3 numbers, got 2"),
    (
        batch_relu_explorer,
        {"biases": (2.0, 3.0, -11.0)},
        ValueError,
        "biases[2] must be a finite number between -10 and 10 (the range of its slider)",
    ),
    (batch_relu_explorer, {"upstream": (1.0, 2.0, 3.0, 4.0)}, ValueError, "upstream must hold exactly 3 numbers"),
    (
        batch_relu_explorer,
        {"upstream": (1.0, 9.0, 3.0)},
        ValueError,
        "upstream[1] must be a finite number between -5 and 5 (the range of its slider)",
    ),
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


# --- the Explorer API (contract 1) ---------------------------------------------------------------

CONTROL_NAMES = {
    "neuron-graph": ["x0", "x1", "x2", "w0", "w1", "w2", "b", "dvalue"],
    "learning-rate": ["learning_rate"],
    "shapes": ["n_samples", "n_inputs", "n_neurons"],
    "softmax": ["logits0", "logits1", "logits2", "true_class"],
    "training": ["learning_rate", "hidden", "epochs", "seed"],
    "batch-relu": ["biases0", "biases1", "biases2", "upstream0", "upstream1", "upstream2"],
}


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_explorer_derives_from_the_base_with_named_controls(kind):
    from nnfs_helpers.widgets.base import Explorer

    explorer = _shared(kind).explorer
    assert isinstance(explorer, Explorer) and explorer.kind == kind
    assert list(explorer.controls) == CONTROL_NAMES[kind]
    assert explorer.values() == explorer.defaults
    assert _is_png(explorer.static_png())
    docs = (Path(__file__).resolve().parent.parent / "docs" / "explorers.md").read_text(encoding="utf-8")
    for name in CONTROL_NAMES[kind]:
        assert f"`{name}`" in docs or f"`{name[:-1]}0`" in docs, f"{name} is documented"


@pytest.mark.parametrize("kind", FACTORIES)
def test_an_off_grid_value_from_code_snaps_and_set_refuses_it(kind):
    explorer = FACTORIES[kind]().explorer
    for name, control in explorer.controls.items():
        if not hasattr(control, "step"):
            continue
        if isinstance(control.value, int):
            if control.step == 1:
                continue  # every whole number is on the grid
            inside = control.min + control.step + control.step // 2  # half-way: ties go up
        else:
            inside = control.min + 2.4 * control.step  # 0.4 of a step past a grid point: nearest is 2 steps up
        control.value = inside
        expected = control.min + 2 * control.step
        assert explorer.values()[name] == pytest.approx(expected, abs=1e-12)
        with pytest.raises(
            ValueError, match=r"not on its slider's grid \(.* in steps of .*\); the grid points either side"
        ):
            explorer.set(**{name: inside})
        with pytest.raises(ValueError, match="range of its slider"):
            explorer.set(**{name: control.max + control.step})
    with pytest.raises(TypeError, match="has no control 'nonsense'; its controls are"):
        explorer.set(nonsense=1)
    json.dumps(explorer.state())


def test_the_readout_typo_that_fooled_the_check_lands_on_the_grid():
    explorer = learning_rate_explorer().explorer
    explorer.lr_slider.value = 0.3999  # what typing into the readout sends
    assert explorer.state()["learning_rate"] == 0.4
    with pytest.raises(ValueError, match="0.001 to 0.5 in steps of 0.001"):
        explorer.set(learning_rate=0.3999)
    training = training_explorer(epochs=100).explorer
    training.hidden_slider.value = 27
    assert training.state()["hidden"] == 28, "an odd width snaps to the even grid"
    with pytest.raises(TypeError, match="whole number"):
        training.set(hidden=26.5)
    # The refusal names the grid points either side (and, for a tie, where the slider rounds) and says that
    # only one of them is to be typed, found on the slider: never "type one of them", which reads as if either
    # were accepted (a learner typed 2.65 after that advice and got "Not yet"; 2.655 was the answer).
    halfway = (
        r"either side of it are 26 and 28 \(27 is halfway; the slider itself would round it up to 28\): set the slider"
    )
    with pytest.raises(ValueError, match=halfway):
        training.set(hidden=27)
    with pytest.raises(
        ValueError,
        match=r"are 4\.885 and 4\.89: set the slider to each, see which one does what the question asks, "
        r"and type that one$",
    ) as refused:
        softmax_explorer().explorer.set(logits1=4.8856)
    assert "one of them" not in str(refused.value)
    with pytest.raises(TypeError):
        softmax_explorer().explorer.set(true_class="1")
    with pytest.raises(ValueError, match=r"one of \[0, 1, 2\]"):
        softmax_explorer().explorer.set(true_class=3)


def test_set_changes_several_controls_with_one_redraw_and_reset_restores_them():
    explorer = batch_relu_explorer().explorer
    redraws = []
    original = explorer.update
    explorer.update = lambda: (redraws.append(1), original())
    explorer.set(biases1=1.7, upstream0=0.5)
    assert len(redraws) == 1
    assert explorer.state()["dead_neurons"] == [1] and explorer.state()["upstream"][0] == 0.5
    explorer.reset()
    assert explorer.values() == explorer.defaults and len(redraws) == 2


def test_a_factory_refuses_an_off_grid_start():
    with pytest.raises(ValueError, match="not on its slider's grid"):
        training_explorer(hidden=27)
    with pytest.raises(ValueError, match="not on its slider's grid"):
        softmax_explorer(logits=(4.8, 1.211, 2.385))


# --- readable, named, described ------------------------------------------------------------------


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_control_has_a_name_and_every_figure_alt_text(kind):
    explorer = _shared(kind).explorer
    for name, control in explorer.controls.items():
        assert control.description.strip() and control.tooltip.strip(), f"{name} has a label and a tooltip"
    assert len(explorer.alt_text()) > 40
    if hasattr(explorer, "image"):
        # ipywidgets 8.1's front end reads a description when it applies a tooltip; an Image has none, so a
        # tooltip made its view fail and the figure vanished (in Lab and on the site). The alt text is set
        # by the accessibility script instead (the browser test reads it in Chromium).
        assert not explorer.image.tooltip
    script = _accessibility_script(explorer.widget)
    assert json.dumps(explorer.alt_text()) in script
    assert "aria-labelledby" in script and ".noUi-handle" in script
    _, metadata = _shared_bundle(kind)
    assert metadata["image/png"]["alt"] == explorer.alt_text()


def _accessibility_script(root) -> str:
    """The text/html of the hidden Output that names the sliders and sets the figure's alt (controls.py)."""
    outputs = [child for child in root.children if "nnfs-accessibility" in child._dom_classes]
    assert len(outputs) == 1, "one accessibility Output per explorer"
    assert outputs[0].layout.display == "none"
    (output,) = outputs[0].outputs
    return output["data"]["text/html"]


@pytest.mark.parametrize("kind", ["neuron-graph", "learning-rate", "softmax", "training"])
def test_figures_are_rendered_at_2x_and_shown_at_1x(kind):
    explorer = _shared(kind).explorer
    width, height = PIL.Image.open(io.BytesIO(explorer.static_png())).size
    assert int(explorer.image.width) * 2 == pytest.approx(width, abs=2)
    # Narrow enough for JupyterLab's notebook column with the file browser open in a 1400-px window
    # (968 px), so it is shown at 1x and its 9 pt text stays 9 pt (the browser test measures it there).
    assert int(explorer.image.width) <= 912
    _, metadata = _shared_bundle(kind)
    assert metadata["image/png"]["width"] * 2 == pytest.approx(width, abs=2)
    for text in explorer.figure.findobj(lambda artist: hasattr(artist, "get_fontsize") and hasattr(artist, "get_text")):
        if text.get_visible() and text.get_text():
            assert text.get_fontsize() >= 9, f"{text.get_text()!r} is {text.get_fontsize()} pt"


def _cells(html_text):
    """(background, colour, text) of every shaded cell in an explorer's HTML."""
    return re.findall(r"background:(#[0-9A-F]{6});color:(#[0-9A-F]{6});[^>]*>([^<]*)<", html_text)


QUESTION_SETTINGS = [
    ("shapes", {}),
    ("shapes", {"n_samples": 5, "n_inputs": 2, "n_neurons": 7}),
    ("batch-relu", {"biases1": 1.7}),
    ("batch-relu", {"biases0": -6.9, "upstream2": -5.0}),
    ("neuron-graph", {"x1": 0.0}),
    ("neuron-graph", {"b": -10.0}),
]


@pytest.mark.parametrize("kind, settings", QUESTION_SETTINGS)
def test_every_number_on_a_shaded_cell_reads_at_4_5_to_1(kind, settings):
    from nnfs_helpers.plots import contrast_ratio

    explorer = FACTORIES[kind]().explorer
    explorer.set(**settings)
    shown = getattr(explorer, "grids", None) or explorer.table
    cells = _cells(shown.value)
    assert len(cells) >= 7
    for background, colour, text in cells:
        assert contrast_ratio(background, colour) >= 4.5, f"{text} in {colour} on {background}"
    # No element sets a background without its text colour, or a colour without its background.
    for style in re.findall(r"style='([^']*)'", shown.value):
        has_background, has_colour = "background:" in style, re.search(r"(^|;)color:", style) is not None
        assert has_background == has_colour, style


def test_the_shapes_grids_print_the_digits_numpy_prints():
    shown = _shared("shapes").explorer.grids.value
    numbers = [text for _, _, text in _cells(shown)]
    for printed in ("20.1", "10.9", "0.44", "-0.38", "-0.07", "1.37", "-0.91", "2.5"):
        assert printed in numbers, printed


def test_the_softmax_explorer_says_clipped_and_shows_the_true_loss():
    explorer = softmax_explorer(true_class=1).explorer
    explorer.set(logits0=10.0, logits1=-10.0, logits2=0.0)
    state = explorer.state()
    z = np.array(state["logits"])
    true_loss = np.log(np.exp(z - z.max()).sum()) + z.max() - z[1]
    assert state["clipped"] and state["loss"] == pytest.approx(true_loss) and state["loss"] > 19.9
    assert state["clipped_loss"] == pytest.approx(-np.log(1e-7))
    assert "clipped" in explorer.table.value and f"{true_loss:.4f}" in explorer.table.value
    explorer.reset()
    assert not explorer.state()["clipped"] and "clipped" not in explorer.table.value
    assert explorer.state()["loss"] == pytest.approx(-np.log(explorer.state()["probabilities"][1]))
    assert "L = −log ŷ₁" in explorer.loss_text.get_text(), "the figure shows the loss too"


def _png_size(data: bytes) -> tuple[int, int]:
    return PIL.Image.open(io.BytesIO(data)).size


# The neuron graph stays in make test-fast (the most artists, partial redraws); the others go with the slow tests.
@pytest.mark.parametrize(
    "kind",
    [
        "neuron-graph",
        pytest.param("learning-rate", marks=pytest.mark.slow),
        pytest.param("softmax", marks=pytest.mark.slow),
    ],
)
def test_a_slider_move_draws_at_1x_and_the_picture_at_rest_is_2x_with_the_same_content(kind):
    explorer = FACTORIES[kind]().explorer
    explorer.show()  # displayed: the first picture is 2x
    sharp = _png_size(explorer.image.value)
    layout = [ax.get_position().bounds for ax in explorer.figure.axes]
    slider = explorer.sliders[0]
    slider.value = slider.value + slider.step  # as a move in the browser: the live path
    live = explorer.image.value
    assert _png_size(live) == (sharp[0] // 2, sharp[1] // 2), "a move is drawn at 1x (a quarter of the pixels)"
    assert explorer.renderer.live_pending
    moved = explorer.state()
    explorer.settle()  # what the kernel's event loop runs SETTLE_SECONDS after the last move
    assert _png_size(explorer.image.value) == sharp and not explorer.renderer.live_pending
    # The 2x picture at rest is, pixel for pixel, what an explorer set to the same values from code draws.
    at_rest = explorer.image.value
    twin = FACTORIES[kind]().explorer
    twin.set(**explorer.values())
    assert twin.static_png() == at_rest
    assert explorer.state() == moved == twin.state()
    # The 1x picture has the layout the 2x one has (the 1x surface never re-solves it), and downscaled the
    # 2x picture looks like it (antialiasing and glyph hinting differ between resolutions, nothing else).
    assert [ax.get_position().bounds for ax in explorer.figure.axes] == layout
    small = np.asarray(PIL.Image.open(io.BytesIO(at_rest)).convert("L").resize(_png_size(live)), dtype=float)
    assert np.abs(small - np.asarray(PIL.Image.open(io.BytesIO(live)).convert("L"), dtype=float)).mean() < 10
    # set() (code, a question's answer) and static_png() are always 2x.
    slider.value = slider.value - slider.step
    assert _png_size(explorer.static_png()) == sharp
    explorer.set(**{name: explorer.defaults[name] for name in list(explorer.controls)[:1]})
    assert _png_size(explorer.image.value) == sharp


def test_in_an_event_loop_the_picture_returns_to_2x_once_the_slider_rests():
    """What the kernel does: its asyncio loop draws the 1x surface when idle, then the 2x picture at rest."""
    import asyncio

    from nnfs_helpers.widgets.base import SETTLE_SECONDS

    async def scenario():
        import ipywidgets

        alone = neuron_graph_explorer().explorer  # what a question's check builds: nothing holds it
        explorer = neuron_graph_explorer().explorer
        box = ipywidgets.HBox([explorer.widget])  # displayed inside another widget: no display call of its own
        assert explorer.image.value == b"", "building draws nothing"
        await asyncio.sleep(0)  # idle: an explorer inside a widget is shown, so it has its picture on screen
        assert explorer.showing and not alone.showing and alone.image.value == b""
        assert box.children == (explorer.widget,)
        sharp = _png_size(explorer.image.value)
        await asyncio.sleep(0)  # idle again: the 1x background is drawn (warm), so the first move only blits
        assert explorer.renderer.live_background_ready
        slider = explorer.sliders[0]
        for _ in range(3):  # three quick moves: each postpones the 2x render
            slider.value = slider.value + slider.step
            assert _png_size(explorer.image.value) == (sharp[0] // 2, sharp[1] // 2)
        for _ in range(100):
            await asyncio.sleep(SETTLE_SECONDS / 5)
            if _png_size(explorer.image.value) == sharp:
                break
        assert _png_size(explorer.image.value) == sharp, "the picture at rest is 2x"
        assert not explorer.renderer.live_pending

    asyncio.run(scenario())
