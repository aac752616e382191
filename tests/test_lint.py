"""Lint is part of the tests: `ruff check` and `ruff format --check` over the whole tree, code and
notebooks alike (ruff reads .ipynb cells itself; .gitignore'd folders such as .venv/ are skipped).

A failure prints ruff's own report, so the fix is one `ruff check --fix` / `ruff format` away.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from notebook_support import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    # The venv's ruff (pinned in requirements.txt), so the result does not depend on PATH.
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "."], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    "args, fix",
    [(("check", "--no-cache"), "ruff check --fix ."), (("format", "--check", "--no-cache"), "ruff format .")],
    ids=["check", "format"],
)
def test_ruff_is_clean(args, fix):
    result = _ruff(*args)
    assert result.returncode == 0, f"`ruff {' '.join(args)} .` failed (try `{fix}`):\n{result.stdout}{result.stderr}"
    # A ruff that silently skipped the notebooks would pass: make sure they were in its scope.
    listed = _ruff("check", "--show-files").stdout
    assert "01_one_neuron_by_hand.ipynb" in listed and "nnfs_helpers" in listed
