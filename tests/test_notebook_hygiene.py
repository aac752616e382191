"""The committed notebooks are clean: one fresh top-to-bottom run, balanced math, the series' shape.

nbval (run by `make test` on notebooks/) re-executes every notebook and fails when a stored
output differs from a fresh one, which is what catches stale outputs; these tests catch what
nbval cannot see: out-of-order execution counts, stored errors and warnings, broken LaTeX,
missing summaries, exercises or explorers.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from notebook_support import NOTEBOOK_DIR, SERIES, code_cells, output_text, read, tags


def test_the_series_is_complete_and_nothing_else_is_numbered():
    on_disk = sorted(path.name for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert on_disk == SERIES


@pytest.fixture(params=SERIES)
def notebook(request):
    return read(request.param)


def test_notebook_is_valid_nbformat(notebook):
    nbformat.validate(notebook)


def test_outputs_come_from_one_fresh_top_to_bottom_run(notebook):
    counts = [cell.execution_count for cell in code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts} are not 1..N"


def test_no_stored_errors_or_warnings(notebook):
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index} stores an error: {output.get('ename')}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"cell {index} wrote to stderr: {output.text[:200]!r}")


def _math_problems(source: str) -> list[str]:
    text = re.sub(r"```.*?```", "", source, flags=re.S)  # fenced code is not math
    text = re.sub(r"`[^`\n]*`", "", text)  # nor is inline code
    text = text.replace(r"\$", "")  # an escaped dollar is a literal dollar
    problems = []
    if text.count("$$") % 2:
        problems.append("an unmatched $$")
    blocks = re.findall(r"\$\$(.*?)\$\$", text, flags=re.S)
    for block in blocks:
        if "$" in block:
            problems.append(f"a stray $ inside a $$ block: {block.strip()[:60]!r}")
    inline = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    if inline.count("$") % 2:
        problems.append("an unmatched inline $")
    for formula in blocks + re.findall(r"\$(.+?)\$", inline):
        if formula.count("{") != formula.count("}"):
            problems.append(f"unbalanced braces in {formula.strip()[:60]!r}")
    return problems


@pytest.mark.parametrize(
    "source, ok",
    [
        ("$$a + b$$ and $x$", True),
        ("the draft's $$ f = $\\frac{a}{b} $$", False),  # the draft's stray $
        ("$x", False),
        ("$$\\frac{a}{b$$", False),
        ("costs \\$5 and `$HOME` is code", True),
    ],
)
def test_math_checker_itself(source, ok):
    assert (_math_problems(source) == []) is ok


def test_math_is_balanced(notebook):
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            assert _math_problems(cell.source) == [], f"markdown cell {index}"


def test_opens_with_goals_and_ends_with_summary_and_exercises(notebook):
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert markdown and notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.lstrip().startswith("# "), "the first cell should carry the chapter title"
    headings = [line.lower() for source in markdown for line in source.splitlines() if line.startswith("#")]
    assert any("summary" in heading for heading in headings), "no Summary heading"
    assert any("exercise" in heading for heading in headings), "no Exercises heading"


def test_has_an_explorer_and_ignores_only_what_it_must(notebook):
    explorers = [cell for cell in code_cells(notebook) if "explorer" in tags(cell)]
    assert explorers, "every notebook contains at least one explorer"
    for cell in code_cells(notebook):
        if "nbval-ignore-output" in tags(cell):
            assert "explorer" in tags(cell) or re.search(r"^\s*#", cell.source, flags=re.M), (
                "a cell whose output nbval ignores must say why in a comment:\n" + cell.source[:200]
            )


def test_has_self_checking_exercises_that_pass_as_shipped(notebook):
    cells = notebook.cells
    solutions = [i for i, cell in enumerate(cells) if "exercise-solution" in tags(cell)]
    assert len(solutions) >= 2, "every notebook has at least two self-checking exercises"
    for index in solutions:
        assert cells[index].metadata.get("nnfs", {}).get("wrong_answer"), f"cell {index} has no wrong_answer"
        following = [cell for cell in cells[index + 1 :] if cell.cell_type == "code"]
        assert following and "exercise-check" in tags(following[0]), f"no check cell after solution cell {index}"
    for cell in code_cells(notebook):
        if "exercise-check" in tags(cell):
            printed = output_text(cell)
            assert "PASS" in printed and "FAIL" not in printed, printed


def test_imports_the_package_and_does_not_touch_sys_path(notebook):
    sources = "\n".join(cell.source for cell in code_cells(notebook))
    assert "nnfs_helpers" in sources
    assert "sys.path" not in sources, "nnfs_helpers is installed with pip install -e ."
    assert "np.random.seed(" not in sources, "seed through an explicit generator"
