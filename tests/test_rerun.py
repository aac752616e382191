"""Every cell can be re-run (issue 10 item 4).

Scrolling up and re-running a cell is what learners do all day. For each notebook, one kernel runs
every cell top to bottom, then runs each code cell again on its own, from the last to the first,
and each must print what it printed the first time. Excepted: explorer cells (a widget's view is a
fresh model id) and cells tagged ``nbval-ignore-output`` (output that varies by design, e.g. timings).

The kernel is the notebook's shared execution of this test session (notebook_support.shared_run), whose
top-to-bottom run the cross-CPU and not-attempted tests read too.
"""

from __future__ import annotations

import asyncio

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_support import notebook_params, rerun_differences_of, shared_run


@pytest.mark.parametrize("name", notebook_params())
def test_every_cell_prints_the_same_when_run_again(name):
    run = shared_run(name)
    assert run.first_errors == [], f"{name}: " + "\n".join(run.first_errors)
    assert run.rerun_differences == [], (
        f"{name}: re-run alone after Run All, these cells print something else:\n" + "\n".join(run.rerun_differences)
    )


@pytest.mark.slow  # kernels or a subprocess that imports nbformat: not in make test-fast
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
    first_errors, differences = asyncio.run(rerun_differences_of(notebook))
    assert first_errors == []
    assert len(differences) == 1 and differences[0].startswith("cell 1 ('print(x + 1)')"), differences
