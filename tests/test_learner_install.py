"""A learner's clone runs the series with the learner's packages only and no install of the project.

The work tree's repository is cloned (git clone: what a learner, a hub's nbgitpuller or Binder gets),
a fresh environment is made with uv from binder/requirements.txt (Binder's set, the same pins as
requirements.txt: tests/test_environment.py), and nnfs_helpers is NOT installed: the notebooks find
it through the symlink notebooks/nnfs_helpers, since the kernel's working directory is notebooks/.
Every notebook is then executed top to bottom there with nbclient, in a kernel of that environment.

Marked `install` (not in `make test-fast`): the environment comes from uv's cache in a few seconds
once the packages were downloaded; the notebooks take what nbval takes.
"""

from __future__ import annotations

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
NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# (nbclient and nbconvert come with JupyterLab's server, so they are no sign of the test set.)
TOOLING = ("pytest", "nbval", "playwright", "ruff", "hypothesis", "xdist")

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


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def learner(tmp_path_factory) -> tuple[Path, Path]:
    """(the clone, its environment's python): the learner's set from binder/requirements.txt, nothing else."""
    uv = _uv()
    where = tmp_path_factory.mktemp("learner")
    clone = where / "clone"
    _run(["git", "clone", "--quiet", str(ROOT), str(clone)])
    venv = where / "venv"
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)])
    python = venv / "bin" / "python"
    _run([uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(clone / "binder" / "requirements.txt")])
    return clone, python


def test_the_learner_environment_has_the_series_packages_only(learner):
    clone, python = learner
    names = [*TOOLING, "nnfs_helpers"]
    script = f"import importlib.util as u, json; print(json.dumps({{n: bool(u.find_spec(n)) for n in {names!r}}}))"
    found = json.loads(_run([str(python), "-c", script], cwd=clone.parent).stdout)
    assert not any(found[name] for name in TOOLING), f"test tooling in the learner's environment: {found}"
    assert not found["nnfs_helpers"], "the project must not be installed: the notebooks find it by the symlink"


def test_a_kernel_in_notebooks_imports_the_package_through_the_symlink(learner):
    clone, python = learner
    where = _run([str(python), "-c", "import nnfs_helpers; print(nnfs_helpers.__file__)"], cwd=clone / "notebooks")
    assert Path(where.stdout.strip()) == clone / "notebooks" / "nnfs_helpers" / "__init__.py"


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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_notebook_runs_top_to_bottom_in_the_clone(name, learner, kernel_specs, monkeypatch):
    clone, python = learner
    monkeypatch.delenv("PYTHONPATH", raising=False)
    notebook = nbformat.read(clone / "notebooks" / name, as_version=4)
    # Which interpreter and which nnfs_helpers the kernel used, printed after the notebook's last cell.
    notebook.cells.append(
        nbformat.v4.new_code_cell("import sys, nnfs_helpers\nprint(sys.executable)\nprint(nnfs_helpers.__file__)")
    )
    manager = KernelManager(kernel_name="learner", kernel_spec_manager=kernel_specs)
    client = NotebookClient(
        notebook, km=manager, timeout=600, resources={"metadata": {"path": str(clone / "notebooks")}}
    )
    client.execute()  # raises CellExecutionError on any error outside a cell tagged raises-exception
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs).split()
    assert printed == [str(python), str(clone / "notebooks" / "nnfs_helpers" / "__init__.py")]
