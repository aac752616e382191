"""The self-checking exercises fail on a wrong answer.

Each solution cell (tagged ``exercise-solution``) keeps a typical wrong answer in its
metadata (``nnfs.wrong_answer``). This test swaps every wrong answer in, runs the notebook
in a fresh kernel, and requires every check cell to say FAIL. Together with the hygiene
test (the shipped solutions print PASS) this proves the checks can tell right from wrong.
"""

from __future__ import annotations

import pytest
from nbclient import NotebookClient
from notebook_support import NOTEBOOK_DIR, SERIES, output_text, read, tags


@pytest.mark.parametrize("name", SERIES)
def test_every_check_fails_on_the_wrong_answer(name):
    notebook = read(name)
    swapped = 0
    for cell in notebook.cells:
        if "explorer" in tags(cell):
            cell.source = "pass  # explorers play no part in the exercises"
        if "exercise-solution" in tags(cell):
            cell.source = cell.metadata["nnfs"]["wrong_answer"]
            swapped += 1
    assert swapped >= 2
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    checks = [cell for cell in notebook.cells if "exercise-check" in tags(cell)]
    assert len(checks) >= swapped
    for cell in checks:
        printed = output_text(cell)
        # A check cell may test several parts; the wrong answer must make at least one of them FAIL.
        assert "FAIL" in printed, f"{name}: a check cell let a wrong answer through:\n{printed}"


def test_wrong_answers_differ_from_the_solutions():
    for name in SERIES:
        for cell in read(name).cells:
            if "exercise-solution" in tags(cell):
                assert cell.metadata["nnfs"]["wrong_answer"].strip() != cell.source.strip(), name
