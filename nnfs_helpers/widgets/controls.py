"""What every explorer shares besides the base class: the root box that degrades to a picture without a
widget manager, the figure's ``Image``, and the range checks of a factory's arguments."""

from __future__ import annotations

import base64
import json

import ipywidgets as widgets
import numpy as np

from .._checks import check_number
from .._text import subscript
from .render import css_width

STYLE = {"description_width": "initial"}
SUB = "".join(subscript(i) for i in range(10))  # SUB[i] is i as a subscript digit

# One line per explorer for viewers without a widget manager (a hosted notebook view, plain
# nbconvert). Fixed text, never the widget's repr: nbval compares text/plain, and a repr would
# carry model ids and every slider's settings.
TITLES = {
    "neuron-graph": "Neuron-graph explorer",
    "learning-rate": "Learning-rate explorer",
    "shapes": "Shapes explorer",
    "softmax": "Softmax and cross-entropy explorer",
    "training": "Training explorer",
    "batch-relu": "Batch ReLU explorer",
}


# The factory that makes each explorer: where sliders cannot move, its keyword arguments set them.
FACTORIES = {kind: kind.replace("-", "_") + "_explorer" for kind in TITLES}


def static_text(kind: str) -> str:
    """The one-line text/plain an explorer's output carries: what it is and how to use it live."""
    factory = FACTORIES[kind]
    return (
        f"{TITLES[kind]}: open this notebook in JupyterLab and run it to move the sliders, or set them when you "
        f"make it (help({factory}) lists its arguments)."
    )


def check_numbers(values, name: str, length: int, low: float = -np.inf, high: float = np.inf) -> tuple[float, ...]:
    """``values`` as a tuple of ``length`` floats, each finite and in [low, high]; else raise."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of {length} numbers, got {type(values).__name__} {values!r}")
    if len(values) != length:
        raise ValueError(f"{name} must hold exactly {length} numbers, got {len(values)}: {list(values)!r}")
    checked = []
    for index, value in enumerate(values):
        checked.append(check_number(value, f"{name}[{index}]", low, high))
    return tuple(checked)


def check_sequence(values, name: str, length: int):
    """``values`` as a list of ``length`` items (each checked later against its slider's grid)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of {length} numbers, got {type(values).__name__} {values!r}")
    if len(values) != length:
        raise ValueError(f"{name} must hold exactly {length} numbers, got {len(values)}: {list(values)!r}")
    return list(values)


class ExplorerBox(widgets.VBox):
    """An explorer's root widget: a ``VBox`` whose output also carries a picture and a line of text.

    JupyterLab and Voila render the widget view. A viewer without a widget manager (a hosted
    notebook view, nbconvert without saved widget state) falls back to the richest type it
    knows: the explorer's picture as ``image/png`` (2x, with its 1x width in the metadata), or the
    fixed line of ``text/plain``, never ``VBox(children=...)``. ``explorer`` is the object behind the
    widget (``state()``, ``update()``, ``set()``).
    """

    def __init__(self, kind: str, children, explorer, **kwargs):
        super().__init__([*children, accessibility_output(explorer.alt_text())], **kwargs)
        self.kind = kind
        self.explorer = explorer
        self.add_class("nnfs-explorer")
        self.add_class(f"nnfs-explorer-{kind}")

    def __repr__(self) -> str:
        return static_text(self.kind)

    def _repr_mimebundle_(self, **kwargs):
        self.explorer.show()  # displayed: draw the picture now, and every change from now on
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = static_text(self.kind)
        png = self.explorer.static_png()
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        width = _png_width(png)
        metadata = {"image/png": {"width": width // 2, "alt": self.explorer.alt_text()}} if width else {}
        return (bundle, metadata) if metadata else bundle


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big") if png[:8] == b"\x89PNG\r\n\x1a\n" else 0


def image(figure=None) -> widgets.Image:
    """The ``Image`` widget a figure is shown in: 2x pixels at the figure's 1x width.

    It has no tooltip: ipywidgets 8.1's front end reads a widget's ``description`` when it applies a
    tooltip, and an Image has none, so a tooltip made the view fail ("Could not create a view") and the
    figure vanished, in JupyterLab as on the static site. Its alt text comes from the explorer's
    accessibility script (:func:`accessibility_output`) and, for static views, the PNG's metadata.
    """
    # A VBox stretches its children to its width, which blew a figure up and blurred it. flex-start keeps
    # it at its own size; max_width still shrinks it in a narrow window.
    picture = widgets.Image(
        format="png",
        layout=widgets.Layout(max_width="100%", height="auto", align_self="flex-start"),
    )
    if figure is not None:
        picture.width = str(css_width(figure))
    return picture


# ipywidgets 8.1's slider handle (noUiSlider's div with role="slider") is not linked to the slider's
# description label, and nothing in ipywidgets' Python API can give it an aria-label: a screen reader
# announced "slider, 1.0" and no name. This script, run by the explorer's own hidden Output widget, links
# every handle (and the readout a learner can type into) to its visible label with aria-labelledby, names
# a toggle-button group the same way, hides the buttons' icon glyphs from their names, and gives the figure
# its alt text. Both front ends that render the
# explorers run it: JupyterLab's and html-manager's (the static site's) Output widgets render trusted
# output, and trusted text/html has its <script> evaluated. Views render asynchronously and a slider can
# rebuild its handle, so it waits for its explorer root and re-links whenever children are added.
_ACCESSIBILITY_SCRIPT = """<script>
(() => {
  const script = document.currentScript, alt = __ALT__;
  const link = (root) => {
    root.querySelectorAll('.widget-slider, .widget-toggle-buttons').forEach((control) => {
      const label = control.querySelector(':scope > .widget-label');
      if (!label || !label.textContent.trim()) return;
      if (!label.id) label.id = 'nnfs-label-' + Math.random().toString(36).slice(2, 10);
      const named = control.querySelectorAll('.noUi-handle, .widget-readout, .widget-toggle-buttons > div');
      named.forEach((el) => {
        if (el.getAttribute('aria-labelledby') !== label.id) el.setAttribute('aria-labelledby', label.id);
        if (el.matches('.widget-toggle-buttons > div') && !el.getAttribute('role')) el.setAttribute('role', 'group');
      });
    });
    root.querySelectorAll('img.widget-image').forEach((img) => { if (alt && img.alt !== alt) img.alt = alt; });
    // A button's Font Awesome icon is a private-use glyph in CSS content, else read as part of its name.
    const icons = root.querySelectorAll('button > i.fa:not([aria-hidden])');
    icons.forEach((icon) => icon.setAttribute('aria-hidden', 'true'));
  };
  const start = (tries) => {
    const root = script.isConnected ? script.closest('.nnfs-explorer') : null;
    if (root === null) { if (tries > 0) setTimeout(() => start(tries - 1), 50); return; }
    link(root);
    new MutationObserver(() => link(root)).observe(root, {childList: true, subtree: true});
  };
  start(400);
})();
</script>"""


def accessibility_output(alt: str) -> widgets.Output:
    """A hidden Output whose script names every slider handle after its label and sets the figure's alt text."""
    from IPython.display import HTML

    output = widgets.Output(layout=widgets.Layout(display="none"))
    output.add_class("nnfs-accessibility")
    output.append_display_data(HTML(_ACCESSIBILITY_SCRIPT.replace("__ALT__", json.dumps(alt))))
    return output
