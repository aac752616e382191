"""Re-execute notebooks top to bottom in a fresh kernel and save their outputs in place.

    python scripts/execute_notebooks.py                 # every notebook in notebooks/
    python scripts/execute_notebooks.py notebooks/01_*.ipynb
    python scripts/execute_notebooks.py --no-execute    # only regenerate the generated cells

Before running, the cells generated from a single source are rewritten (docs/exercises.md):
each ``exercise-answer`` cell from the metadata of the ``exercise`` stub above it (the solution
in a collapsed block, then the ``why`` sentence), and each ``notation-card`` cell from the block
in docs/notation.md. An exercise stub without ``metadata.nnfs.solution`` stops the run.

Each notebook runs in its own fresh kernel from the notebooks/ folder, so execution counts
are 1..N and nothing leaks between notebooks. A cell that raises stops the run with the
traceback (unless the cell is tagged ``raises-exception``). Timing metadata is not
recorded, and widget model ids (random uuids) are renumbered in order of appearance, so a
re-run that changes no output changes no byte of the file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTATION = ROOT / "docs" / "notation.md"
_CARD = re.compile(r"<!-- notation-card:start -->\n(.*?)\n<!-- notation-card:end -->", flags=re.S)


def notation_card(path: Path = NOTATION) -> str:
    """The notation card's markdown: the block between the two markers in docs/notation.md."""
    found = _CARD.search(path.read_text())
    if found is None:
        raise ValueError(f"{path} has no block between <!-- notation-card:start --> and <!-- notation-card:end -->")
    return found.group(1).strip("\n")


def answer_markdown(nnfs: dict, where: str = "an exercise cell") -> str:
    """The ``exercise-answer`` cell of an exercise, from its stub's ``metadata.nnfs``."""
    label = f"{where} ({nnfs.get('exercise', 'no id')})"
    solution = nnfs.get("solution")
    if not isinstance(solution, str) or not solution.strip():
        raise ValueError(f"{label} has no metadata.nnfs.solution (the code, a string), got {solution!r}")
    why = nnfs.get("why")
    if not isinstance(why, str) or not why.strip():
        raise ValueError(f"{label} has no metadata.nnfs.why (one sentence), got {why!r}")
    code = solution.strip("\n")
    return f"<details><summary>Solution</summary>\n\n```python\n{code}\n```\n\n{why.strip()}\n</details>"


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def regenerate(notebook, name: str = "notebook") -> int:
    """Rewrite the generated cells (answers, notation card) in place; returns how many changed.

    An exercise whose answer cell is missing gets one, right after its check cell.
    """
    changed = 0
    card = None
    index = 0
    while index < len(notebook.cells):
        cell = notebook.cells[index]
        if "notation-card" in _tags(cell):
            card = card if card is not None else notation_card()
            if cell.source != card:
                cell.source, changed = card, changed + 1
        if "exercise" in _tags(cell):
            text = answer_markdown(cell.get("metadata", {}).get("nnfs", {}), f"{name}, cell {index}")
            answer = _answer_index(notebook.cells, index)
            if answer is None:
                after = index + 1
                if after < len(notebook.cells) and "exercise-check" in _tags(notebook.cells[after]):
                    after += 1
                notebook.cells.insert(
                    after, nbformat.v4.new_markdown_cell(text, metadata={"tags": ["exercise-answer"]})
                )
                changed += 1
            elif notebook.cells[answer].source != text:
                notebook.cells[answer].source, changed = text, changed + 1
        index += 1
    return changed


def _answer_index(cells, exercise_index: int) -> int | None:
    """The ``exercise-answer`` cell that belongs to the stub at ``exercise_index``: the first one
    after it, unless another stub comes first."""
    for index in range(exercise_index + 1, len(cells)):
        tags = _tags(cells[index])
        if "exercise" in tags:
            return None
        if "exercise-answer" in tags:
            return index
    return None


def execute(path: Path, timeout: int = 300) -> float:
    """Regenerate the generated cells, execute the notebook in place; returns the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    regenerate(notebook, path.name)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    coalesce_streams(notebook)
    path.write_text(stable_widget_ids(notebook, path.name))
    return elapsed


def coalesce_streams(notebook) -> None:
    """Merge adjacent stdout (or stderr) outputs of a cell: how the kernel splits a
    cell's printing into messages depends on timing, what it printed does not."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged


def _widget_order(notebook, state: dict) -> list[str]:
    """Model ids in a canonical order: depth-first from each displayed widget, cell by cell,
    following ``IPY_MODEL_`` references in sorted key order; unreferenced models last."""
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        attributes = state[model_id].get("state", {})
        for key in sorted(attributes):
            for child in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(attributes[key])):
                visit(child)

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view["model_id"])
    rest = [model_id for model_id in state if model_id not in order]
    rest.sort(key=lambda model_id: json.dumps(state[model_id], sort_keys=True))
    return order + rest


def stable_widget_ids(notebook, name: str) -> str:
    """The notebook as text, with each widget model id (a random uuid) replaced by one derived
    from the notebook's name and the model's place in the widget tree, and the saved widget
    state sorted by id."""
    text = nbformat.writes(notebook)
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for index, model_id in enumerate(_widget_order(notebook, state.get("state", {}))):
        text = text.replace(model_id, hashlib.md5(f"{name}:{index}".encode()).hexdigest())
    renamed = nbformat.reads(text, as_version=4)
    widget_state = renamed.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json")
    if widget_state:
        widget_state["state"] = dict(sorted(widget_state["state"].items()))
    return nbformat.writes(renamed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="only regenerate the generated cells")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print(f"no notebooks found in {NOTEBOOK_DIR}", file=sys.stderr)
        return 1
    for path in paths:
        if args.no_execute:
            notebook = nbformat.read(path, as_version=4)
            changed = regenerate(notebook, path.name)
            if changed:
                nbformat.write(notebook, path)
            print(f"{path.name}: {changed} generated cell(s) rewritten")
            continue
        print(f"executing {path.name} ...", end=" ", flush=True)
        print(f"{execute(path.resolve()):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
