"""The drawing functions work on their own, without a display."""

from __future__ import annotations

import tracemalloc

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnfs_helpers import Classifier, OptimizerSGD, spiral_data, train
from nnfs_helpers.neuron import neuron_backward, neuron_forward
from nnfs_helpers.plots import (
    LargeGridWarning,
    NeuronGraph,
    boundary_grid_bytes,
    contrast_ratio,
    draw_neuron,
    plot_decision_boundary,
    plot_relu,
    plot_training_curves,
    plot_training_summary,
    sign_colour,
    sign_text_colour,
    text_colour,
)
from nnfs_helpers.plots.colours import cell_colour, diverging_cmap
from nnfs_helpers.widgets import LearningRateExplorer, NeuronGraphExplorer, SoftmaxExplorer
from nnfs_helpers.widgets.matrices import draw_matrix, matrices_figure
from nnfs_helpers.widgets.render import FastRenderer, figure_png, new_figure


def test_sign_colours_differ_by_sign():
    assert len({sign_colour(1.0), sign_colour(-1.0), sign_colour(0.0)}) == 3


def test_decision_boundary_covers_the_data_and_returns_axes():
    rng = np.random.default_rng(0)
    X, y = spiral_data(30, 3, rng=rng)
    model = Classifier(2, 16, 3, rng=rng)
    ax = plot_decision_boundary(model, X, y, resolution=40)
    x_low, x_high = ax.get_xlim()
    assert x_low < X[:, 0].min() and x_high > X[:, 0].max()
    assert ax.collections, "the shaded regions and the points were drawn"
    plt.close("all")


def test_training_curves_plot_the_history():
    rng = np.random.default_rng(1)
    X, y = spiral_data(20, 3, rng=rng)
    history = train(Classifier(2, 8, 3, rng=rng), X, y, OptimizerSGD(1.0), epochs=50, record_every=5)
    loss_ax, accuracy_ax = plot_training_curves(history)
    np.testing.assert_allclose(loss_ax.lines[0].get_ydata(), history.loss)
    np.testing.assert_allclose(accuracy_ax.lines[0].get_ydata(), history.accuracy)
    plt.close("all")


def test_draw_matrix_titles_the_shape_and_annotates_small_arrays():
    figure = new_figure(3, 3)
    ax = figure.add_subplot()
    draw_matrix(ax, np.arange(6.0).reshape(2, 3), "weights")
    assert "shape (2, 3)" in ax.get_title()
    assert [t.get_text() for t in ax.texts] == ["0", "1", "2", "3", "4", "5"], "numbers as numpy prints them"
    assert len(figure.axes) == 2, "the grid has a colour bar"


def test_neuron_graph_labels_each_edge_with_its_gradient():
    figure = new_figure(8, 4)
    graph = NeuronGraph(figure.add_subplot())
    x, w, b = (1.0, -2.0, 3.0), (-3.0, -1.0, 2.0), 1.0
    graph.update(x, w, b, 1.0, neuron_forward(x, w, b), neuron_backward(x, w, b))
    assert graph.edge_labels["x0"].get_text() == "-3.00"
    assert graph.edge_labels["w2"].get_text() == "3.00"
    assert graph.node_text["out"].get_text() == "h = 6.00"


def test_fast_renderer_redraws_only_what_changed_and_matches_a_full_draw():
    figure = new_figure(4, 3)
    ax = figure.add_subplot()
    ax.set_ylim(0, 1)
    bars = ax.bar([0, 1], [0.2, 0.4])
    renderer = FastRenderer(figure, list(bars))
    first = renderer.full()
    bars[0].set_height(0.9)
    blitted = renderer.render()
    assert blitted != first
    assert blitted == renderer.full(), "blitting must give the same picture as drawing everything"


def _every_dynamic_artist_drawn(renderer: FastRenderer) -> np.ndarray:
    """The picture the renderer must match: background plus every dynamic artist, drawn in order."""
    renderer.canvas.restore_region(renderer.background)
    for artist in renderer.dynamic:
        renderer.figure.draw_artist(artist)
    return np.array(renderer.canvas.buffer_rgba())


