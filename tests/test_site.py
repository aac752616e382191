"""The static site (`make site`), read the way a reader without Jupyter or network meets it.

The site is built once per session from the committed notebooks (scripts/build_site.py, nothing
re-executed) into a temporary folder, served from 127.0.0.1, and every page is opened in headless
Debian Chromium with every request to anything but that server refused. On each page:

- nothing was fetched from outside the site, and nothing the page asked for is missing;
- MathJax (served from the site) rendered every formula: it found at least as many as the markdown
  holds, none failed to parse or uses an unknown macro, and no `$`, `$$` or TeX command is left in
  the text a reader sees;
- every explorer rendered from the saved widget state: one widget area per explorer cell, none
  empty, each shows as many decoded figures (<img> with a non-zero natural size) as its saved state
  holds images, and each readout shows its text; no page shows a widget repr (`VBox(children=...`)
  or the renderer's error;
- every figure stored as image/png decodes.

One Chromium serves the module. One page, READER_PAGE, is rendered exactly as a reader's Chromium renders
it: MathJax's HTML-CSS output with its web fonts; there, every explorer's slider handles and toggle
buttons are named after their labels (aria-labelledby, found by role and name as a screen reader finds
them) and every explorer figure carries its alt text. The other pages are typeset by the same MathJax with
the same configuration but its NativeMML output (_NATIVE_MATHML: Chromium lays out the MathML itself),
which finds, parses and checks every formula as HTML-CSS does (parse errors and unknown macros are the TeX
input's) at about half the CPU; every MathJax file, fonts included, is checked to be in the site.

Without a browser, on the built pages: every page is titled with its first heading; every link
resolves (a relative href names a page of the site and an id on it; the docs pages the index links
are rendered); every page has a table of contents and the series' links at the top and the bottom;
every explorer carries the note that the page is static, with its Binder link; figures are drawn at
twice the size they are shown at (sharp on high-DPI screens) and shown at 1x.

Screenshots of each page's top and of READER_PAGE's explorers go to test-output/site/.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import os
import re
import shutil
import struct
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
from browser_support import EXPLORER_TAG, VIEWPORT, figure_images, open_browser, require_chromium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402  (a script, importable once scripts/ is on the path)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOT_DIR = ROOT / "test-output" / "site"
# MathJax took 38 s to typeset notebook 04's 275 formulas on 2 cores with a load average of 10
# (2026-11-25): the waits leave room for a busy CI machine.
WAIT_MS = 150_000
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The address the test site is built with: every explorer's Binder link is made from it.
REPOSITORY = "https://github.com/example-teacher/nnfs-backprop"
# The page rendered as a reader's Chromium renders it (HTML-CSS math, web fonts) and checked for accessible
# names: the most formulas of the series, and the softmax explorer's sliders, toggle buttons and figure.
READER_PAGE = "04_from_functions_to_classes"
# Before the page's scripts run: MathJax keeps the site's configuration but writes MathML, which Chromium lays
# out natively, instead of measuring every glyph for its HTML-CSS output (about half a page's CPU). The
# NativeMML output styles \mathbb and the like with MathJax's TeX web fonts, which the site does not ship (its
# HTML-CSS output uses STIX): those styles are overridden, so the page asks for what a reader's page asks for.
_NATIVE_MATHML = """window.MathJax = {AuthorInit: function () {
  MathJax.Hub.Register.StartupHook("End Jax", function () { return MathJax.Hub.setRenderer("NativeMML"); });
}};
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "math [mathvariant], math[mathvariant] { font-family: inherit !important; }";
  document.head.appendChild(style);
});"""


# --------------------------------------------------------------------------------------------
# Building and serving the site
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The site, built once per session, and the copies of the notebooks it was built from (others
    may be re-executing notebooks meanwhile). npm ci runs first if site-tools/node_modules is stale."""
    if shutil.which("npm") is None and not build_site.NODE_STAMP.is_file():
        problem = "npm not found: the site's widget renderer comes from npm (install node 20+ and npm)"
        if os.environ.get("CI"):
            pytest.fail(f"{problem} [CI is set, so this is a failure, not a skip]", pytrace=False)
        pytest.skip(problem)
    sources = tmp_path_factory.mktemp("notebooks")
    copies = {path.stem: Path(shutil.copy2(path, sources)) for path in NOTEBOOKS}
    out = tmp_path_factory.mktemp("site")
    try:
        build_site.build(out, list(copies.values()), REPOSITORY)
    except SystemExit as error:
        pytest.fail(f"the site did not build: {error}", pytrace=False)
    return out, copies


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built[0]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def server(site):
    """An HTTP server for the site: file:// pages may not load web fonts, and readers get the site over HTTP."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with open_browser() as chromium:
        yield chromium


class OfflinePage:
    """A page that may reach only the site's server; what it tried beyond that, or missed, is kept.
    ``native_mathml``: MathJax writes MathML instead of its HTML-CSS output (_NATIVE_MATHML)."""

    def __init__(self, browser, base: str, *, native_mathml: bool = True):
        self.base = base
        self.outside: list[str] = []
        self.missing: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        if native_mathml:
            self.context.add_init_script(script=_NATIVE_MATHML)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("response", lambda response: self._response(response))
        self.page.on("requestfailed", lambda request: self._failed(request))

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.base, "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400:
            self.missing.append(f"{response.status} {response.url}")

    def _failed(self, request):
        # MathJax probes a font at about:blank on purpose; refused requests are in `outside` already.
        if request.url.startswith(self.base) and request.url not in self.outside:
            self.missing.append(f"failed {request.url}: {request.failure}")

    def check_self_contained(self, name: str) -> None:
        assert not self.outside, f"{name} asked for something outside the site: {self.outside[:5]}"
        assert not self.missing, f"{name} asked the site for files it does not have: {self.missing[:5]}"


@pytest.fixture
def offline(browser, server):
    """Open an OfflinePage (``offline()`` or ``offline(native_mathml=False)``); closed after the test."""
    opened = []

    def open_page(*, native_mathml: bool = True) -> OfflinePage:
        opened.append(OfflinePage(browser, server, native_mathml=native_mathml))
        return opened[-1]

    try:
        yield open_page
    finally:
        for page in opened:
            page.context.close()


# --------------------------------------------------------------------------------------------
# What the notebooks hold
# --------------------------------------------------------------------------------------------


def markdown_formulas(notebook: nbformat.NotebookNode) -> list[str]:
    """The TeX of every $...$ and $$...$$ formula in the markdown cells, code spans left out."""
    formulas = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```", "", cell.source, flags=re.S)
        text = re.sub(r"`[^`\n]*`", "", text).replace(r"\$", "")
        formulas += re.findall(r"\$\$(.+?)\$\$", text, flags=re.S)
        formulas += re.findall(r"\$(.+?)\$", re.sub(r"\$\$.*?\$\$", "", text, flags=re.S), flags=re.S)
    return [formula.strip() for formula in formulas]


def widget_models(notebook: nbformat.NotebookNode, model_id: str) -> list[dict]:
    """Every saved model the view `model_id` shows, itself included (children, via IPY_MODEL_ links)."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    seen: list[str] = []
    frontier = [model_id]
    while frontier:
        current = frontier.pop()
        if current in seen or current not in state:
            continue
        seen.append(current)
        frontier += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[current].get("state", {})))
    return [state[current] for current in seen]


