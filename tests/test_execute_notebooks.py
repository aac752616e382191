"""scripts/execute_notebooks.py: regenerating a notebook that changes no output changes no byte."""

from __future__ import annotations

import importlib.util

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
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
