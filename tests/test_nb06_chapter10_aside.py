"""Notebook 06's optional chapter-10 run and the explorer question 06.fewest_epochs describe one training:
the aside's line at epoch E - 1 is the question's "after E epochs", and the aside stays out of the main path."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from nnfs_helpers.exercises.questions import final_accuracies

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "06_full_backward_pass_and_training.ipynb"


def _aside():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "the book's chapter-10 settings" in cell.source:
            return notebook, index, cell
    raise AssertionError("notebook 06 has no chapter-10 cell")


def test_the_aside_prints_the_accuracies_the_question_reports():
    _, _, cell = _aside()
    text = "".join(output.get("text", "") for output in cell.outputs)
    printed = {int(e): a for e, a in re.findall(r"epoch +(\d+) +loss [\d.]+ +accuracy ([\d.]+)", text)}
    assert {199, 249} <= set(printed), f"the aside should print epochs 199 and 249 (200 and 250 epochs):\n{text}"
    trajectory = final_accuracies(64, 1.0, 300, 0)
    for epoch in (99, 199, 249):
        if epoch in printed:
            assert printed[epoch] == f"{trajectory[epoch + 1]:.3f}", (
                f"the aside's epoch {epoch} prints {printed[epoch]}, the question's {epoch + 1} epochs "
                f"{trajectory[epoch + 1]:.3f}"
            )


def test_the_aside_is_collapsed_under_an_optional_heading():
    notebook, index, cell = _aside()
    assert cell.metadata.get("jupyter", {}).get("source_hidden") and cell.metadata["jupyter"].get("outputs_hidden")
    headings = [c for c in notebook.cells[:index] if c.cell_type == "markdown" and c.source.lstrip().startswith("#")]
    heading = headings[-1]
    assert heading.source.lstrip().lower().startswith("## going further (optional)"), heading.source[:80]
    assert heading.metadata.get("jp-MarkdownHeadingCollapsed") is True