def explorer_views(notebook: nbformat.NotebookNode) -> list[dict]:
    """For each widget view in the outputs, in page order: how many images and non-empty HTML
    readouts its saved state holds, and whether its cell is tagged `explorer`."""
    views = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                models = widget_models(notebook, view["model_id"])
                views.append(
                    {
                        "explorer": EXPLORER_TAG in cell.get("metadata", {}).get("tags", []),
                        "images": sum(model["model_name"] == "ImageModel" for model in models),
                        "readouts": sum(
                            model["model_name"] in ("HTMLModel", "HTMLMathModel")
                            and bool(re.sub(r"<[^>]*>|\s", "", model["state"].get("value", "")))
                            for model in models
                        ),
                    }
                )
    return views


def stored_figures(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {}) and WIDGET_VIEW not in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


# --------------------------------------------------------------------------------------------
# What the page shows
# --------------------------------------------------------------------------------------------

# MathJax 2 sets isReady once its start-up (which typesets the page) has finished.
_MATHJAX_DONE = """() => window.MathJax !== undefined && MathJax.isReady === true
    && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"""

# For each formula MathJax found: its TeX, whether it failed to parse (merror) and whether it uses a
# macro MathJax does not know (noUndefined draws those in red).
_MATHJAX_RESULTS = """() => MathJax.Hub.getAllJax().map(jax => {
    const mml = jax.root.toMathML('');
    return {tex: jax.originalText, error: mml.includes('merror'), undefined: /mathcolor="red"/.test(mml)};
})"""

