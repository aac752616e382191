"""Drive the notebook series the way a learner meets it: JupyterLab in a real (headless) Chromium.

Shared by tests/test_browser.py, tests/test_html_export.py and benchmarks/bench_browser_latency.py.

    lab = start_lab(root_dir, state_dir)      # own server: random port and token, private config
    try:
        with open_browser() as browser:
            page = new_page(browser)
            open_notebook(page, lab, "01_one_neuron_by_hand.ipynb")
            run_all_cells(page)
            ...
    finally:
        lab.stop()                             # the server, its process group and every kernel

Chromium is Debian's `/usr/bin/chromium`; Playwright's own browser download is never used (it
cannot be fetched on a closed network).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOT_DIR = ROOT / "test-output" / "browser"

# NNFS_CHROMIUM points elsewhere, e.g. at a Chromium or Chrome binary on a machine without Debian's.
CHROMIUM = Path(os.environ.get("NNFS_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` (CI does) to run the browser tests"
)
# Tall enough that an explorer with a figure fits on screen, so its screenshot is whole.
VIEWPORT = {"width": 1400, "height": 1100}

EXPLORER_TAG = "explorer"
# What an explorer shows, as opposed to its controls. A slider's own readout changes on every
# key press, so counting it would make "the output changed" true even for a dead callback.
OUTPUT_SELECTOR = ".widget-html, .widget-htmlmath, .widget-image, .widget-output, canvas"


def series_notebooks() -> list[Path]:
    """The numbered notebooks on disk right now (the series grows while it is being written)."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def chromium_problem() -> str | None:
    """None when the browser tests can run, else the one line that says how to enable them."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return MISSING_CHROMIUM


def require_chromium() -> None:
    """Skip (locally) or fail (when CI is set) if there is no Chromium to drive."""
    import pytest

    problem = chromium_problem()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{problem} [CI is set, so a missing browser is a failure, not a skip]", pytrace=False)
    pytest.skip(problem)


# --------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------


def explorer_cell_count(notebook: nbformat.NotebookNode) -> int:
    return sum(
        1
        for cell in notebook.cells
        if cell.cell_type == "code" and EXPLORER_TAG in cell.get("metadata", {}).get("tags", [])
    )


@dataclass(frozen=True)
class NotebookCopy:
    path: Path
    explorers: int  # cells tagged `explorer`
    raises_exception: frozenset[int]  # indices of cells tagged `raises-exception` (errors on purpose)


def copy_cleared(source: Path, target_dir: Path) -> NotebookCopy:
    """Copy a notebook with no outputs, counts or saved widget state.

    A learner opens the notebook after a fresh clone and runs it; stored outputs or widget state
    would let a stale picture pass for a working explorer.
    """
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    target = target_dir / source.name
    nbformat.write(notebook, target)
    raises = frozenset(
        index
        for index, cell in enumerate(notebook.cells)
        if "raises-exception" in cell.get("metadata", {}).get("tags", [])
    )
    return NotebookCopy(target, explorer_cell_count(notebook), raises)


# Every explorer kind, once: the gallery shows each one even before a notebook uses it (the batch
# ReLU explorer was written before notebook 03 showed it), so the browser tests and the latency
# benchmark always cover them all.
GALLERY_EXPLORERS = {
    "neuron-graph": "neuron_graph_explorer()",
    "learning-rate": "learning_rate_explorer()",
    "shapes": "shapes_explorer()",
    "softmax": "softmax_explorer()",
    "training": "training_explorer()",
    "batch-relu": "batch_relu_explorer()",
}
GALLERY_NAME = "explorer_gallery.ipynb"


def write_gallery(target_dir: Path, *, prelude: str = "", name: str = GALLERY_NAME) -> NotebookCopy:
    """Write a notebook with one cell per explorer kind (tagged `explorer`), in GALLERY_EXPLORERS order,
    after an optional ``prelude`` cell (the latency benchmark's 2x baseline sets a knob there)."""
    imports = ", ".join(sorted(source.removesuffix("()") for source in GALLERY_EXPLORERS.values()))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(f"{prelude}\nfrom nnfs_helpers.widgets import {imports}".strip())] + [
        nbformat.v4.new_code_cell(source, metadata={"tags": [EXPLORER_TAG]}) for source in GALLERY_EXPLORERS.values()
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    target = target_dir / name
    nbformat.write(notebook, target)
    return NotebookCopy(target, len(GALLERY_EXPLORERS), frozenset())


# The kind of explorer each factory builds (the factory a notebook's explorer cell calls).
FACTORY_KINDS = {source.removesuffix("()"): kind for kind, source in GALLERY_EXPLORERS.items()}
EXPLORERS_NAME = "explorers.ipynb"
_FACTORY_CALL = re.compile(r"\b(" + "|".join(FACTORY_KINDS) + r")\(")


@dataclass(frozen=True)
class ExplorerNotebook:
    path: Path
    origins: list[str]  # per explorer cell, in order: "01_one_neuron_by_hand cell 50" or "gallery"
    kinds: list[str]  # the kind each explorer cell builds, in the same order

    @property
    def explorers(self) -> int:
        return len(self.origins)


def write_explorer_notebook(target_dir: Path, notebooks: list[Path] | None = None) -> ExplorerNotebook:
    """One small notebook that builds every explorer the series shows, and one of each kind no notebook shows.

    Its cells are the import of every factory, then each notebook's cells tagged `explorer`, copied as they
    are (source and tag), in series order, then a gallery cell (GALLERY_EXPLORERS) for each kind no
    notebook's explorer cell builds. The browser tests run this one notebook instead of every notebook's
    full content (nbval runs those): every explorer a learner meets is built by its own cell's code.
    """
    imports = ", ".join(sorted(FACTORY_KINDS))
    cells = [nbformat.v4.new_code_cell(f"from nnfs_helpers.widgets import {imports}")]
    origins, kinds = [], []
    for source in series_notebooks() if notebooks is None else notebooks:
        notebook = nbformat.read(source, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or EXPLORER_TAG not in cell.get("metadata", {}).get("tags", []):
                continue
            found = _FACTORY_CALL.findall(cell.source)
            if len(found) != 1:
                raise ValueError(f"{source.name} cell {index} is tagged `explorer` but calls {found or 'no factory'}")
            origin = f"{source.stem} cell {index}"
            cells.append(nbformat.v4.new_code_cell(f"# {origin}\n{cell.source}", metadata={"tags": [EXPLORER_TAG]}))
            origins.append(origin)
            kinds.append(FACTORY_KINDS[found[0]])
    for kind, call in GALLERY_EXPLORERS.items():
        if kind not in kinds:
            cells.append(nbformat.v4.new_code_cell(f"# gallery\n{call}", metadata={"tags": [EXPLORER_TAG]}))
            origins.append("gallery")
            kinds.append(kind)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    target = target_dir / EXPLORERS_NAME
    nbformat.write(notebook, target)
    return ExplorerNotebook(target, origins, kinds)


# --------------------------------------------------------------------------------------------
# The JupyterLab server
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2))


