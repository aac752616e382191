"""The series read without Jupyter: each committed notebook exported with `jupyter nbconvert --to html`
and opened in headless Chromium from a file:// URL, with no network.

Checks: every figure stored in the notebook is an <img> with PNG data that decodes (non-zero
natural size), and the formulas are there. With the `jupyter_server_mathjax` package installed
(a local MathJax 2), the formulas must RENDER: MathJax finds at least as many formulas as the
markdown holds and none is a TeX error or an undefined macro. Without it the CDN MathJax cannot
load offline, so the test checks that the LaTeX source reaches the page, and warns.
"""

from __future__ import annotations

import re
import warnings

import nbformat
import pytest
from browser_support import (
    SCREENSHOT_DIR,
    export_html,
    local_mathjax,
    offline_page,
    open_browser,
    require_chromium,
    series_notebooks,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = series_notebooks()


def stored_figures(notebook: nbformat.NotebookNode) -> int:
    return sum(
        1
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )


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


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with open_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    page = offline_page(browser)
    try:
        yield page
    finally:
        page.context.close()


# MathJax 2 sets isReady once its start-up (which typesets the page) has finished.
_MATHJAX_DONE = """() => window.MathJax !== undefined && MathJax.isReady === true
    && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"""

# For each formula MathJax found: its TeX, whether it failed to parse (merror) and whether it uses a
# macro MathJax does not know (noUndefined draws those in red).
_MATHJAX_RESULTS = """() => MathJax.Hub.getAllJax().map(jax => {
    const mml = jax.root.toMathML('');
    return {tex: jax.originalText, error: mml.includes('merror'), undefined: /mathcolor="red"/.test(mml)};
})"""


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks/[0-9][0-9]_*.ipynb yet")
@pytest.mark.parametrize("source", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_exported_html_shows_figures_and_formulas(source, page, tmp_path):
    notebook = nbformat.read(source, as_version=4)
    mathjax = local_mathjax()
    html = export_html(source, tmp_path, mathjax=mathjax)
    page.goto(html.as_uri())

    figures = page.evaluate(
        """() => [...document.querySelectorAll('img')]
            .filter(img => img.src.startsWith('data:image/png'))
            .map(img => [img.complete, img.naturalWidth, img.naturalHeight])"""
    )
    expected_figures = stored_figures(notebook)
    assert len(figures) == expected_figures, (
        f"{source.name} stores {expected_figures} PNG figures; the HTML shows {len(figures)}"
    )
    broken = [index for index, (complete, width, height) in enumerate(figures) if not (complete and width and height)]
    assert not broken, f"{source.name}: figures {broken} did not decode (zero natural size)"

    formulas = markdown_formulas(notebook)
    if mathjax is None:
        text = " ".join(page.evaluate("() => document.body.textContent").split())
        missing = [formula for formula in formulas if " ".join(formula.split()) not in text]
        assert not missing, f"{source.name}: LaTeX missing from the HTML: {missing[:5]}"
        warnings.warn(
            "formulas checked as LaTeX source only: install jupyter-server-mathjax for a local MathJax "
            "so the browser test can check that they render",
            stacklevel=1,
        )
    else:
        page.wait_for_function(_MATHJAX_DONE, timeout=30_000)
        typeset = page.evaluate(_MATHJAX_RESULTS)
        assert len(typeset) >= len(formulas), (
            f"{source.name}: the markdown holds {len(formulas)} formulas but MathJax found {len(typeset)} "
            "(markdown may have mangled a formula, e.g. underscores read as emphasis)"
        )
        bad = [item["tex"] for item in typeset if item["error"]]
        assert not bad, f"{source.name}: formulas MathJax cannot parse: {bad}"
        unknown = [item["tex"] for item in typeset if item["undefined"]]
        assert not unknown, f"{source.name}: formulas with a macro MathJax does not know: {unknown}"
        rendered = page.locator(".MathJax, .MathJax_Display, .MathJax_CHTML").count()
        assert rendered >= len(formulas), f"{source.name}: only {rendered} rendered formulas on the page"

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"html-{source.stem}.png")
    if figures:
        page.locator('img[src^="data:image/png"]').first.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOT_DIR / f"html-{source.stem}-figure.png")
