"""scripts/execute_notebooks.py: regenerating a notebook that changes no output changes no byte, and
the generated cells (exercise answers, the notation card) follow their single source."""

from __future__ import annotations

import importlib.util

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_support import ROOT

spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def test_two_runs_give_identical_files(tmp_path):
    # Widgets (random model ids) and printing split across messages are what used to differ.
    notebook = new_notebook(
        cells=[
            new_code_cell("import time\nimport ipywidgets as w"),
            new_code_cell("for i in range(3):\n    print(i, flush=True)\n    time.sleep(0.01)"),
            new_code_cell("w.VBox([w.IntSlider(description='a'), w.HTML('b')])"),
            new_code_cell("w.FloatSlider()"),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "demo.ipynb"
    nbformat.write(notebook, path)
    execute_notebooks.execute(path)
    first = path.read_bytes()
    execute_notebooks.execute(path)
    assert path.read_bytes() == first

    stored = nbformat.reads(first.decode(), as_version=4)
    assert [cell.execution_count for cell in stored.cells] == [1, 2, 3, 4]
    streams = [output for output in stored.cells[1].outputs if output.output_type == "stream"]
    assert len(streams) == 1 and streams[0].text == "0\n1\n2\n"
    state = stored.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert list(state) == sorted(state) and len(state) >= 6


def _exercise_notebook(solution="def f(x):\n    return 2 * x\n", answer="stale"):
    stub = new_code_cell('def f(x):\n    raise NotImplementedError("replace this line with your code")')
    stub.metadata["tags"] = ["exercise"]
    stub.metadata["nnfs"] = {"exercise": "99.f", "solution": solution, "why": "Doubling is the answer."}
    check = new_code_cell('check_exercise("99.f", f)')
    check.metadata["tags"] = ["exercise-check"]
    card = new_markdown_cell("an old card")
    card.metadata["tags"] = ["notation-card"]
    cells = [card, stub, check]
    if answer is not None:
        cells.append(new_markdown_cell(answer, metadata={"tags": ["exercise-answer"]}))
    return new_notebook(cells=cells)


def test_answer_and_notation_cells_are_regenerated_from_their_single_source():
    notebook = _exercise_notebook()
    assert execute_notebooks.regenerate(notebook) == 2
    answer = notebook.cells[3].source
    assert answer == (
        "<details><summary>Solution</summary>\n\n```python\ndef f(x):\n    return 2 * x\n```\n\n"
        "Doubling is the answer.\n</details>"
    )
    card = notebook.cells[0].source
    notation = (ROOT / "docs" / "notation.md").read_text()
    assert card.startswith("<details>") and card.endswith("</details>") and card in notation
    assert "notation-card:" not in card
    assert execute_notebooks.regenerate(notebook) == 0  # a second pass changes nothing


def test_a_missing_answer_cell_is_added_after_the_check():
    notebook = _exercise_notebook(answer=None)
    execute_notebooks.regenerate(notebook)
    assert [cell.metadata.get("tags") for cell in notebook.cells[1:]] == [
        ["exercise"],
        ["exercise-check"],
        ["exercise-answer"],
    ]


def test_an_exercise_without_a_solution_is_refused():
    with pytest.raises(ValueError, match=r"99\.f.*no metadata.nnfs.solution"):
        execute_notebooks.regenerate(_exercise_notebook(solution=""))