def _lab_settings(settings_dir: Path) -> None:
    # The "get notified about Jupyter news?" toast covers the notebook; nobody can answer it here.
    _write_json(
        settings_dir / "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    # Lab 4 virtualises cells that are off screen; render all of them so every prompt and every
    # explorer is in the DOM to be checked.
    _write_json(
        settings_dir / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings",
        {"windowingMode": "none"},
    )


def _process_table() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, command line) for every process we may see."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,pgid=,args="], capture_output=True, text=True, check=True)
    table = {}
    for line in out.stdout.splitlines():
        parts = line.split(None, 3)
        if len(parts) >= 3:
            table[int(parts[0])] = (int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else "")
    return table


def descendants(pid: int) -> dict[int, tuple[int, str]]:
    """pid -> (process group, command line) of every process started (transitively) by `pid`."""
    table = _process_table()
    found: dict[int, tuple[int, str]] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, pgid, args) in table.items():
            if ppid == parent and child not in found:
                found[child] = (pgid, args)
                frontier.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


@dataclass
class LabServer:
    """A JupyterLab server this process started, with everything needed to reach and stop it."""

    process: subprocess.Popen
    port: int
    token: str
    root_dir: Path
    log_path: Path
    env: dict[str, str] = field(repr=False)
    kernel_groups: set[int] = field(default_factory=set)
    start_timeout: float = 90.0

    def wait_until_up(self) -> None:
        """Return once /api/status answers; RuntimeError with the server's log if it exits or times out."""
        _wait_until_up(self, self.start_timeout)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0):
        request = urllib.request.Request(
            self.url(path), method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def kernel_processes(self) -> dict[int, tuple[int, str]]:
        """The kernels running under this server, remembered so stop() can reach them even if
        the server itself dies first (jupyter_client starts each kernel in a session of its own,
        so killing the server's process group would miss them)."""
        kernels = {pid: info for pid, info in descendants(self.process.pid).items() if "ipykernel" in info[1]}
        self.kernel_groups.update(pgid for pgid, _ in kernels.values())
        return kernels

    def shutdown_sessions(self) -> None:
        """Close every notebook session (and so its kernel) so kernels don't pile up on 2 cores."""
        self.kernel_processes()
        for session in self.api("GET", "api/sessions"):
            with contextlib.suppress(urllib.error.URLError, OSError):
                self.api("DELETE", f"api/sessions/{session['id']}", timeout=20)

    def stop(self, grace: float = 10.0) -> None:
        """Stop the server, its process group and every kernel it started, whatever state it is in."""
        with contextlib.suppress(Exception):
            self.kernel_processes()
        pgid = self.process.pid  # start_new_session=True made the server its group's leader
        _kill_group(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _kill_group(pgid, signal.SIGKILL)
            self.process.wait(timeout=grace)
        # A clean SIGTERM shuts the kernels down; this catches the ones a killed server left.
        deadline = time.monotonic() + grace
        for group in self.kernel_groups:
            _kill_group(group, signal.SIGTERM)
        while time.monotonic() < deadline and any(_alive(group) for group in self.kernel_groups):
            time.sleep(0.1)
        for group in self.kernel_groups:
            _kill_group(group, signal.SIGKILL)
        _kill_group(pgid, signal.SIGKILL)


def start_lab(root_dir: Path, state_dir: Path, *, timeout: float = 90.0, wait: bool = True) -> LabServer:
    """Start `python -m jupyterlab` on 127.0.0.1 serving `root_dir`; all its config lives in `state_dir`.

    Returns once `/api/status` answers (with ``wait=False`` at once: call ``lab.wait_until_up()`` before
    using it, and ``lab.stop()`` in any case). The server runs in a session of its own so that stopping
    it reaches every process it started. Raises RuntimeError with the server's log on failure.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER", "JPY_"))}
    # The inline backend must draw the figures; an inherited MPLBACKEND=Agg would silence them.
    env.pop("MPLBACKEND", None)
    private = {
        "JUPYTER_CONFIG_DIR": state_dir / "config",
        "JUPYTER_DATA_DIR": state_dir / "data",
        "JUPYTER_RUNTIME_DIR": state_dir / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": state_dir / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state_dir / "lab-workspaces",
        "IPYTHONDIR": state_dir / "ipython",
    }
    for name, path in private.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    # The kernel spec is found through sys.prefix/share/jupyter (the venv), which no private dir
    # hides, and jupyter_client swaps its "python" for this interpreter: the kernel runs in the venv.
    _lab_settings(private["JUPYTERLAB_SETTINGS_DIR"])

    port = _free_port()
    token = secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = state_dir / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    lab = LabServer(process=process, port=port, token=token, root_dir=root_dir, log_path=log_path, env=env)
    lab.start_timeout = timeout
    if wait:
        try:
            lab.wait_until_up()
        except BaseException:
            lab.stop()
            raise
    return lab


def _wait_until_up(lab: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {lab.process.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("GET", "api/status", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer /api/status within {timeout:.0f} s:\n{lab.log_tail()}")


def clean_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def open_browser() -> Iterator:
    """One headless Debian Chromium for a whole module; closed (and its processes gone) on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    """A fresh page with the explorer helpers (_PAGE_HELPERS) installed before Lab's own scripts."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(script=_PAGE_HELPERS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def kernel_status(page) -> str:
    """The status bar's kernel item, e.g. "Python 3 (ipykernel) | Busy" (for error messages)."""
    items = page.locator(".jp-StatusBar-TextItem").all_inner_texts()
    return next((item.strip() for item in items if " | " in item), "(no kernel status)")


def open_notebook(page, lab: LabServer, name: str, *, timeout: float = 60.0) -> None:
    """Open `name` in Lab and wait until its cells are rendered and its kernel is connected and idle."""
    # `reset` starts from an empty workspace: Lab would otherwise reopen every notebook an earlier
    # test opened, and their kernels and cells would get in the way.
    page.goto(lab.url(f"lab/tree/{name}?reset"))
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function("() => window.__nnfs.kernelReady()", timeout=timeout * 1000, polling=100)


def run_all_cells(page) -> None:
    """Run > Run All Cells, through the menu a learner would use."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


_RUN_STATE = """(allowed) => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel || !window.__nnfs.kernelReady()) return null;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim());
    if (prompts.length === 0 || prompts.some(p => p.includes('*'))) return null;
    if (prompts.every(p => /^\\[\\d+\\]:?$/.test(p))) return 'ran';
    // Lab stops Run All at a cell that raises: the rest stay blank and the kernel goes idle for good.
    return window.__nnfs.errors(panel, allowed).length > 0 ? 'stopped by an error' : null;
}"""


def wait_until_all_ran(page, *, timeout: float = 150.0, allowed_error_cells: frozenset[int] = frozenset()) -> str:
    """Wait until every code cell shows a number in its prompt and the kernel is idle, or until an
    error has stopped the run; returns 'ran' or 'stopped by an error' (error_outputs() says which).

    Raises AssertionError naming the prompts still blank or busy when neither happens in `timeout`.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            _RUN_STATE, arg=sorted(allowed_error_cells), timeout=timeout * 1000, polling=250
        )
    except PlaywrightTimeout:
        prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")
        texts = [text.strip() for text in prompts.all_inner_texts()]
        raise AssertionError(
            f"not every cell ran within {timeout:.0f} s; kernel {kernel_status(page)!r}; prompts {texts}"
        ) from None
    return handle.json_value()


