"""Every explorer of the series, the way a learner meets it: JupyterLab in headless Chromium, Run All.

One JupyterLab server, one browser and ONE page serve the whole module. The page runs a small generated
notebook (`write_explorer_notebook` in tests/browser_support.py): the import of every factory, then each
notebook's cells tagged `explorer`, copied as they are, then one gallery cell for any kind no notebook
shows. The notebooks' full content is nbval's job; what only a browser can tell is checked here, on
that one page, in order:

- every explorer cell rendered an explorer (an `.nnfs-explorer` root), the kernel is this venv's Python,
  and no output is an error;
- every slider's handle is named after its visible label in Chromium's accessibility tree, and Playwright
  finds it by role and that name;
- every figure has alt text saying what it shows, is shown at its 1x width (so its 9 pt text is 9 pt on
  screen) with 2x pixels behind it;
- one arrow key on each explorer's first slider changes what it shows within 1 s;
- Reset then **Take a step** (notebook 01) shows 5.985; **Train** (notebook 06) reports its accuracy;
- every number in every explorer's HTML reads at >= 4.5:1 on what is behind it, in JupyterLab Light and
  then Dark (switched through the Settings menu, on the same page).

Run just these with `.venv/bin/pytest -m browser tests/test_browser.py`. Without /usr/bin/chromium they
skip, unless CI is set. Screenshots land in test-output/browser/.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from browser_support import (
    GALLERY_EXPLORERS,
    SCREENSHOT_DIR,
    ExplorerNotebook,
    LabServer,
    error_outputs,
    explorer_kind,
    explorer_roots,
    figure_images,
    move_first_slider,
    new_page,
    number_contrasts,
    open_browser,
    open_notebook,
    require_chromium,
    run_all_cells,
    set_theme,
    slider_names,
    start_lab,
    stderr_outputs,
    wait_for_explorers,
    wait_until_all_ran,
    write_explorer_notebook,
)

pytestmark = pytest.mark.browser

SLIDER_RESPONSE_SECONDS = 1.0


@dataclass
class Session:
    lab: LabServer
    page: object
    notebook: ExplorerNotebook
    state: str  # what Run All ended in: "ran" or "stopped by an error"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """Lab, Chromium and the explorers' notebook, run once; every test below reads the same page."""
    require_chromium()
    root = tmp_path_factory.mktemp("lab-root")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOT_DIR.glob("*.png"):
        old.unlink()  # a stale picture of an explorer that no longer exists would mislead
    started = time.perf_counter()
    phases = []
    lab = start_lab(root, tmp_path_factory.mktemp("lab-state"), wait=False)
    try:
        notebook = write_explorer_notebook(root)
        with open_browser() as browser:  # Chromium starts while the server does
            page = new_page(browser)
            lab.wait_until_up()
            phases.append(("Lab server up", time.perf_counter()))
            open_notebook(page, lab, notebook.path.name)
            phases.append(("notebook open, kernel idle", time.perf_counter()))
            run_all_cells(page)
            state = wait_until_all_ran(page)
            wait_for_explorers(page, notebook.explorers)
            phases.append(("Run All done, explorers rendered", time.perf_counter()))
            print(", ".join(f"{name} at {at - started:.1f} s" for name, at in phases))
            yield Session(lab, page, notebook, state)
            page.context.close()
    finally:
        lab.stop()


def _roots(session):
    roots = explorer_roots(session.page)
    return [(roots.nth(i), session.notebook.origins[i], session.notebook.kinds[i]) for i in range(roots.count())]


def test_every_explorer_cell_renders_an_explorer_in_the_venvs_kernel(session):
    notebook, page = session.notebook, session.page
    errors = error_outputs(page)
    assert not errors, f"Run All {session.state}:\n" + "\n---\n".join(errors)
    assert session.state == "ran"
    warnings = stderr_outputs(page)
    assert not warnings, f"an explorer cell wrote to stderr (the learner sees it): {warnings}"
    kernels = session.lab.kernel_processes()
    assert kernels, f"no kernel process found under the Lab server (pid {session.lab.process.pid})"
    for pid, (_, command) in kernels.items():
        assert command.split()[0] == sys.executable, f"kernel {pid} runs {command!r}, not this venv's python"
    kinds = [explorer_kind(root) for root, _, _ in _roots(session)]
    # A widget that failed to render shows its static picture and one line of text: no .nnfs-explorer root.
    assert kinds == notebook.kinds, f"cells {notebook.origins} should build {notebook.kinds}; rendered {kinds}"
    assert set(kinds) == set(GALLERY_EXPLORERS)
    page.screenshot(path=SCREENSHOT_DIR / "explorers-end.png")


def test_every_slider_is_named_after_its_label(session):
    labels, names = slider_names(session.page)
    assert labels and all(item["explorer"] and item["label"] for item in labels), labels
    # Chromium's tree names every slider after a visible label, and no slider goes unnamed ...
    assert Counter(names) == Counter(item["label"] for item in labels), (
        f"accessible names {sorted(names)} are not the sliders' labels {sorted(i['label'] for i in labels)}"
    )
    # ... and each explorer's handle carries its own label (Playwright's role query, per explorer).
    for root, origin, kind in _roots(session):
        labels = root.locator(".widget-slider > .widget-label").all_text_contents()
        assert labels, f"{origin} ({kind}) has no slider"
        for label in labels:
            found = root.get_by_role("slider", name=label.strip(), exact=True).count()
            assert found == 1, f"{origin} ({kind}): Playwright finds {found} sliders named {label!r}"


