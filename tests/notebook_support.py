"""What the notebook tests share: where the series lives and how to read its cells."""

from __future__ import annotations

import ast
import importlib.util
import linecache
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

import nnfs_helpers

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

# The series, in order. A notebook missing from disk fails the hygiene tests.
SERIES = [
    "01_one_neuron_by_hand.ipynb",
    "02_a_layer_and_a_batch.ipynb",
    "03_relu_and_one_full_update.ipynb",
    "04_from_functions_to_classes.ipynb",
    "05_softmax_cross_entropy_shortcut.ipynb",
    "06_full_backward_pass_and_training.ipynb",
]


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / name, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_text(cell) -> str:
    """Everything a cell printed or displayed as text, joined."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def exercise_stubs(notebook) -> list:
    """The cells tagged ``exercise``: the stubs a learner replaces (docs/exercises.md)."""
    return [cell for cell in notebook.cells if "exercise" in tags(cell)]


def function_name(source: str) -> str | None:
    """The name of the first function a cell defines (the learner's function)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            return node.name
    return None


def define(code: str, filename: str) -> dict:
    """Run a cell's code in a fresh namespace holding ``np`` and ``nnfs_helpers``, the only names an
    exercise cell may use (docs/exercises.md).

    The source is registered under ``filename`` so a traceback, and the exercise check that
    quotes the learner's line, can show it."""
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    namespace = {"np": np, "nnfs_helpers": nnfs_helpers, "__name__": "__main__"}
    exec(compile(code, filename, "exec"), namespace)
    return namespace


def execute(notebook, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a notebook (a copy is not made) top to bottom in a fresh kernel from notebooks/, keeping
    going past errors so a test can say which cell failed."""
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    return notebook


def errors(notebook) -> list[str]:
    """``cell N: Ename: value`` for every stored error output."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"cell {index}: {output.ename}: {output.evalue}")
    return found


def load_script(name: str):
    """A module from scripts/ (not a package), e.g. ``load_script("execute_notebooks")``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