# Text a reader sees outside code and outside what MathJax drew: a `$` or a TeX command there is a
# formula MathJax never typeset.
_RAW_TEX = r"""() => {
    const skip = 'pre, code, script, style, math, .MathJax, .MathJax_Display, .MathJax_Preview, .MathJax_MathML, '
        + '.jp-InputArea';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(skip)) continue;
        const text = node.textContent;
        const match = text.match(/\$|\\[A-Za-z]+/);
        if (match) found.push(text.slice(Math.max(0, match.index - 30), match.index + 30));
    }
    return found;
}"""

_WIDGET_AREAS = """() => [...document.querySelectorAll('.jupyter-widgets.jp-OutputArea-output')].map(area => {
    const box = area.getBoundingClientRect();
    return {
        rendered: area.querySelector('.widget-subarea > *') !== null,
        height: box.height,
        text: area.innerText.trim().slice(0, 200),
        images: [...area.querySelectorAll('img')].map(img => [img.complete, img.naturalWidth, img.naturalHeight,
            img.getAttribute('width'), img.width]),
        readouts: [...area.querySelectorAll('.widget-html, .widget-htmlmath')]
            .filter(el => el.innerText.trim() !== '').length,
    };
})"""


def _screenshot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png")


def _check_formulas(page, name: str, formulas: list[str]) -> None:
    page.wait_for_function(_MATHJAX_DONE, timeout=WAIT_MS)
    typeset = page.evaluate(_MATHJAX_RESULTS)
    assert len(typeset) >= len(formulas), (
        f"{name}: the markdown holds {len(formulas)} formulas but MathJax found {len(typeset)} "
        "(markdown may have mangled a formula, e.g. underscores read as emphasis)"
    )
    bad = [item["tex"] for item in typeset if item["error"]]
    assert not bad, f"{name}: formulas MathJax cannot parse: {bad}"
    unknown = [item["tex"] for item in typeset if item["undefined"]]
    assert not unknown, f"{name}: formulas with a macro MathJax does not know: {unknown}"
    raw = page.evaluate(_RAW_TEX)
    assert not raw, f"{name}: raw TeX left in the page (MathJax did not typeset it): {raw[:5]}"


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_series_table_links_every_notebook_and_refuses_a_missing_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [path.stem for path in NOTEBOOKS]
    table = build_site.series_table(readme, names)
    for name in names:
        assert f"[`{name}`](notebooks/{name}.ipynb)" in table
    with pytest.raises(SystemExit, match="99_not_in_the_readme"):
        build_site.series_table(readme, [*names, "99_not_in_the_readme"])