def scroll_to_top(page) -> None:
    """Lab scrolls inside its notebook panel (Run All leaves it at the last cell), not the page."""
    page.evaluate(
        """() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
            .forEach(el => { el.scrollTop = 0; })"""
    )


def error_outputs(page, allowed_error_cells: frozenset[int] = frozenset()) -> list[str]:
    """Tracebacks and error outputs in the open notebook, as "cell N: text" (empty when it ran
    cleanly). Cells in `allowed_error_cells` (notebook cell indices, e.g. the cells tagged
    `raises-exception`) may show an error on purpose."""
    found = page.evaluate(
        """(allowed) => window.__nnfs.errors(
            document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)'), allowed)""",
        sorted(allowed_error_cells),
    )
    return [f"cell {item['cell']}: {item['text']}" for item in found]


def stderr_outputs(page) -> list[str]:
    """Any stderr a learner would see (warnings included), for reports."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) '
                + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        ].map(el => el.textContent.trim().slice(0, 500))"""
    )


# --------------------------------------------------------------------------------------------
# Explorers
# --------------------------------------------------------------------------------------------

# Runs in every page before Lab loads. `errors` lists a notebook's error outputs by cell.
# `fingerprint` is what an explorer shows (not its controls); canvas pixels count too, since a
# canvas redraw changes no DOM. `installProbe` times, inside the page, a key press on the explorer
# (keydown, capture phase: before the slider handles it) to the first mutation of its output
# (MutationObserver) or the first frame whose fingerprint differs (requestAnimationFrame poll, for
# canvas and image changes).
_PAGE_HELPERS = """
window.__nnfs = (() => {
    const OUTPUT = __OUTPUT_SELECTOR__;
    const STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
    const isControl = (el) => el.closest('.widget-slider, .widget-readout') !== null;
    const fingerprint = (root) => {
        const parts = [];
        for (const el of root.querySelectorAll(OUTPUT)) {
            if (isControl(el)) continue;
            if (el.tagName === 'CANVAS') { try { parts.push(el.toDataURL()); } catch (e) {} continue; }
            parts.push(el.innerText);
            for (const img of el.matches('img') ? [el] : el.querySelectorAll('img')) parts.push(img.src);
        }
        return parts.join('\\u241e');
    };
    const installProbe = (root) => {
        const probe = {pressedAt: null, changedAt: null, lastMutation: 0, before: null};
        const isOutput = (node) => {
            const el = node.nodeType === 1 ? node : node.parentElement;
            return el !== null && !isControl(el) && el.closest(OUTPUT) !== null;
        };
        new MutationObserver((records) => {
            const now = performance.now();
            if (!records.some(r => isOutput(r.target))) return;
            probe.lastMutation = now;
            if (probe.pressedAt !== null && probe.changedAt === null) probe.changedAt = now;
        }).observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
        root.addEventListener('keydown', () => {
            probe.pressedAt = performance.now();
            probe.changedAt = null;
            probe.before = fingerprint(root);
            const poll = () => {
                if (probe.changedAt !== null) return;
                if (fingerprint(root) !== probe.before) { probe.changedAt = performance.now(); return; }
                requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
        }, true);
        root.__nnfsProbe = probe;
    };
    // Error outputs per notebook cell index: a traceback on stderr or an error rendering.
    const errors = (panel, allowed) => {
        const found = [];
        [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].forEach((cell, index) => {
            if (allowed.includes(index)) return;
            for (const el of cell.querySelectorAll(STDERR)) {
                if (el.textContent.includes('Traceback')) found.push({cell: index, text: el.textContent});
            }
            for (const el of cell.querySelectorAll('.jp-RenderedText[data-mime-type*="error"]')) {
                found.push({cell: index, text: el.textContent});
            }
        });
        return found.map(({cell, text}) => ({cell, text: text.trim().slice(0, 2000)}));
    };
    // The status bar names the kernel and its state ("Python 3 (ipykernel) | Idle"). The toolbar's
    // execution indicator alone is not enough: it reads "idle" while the notebook has no kernel
    // yet, and a Run All sent then runs nothing (or only the first cell).
    const kernelReady = () => {
        const items = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent.trim());
        const indicator = document.querySelector(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
        return items.some(t => /^(?!No Kernel).+ \\| Idle$/.test(t))
            && indicator !== null && indicator.getAttribute('data-status') === 'idle';
    };
    return {fingerprint, installProbe, errors, kernelReady};
})();
""".replace("__OUTPUT_SELECTOR__", json.dumps(OUTPUT_SELECTOR))

