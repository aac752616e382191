"""Figures off pyplot, and a renderer that redraws only what changed (only the explorers use these).

Explorer figures are rendered at ``SCALE`` = 2 times the CSS pixel density (192 dpi) and shown at
1x (the ``Image`` widget's width is the figure's width at 96 dpi), so they are sharp on high-DPI
screens and their text is the point size it was set in at the size shown. While a slider moves they
are rendered at 1x (a quarter of the pixels, so each move answers quickly) and again at 2x once it
rests (docs/explorers.md, "Sharp at rest, quick while moving").
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas, not registered with pyplot: it never shows up as a stray
    inline image in a notebook, and rendering it needs no display."""
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def encode_png(rgba: np.ndarray) -> bytes:
    """RGBA pixels, shape (height, width, 4), as PNG bytes (RGB, fast compression)."""
    height, width = rgba.shape[:2]
    # Our figures are opaque, so the alpha channel carries nothing; RGB encodes faster and smaller.
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    # Fast compression: the bytes go to the browser over a local socket, and level 1
    # encodes several times faster than the default for a slightly larger file.
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


CSS_DPI = 96
SCALE = 2
DPI = SCALE * CSS_DPI
# The resolution slider moves are drawn at (a renderer made after a change uses the new value; the browser
# latency benchmark sets it to DPI for its baseline, moves drawn at 2x as before).
LIVE_DPI = CSS_DPI


def css_width(figure: Figure) -> int:
    """The width, in CSS pixels, at which ``figure`` is shown (1x)."""
    return round(figure.get_figwidth() * CSS_DPI)


def figure_png(figure: Figure, dpi: int = DPI) -> bytes:
    """Draw ``figure`` once, whole, and return it as PNG bytes."""
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return encode_png(np.asarray(canvas.buffer_rgba()))


def _state(artist):
    """What an artist looks like, to tell whether it changed; None for kinds we cannot tell."""
    if not artist.get_visible():
        return ("hidden",)
    if isinstance(artist, Text):
        return (artist.get_text(), str(artist.get_color()), tuple(artist.get_position()))
    if isinstance(artist, Line2D):
        return (artist.get_xydata().tobytes(), str(artist.get_color()), artist.get_linewidth(), artist.get_alpha())
    if isinstance(artist, Rectangle):
        return (
            artist.get_xy(),
            artist.get_width(),
            artist.get_height(),
            artist.get_facecolor(),
            artist.get_edgecolor(),
        )
    if isinstance(artist, AxesImage):
        return (np.asarray(artist.get_array()).tobytes(), artist.get_clim())
    return None


class _Surface:
    """One resolution of a figure: its canvas, the saved background, the last picture and what it showed."""

    def __init__(self, figure: Figure, dpi: int):
        self.dpi = dpi
        # Margin around each artist's extent (7.2 points: 20 pixels at 192 dpi): covers a text's box,
        # half the width of a thick line, and antialiasing.
        self.pad = 0.1 * dpi
        self.canvas = FigureCanvasAgg(figure)
        self.background = None
        self.frame = None
        self.states = self.extents = None