# 25 random moves, each checked pixel by pixel (about 3 CPU s for the neuron graph): with the slow tests.
# test_fast_renderer_redraws_only_what_changed_and_matches_a_full_draw keeps a partial redraw in make test-fast.
@pytest.mark.slow
@pytest.mark.parametrize(
    "make, sliders_of",
    [
        (NeuronGraphExplorer, lambda explorer: explorer.sliders),
        (SoftmaxExplorer, lambda explorer: explorer.logit_sliders),
        (LearningRateExplorer, lambda explorer: [explorer.lr_slider]),
    ],
    ids=["neuron-graph", "softmax", "learning-rate"],
)
def test_redrawing_only_what_changed_gives_the_same_pixels_as_drawing_everything(make, sliders_of):
    explorer = make()
    explorer.show()  # displayed: every move is drawn (at 1x, blitted)
    sliders = sliders_of(explorer)
    rng = np.random.default_rng(0)
    partial_renders = 0
    for _ in range(25):
        slider = sliders[rng.integers(len(sliders))]
        steps = round((slider.max - slider.min) / slider.step)
        slider.value = slider.min + slider.step * rng.integers(steps + 1)
        frame = explorer.renderer.frame.copy()
        partial_renders += explorer.renderer.last_redrawn < len(explorer.renderer.dynamic)
        np.testing.assert_array_equal(frame, _every_dynamic_artist_drawn(explorer.renderer))
    # Rendering again with nothing changed redraws nothing and gives the same picture.
    before = explorer.renderer.frame.copy()
    explorer.renderer.render(live=True)  # the moves above were live (1x): render that surface again
    assert explorer.renderer.last_redrawn == 0
    np.testing.assert_array_equal(explorer.renderer.frame, before)
    if make is NeuronGraphExplorer:  # in the others one slider changes every dynamic artist
        assert partial_renders > 5, "the test should exercise redrawing part of the picture"


def test_neuron_graph_has_a_legend_for_its_colours():
    figure = new_figure(8, 4)
    graph = NeuronGraph(figure.add_subplot())
    labels = [text.get_text() for text in graph.legend.get_texts()]
    assert labels[:3] == ["gradient > 0", "gradient < 0", "gradient = 0"]
    assert any("forward value" in label for label in labels)
    colours = [handle.get_color() for handle in graph.legend.legend_handles[:3]]
    assert colours == [sign_colour(1.0), sign_colour(-1.0), sign_colour(0.0)], "the legend uses the edges' colours"


