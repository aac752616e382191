"""What the notebook tests share: where the series lives and how to read its cells."""

from __future__ import annotations

from pathlib import Path

import nbformat

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
