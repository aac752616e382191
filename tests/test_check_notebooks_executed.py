"""scripts/check_notebooks_executed.py, the pre-commit hook that refuses a notebook not run top to bottom."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_support import NOTEBOOK_DIR, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from check_notebooks_executed import main, problems  # noqa: E402  (a script, importable once scripts/ is on the path)

SCRIPT = ROOT / "scripts" / "check_notebooks_executed.py"


def _notebook(*counts, error_in=None, tag=None):
    cells = [new_markdown_cell("# title")]
    for index, count in enumerate(counts):
        cell = new_code_cell(f"x = {index}", execution_count=count)
        if index == error_in:
            cell.outputs = [new_output("error", ename="ValueError", evalue="bad", traceback=[])]
            if tag:
                cell.metadata["tags"] = [tag]
        cells.append(cell)
    return new_notebook(cells=cells)


def test_a_clean_run_passes():
    assert problems(_notebook(1, 2, 3)) == []
    assert problems(new_notebook(cells=[new_markdown_cell("only prose")])) == []


@pytest.mark.parametrize(
    "counts, expected",
    [
        ((1, 3, 4), "cell 2 has 3, expected 2"),  # a cell skipped
        ((2, 3, 4), "cell 1 has 2, expected 1"),  # not a fresh kernel
        ((1, 2, None), "cell 3 has None, expected 3"),  # last cell never run
        ((1, 1, 2), "cell 2 has 1, expected 2"),  # two kernels, or a cell run twice out of order
        ((None, None), "cell 1 has None, expected 1"),  # not executed at all
    ],
)
def test_counts_that_are_not_one_to_n_are_refused(counts, expected):
    found = problems(_notebook(*counts))
    assert len(found) == 1 and expected in found[0], found


def test_a_stored_error_is_refused_unless_the_cell_raises_on_purpose():
    found = problems(_notebook(1, 2, error_in=1))
    assert found == ["cell 2 stores an error: ValueError: bad"]
    assert problems(_notebook(1, 2, error_in=1, tag="raises-exception")) == []


def test_main_exit_code_and_report(tmp_path, capsys):
    good, bad, broken = tmp_path / "good.ipynb", tmp_path / "bad.ipynb", tmp_path / "broken.ipynb"
    nbformat.write(_notebook(1, 2), good)
    nbformat.write(_notebook(1, 3), bad)
    broken.write_text("{ not json")
    assert main([str(good)]) == 0
    assert capsys.readouterr().out == ""
    assert main([str(good), str(bad), str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith(f"{bad}: execution counts are not 1..2")
    assert out[1].startswith(f"{broken}: not a readable notebook")


@pytest.mark.slow  # kernels or a subprocess that imports nbformat: not in make test-fast
def test_the_committed_series_passes_as_a_command():
    # As pre-commit runs it: a separate process, notebooks as arguments.
    notebooks = sorted(str(path) for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    result = subprocess.run([sys.executable, str(SCRIPT), *notebooks], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
