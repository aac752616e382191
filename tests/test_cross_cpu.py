"""The same printout on every CPU (issue 14): each notebook, run under two OpenBLAS kernels other than
this machine's default, prints in every code cell what the committed notebook (made with the default,
and checked against a fresh default run by nbval) prints, after the sanitizer of
notebooks/nbval-sanitize.cfg, outside cells tagged ``timing``.

Different kernels add in different orders, so a number that rests on the last bits of a matrix product
can print differently; this is what catches it. The kernels are Haswell and Prescott (the generic
Katmai code), with Sandybridge (AVX without FMA) in place of whichever of the two is this machine's
default. Both runs are the notebook's shared execution (notebook_support.shared_run): the main kernel,
which the re-run test uses next, and a second one started alongside it, which the solutions test uses next
(its top-to-bottom printout is kept apart from the solutions').

A cell tagged ``varies-by-cpu`` is compared too, unless it is an optional aside: the markdown cell just
before it opens a collapsed "Going further (optional)" block. The explorer answers on each kernel are
tests/test_questions.py's.
"""

from __future__ import annotations

import pytest
from notebook_support import (
    SERIES,
    code_cells,
    merge_streams,
    notebook_params,
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


@pytest.mark.parametrize("name", notebook_params())
def test_the_notebook_prints_the_same_under_two_other_openblas_kernels(name):
    committed = read(name)
    run = shared_run(name)
    for kernel, core, fresh in ((run.kernel, run.core, run.learner), (run.other_kernel, run.other_core, run.other)):
        if core is None:
            pytest.skip("this numpy has no bundled OpenBLAS to ask for another kernel")
        # OPENBLAS_CORETYPE=Prescott selects the generic Katmai code; any other name is reported as given.
        assert core == {"Prescott": "Katmai"}.get(kernel, kernel), f"asked for {kernel}, the kernel ran {core}"
        assert len(code_cells(fresh)) == len(code_cells(committed))
        found = differences(committed, fresh)
        assert found == [], f"{name} under OPENBLAS_CORETYPE={kernel} prints something else:\n" + "\n".join(found)


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