_EXPLORER_ROOTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .nnfs-explorer:not(.nnfs-explorer .nnfs-explorer)"


def explorer_roots(page):
    """Locator of every explorer root widget in the open notebook, in document order."""
    return page.locator(_EXPLORER_ROOTS)


def wait_for_explorers(page, expected: int, *, timeout: float = 20.0) -> int:
    """Widget views render after the cell finishes; wait for `expected` roots and return the count."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length >= n",
            arg=[_EXPLORER_ROOTS, expected],
            timeout=timeout * 1000,
            polling=100,
        )
    return explorer_roots(page).count()


def explorer_kind(root) -> str:
    classes = (root.get_attribute("class") or "").split()
    kinds = [name.removeprefix("nnfs-explorer-") for name in classes if name.startswith("nnfs-explorer-")]
    return kinds[0] if kinds else "?"


def output_fingerprint(root) -> str:
    """What the explorer shows (not its controls): HTML text, image sources, Output widget content
    and canvas pixels, joined into one string that changes when any of them does."""
    return root.evaluate("(root) => window.__nnfs.fingerprint(root)")


@dataclass
class SliderMove:
    key: str
    value_before: str | None
    value_after: str | None
    output_changed: bool
    seconds: float


def first_slider_handle(root):
    return root.locator(".widget-slider").first.locator(".noUi-handle").first


def first_slider_value(root) -> str:
    """The first slider's position as the learner reads it: its readout and the handle's aria value.

    Both, because noUiSlider rounds aria-valuenow to one decimal (0.001 and 0.002 both read 0.0)
    and a slider may hide its readout.
    """
    slider = root.locator(".widget-slider").first
    readout = slider.locator(".widget-readout")
    text = readout.first.inner_text().strip() if readout.count() else ""
    return f"{text} (aria {first_slider_handle(root).get_attribute('aria-valuenow')})"


def _direction(handle) -> str:
    """ArrowRight unless the slider is already at its maximum."""
    now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    try:
        at_max = float(now) >= float(top)
    except (TypeError, ValueError):
        at_max = False
    return "ArrowLeft" if at_max else "ArrowRight"


def move_first_slider(root, *, timeout: float = 1.0) -> SliderMove:
    """Press one arrow key on the explorer's first slider; report whether its output changed in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    root.scroll_into_view_if_needed()
    handle = first_slider_handle(root)
    handle.focus()
    key = _direction(handle)
    before_value = first_slider_value(root)
    before = output_fingerprint(root)
    start = time.perf_counter()
    handle.press(key)
    changed = True
    try:
        root.page.wait_for_function(
            "([root, before]) => window.__nnfs.fingerprint(root) !== before",
            arg=[root.element_handle(), before],
            timeout=timeout * 1000,
            polling="raf",
        )
    except PlaywrightTimeout:
        changed = False
    seconds = time.perf_counter() - start
    return SliderMove(key, before_value, first_slider_value(root), changed, seconds)


