"""The Explorer base (contract 1): controls by name, defaults, reset, set(), values(), state(), the static PNG.

An explorer module holds only its figure and its numbers. It registers its controls with
:meth:`Explorer.add_slider` / :meth:`Explorer.add_choice` (names are the factory's keyword names, with
the index appended for a sequence: ``x0``, ``logits1``, ``biases2``), builds its figure, and implements
``update()`` (redraw from :meth:`values`) and ``state()``. Everything else lives here:

- every control's value stays on its own grid: a slider is a :class:`GridFloatSlider` or
  :class:`GridIntSlider`, whose validator snaps any value (typed into the readout in the browser or
  set from code) to the nearest grid point, so ``values()`` and ``state()`` never carry an off-grid value;
- ``set(**values)`` refuses what a learner's code should not silently get rounded: an unknown name or a
  wrong type (``TypeError``), a value off the grid or out of range (``ValueError`` naming the grid);
- ``set`` and ``reset`` change several controls with one redraw;
- nothing is drawn until something shows the explorer: building one, moving its controls or setting
  them from code computes its numbers (``state()``) and updates its figure's artists, but the pixels
  are drawn only when it is displayed (:meth:`Explorer.show`), when ``static_png()`` is asked, or, in a
  kernel, when the kernel is next idle and the explorer sits inside another widget (which may be on
  screen without the explorer's own display call). From then on every change is drawn at once.
"""

from __future__ import annotations

import asyncio
import math
import numbers
from decimal import Decimal

import ipywidgets as widgets
from traitlets import validate

from .._checks import check_number
from .controls import STYLE, ExplorerBox

SLIDER_LAYOUT = {"width": "320px"}
# How long a slider must rest before its explorer's 1x picture is redrawn at 2x (see Explorer.settle).
SETTLE_SECONDS = 0.3


def _decimals(number) -> int:
    exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


class Grid:
    """The values a slider can take: ``low``, ``low + step``, ... up to ``high``."""

    def __init__(self, low, high, step, *, integer: bool = False):
        self.low, self.high, self.step, self.integer = low, high, step, integer
        self.decimals = 0 if integer else max(_decimals(step), _decimals(low))
        self.count = int(round((high - low) / step))

    def describe(self) -> str:
        return f"{self.low} to {self.high} in steps of {self.step}"

    def _index(self, value) -> float:
        return (float(value) - self.low) / self.step

    def point(self, index: int):
        value = self.low + index * self.step
        return int(round(value)) if self.integer else round(value, self.decimals) + 0.0

    def snap(self, value):
        """The grid point nearest ``value`` (ties go up), inside the range."""
        index = min(max(math.floor(self._index(value) + 0.5), 0), self.count)
        return self.point(index)

    def contains(self, value) -> bool:
        index = self._index(value)
        return -1e-9 <= index <= self.count + 1e-9 and abs(index - round(index)) < 1e-6

    def check(self, name: str, value):
        """``value`` as a grid point; TypeError for a non-number, ValueError off the range or off the grid."""
        # The package's one number validator: type, finiteness and range; then the grid, which is ours.
        value = check_number(value, name, self.low, self.high, integer=self.integer, where=" (the range of its slider)")
        if not self.contains(value):
            index = math.floor(self._index(value))
            below, above = self.point(index), self.point(min(index + 1, self.count))
            nearer = self.snap(value)
            tie = abs(self._index(value) - index - 0.5) < 1e-9
            # Not "the nearer one": for a question whose answer is the largest grid point below a threshold
            # (03's b1 <= 1.79), the nearer point (1.8) is the wrong one. Nor "type one of them", which reads
            # as if either were accepted: at most one answers the question, and finding which is the exercise.
            halfway = ""
            if tie:
                halfway = f" ({value!r} is halfway; the slider itself would round it up to {nearer})"
            raise ValueError(
                f"{name} = {value!r} is not on its slider's grid ({self.describe()}); "
                f"the grid points either side of it are {below} and {above}{halfway}: "
                f"set the slider to each, see which one does what the question asks, and type that one"
            )
        return self.snap(value)


class GridFloatSlider(widgets.FloatSlider):
    """A FloatSlider whose value is always on its grid (min + k * step): off-grid values snap to the nearest."""

    @validate("value")
    def _validate_value(self, proposal):
        return Grid(self.min, self.max, self.step).snap(proposal["value"])


