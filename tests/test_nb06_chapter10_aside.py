"""Notebook 06's optional chapter-10 run and the explorer question 06.fewest_epochs describe one training:
the aside's line at epoch E - 1 is the question's "after E epochs", and the aside stays out of the main path, which
describes no machine, words re-running one way, uses the notation card's names and says what its gradient check
prints."""

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


def _main_path_markdown() -> str:
    """06's markdown a learner reads on the main path: no collapsed block, no 'Going further' section."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    text, optional = [], False
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source.lstrip()
        if source.startswith("#"):
            optional = source.lower().startswith("## going further (optional)")
        if not optional:
            text.append(re.sub(r"<details>.*?</details>", "", cell.source, flags=re.S))
    return "\n".join(text)


def test_the_main_path_describes_no_machine():
    text = _main_path_markdown().lower()
    for word in ("processor", "cpu", "avx", "referee", "weight_scale", "nine entries"):
        assert word not in text, f"06's main path says {word!r}"


def test_one_wording_for_running_again():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "Run this notebook from top to bottom after every restart" in text
    for other in ("run again", "Run > Run All", "After a restart"):
        assert other not in text, other


def test_the_questions_answer_cannot_move_between_computers():
    # The optional box says so: 200 epochs stay far below the target and 300 well above it, so the
    # last-digit differences that long runs show between computers cannot change the fewest epochs.
    trajectory = final_accuracies(64, 1.0, 300, 0)
    assert trajectory[100] < 0.5 and trajectory[200] < 0.55 and trajectory[300] > 0.65


def test_the_main_path_uses_the_cards_names():
    # NVD: theta and d-theta are not on the notation card; G_{2,n,:} stacks a layer number and a row subscript.
    text = _main_path_markdown()
    for word in ("\\theta", "θ", "G_{2,n", "G_{1,n"):
        assert word not in text, f"06's main path writes {word!r}"


def test_the_first_gradient_check_prints_what_the_text_says():
    # NVD: the text said dW2 and db2 "pass" while nothing printed PASS and db2's 1.5e-7 exceeded the "about 1e-7"
    # it stated. The check prints each error against 1e-6, and the next cell names who passes.
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    index = next(
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and cell.source.strip() == "check_against_numerical(X64, y, params)"
    )
    printed = "".join(output.get("text", "") for output in notebook.cells[index].outputs)
    verdicts = dict(re.findall(r"^d(\w+) +relative error \S+ +(below|ABOVE) 1e-06$", printed, flags=re.M))
    assert verdicts == {"W1": "ABOVE", "b1": "ABOVE", "W2": "below", "b2": "below"}, printed
    after = notebook.cells[index + 1].source
    assert after.startswith("$dW_2$ and $db_2$ pass; $dW_1$ and $db_1$ do not"), after[:80]


def test_the_exercises_heading_opens_onto_the_exercises():
    # NVD: "## Exercises" opened onto a collapsed optional box; the box now comes after the exercises.
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("## Exercises"))
    assert "<details>" not in cell.source
    last_answer = max(i for i, c in enumerate(notebook.cells) if "exercise-answer" in c.metadata.get("tags", []))
    assert any("training without momentum" in c.source for c in notebook.cells[last_answer + 1 :])