# --------------------------------------------------------------------------------------------
# Latency probe (benchmark): key press to first change of the explorer's output, timed in the page
# --------------------------------------------------------------------------------------------


def install_latency_probe(root) -> None:
    """Record, in the page, when a key goes down on the explorer and when its output first changes."""
    root.evaluate("(root) => window.__nnfs.installProbe(root)")


def timed_slider_move(root, *, timeout: float = 2.0, settle_ms: float = 150.0) -> tuple[float, float] | None:
    """One arrow key press on the first slider; returns milliseconds from the press until the output
    first changed and until its last change (e.g. the figure after the text), or None if nothing
    changed within `timeout`. Waits until the output has been quiet for `settle_ms` so that presses
    don't overlap."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    handle = first_slider_handle(root)
    handle.focus()
    handle.press(_direction(handle))
    try:
        root.page.wait_for_function(
            "(root) => root.__nnfsProbe.changedAt !== null",
            arg=root.element_handle(),
            timeout=timeout * 1000,
            polling="raf",
        )
    except PlaywrightTimeout:
        return None
    root.page.wait_for_function(
        "([root, quiet]) => performance.now()"
        " - Math.max(root.__nnfsProbe.lastMutation, root.__nnfsProbe.changedAt) > quiet",
        arg=[root.element_handle(), settle_ms],
        timeout=10_000,
        polling=50,
    )
    probe = root.evaluate("(root) => root.__nnfsProbe")
    first = probe["changedAt"] - probe["pressedAt"]
    return first, max(first, probe["lastMutation"] - probe["pressedAt"])


# --------------------------------------------------------------------------------------------
# Static HTML export (a reader without Jupyter)
# --------------------------------------------------------------------------------------------

MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"


def local_mathjax() -> Path | None:
    """MathJax 2's MathJax.js from the `jupyter_server_mathjax` package, if it is installed.

    nbconvert's HTML template loads MathJax 2 from a CDN, which a closed network (or an offline
    reader) cannot reach; this copy lets the export render formulas without one.
    """
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or spec.origin is None:
        return None
    script = Path(spec.origin).parent / "static" / "MathJax.js"
    return script if script.is_file() else None


def export_html(notebook: Path, out_dir: Path, *, mathjax: Path | None = None, timeout: float = 120.0) -> Path:
    """`jupyter nbconvert --to html` the notebook as stored (outputs included, nothing executed)."""
    command = [sys.executable, "-m", "nbconvert", "--to", "html", str(notebook), "--output-dir", str(out_dir)]
    if mathjax is not None:
        command.append(f"--HTMLExporter.mathjax_url={mathjax.as_uri()}?config={MATHJAX_CONFIG}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"nbconvert failed on {notebook.name} ({result.returncode}):\n{result.stderr[-3000:]}")
    return out_dir / f"{notebook.stem}.html"


def offline_page(browser):
    """A page that may read file:// URLs only: every network request is refused at once, as on a
    machine with no network, instead of waiting for a time-out."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    return context.new_page()