def test_matrices_figure_draws_one_grid_per_array():
    figure = matrices_figure({"a": np.ones((2, 3)), "b": np.arange(4.0).reshape(4, 1), "c": [1.0, -2.0]}, columns=2)
    titled = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titled == ["a\nshape (2, 3)", "b\nshape (4, 1)", "c\nshape (1, 2)"]
    assert _is_png(figure_png(figure))
    with pytest.raises(ValueError, match="at least one array"):
        matrices_figure({})


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_decision_boundary_grid_that_needs_gigabytes_is_refused_before_allocating():
    rng = np.random.default_rng(0)
    X, y = spiral_data(10, 3, rng=rng)
    model = Classifier(2, 64, 3, rng=rng)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"50000 x 50000 decision-boundary grid would need about \d+\.\d GB"):
            plot_decision_boundary(model, X, y, resolution=50_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10e6, f"refusing must not allocate the grid first (peak {peak / 1e6:.0f} MB)"


def test_a_large_grid_warns_with_its_estimate():
    rng = np.random.default_rng(0)
    X, y = spiral_data(10, 3, rng=rng)
    model = Classifier(2, 8, 3, rng=rng)
    with pytest.warns(LargeGridWarning, match=r"30 x 30 decision-boundary grid needs about 0\.00 GB"):
        plot_decision_boundary(model, X, y, resolution=30, warn_gigabytes=1e-6)
    plt.close("all")


def test_the_grid_estimate_is_close_to_what_numpy_really_allocates():
    rng = np.random.default_rng(0)
    X, y = spiral_data(10, 3, rng=rng)
    model = Classifier(2, 64, 3, rng=rng)
    resolution = 300
    figure = new_figure(4, 4)
    tracemalloc.start()
    try:
        plot_decision_boundary(model, X, y, ax=figure.add_subplot(), resolution=resolution)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimate = boundary_grid_bytes(model, resolution, 3)
    assert 0.5 * peak <= estimate <= 2.5 * peak, f"estimate {estimate / 1e6:.0f} MB, measured peak {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("resolution, error", [(1, ValueError), (2.5, TypeError), (True, TypeError)])
def test_a_bad_resolution_is_refused(resolution, error):
    rng = np.random.default_rng(0)
    X, y = spiral_data(10, 3, rng=rng)
    with pytest.raises(error, match="resolution"):
        plot_decision_boundary(Classifier(2, 4, 3, rng=rng), X, y, resolution=resolution)


def test_decision_boundary_refuses_points_not_in_the_plane():
    rng = np.random.default_rng(0)
    model = Classifier(2, 4, 3, rng=rng)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plot_decision_boundary(model, np.zeros((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="one class per row"):
        plot_decision_boundary(model, np.zeros((5, 2)), np.zeros(4, dtype=int))


# --- plain functions for notebook cells --------------------------------------------------------


def test_draw_neuron_without_gradients_shows_only_the_forward_pass():
    ax = draw_neuron([1.0, -2.0, 3.0], [-3.0, -1.0, 2.0], 1.0)
    shown = [t.get_text() for t in ax.texts if t.get_visible() and t.get_text()]
    assert "forward values in the nodes" in shown and "h = 6.00" in shown
    assert "-3.00" in shown, "the product x0 * w0 sits in its node"
    assert ax.get_legend() is None or not ax.get_legend().get_visible()
    assert not any(t.get_text() == "-2.00" for t in ax.texts if t.get_visible()), "no gradient labels"
    plt.close("all")


def test_draw_neuron_with_gradients_labels_the_edges_and_keeps_the_legend():
    figure = new_figure(8, 4.6)
    ax = draw_neuron([1.0, -2.0, 3.0], [-3.0, -1.0, 2.0], 1.0, show_gradients=True, ax=figure.add_subplot())
    shown = [t.get_text() for t in ax.texts if t.get_visible()]
    assert "-2.00" in shown and "3.00" in shown  # dw1 and dw2
    assert ax.get_legend().get_visible()
    with pytest.raises(ValueError, match="3 numbers each"):
        draw_neuron([1.0, 2.0], [1.0, 2.0, 3.0], 0.0)


def test_plot_relu_labels_both_axes_and_the_kink():
    left, right = plot_relu()
    assert left.get_xlabel() == right.get_xlabel() == "z"
    assert left.get_ylabel() == "ReLU(z)" and "dz" in right.get_ylabel()
    assert any("z = 0" in t.get_text() for t in right.get_legend().get_texts())
    plt.close("all")


def test_decision_boundary_has_a_class_legend_and_axis_labels():
    rng = np.random.default_rng(0)
    X, y = spiral_data(20, 3, rng=rng)
    model = Classifier(2, 8, 3, rng=rng)
    history = train(model, X, y, OptimizerSGD(1.0), epochs=20, record_every=5)
    figure = plot_training_summary(model, X, y, history)
    boundary = figure.axes[0]
    assert [t.get_text() for t in boundary.get_legend().get_texts()] == ["class 0", "class 1", "class 2"]
    assert boundary.get_xlabel().startswith("feature 0") and boundary.get_ylabel().startswith("feature 1")
    assert len(figure.axes) == 3
    plt.close("all")


# --- colours a reader can read -------------------------------------------------------------------


def test_contrast_ratio_is_wcags():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#D55E00", "#FFFFFF") < 4.5, "why text does not use the vermilion itself"


def test_text_on_every_colour_of_the_palette_reaches_4_5():
    cmap = diverging_cmap()
    for position in np.linspace(0, 1, 257):
        background = cmap(position)
        assert contrast_ratio(text_colour(background), background) >= 4.5
    for value in np.linspace(-1, 1, 41):
        background = cell_colour(value, 1.0)
        assert contrast_ratio(text_colour(background), background) >= 4.5


def test_sign_text_colours_read_on_white():
    for value in (1.0, -1.0, 0.0):
        assert contrast_ratio(sign_text_colour(value), "#FFFFFF") >= 4.5


def _figure_text_contrast(figure):
    """(text, contrast with the pixels under its centre) for every visible number drawn on an image."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    results = []
    for ax in figure.axes:
        for image in ax.images:
            for text in ax.texts:
                if not text.get_visible() or not text.get_text():
                    continue
                row, column = (int(round(v)) for v in text.get_position()[::-1])
                cell = image.cmap(image.norm(image.get_array()[row, column]))
                results.append((text.get_text(), contrast_ratio(text.get_color(), cell)))
    return results


def test_the_softmax_jacobian_numbers_read_at_the_questions_answer():
    explorer = SoftmaxExplorer()
    explorer.set(logits0=0.0, logits1=0.0, logits2=0.0)  # near where J_00 is largest (0.25 at y_hat_0 = 1/2)
    explorer.set(logits0=round(np.log(2), 3) - 0.003)
    contrasts = _figure_text_contrast(explorer.figure)
    assert len(contrasts) == 9
    assert min(c for _, c in contrasts) >= 4.5, contrasts
    assert len(explorer.figure.axes) == 4, "the heat map has a colour bar"


def test_static_grids_numbers_read_on_their_cells():
    figure = matrices_figure({"a": np.array([[-4.0, 0.0, 4.0], [2.0, -1.0, 0.5]])}, columns=1)
    contrasts = _figure_text_contrast(figure)
    assert len(contrasts) == 6 and min(c for _, c in contrasts) >= 4.5


# --- readable at the size shown ------------------------------------------------------------------

# What JupyterLab shows an inline figure at: matplotlib's default 100 dpi (the inline backend overrides no
# rc since matplotlib-inline 0.1.4; "retina" renders at 2x and shows at 1x), trimmed to its tight box.
INLINE_DPI = 100
# JupyterLab's notebook column in a 1400-px window with the file browser open (the browser test's
# viewport): a wider image is scaled down, and its 9 pt text with it.
COLUMN_PX = 968


def _notebook_figures():
    model, history = _trained()
    X, y = spiral_data(100, 3, rng=np.random.default_rng(0))
    return {
        "draw_neuron": draw_neuron([1, -2, 3], [-3, -1, 2], 1, show_gradients=True).figure,
        "plot_relu": plot_relu()[0].figure,
        "plot_decision_boundary": plot_decision_boundary(model, X, y).figure,
        "plot_training_curves": plot_training_curves(history)[0].figure,
        "plot_training_summary": plot_training_summary(model, X, y, history),
    }


def _trained():
    X, y = spiral_data(100, 3, rng=np.random.default_rng(0))
    model = Classifier(2, 8, 3, rng=np.random.default_rng(0))
    history = train(model, X, y, OptimizerSGD(learning_rate=1.0), epochs=20)
    return model, history


def test_notebook_figures_text_is_at_least_9_pt():
    for name, figure in _notebook_figures().items():
        for text in figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")):
            if text.get_visible() and text.get_text():
                assert text.get_fontsize() >= 9, f"{name}: {text.get_text()!r} is {text.get_fontsize()} pt"
        plt.close(figure)


@pytest.mark.slow  # draws five figures as the inline backend does (about 1.5 CPU s)
def test_notebook_figures_fit_the_column():
    import io

    import PIL.Image

    for name, figure in _notebook_figures().items():
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=INLINE_DPI, bbox_inches="tight")
        width = PIL.Image.open(buffer).size[0]
        assert width <= COLUMN_PX, f"{name} is {width} px wide at {INLINE_DPI} dpi: Lab would shrink its text"
        plt.close(figure)