class GridIntSlider(widgets.IntSlider):
    """An IntSlider whose value is always min + k * step (a step of 2 keeps even widths even)."""

    @validate("value")
    def _validate_value(self, proposal):
        return Grid(self.min, self.max, self.step, integer=True).snap(proposal["value"])


class Explorer:
    """What every explorer shares. Subclasses set ``kind``, add controls, and implement ``update`` and ``state``.

    ``controls``: name -> widget; ``defaults``: name -> starting value; ``widget``: the root
    :class:`~nnfs_helpers.widgets.controls.ExplorerBox` a factory returns (``widget.explorer is self``).
    """

    kind = ""

    def __init__(self):
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.defaults: dict = {}
        self._grids: dict[str, Grid | tuple] = {}
        self._quiet = False
        self._settle_handle = None
        # Whether every change is drawn at once (True once shown); while False, what a change would have
        # drawn is remembered in _pending ("render": blit the dynamic artists, "full": draw everything).
        self.showing = False
        self._pending: str | None = None

    # --- building -------------------------------------------------------------------------------

    def add_slider(
        self,
        name: str,
        value,
        low,
        high,
        step,
        *,
        label: str,
        tooltip: str,
        integer: bool = False,
        readout_format: str | None = None,
        argument: str | None = None,
        redraw=None,
    ):
        """A slider named ``name`` starting at ``value`` (checked against the grid under ``argument``'s name)."""
        grid = Grid(low, high, step, integer=integer)
        value = grid.check(argument or name, value)
        common = dict(
            value=value,
            min=low,
            max=high,
            step=step,
            description=label,
            tooltip=tooltip,
            style=STYLE,
            layout=widgets.Layout(**SLIDER_LAYOUT),
            continuous_update=True,
        )
        if integer:
            control = GridIntSlider(**common)
        else:
            fmt = readout_format or f".{grid.decimals}f"
            control = GridFloatSlider(**common, readout_format=fmt)
        return self._register(name, control, grid, redraw)

    def add_choice(self, name: str, value, options, *, label: str, tooltip: str, redraw=None):
        """Toggle buttons for one of ``options`` (pairs of text and value)."""
        control = widgets.ToggleButtons(
            options=list(options), value=value, description=label, tooltip=tooltip, style=STYLE
        )
        return self._register(name, control, tuple(v for _, v in options), redraw)

    def _register(self, name, control, grid, redraw):
        self.controls[name] = control
        self._grids[name] = grid
        self.defaults[name] = control.value
        callback = redraw or self.update
        control.observe(lambda _change: None if self._quiet else self._moved(callback), names="value")
        return control

    # --- quick while moving, sharp at rest (docs/explorers.md) ----------------------------------

    def _moved(self, callback) -> None:
        """A control changed (in the browser, or ``slider.value = ...`` in code): redraw at 1x now, 2x at rest."""
        renderer = getattr(self, "renderer", None)
        if renderer is None:
            callback()
            return
        renderer.live = True
        try:
            callback()
        finally:
            renderer.live = False
        self._schedule_settle()

    def _schedule_settle(self) -> None:
        """Draw the 2x picture SETTLE_SECONDS after the last move, on the kernel's event loop.

        The loop runs one thing at a time, so the sharp render never overlaps a slider's callback. Outside
        a kernel (a script, the tests) there is no running loop: the picture stays 1x until :meth:`settle`
        (``static_png()`` calls it)."""
        if self._settle_handle is not None:
            self._settle_handle.cancel()
            self._settle_handle = None
        if not getattr(self, "renderer", None) or not self.renderer.live_pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._settle_handle = loop.call_later(SETTLE_SECONDS, self.settle)

    def _schedule_warm(self) -> None:
        """When the kernel is next idle, draw the 1x background a 2x full draw left out of date."""
        renderer = getattr(self, "renderer", None)
        if renderer is None or renderer.live_background_ready:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        loop.call_soon(renderer.warm)

    def settle(self) -> None:
        """Replace a 1x picture drawn while a slider moved by the same picture at 2x (no-op otherwise)."""
        if self._settle_handle is not None:
            self._settle_handle.cancel()
            self._settle_handle = None
        renderer = getattr(self, "renderer", None)
        picture = renderer.sharp() if renderer is not None else None
        if picture is not None:
            self.image.value = picture

    def reset_button(self, tooltip: str) -> widgets.Button:
        button = widgets.Button(description="Reset", icon="undo", tooltip=tooltip)
        button.on_click(lambda _: self.reset())
        return button

    def finish(self, children) -> ExplorerBox:
        """Build the root widget around ``children`` and compute the starting numbers (drawn when shown).

        In a kernel (a running event loop), once the kernel is idle, an explorer that no display call
        showed but that sits inside another widget is shown: that widget may be on screen, and the
        explorer in it gets no display call of its own. One that nothing holds (a question's check builds
        such explorers to read their state) stays undrawn."""
        self.widget = ExplorerBox(self.kind, children, self)
        renderer = getattr(self, "renderer", None)
        if renderer is not None:
            renderer.on_full = self._schedule_warm
        self.update()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self.widget
        loop.call_soon(self._show_if_inside_a_widget)
        return self.widget

    def _show_if_inside_a_widget(self) -> None:
        if self.showing:
            return
        from ipywidgets.widgets.widget import _instances

        if any(self.widget in getattr(other, "children", ()) for other in list(_instances.values())):
            self.show()

    # --- drawn when shown -----------------------------------------------------------------------

    def picture(self, *, full: bool = False) -> bytes | None:
        """The figure drawn as its artists are now (PNG bytes), or None while nothing shows the explorer.

        ``full`` draws everything (the static parts changed: axis limits, tick labels); otherwise the
        renderer blits what changed. While the explorer is not shown nothing is drawn: the change is
        remembered, and :meth:`show` or :meth:`static_png` draws it once, at 2x."""
        if not self.showing:
            self._pending = "full" if full or self._pending == "full" else "render"
            return None
        self._pending = None
        return self.renderer.full() if full else self.renderer.render()

    def _draw_pending(self) -> None:
        """Draw, at 2x, what changed while the explorer was not shown."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.image.value = self.renderer.full() if pending == "full" else self.renderer.render(live=False)

    def show(self) -> None:
        """Draw the picture now, and every change from now on (what displaying the explorer does)."""
        self.showing = True
        self._draw_pending()

    # --- contract 1 -----------------------------------------------------------------------------

    def values(self) -> dict:
        """Every control's current value, by name (always on its grid)."""
        return {name: control.value for name, control in self.controls.items()}

    def check_values(self, values: dict) -> dict:
        """``values`` checked against each control's grid; returns them as grid points."""
        checked = {}
        for name, value in values.items():
            if name not in self.controls:
                raise TypeError(
                    f"the {self.kind} explorer has no control {name!r}; its controls are {', '.join(self.controls)}"
                )
            grid = self._grids[name]
            if isinstance(grid, Grid):
                checked[name] = grid.check(name, value)
            else:
                if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                    raise TypeError(f"{name} must be one of {list(grid)}, got {type(value).__name__} {value!r}")
                if value not in grid:
                    raise ValueError(f"{name} must be one of {list(grid)}, got {value!r}")
                checked[name] = int(value)
        return checked

    def set(self, **values) -> None:
        """Set controls by name, with one redraw. Refuses unknown names, wrong types and off-grid values."""
        checked = self.check_values(values)
        self._apply(checked)

    def reset(self) -> None:
        """Every control back to its starting value."""
        self._apply(self.defaults)

    def _apply(self, values: dict) -> None:
        self._quiet = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._quiet = False
        self.after_set(values)
        self.update()

    def after_set(self, values: dict) -> None:
        """Hook for explorers whose state depends on more than the controls (steps taken, training)."""

    def update(self) -> None:  # pragma: no cover - every explorer overrides it
        raise NotImplementedError

    def state(self) -> dict:  # pragma: no cover - every explorer overrides it
        raise NotImplementedError

    def static_png(self) -> bytes:
        """The picture shown where there is no widget manager: the figure as it is now (PNG bytes, 2x).

        Draws what is not drawn yet, but does not make the explorer draw every later change (:meth:`show`)."""
        self._draw_pending()
        self.settle()
        return self.image.value

    @property
    def sliders(self) -> list:
        """The sliders, in order (the name before contract 1; use ``controls``)."""
        return [c for c in self.controls.values() if isinstance(c, (GridFloatSlider, GridIntSlider))]