# --------------------------------------------------------------------------------------------
# Themes and contrast
# --------------------------------------------------------------------------------------------

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def set_theme(page, theme: str, *, timeout: float = 20.0) -> None:
    """Settings > Theme > JupyterLab Light / Dark, through the menu; waits until the body says so."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(THEMES[theme])}$")).click()
    light = "true" if theme == "light" else "false"
    page.wait_for_function(
        f"() => document.body.dataset.jpThemeLight === '{light}'", timeout=timeout * 1000, polling=100
    )
    page.wait_for_timeout(500)  # the theme's CSS variables apply after the attribute changes


# For every text node inside an explorer's HTML widgets that holds a digit: its computed colour, and the
# first opaque background behind it (walking up the ancestors), as WCAG contrast.
_CONTRAST = """(root) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!/[0-9]/.test(text)) continue;
    const el = node.parentElement;
    if (!el.closest('.widget-html')) continue;
    const fg = parse(getComputedStyle(el).color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({text, ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(el).color,
              background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`});
  }
  return out;
}"""


def number_contrasts(root) -> list[dict]:
    """Every number in the explorer's HTML with its colour, its background and their contrast ratio."""
    return root.evaluate(_CONTRAST)


def slider_labels(root) -> list[str]:
    """The visible label text of every slider in the explorer (its description)."""
    return root.evaluate(
        """(root) => [...root.querySelectorAll('.widget-slider')].map(
             s => (s.querySelector('.widget-label') || {}).textContent || '')"""
    )


def image_titles(root) -> list[str]:
    """The title (the accessible name where there is no alt) of every figure image in the explorer."""
    return root.evaluate("(root) => [...root.querySelectorAll('img')].map(img => img.getAttribute('title') || '')")


def slider_names(page) -> tuple[list[dict], list[str]]:
    """The visible label of every slider in the open notebook (page order, with whether it sits in an
    explorer), and the accessible name of every slider in Chromium's own accessibility tree (the DevTools
    protocol's Accessibility.getFullAXTree: what a screen reader is given; not in page order)."""
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider')]
             .map(s => { const l = s.querySelector(':scope > .widget-label');
                         return {label: l ? l.textContent.trim() : '', explorer: !!s.closest('.nnfs-explorer')}; })"""
    )
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    names = [
        (node.get("name") or {}).get("value", "")
        for node in nodes
        if (node.get("role") or {}).get("value") == "slider" and not node.get("ignored")
    ]
    return labels, names


def figure_images(root) -> list[dict]:
    """Every figure image of the explorer: its alt text, its size on screen and its pixel size."""
    return root.evaluate(
        """(root) => [...root.querySelectorAll('img.widget-image')].map(img => ({
             alt: img.getAttribute('alt') || '', title: img.getAttribute('title') || '',
             shown: img.getBoundingClientRect().width, width: Number(img.getAttribute('width')),
             natural: img.naturalWidth, complete: img.complete}))"""
    )