def test_every_figure_has_alt_text_and_is_shown_at_1x_with_2x_pixels(session):
    for root, origin, kind in _roots(session):
        images = figure_images(root)
        if kind in ("shapes", "batch-relu"):
            assert images == [], f"{origin} ({kind}) is HTML only"
            continue
        assert len(images) == 1, f"{origin} ({kind}): expected one figure, found {len(images)}"
        image = images[0]
        assert len(image["alt"]) > 40, f"{origin} ({kind}): the figure's alt text {image['alt']!r}"
        assert root.get_by_role("img", name=image["alt"], exact=True).count() == 1
        assert image["complete"] and image["natural"] > 0, f"{origin} ({kind}): the figure did not load"
        # Shown at its own 1x width: a figure scaled down would shrink its 9 pt text below 9 pt.
        assert image["shown"] == pytest.approx(image["width"], abs=1), f"{origin} ({kind}): {image}"
        assert image["natural"] == pytest.approx(2 * image["width"], abs=2), f"{origin} ({kind}): not 2x {image}"


def test_moving_each_explorers_first_slider_changes_what_it_shows(session):
    dead = []
    for index, (root, origin, kind) in enumerate(_roots(session)):
        move = move_first_slider(root, timeout=SLIDER_RESPONSE_SECONDS)
        root.screenshot(path=SCREENSHOT_DIR / f"explorer-{index + 1}-{kind}-moved.png")
        assert move.value_after != move.value_before, (
            f"{origin} ({kind}): {move.key} did not move its first slider (value stayed {move.value_before})"
        )
        if not move.output_changed:
            dead.append(f"{origin} ({kind}): slider {move.value_before} -> {move.value_after}")
        else:
            print(f"{origin} ({kind}): output changed after {move.seconds * 1000:.0f} ms")
    assert not dead, f"nothing changed within {SLIDER_RESPONSE_SECONDS:.0f} s of a slider move: " + "; ".join(dead)
    # A move is drawn at 1x; once the slider rests the kernel redraws it at 2x (nnfs_helpers/widgets/base.py).
    for root, _, _ in _roots(session):
        if figure_images(root):
            root.page.wait_for_function(
                "(img) => img.complete && img.naturalWidth === 2 * Number(img.getAttribute('width'))",
                arg=root.locator("img.widget-image").element_handle(),
                timeout=10_000,
            )


def _explorer(session, origin_prefix: str, kind: str):
    for root, origin, found in _roots(session):
        if origin.startswith(origin_prefix) and found == kind:
            return root
    pytest.fail(f"no {kind} explorer from {origin_prefix} on the page ({session.notebook.origins})")


def _click_and_wait(root, button: str, expected: str, timeout_ms: int):
    image = root.locator("img.widget-image")
    before = image.get_attribute("src")
    root.get_by_role("button", name=button, exact=True).click()
    root.locator(".widget-html").filter(has_text=expected).first.wait_for(timeout=timeout_ms)
    # The figure is sent before the text, so by now it has changed too (a new blob URL).
    root.page.wait_for_function(
        "([img, before]) => img.getAttribute('src') !== before && img.complete",
        arg=[image.element_handle(), before],
        timeout=5_000,
    )


def test_reset_and_take_a_step_show_the_drafts_5_985(session):
    root = _explorer(session, "01_", "learning-rate")
    root.scroll_into_view_if_needed()
    # The slider test moved η to 0.002; Reset brings back the draft's η = 0.001 (and no steps taken).
    root.get_by_role("button", name="Reset", exact=True).click()
    root.locator(".widget-html").filter(has_text="steps taken: 0").first.wait_for(timeout=10_000)
    _click_and_wait(root, "Take a step", "h = ReLU(z) = 5.985", 10_000)
    assert "steps taken: 1" in root.inner_text()
    root.screenshot(path=SCREENSHOT_DIR / "learning-rate-after-a-step.png")


def test_train_reports_the_loss_and_accuracy(session):
    root = _explorer(session, "06_", "training")
    root.scroll_into_view_if_needed()
    # 2,000 epochs take about a second in-process; allow for a loaded CI machine.
    _click_and_wait(root, "Train", "Trained with", 60_000)
    assert re.search(r"accuracy\D{0,20}\d", root.inner_text()), root.inner_text()
    root.screenshot(path=SCREENSHOT_DIR / "training-after-train.png")


def test_every_number_reads_in_light_and_dark_themes(session):
    """Each explorer in JupyterLab Light, then Dark: every number in its HTML reads at >= 4.5:1 against
    what is really behind it (its first ancestor background at least half opaque)."""
    page, failures = session.page, []
    try:
        for theme in ("light", "dark"):
            set_theme(page, theme)
            for index, (root, origin, kind) in enumerate(_roots(session)):
                if theme == "dark":  # the light theme's pictures are taken by the slider test
                    root.scroll_into_view_if_needed()
                    root.screenshot(path=SCREENSHOT_DIR / f"explorer-{index + 1}-{kind}-dark.png")
                contrasts = number_contrasts(root)
                assert contrasts, f"{origin} ({kind}, {theme}): no numbers found in its HTML"
                failures += [
                    f"{origin} ({kind}, {theme}): {c['text']!r} {c['color']} on {c['background']} is {c['ratio']:.2f}:1"
                    for c in contrasts
                    if c["ratio"] < 4.5
                ]
    finally:
        set_theme(page, "light")
    assert not failures, "numbers below 4.5:1:\n" + "\n".join(failures[:40])
