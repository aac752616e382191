"""scripts/execute_notebooks.py: regenerating a notebook that changes no output changes no byte, and
the generated cells (exercise stub, check and answer, question prompt, check and answer, the notation
card) follow their single source, and no other cell is touched."""

from __future__ import annotations

import copy
import importlib.util

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_support import ROOT

from nnfs_helpers.exercises import Mistake, define_exercise, define_question, exercise

# One xdist group, in file order: the last test checks what the fixture's earlier users left behind.
pytestmark = pytest.mark.xdist_group("tests/test_execute_notebooks.py")

spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


@pytest.mark.slow  # kernels or a subprocess that imports nbformat: not in make test-fast
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


@pytest.fixture
def test_definitions(monkeypatch):
    """Test-only definitions, under ids no notebook uses, registered for one test and gone after it:
    registered at import they stayed in the registry of every later test of the same worker."""
    from nnfs_helpers.exercises import registry

    monkeypatch.setattr(registry, "_EXERCISES", dict(registry._EXERCISES))
    monkeypatch.setattr(registry, "_QUESTIONS", dict(registry._QUESTIONS))

    @define_exercise(
        "99.f",
        stub='def f(x):\n    """Return 2x."""\n    raise NotImplementedError("replace this line with your code")\n',
        solution="def f(x):\n    return 2 * x\n",
        why="Doubling is the answer.",
        hint="double it",
        points=3,
        shapes={"x": "(N,)"},
        mistakes=[Mistake("same", "def f(x):\n    return x\n", "factor")],
    )
    def _(checker):
        x = np.array([1.0, 2.0, 3.0])
        return checker.compare(checker.call(x=x), 2 * x)

    @exercise("99.legacy", hint="double it")
    def _(checker):
        return checker.compare(checker.call(x=np.ones(2)), 2 * np.ones(2))

    @define_question(
        "99.q",
        prompt="## Explore: set the dial to 3",
        answer_text="The dial at 3.",
        answer={"dial": 3},
        controls=("dial",),
        variable="dial_box",
    )
    def _(explorer):
        return explorer.value == 3, "the dial"

    yield
    assert {"99.f", "99.legacy"} <= set(registry._EXERCISES) and "99.q" in registry._QUESTIONS


def _exercise_notebook(answer="stale", check='check_exercise("99.f", g)'):
    prose = new_markdown_cell("The task, in the notebook owner's words.")
    stub = new_code_cell('def f(x):\n    raise NotImplementedError("an old stub")')
    stub.metadata["tags"] = ["exercise"]
    stub.metadata["nnfs"] = {"exercise": "99.f", "solution": "old", "why": "old", "mistakes": [], "keep": 1}
    cells = [prose, stub]
    if check is not None:
        cells.append(new_code_cell(check, metadata={"tags": ["exercise-check"]}))
    card = new_markdown_cell("an old card")
    card.metadata["tags"] = ["notation-card"]
    cells.insert(0, card)
    if answer is not None:
        cells.append(new_markdown_cell(answer, metadata={"tags": ["exercise-answer"]}))
    cells.append(new_code_cell("x = 1\nx", outputs=[], execution_count=7))
    return new_notebook(cells=cells)


def test_exercise_cells_are_regenerated_from_the_definition_and_nothing_else(test_definitions):
    notebook = _exercise_notebook()
    untouched = [copy.deepcopy(notebook.cells[index]) for index in (1, 5)]
    assert execute_notebooks.regenerate(notebook) == 5  # card, stub source, stub metadata, check, answer
    card, prose, stub, check, answer, code = notebook.cells
    assert (
        stub.source
        == 'def f(x):\n    """Return 2x."""\n    raise NotImplementedError("replace this line with your code")'
    )
    assert stub.metadata["nnfs"] == {"id": "99.f", "keep": 1}  # the definition's keys are gone, others stay
    assert check.source == 'check_exercise("99.f", f)'
    assert answer.source == (
        "<details><summary>Solution</summary>\n\n```python\ndef f(x):\n    return 2 * x\n```\n\n"
        "Doubling is the answer.\n</details>"
    )
    assert [prose, code] == untouched
    notation = (ROOT / "docs" / "notation.md").read_text()
    assert card.source.startswith("<details>") and card.source.endswith("</details>") and card.source in notation
    assert "notation-card:" not in card.source
    assert execute_notebooks.regenerate(notebook) == 0  # a second pass changes nothing