def test_binder_links_and_the_repository_address(monkeypatch):
    notebook = "notebooks/01_one_neuron_by_hand.ipynb"
    assert build_site.binder_url("https://github.com/o/r", notebook) == (
        "https://mybinder.org/v2/gh/o/r/HEAD?labpath=notebooks%2F01_one_neuron_by_hand.ipynb"
    )
    assert build_site.binder_url("https://gitlab.com/o/r", notebook).startswith(
        "https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fo%2Fr/HEAD?labpath="
    )
    monkeypatch.delenv("NNFS_REPOSITORY", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "teacher/course")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    assert build_site.repository_address() == "https://github.com/teacher/course"
    assert build_site.repository_address("https://github.com/a/b.git/") == "https://github.com/a/b"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_a_retina_figure_is_shown_at_half_its_pixels():
    # What IPython stores for figure_formats = ["retina"]: twice the pixels, and the size to show.
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 800, 600)).decode()
    output = nbformat.v4.new_output(
        "display_data", data={"image/png": png, "text/plain": "<Figure>"}, metadata={"image/png": {"width": 400}}
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fig", outputs=[output])])
    body, _ = build_site.exporter().from_notebook_node(notebook, resources={"metadata": {"name": "t"}})
    assert re.search(r"<img[^>]*\swidth=\"?400\"?[\s/>]", body), "the page must show a 2x figure at its 1x width"


def _figures(notebook) -> list[tuple[str, tuple[int, int], int | None]]:
    """(where, pixel size, width it is shown at) of every PNG the notebook shows: its figures and
    the images of the explorers its outputs show. (An explorer a cell built without showing it, such as
    the one a typed answer's check sets, is in the saved state too, undrawn: no page shows it.)"""
    found, shown = [], set()
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and WIDGET_VIEW not in data:
                width = output.get("metadata", {}).get("image/png", {}).get("width")
                found.append((f"cell {index}", _png_size(base64.b64decode(data["image/png"])), width))
            if WIDGET_VIEW in data:
                shown |= {id(model) for model in widget_models(notebook, data[WIDGET_VIEW]["model_id"])}
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in state.items():
        if model["model_name"] == "ImageModel" and id(model) in shown:
            buffers = {tuple(buffer["path"]): buffer for buffer in model.get("buffers", [])}
            value = buffers.get(("value",))
            if value is not None:
                width = str(model["state"].get("width") or "").removesuffix("px")
                size = _png_size(base64.b64decode(value["data"]))
                found.append((f"explorer image {model_id[:8]}", size, int(width) if width.isdigit() else None))
    return found


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_figure_is_drawn_at_twice_the_size_it_is_shown(source):
    notebook = nbformat.read(source, as_version=4)
    blurry = [
        f"{where}: {size[0]} px wide, shown at {width}"
        for where, size, width in _figures(notebook)
        if width is None or abs(size[0] - 2 * int(width)) > 2
    ]
    assert not blurry, (
        f"{source.name}: figures not drawn at 2x (figures: %config InlineBackend.figure_formats = ['retina'] "
        f"in the first code cell; explorer images: rendered at 2x with the Image width at 1x): {blurry}"
    )


@pytest.mark.site
def test_every_copied_asset_carries_its_licence(site):
    assets = sorted(path for path in (site / "assets").iterdir() if path.is_dir())
    assert [path.name for path in assets] == ["html-manager", "mathjax", "requirejs"]
    for folder in assets:
        assert list(folder.glob("LICENSE*")), f"{folder.name} has no licence beside it"
    renderer = site / "assets" / "html-manager"
    assert (renderer / "FONT-AWESOME-LICENSE.txt").is_file(), "the Font Awesome fonts need their licence"
    # Every MathJax file is there, web fonts included: only READER_PAGE's browser check requests the fonts.
    source = build_site.mathjax_dir()
    missing = [str(path.relative_to(source)) for path in source.rglob("*") if path.is_file()]
    missing = [name for name in missing if not (site / "assets" / "mathjax" / name).is_file()]
    assert not missing, f"MathJax files not copied into the site: {missing[:5]}"


def _pages(site: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(site.glob("*.html"))}


def _ids(page: str) -> set[str]:
    return {html.unescape(found) for found in re.findall(r'\sid="([^"]+)"', page)}


def _links(page: str) -> list[str]:
    return [html.unescape(found) for found in re.findall(r'<a\s[^>]*?href="([^"]*)"', page)]


@pytest.mark.site
def test_every_link_on_every_page_resolves(site):
    pages = _pages(site)
    assert {"docs-notation.html", "docs-exercises.html"} <= set(pages), "the docs the index links are rendered"
    broken = []
    for name, page in pages.items():
        for href in _links(page):
            if re.match(r"https?://", href):
                continue
            assert not re.match(r"[a-z][a-z0-9+.-]*:", href), f"{name}: a link to {href!r}"
            path, _, fragment = href.partition("#")
            target = pages.get(path or name)
            if target is None and not (path and (site / path).is_file()):
                broken.append(f"{name}: {href} (no such page)")
            elif fragment and target is not None and fragment not in _ids(target):
                broken.append(f"{name}: {href} (no id {fragment!r} on {path or name})")
        unlinked = re.findall(r'<span class="nnfs-unlinked" title="([^"]*)"', page)
        broken += [f"{name}: a link to {where}, which does not exist" for where in unlinked]
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.site
def test_pages_are_titled_and_linked_in_order(site, built):
    pages = _pages(site)
    assert "<title>Backpropagation from first principles</title>" in pages["index.html"]
    names = [path.stem for path in NOTEBOOKS]
    for position, name in enumerate(names):
        page = pages[f"{name}.html"]
        notebook = nbformat.read(built[1][name], as_version=4)
        title = build_site.first_heading(notebook, name)
        assert title != name and f"<title>{html.escape(title, quote=False)}</title>" in page
        bars = re.findall(r'<nav class="nnfs-site nnfs-site-(top|bottom)"[^>]*>(.*?)</nav>', page, flags=re.S)
        assert [where for where, _ in bars] == ["top", "bottom"], f"{name}: the series' links at top and bottom"
        for _, bar in bars:
            assert 'href="index.html"' in bar
            if position > 0:
                assert f'rel="prev" href="{names[position - 1]}.html"' in bar, f"{name}: no previous link"
            if position + 1 < len(names):
                assert f'rel="next" href="{names[position + 1]}.html"' in bar, f"{name}: no next link"
        toc = re.search(r'<nav class="nnfs-toc"[^>]*>(.*?)</nav>', page, flags=re.S)
        assert toc, f"{name} has no table of contents"
        entries = re.findall(r'href="#([^"]+)"', toc.group(1))
        sections = sum(
            line.startswith("## ")
            for cell in notebook.cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
        )
        assert len(entries) >= sections > 0, f"{name}: {sections} sections, {len(entries)} in the contents"
        assert {html.unescape(entry) for entry in entries} <= _ids(page)


@pytest.mark.site
def test_every_explorer_says_the_page_is_static_and_links_binder(site, built):
    for path in NOTEBOOKS:
        notebook = nbformat.read(built[1][path.stem], as_version=4)
        page = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        explorers = sum(EXPLORER_TAG in cell.get("metadata", {}).get("tags", []) for cell in notebook.cells)
        notes = re.findall(r'<div class="nnfs-static-note" role="note">(.*?)</div>', page, flags=re.S)
        assert len(notes) == explorers, f"{path.stem}: {explorers} explorers, {len(notes)} static-view notes"
        binder = build_site.binder_url(REPOSITORY, f"notebooks/{path.name}")
        for note in notes:
            assert "This is a static view." in note and "make lab" in note
            assert f'href="{html.escape(binder)}"' in note, f"{path.stem}: the note's Binder link is not {binder}"


@pytest.mark.browser
def test_index_shows_the_series_table(offline, site):
    offline = offline()
    page = offline.page
    page.goto(offline.base + "index.html")
    _check_formulas(page, "index.html", [])
    links = page.evaluate("() => [...document.querySelectorAll('main table a')].map(a => a.getAttribute('href'))")
    assert links == [f"{path.stem}.html" for path in NOTEBOOKS]
    assert all((site / link).is_file() for link in links)
    _screenshot(page, "index")
    offline.check_self_contained("index.html")


@pytest.mark.browser
@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks/[0-9][0-9]_*.ipynb yet")
@pytest.mark.parametrize("source", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_page_renders_every_formula_and_explorer(source, offline, built):
    notebook = nbformat.read(built[1][source.stem], as_version=4)
    name = f"{source.stem}.html"
    as_a_reader = source.stem == READER_PAGE
    offline = offline(native_mathml=not as_a_reader)
    page = offline.page
    page.goto(offline.base + name)
    _check_formulas(page, name, markdown_formulas(notebook))

    views = explorer_views(notebook)
    explorers = sum(EXPLORER_TAG in cell.get("metadata", {}).get("tags", []) for cell in notebook.cells)
    assert sum(view["explorer"] for view in views) == explorers, f"{name}: an explorer cell has no saved widget"
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jupyter-widgets.jp-OutputArea-output .widget-subarea > *').length >= n",
        arg=len(views),
        timeout=WAIT_MS,
    )
    # Decoding the images happens after the widgets are in the DOM.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-subarea img')].every(img => img.complete)", timeout=WAIT_MS
    )
    areas = page.evaluate(_WIDGET_AREAS)
    assert len(areas) == len(views), f"{name}: {len(views)} saved widget views, {len(areas)} widget areas"
    for index, (view, area) in enumerate(zip(views, areas, strict=True)):
        where = f"{name}, widget area {index}"
        assert area["rendered"] and area["height"] > 0 and area["text"], f"{where} is empty: {area}"
        shown = [image for image in area["images"] if image[0] and image[1] > 0 and image[2] > 0]
        for _, natural, _, asked, width in area["images"]:
            if asked and asked.removesuffix("px").isdigit():
                assert abs(width - int(asked.removesuffix("px"))) <= 1, f"{where}: {natural} px at {width}, not {asked}"
        assert len(shown) == len(area["images"]) == view["images"], (
            f"{where}: the saved state holds {view['images']} figures; the page shows {len(shown)} "
            f"of {len(area['images'])} <img> with a non-zero natural size"
        )
        assert area["readouts"] >= view["readouts"], (
            f"{where}: {view['readouts']} readouts saved, {area['readouts']} shown with text"
        )

    text = page.evaluate("() => document.body.innerText")
    for repr_text in ("VBox(children=", "HBox(children=", "Error displaying widget", "Loading widget..."):
        assert repr_text not in text, f"{name} shows {repr_text!r} instead of an explorer"

    figures = page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea-output:not(.jupyter-widgets) img')]
            .map(img => [img.complete, img.naturalWidth, img.naturalHeight, img.getAttribute('width'), img.width])"""
    )
    assert len(figures) == stored_figures(notebook), f"{name}: {stored_figures(notebook)} stored figures"
    assert all(complete and width and height for complete, width, height, *_ in figures), f"{name}: a figure is broken"
    # A figure with a size to show (retina: twice the pixels) is shown at that size, not at its pixels.
    for _, natural, _, asked, shown in figures:
        if asked:
            assert abs(shown - float(asked)) <= 1, f"{name}: a {natural}-pixel figure asked for {asked}, shown {shown}"

    _screenshot(page, source.stem)
    if as_a_reader:
        _check_names_and_alt_text(page, name, notebook)
        widget_areas = page.locator(".jupyter-widgets.jp-OutputArea-output")
        for index in range(widget_areas.count()):
            widget_areas.nth(index).scroll_into_view_if_needed()
            _screenshot(page, f"{source.stem}-explorer-{index}")
    offline.check_self_contained(name)


def _saved_alt_texts(notebook) -> list[str]:
    """The alt text each explorer cell's output carries for its picture (the PNG's metadata), in page order."""
    return [
        output.get("metadata", {}).get("image/png", {}).get("alt", "")
        for cell in notebook.cells
        if EXPLORER_TAG in cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]


# Whether the accessibility script of every explorer on the page has run: every handle, readout and toggle
# group linked to its label.
_LINKED = """() => [...document.querySelectorAll('.nnfs-explorer')].every(root =>
    [...root.querySelectorAll('.noUi-handle, .widget-readout, .widget-toggle-buttons > div')]
        .every(el => el.hasAttribute('aria-labelledby')))"""


def _check_names_and_alt_text(page, name: str, notebook) -> None:
    """Every slider handle and toggle group of every explorer is named after its visible label (its
    accessible name, as Playwright's role query computes it), and every explorer figure has its alt text."""
    page.wait_for_function(_LINKED, timeout=WAIT_MS)
    roots = page.locator(".nnfs-explorer")
    alts = _saved_alt_texts(notebook)
    assert roots.count() == len(alts) > 0, f"{name}: {len(alts)} explorer cells, {roots.count()} explorers shown"
    sliders = figures = 0
    for index in range(roots.count()):
        root = roots.nth(index)
        for label in root.locator(".widget-slider > .widget-label").all_text_contents():
            found = root.get_by_role("slider", name=label.strip(), exact=True).count()
            assert found == 1, f"{name}, explorer {index}: {found} sliders named {label!r}"
            sliders += 1
        for label in root.locator(".widget-toggle-buttons > .widget-label").all_text_contents():
            found = root.get_by_role("group", name=label.strip(), exact=True).count()
            assert found == 1, f"{name}, explorer {index}: {found} button groups named {label!r}"
        for image in figure_images(root):
            assert len(image["alt"]) > 40 and image["alt"] == alts[index], f"{name}, explorer {index}: {image}"
            assert root.get_by_role("img", name=image["alt"], exact=True).count() == 1
            figures += 1
    assert sliders and figures, f"{name} should show an explorer with sliders and a figure (READER_PAGE)"
