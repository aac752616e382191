"""Refuse a notebook that was not executed top to bottom in one fresh kernel.

    python scripts/check_notebooks_executed.py notebooks/*.ipynb

A notebook passes when its code cells carry execution counts 1..N in order (every code cell run
once, none skipped or re-run) and no cell stores an error output, except a cell tagged
``raises-exception`` (it fails on purpose, to teach). Prints one line per problem and exits 1 if
there is any; pre-commit runs it on every staged notebook. `make notebooks` fixes what it reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ALLOWED_ERROR_TAG = "raises-exception"


def problems(notebook: nbformat.NotebookNode) -> list[str]:
    """What keeps `notebook` from being one clean top-to-bottom run; empty when there is nothing."""
    found = []
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    counts = [cell.get("execution_count") for _, cell in code]
    if counts != list(range(1, len(code) + 1)):
        # Name the first cell that breaks the run, so the reader knows where to look.
        for position, (index, cell) in enumerate(code, start=1):
            if cell.get("execution_count") != position:
                found.append(
                    f"execution counts are not 1..{len(code)}: cell {index} has "
                    f"{cell.get('execution_count')}, expected {position}"
                )
                break
    for index, cell in code:
        if ALLOWED_ERROR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index} stores an error: {output.get('ename')}: {output.get('evalue')}")
    return found


def check(path: Path) -> list[str]:
    """Problems of the notebook file at `path`, each prefixed with its name."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several types for a broken file; all mean "unreadable"
        return [f"{path}: not a readable notebook ({type(error).__name__}: {error})"]
    return [f"{path}: {problem}" for problem in problems(notebook)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path, help=".ipynb files to check")
    args = parser.parse_args(argv)
    found = [problem for path in args.notebooks for problem in check(path)]
    for problem in found:
        print(problem)
    if found:
        print("re-execute top to bottom: python scripts/execute_notebooks.py NOTEBOOK", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