class FastRenderer:
    """Render a figure to PNG repeatedly, redrawing only the artists that change.

    The first render draws everything, fixes the layout and keeps a copy of the static
    background (axes, ticks, labels). Later renders paste that copy back and draw only
    ``dynamic`` artists on top (blitting). When few of those changed since the last render,
    only the rectangles around them are redrawn: every dynamic artist touching a rectangle
    is drawn again, in order, and just those pixels are copied into the previous picture.
    That gives the same picture, pixel for pixel, as drawing every dynamic artist.
    Call :meth:`full` instead when the static parts change (new axis limits, say).

    Two resolutions: ``dpi`` (2x, sharp on high-DPI screens: the first picture, every :meth:`full`,
    the static PNG) and ``live_dpi`` (1x: a quarter of the pixels to draw and encode) for the renders
    made while a slider moves (``live`` True, set by the Explorer around a slider's callback). After live
    renders :meth:`sharp` draws the same picture at 2x; the Explorer calls it once the slider rests.
    Only a 2x :meth:`full` solves the layout; the 1x surface reuses it, so both show the same layout.
    """

    def __init__(self, figure: Figure, dynamic=(), dpi: int = DPI, live_dpi: int | None = None):
        live_dpi = LIVE_DPI if live_dpi is None else live_dpi
        self.figure = figure
        self.dynamic = list(dynamic)
        self._sharp = _Surface(figure, dpi)
        self._live = _Surface(figure, live_dpi) if live_dpi != dpi else self._sharp
        self._use(self._sharp)
        self.live = False  # the Explorer sets it while a slider's callback runs
        self.live_pending = False  # True after a live render: the 2x picture is out of date
        self.last_redrawn = 0  # how many dynamic artists the last render drew (for tests and curiosity)
        self.on_full = None  # called after each full draw (the Explorer schedules warm() with it)

    @property
    def live_background_ready(self) -> bool:
        return self._live is self._sharp or self._live.background is not None

    # The surface used last (the tests read its pixels).
    @property
    def canvas(self):
        return self._surface.canvas

    @property
    def background(self):
        return self._surface.background

    @property
    def frame(self):
        return self._surface.frame

    @property
    def dpi(self) -> int:
        return self._surface.dpi

    def _use(self, surface: _Surface) -> None:
        self._surface = surface
        self.figure.set_canvas(surface.canvas)
        if self.figure.dpi != surface.dpi:
            self.figure.set_dpi(surface.dpi)

    def _draw_everything(self, surface: _Surface, *, layout: bool) -> None:
        self._use(surface)
        for artist in self.dynamic:
            artist.set_animated(True)
        engine = self.figure.get_layout_engine()
        if not layout and engine is not None:
            self.figure.set_layout_engine("none")  # keep the positions the last 2x layout gave
        try:
            self.canvas.draw()
        finally:
            if not layout and engine is not None:
                self.figure.set_layout_engine(engine)
        surface.background = self.canvas.copy_from_bbox(self.figure.bbox)
        surface.frame = None

    def full(self) -> bytes:
        """Draw everything at 2x (re-solving the layout and re-capturing the background); returns PNG bytes."""
        # A full draw re-solves the layout; blitted renders never do, which is much of their speed.
        self._draw_everything(self._sharp, layout=True)
        if self._live is not self._sharp:
            self._live.background = None  # the static parts changed: the 1x background is redrawn (see warm)
        picture = self.render(live=False)
        if self.on_full is not None:
            self.on_full()
        return picture

    def warm(self) -> None:
        """Draw the 1x background now if it is missing, so the next slider move only blits.

        The Explorer calls it when the kernel is idle after a 2x full draw; the figure is left at 2x."""
        if self._live is not self._sharp and self._live.background is None and self._sharp.background is not None:
            self._draw_everything(self._live, layout=False)
            self._use(self._sharp)

    def sharp(self) -> bytes | None:
        """The picture at 2x if the last render was a live (1x) one, else None."""
        return self.render(live=False) if self.live_pending else None

    def render(self, live: bool | None = None) -> bytes:
        """Redraw the dynamic artists that changed over the saved background; returns PNG bytes.

        At 1x when ``live`` (default: the ``live`` attribute), else at 2x."""
        live = self.live if live is None else live
        if self._sharp.background is None:
            picture = self.full()
            if not live:
                return picture
        surface = self._live if live else self._sharp
        if surface.background is None:
            self._draw_everything(surface, layout=False)
        self._use(surface)
        self.live_pending = live and surface is not self._sharp
        renderer = self.canvas.get_renderer()
        states = [_state(artist) for artist in self.dynamic]
        if surface.frame is None:
            changed = range(len(self.dynamic))
            extents = [None] * len(self.dynamic)
        else:
            changed = [i for i, state in enumerate(states) if state is None or state != surface.states[i]]
            extents = list(surface.extents)  # an unchanged artist keeps its extent: no text layout needed
        for i in changed:
            extents[i] = self.dynamic[i].get_window_extent(renderer).padded(surface.pad)
        self.canvas.restore_region(surface.background)
        if surface.frame is None or len(changed) > len(self.dynamic) // 2:
            for artist in self.dynamic:
                self.figure.draw_artist(artist)
            surface.frame = np.array(self.canvas.buffer_rgba())
            self.last_redrawn = len(self.dynamic)
        else:
            dirty = [surface.extents[i] for i in changed] + [extents[i] for i in changed]
            boxes = np.array([box.extents for box in dirty]).reshape(-1, 4)  # rows of x0, y0, x1, y1
            self.last_redrawn = 0
            for artist, extent in zip(self.dynamic, extents, strict=True):
                x0, y0, x1, y1 = extent.extents
                if np.any((boxes[:, 0] < x1) & (x0 < boxes[:, 2]) & (boxes[:, 1] < y1) & (y0 < boxes[:, 3])):
                    self.figure.draw_artist(artist)
                    self.last_redrawn += 1
            drawn = np.asarray(self.canvas.buffer_rgba())
            height, width = drawn.shape[:2]
            for box in dirty:
                # Display coordinates count up from the bottom; image rows count down from the top.
                left, right = max(0, int(box.x0)), min(width, int(np.ceil(box.x1)))
                top, bottom = max(0, height - int(np.ceil(box.y1))), min(height, height - int(box.y0))
                surface.frame[top:bottom, left:right] = drawn[top:bottom, left:right]
        surface.states, surface.extents = states, extents
        return encode_png(surface.frame)
