"""The same printout on every CPU (issue 14): each notebook, run under two OpenBLAS kernels other than
this machine's default, prints in every code cell what the committed notebook (made with the default)
prints, after the sanitizer of notebooks/nbval-sanitize.cfg, outside cells tagged ``timing``.

Different kernels add in different orders, so a number that rests on the last bits of a matrix product
can print differently; this is what catches it. The kernels are Haswell and Prescott (the generic
Katmai code), with Sandybridge (AVX without FMA) in place of whichever of the two is this machine's
default. The first is nbval's kernel (conftest.py starts it under that kernel and checks OpenBLAS runs it;
nbval compares each cell with the committed one, skipping the cells tagged ``nbval-ignore-output``, which
must be the ones this file does not compare). The second is the notebook's shared execution
(notebook_support.shared_run), whose top-to-bottom printout this file compares; the re-run, questions and
solutions tests use the same kernel next.

A cell tagged ``varies-by-cpu`` is compared too, unless it is an optional aside: the markdown cell just
before it opens a collapsed "Going further (optional)" block. The explorer answers on each kernel are
tests/test_questions.py's.
"""

from __future__ import annotations

import pytest
from notebook_support import (
    SERIES,
    code_cells,
    cross_cpu_kernels,
    expected_core,
    merge_streams,
    notebook_params,
    openblas_core,
    read,
    sanitize,
    shared_run,
    shown,
    tags,
)


def optional_aside(notebook, index: int) -> bool:
    """Whether the code cell at index follows a markdown cell that opens a collapsed optional block."""
    before = [cell for cell in notebook.cells[:index] if cell.cell_type == "markdown"]
    if not before:
        return False
    opener = before[-1].source
    summary = opener.split("</summary>", 1)[0].lower() if "<summary>" in opener else ""
    return "<details>" in opener and "going further" in summary and "optional" in summary


def compared(notebook) -> list[int]:
    """The code cells the cross-CPU test compares: all but timing cells and optional varies-by-cpu asides."""
    return [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        and "timing" not in tags(cell)
        and not ("varies-by-cpu" in tags(cell) and optional_aside(notebook, index))
    ]


def printout(cell) -> list[tuple[str, str]]:
    return [(kind, sanitize(text)) for kind, text in merge_streams(shown(cell))]


def differences(committed, fresh) -> list[str]:
    found = []
    for index in compared(committed):
        before, after = printout(committed.cells[index]), printout(fresh.cells[index])
        if before != after:
            first_line = committed.cells[index].source.strip().splitlines()[0][:60]
            found.append(f"cell {index} ({first_line!r})\n    committed: {before}\n    this kernel: {after}"[:1500])
    return found


@pytest.mark.parametrize("name", SERIES)
def test_varies_by_cpu_only_tags_optional_asides(name):
    notebook = read(name)
    for index, cell in enumerate(notebook.cells):
        if "varies-by-cpu" in tags(cell):
            assert optional_aside(notebook, index), (
                f"{name} cell {index} is tagged varies-by-cpu on the main path: its printout must hold on every "
                "CPU, or the cell goes in a collapsed 'Going further (optional)' block"
            )


@pytest.mark.parametrize("name", SERIES)
def test_nbval_ignores_exactly_the_cells_this_file_does_not_compare(name):
    # nbval's kernel is the first of the two kernels: what it compares must be what this file compares.
    notebook = read(name)
    ignored = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and {"nbval-ignore-output", "nbval-skip"} & tags(cell)
    ]
    assert ignored == [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and index not in compared(notebook)
    ]


def test_nbval_runs_under_the_first_other_kernel():
    kernels = cross_cpu_kernels()
    assert openblas_core(None) not in kernels and len(set(kernels)) == 2
    core = openblas_core(kernels[0])
    if core is None:
        pytest.skip("this numpy has no bundled OpenBLAS to ask for another kernel")
    # What conftest.py's set-up of nbval's kernel checks in that kernel, here in a process started the same way.
    assert core == expected_core(kernels[0]), f"asked for {kernels[0]}, OpenBLAS ran {core}"


@pytest.mark.parametrize("name", notebook_params())
def test_the_notebook_prints_the_same_under_another_openblas_kernel(name):
    committed = read(name)
    run = shared_run(name)
    if run.core is None:
        pytest.skip("this numpy has no bundled OpenBLAS to ask for another kernel")
    assert run.kernel == cross_cpu_kernels()[1]
    assert run.core == expected_core(run.kernel), f"asked for {run.kernel}, the kernel ran {run.core}"
    assert len(code_cells(run.learner)) == len(code_cells(committed))
    found = differences(committed, run.learner)
    assert found == [], f"{name} under OPENBLAS_CORETYPE={run.kernel} prints something else:\n" + "\n".join(found)


def test_the_comparison_itself_sees_a_changed_digit_and_not_round_off():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    def notebook(text, timing_text, aside_text):
        timing = new_code_cell("t()", outputs=[new_output("stream", name="stdout", text=timing_text)])
        timing.metadata["tags"] = ["timing", "nbval-ignore-output"]
        aside = new_code_cell("a()", outputs=[new_output("stream", name="stdout", text=aside_text)])
        aside.metadata["tags"] = ["varies-by-cpu", "nbval-ignore-output"]
        return new_notebook(
            cells=[
                new_code_cell("f()", outputs=[new_output("stream", name="stdout", text=text)]),
                timing,
                new_markdown_cell("<details>\n<summary><b>Going further (optional): chaos</b></summary>\n</details>"),
                aside,
            ]
        )

    committed = notebook("loss 0.123, relative error 3.1e-12\n", "1.0 s\n", "epoch 9 loss 1.1\n")
    assert differences(committed, notebook("loss 0.123, relative error 7.4e-13\n", "2.0 s\n", "epoch 9 loss 1.3")) == []
    found = differences(committed, notebook("loss 0.124, relative error 3.1e-12\n", "1.0 s\n", "epoch 9 loss 1.1\n"))
    assert len(found) == 1 and found[0].startswith("cell 0 ('f()')")
    committed.cells[2].source = "An aside that is not collapsed."
    assert differences(committed, notebook("loss 0.123, relative error 3.1e-12\n", "1.0 s\n", "x\n"))[0].startswith(
        "cell 3"
    )
