"""Every cell can be re-run (issue 10 item 4).

Scrolling up and re-running a cell is what learners do all day. For each notebook, one kernel runs
every cell top to bottom, then runs each code cell again on its own, from the last to the first,
and each must print what it printed the first time. Excepted: explorer cells (a widget's view is a
fresh model id) and cells tagged ``nbval-ignore-output`` (output that varies by design, e.g. timings).
"""

from __future__ import annotations

import copy
import re

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from notebook_support import NOTEBOOK_DIR, SERIES, read, tags

# What a cell shows as text; images and widget views are left out, as nbval leaves them out.
_TEXT_TYPES = ("text/plain", "text/html", "text/latex", "text/markdown")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def shown(cell) -> list[tuple[str, str]]:
    """A cell's outputs as (kind, text) pairs, with memory addresses blanked."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append((output.name, output.text))
        elif output.output_type in ("execute_result", "display_data"):
            data = output.get("data", {})
            parts.extend((kind, data[kind]) for kind in _TEXT_TYPES if kind in data)
        elif output.output_type == "error":
            parts.append(("error", f"{output.ename}: {output.evalue}"))
    return [(kind, _ADDRESS.sub("0x…", text)) for kind, text in parts]


def _merge_streams(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # How the kernel splits one cell's printing into messages depends on timing.
    merged: list[tuple[str, str]] = []
    for kind, text in parts:
        if merged and kind in ("stdout", "stderr") and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def rerun_differences(notebook) -> tuple[list[str], list[str]]:
    """(cells that raised on the first run, cells whose re-run differs), as readable lines."""
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    first_errors, differences = [], []
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        code = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        for index in code:
            if any(kind == "error" for kind, _ in shown(notebook.cells[index])):
                first_errors.append(f"cell {index} raised on the first run: {_error_line(notebook.cells[index])}")
        for index in reversed(code):
            cell = notebook.cells[index]
            if {"explorer", "nbval-ignore-output"} & tags(cell):
                continue
            again = copy.deepcopy(cell)
            client.execute_cell(again, index)
            before, after = _merge_streams(shown(cell)), _merge_streams(shown(again))
            if before != after:
                differences.append(_describe(index, cell, before, after))
    return first_errors, differences


def _error_line(cell) -> str:
    return next((text for kind, text in shown(cell) if kind == "error"), "")


def _describe(index: int, cell, before, after) -> str:
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""

    def short(parts):
        text = " | ".join(f"{kind}: {text.strip()}" for kind, text in parts)
        return text if len(text) <= 300 else text[:297] + "..."

    return f"cell {index} ({first_line[:60]!r})\n    first: {short(before)}\n    again: {short(after)}"


@pytest.mark.parametrize("name", SERIES)
def test_every_cell_prints_the_same_when_run_again(name):
    first_errors, differences = rerun_differences(read(name))
    assert first_errors == [], f"{name}: " + "\n".join(first_errors)
    assert differences == [], f"{name}: re-run alone after Run All, these cells print something else:\n" + "\n".join(
        differences
    )


def test_the_rerun_check_itself_catches_a_cell_that_reuses_a_later_name():
    # The pattern issue 10 found: a later cell changes a name an earlier cell reads.
    ignored = new_code_cell("import time\nprint(time.time())")
    ignored.metadata["tags"] = ["nbval-ignore-output"]
    notebook = new_notebook(
        cells=[
            new_code_cell("x = 1\nprint(x)"),
            new_code_cell("print(x + 1)"),
            new_code_cell("x = 10"),
            new_code_cell("print(object())"),
            ignored,
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    first_errors, differences = rerun_differences(notebook)
    assert first_errors == []
    assert len(differences) == 1 and differences[0].startswith("cell 1 ('print(x + 1)')"), differences
