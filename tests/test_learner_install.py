"""A learner's clone runs the series with the learner's packages only and no install of the project.

The work tree's repository is cloned (git clone: what a learner, a hub's nbgitpuller or Binder gets)
and the README's set-up is run in it, `make install` (what `make lab` does before it starts the
server): a fresh .venv with the learner's set, from uv's cache (seconds once the packages were
downloaded). nnfs_helpers is NOT installed: the notebooks find it through the symlink
notebooks/nnfs_helpers, since the kernel's working directory is notebooks/.

What is run there, and why not every notebook top to bottom: executing all six took ~145 s, and what
differs between this environment and the suite's is only which packages are installed, since nbval
(the notebooks tests) executes every notebook top to bottom in the suite's own environment. So:
- every notebook's import statements are executed in that environment, from notebooks/, and every
  module any notebook or the package a learner uses (nnfs_helpers without grading/, the teacher's
  tool) imports anywhere, inside functions too, must be found there;
- notebook 01, the one `make lab` opens, is executed top to bottom in a kernel of that environment,
  which must import the package through the link.

Marked `install` (not in `make test-fast`).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RUN_WHOLE = "01_one_neuron_by_hand.ipynb"
# (nbclient and nbconvert come with JupyterLab's server, so they are no sign of the test set.)
TOOLING = ("pytest", "nbval", "playwright", "ruff", "hypothesis", "xdist", "otter")

pytestmark = pytest.mark.install


def _uv() -> str:
    # requirements-dev.txt pins uv, so it is beside the interpreter running the tests; else PATH.
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    if found is None:
        problem = "uv not found: it is pinned in requirements-dev.txt (make install-dev)"
        if os.environ.get("CI"):
            pytest.fail(f"{problem} [CI is set, so this is a failure, not a skip]", pytrace=False)
        pytest.skip(problem)
    return found


# As under `make lab`: bytecode is written on first use, so the kernel reuses what the import test compiled.
UNSET = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in UNSET}


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **{"env": _env(), **kwargs})
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def learner(tmp_path_factory) -> tuple[Path, Path]:
    """(the clone, its .venv's python) after the README's `make install` in a fresh clone."""
    uv = _uv()
    clone = tmp_path_factory.mktemp("learner") / "clone"
    _run(["git", "clone", "--quiet", str(ROOT), str(clone)])
    # uv first on PATH, so the Makefile takes the uv route; the base interpreter of this one.
    env = {**_env(), "PATH": f"{Path(uv).parent}{os.pathsep}{os.environ['PATH']}"}
    _run(["make", "--no-print-directory", "install", f"PYTHON={sys.base_prefix}/bin/python3"], cwd=clone, env=env)
    return clone, clone / ".venv" / "bin" / "python"


def test_the_learner_environment_has_the_series_packages_only(learner):
    clone, python = learner
    names = [*TOOLING, "nnfs_helpers", "numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel"]
    script = f"import importlib.util as u, json; print(json.dumps({{n: bool(u.find_spec(n)) for n in {names!r}}}))"
    found = json.loads(_run([str(python), "-c", script], cwd=clone.parent).stdout)
    assert not any(found[name] for name in TOOLING), f"test tooling in the learner's environment: {found}"
    assert not found["nnfs_helpers"], "the project must not be installed: the notebooks find it by the symlink"
    assert all(found[name] for name in names[len(TOOLING) + 1 :]), f"a learner's package is missing: {found}"


def _code(cell_source: str) -> str:
    """A code cell's Python: IPython magics and shell lines (% and !) left out."""
    return "\n".join(line for line in cell_source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _imports(tree: ast.AST) -> list[ast.stmt]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0)
    ]


def _top_level(nodes: list[ast.stmt]) -> set[str]:
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        else:
            names.add(node.module.split(".")[0])
    return names


def test_every_notebook_and_the_package_find_their_imports(learner):
    clone, python = learner
    statements, names = [], set()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                nodes = _imports(ast.parse(_code(cell.source)))
                statements += [ast.unparse(node) for node in nodes]
                names |= _top_level(nodes)
    package = [path for path in (ROOT / "nnfs_helpers").rglob("*.py") if "grading" not in path.parts]
    for path in package:
        names |= _top_level(_imports(ast.parse(path.read_text())))
    assert {"numpy", "nnfs_helpers", "ipywidgets", "matplotlib"} <= names, names
    statements = sorted(set(statements))
    # The notebooks' import lines, executed in a process of the learner's environment, started where a kernel starts.
    script = (
        "import importlib.util, json, sys\n"
        f"for line in {statements!r}:\n    exec(line)\n"
        f"missing = sorted(n for n in {sorted(names)!r} if importlib.util.find_spec(n) is None)\n"
        "import nnfs_helpers\n"
        "print(json.dumps({'missing': missing, 'package': nnfs_helpers.__file__}))"
    )
    found = json.loads(_run([str(python), "-c", script], cwd=clone / "notebooks").stdout)
    assert found["missing"] == [], f"imported by a notebook or the package, absent for a learner: {found['missing']}"
    assert Path(found["package"]) == clone / "notebooks" / "nnfs_helpers" / "__init__.py"


@pytest.fixture(scope="module")
def kernel_specs(learner, tmp_path_factory) -> KernelSpecManager:
    """A kernel spec that starts the learner environment's ipykernel, and no other."""
    _, python = learner
    kernels = tmp_path_factory.mktemp("kernels")
    (kernels / "learner").mkdir()
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "learner",
        "language": "python",
    }
    (kernels / "learner" / "kernel.json").write_text(json.dumps(spec))
    return KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)


def test_the_notebook_make_lab_opens_runs_top_to_bottom_in_the_clone(learner, kernel_specs, monkeypatch):
    clone, python = learner
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    notebook = nbformat.read(clone / "notebooks" / RUN_WHOLE, as_version=4)
    # Which interpreter and which nnfs_helpers the kernel used, printed after the notebook's last cell.
    notebook.cells.append(
        nbformat.v4.new_code_cell("import sys, nnfs_helpers\nprint(sys.executable)\nprint(nnfs_helpers.__file__)")
    )
    manager = KernelManager(kernel_name="learner", kernel_spec_manager=kernel_specs)
    client = NotebookClient(
        notebook, km=manager, timeout=600, resources={"metadata": {"path": str(clone / "notebooks")}}
    )
    try:
        client.execute()  # raises CellExecutionError on any error outside a cell tagged raises-exception
    finally:
        # nbclient shuts down only a kernel (and closes only a client) it made itself: these are ours to stop.
        if client.kc is not None:
            client.kc.stop_channels()
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    assert not manager.is_alive(), "the notebook's kernel was left running"
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs).split()
    assert printed == [str(python), str(clone / "notebooks" / "nnfs_helpers" / "__init__.py")]