def test_missing_check_and_answer_cells_are_added_after_the_stub(test_definitions):
    notebook = _exercise_notebook(answer=None, check=None)
    execute_notebooks.regenerate(notebook)
    assert [cell.metadata.get("tags") for cell in notebook.cells[2:5]] == [
        ["exercise"],
        ["exercise-check"],
        ["exercise-answer"],
    ]


def test_an_exercise_without_a_definition_is_refused(test_definitions):
    notebook = _exercise_notebook()
    notebook.cells[2].metadata["nnfs"] = {"id": "99.nowhere"}
    with pytest.raises(ValueError, match=r"99\.nowhere.*not defined"):
        execute_notebooks.regenerate(notebook)


def test_an_exercise_not_yet_converted_keeps_its_metadata_and_needs_its_solution(test_definitions):
    notebook = _exercise_notebook()
    stub = notebook.cells[2]
    stub.source = 'def g(x):\n    raise NotImplementedError("replace this line with your code")'
    stub.metadata["nnfs"] = {"exercise": "99.legacy", "solution": "def g(x):\n    return 2 * x\n", "why": "Two."}
    execute_notebooks.regenerate(notebook)
    assert stub.metadata["nnfs"]["solution"] and notebook.cells[3].source == 'check_exercise("99.legacy", g)'
    stub.metadata["nnfs"]["solution"] = ""
    with pytest.raises(ValueError, match=r"99\.legacy.*no solution"):
        execute_notebooks.regenerate(notebook)


def test_question_cells_are_regenerated_from_the_definition(test_definitions):
    prompt = new_markdown_cell("an old prompt", metadata={"tags": ["explorer-question"]})
    box = new_code_cell("dial_box = make_dial()\ndial_box", metadata={"tags": ["explorer"]})
    check = new_code_cell('check_explorer("99.q", old_name)', metadata={"tags": ["explorer-check"]})
    notebook = new_notebook(cells=[prompt, box, check])
    execute_notebooks.regenerate(notebook)
    assert [cell.metadata.get("tags") for cell in notebook.cells] == [
        ["explorer-question"],
        ["explorer"],
        ["explorer-check"],
        ["explorer-answer"],
    ]
    assert notebook.cells[0].source == "## Explore: set the dial to 3"
    assert notebook.cells[1].source == "dial_box = make_dial()\ndial_box"
    assert notebook.cells[2].source == 'check_explorer("99.q", dial_box)'
    assert notebook.cells[3].source == "<details><summary>Answer</summary>\n\nThe dial at 3.\n</details>"
    assert all(cell.metadata.get("nnfs", {}).get("id") == "99.q" for cell in notebook.cells if cell is not box)
    assert execute_notebooks.regenerate(notebook) == 0


def test_the_table_lists_the_packages_exercises_with_their_points_and_mistakes(test_definitions):
    table = execute_notebooks.exercise_table()
    assert "| `03.leaky_relu_backward` | `leaky_relu_backward` | 2 | `mask_at_zero`: relu_mask," in table
    assert "99.f" not in table and "99.q" not in table  # a test's own definitions stay out


def test_the_test_definitions_are_gone_after_their_tests():
    # Last in the file, so it runs after the tests that used them (one xdist group: in file order).
    from nnfs_helpers.exercises import all_exercises, all_questions

    assert not {"99.f", "99.legacy"} & set(all_exercises()) and "99.q" not in all_questions()
