"""Re-execute notebooks top to bottom in a fresh kernel and save their outputs in place.

    python scripts/execute_notebooks.py                 # every notebook in notebooks/
    python scripts/execute_notebooks.py notebooks/01_*.ipynb
    python scripts/execute_notebooks.py --no-execute    # only regenerate the generated cells

    python scripts/execute_notebooks.py --exercise-table  # only the table in docs/exercises.md

Before running, the cells generated from a single source are rewritten (docs/exercises.md): for
each exercise (``nnfs_helpers.exercises.all_exercises()``, found by ``metadata.nnfs.id``) its stub,
check and answer cells; for each explorer question its prompt, check and answer cells; and each
``notation-card`` cell from the block in docs/notation.md. Nothing else in a notebook is touched.

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


def _details(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary>\n\n{body.strip()}\n</details>"


def answer_markdown(nnfs_or_definition, where: str = "an exercise cell") -> str:
    """The ``exercise-answer`` cell of an exercise: its solution in a collapsed block, then the why.

    Takes the exercise's definition (``ExerciseDef``), or, for an exercise not yet defined in the
    package, its stub's ``metadata.nnfs`` (``solution`` and ``why``)."""
    if isinstance(nnfs_or_definition, dict):
        nnfs = nnfs_or_definition
        label = f"{where} ({nnfs.get('id', nnfs.get('exercise', 'no id'))})"
        solution, why = nnfs.get("solution"), nnfs.get("why")
    else:
        label = f"{where} ({nnfs_or_definition.id})"
        solution, why = nnfs_or_definition.solution, nnfs_or_definition.why
    if not isinstance(solution, str) or not solution.strip():
        raise ValueError(f"{label} has no solution (the code, a string), got {solution!r}")
    if not isinstance(why, str) or not why.strip():
        raise ValueError(f"{label} has no why (one sentence), got {why!r}")
    code = solution.strip("\n")
    return _details("Solution", f"```python\n{code}\n```\n\n{why.strip()}")


def question_answer_markdown(question) -> str:
    """The ``explorer-answer`` cell of a question: its answer text in a collapsed block."""
    return _details("Answer", question.answer_text)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _definitions():
    from nnfs_helpers.exercises import all_exercises, all_questions

    return all_exercises(), all_questions()


_ID_IN_CALL = re.compile(r"check_(?:exercise|explorer)\(\s*[\"']([^\"']+)[\"']")
# Keys of metadata.nnfs that the definitions replaced: removed from a converted exercise's stub.
_DEFINED_KEYS = ("exercise", "solution", "why", "mistakes")


def _cell_id(cell) -> str | None:
    nnfs = cell.get("metadata", {}).get("nnfs", {})
    found = nnfs.get("id") or nnfs.get("exercise")
    if found:
        return found
    match = _ID_IN_CALL.search(cell.source) if cell.cell_type == "code" else None
    return match.group(1) if match else None


def _set(cell, source: str) -> int:
    if cell.source != source:
        cell.source = source
        return 1
    return 0


def _set_id(cell, id: str, drop: tuple[str, ...] = ()) -> int:
    metadata = cell.setdefault("metadata", {})
    nnfs = dict(metadata.get("nnfs", {}))
    before = dict(nnfs)
    for key in drop:
        nnfs.pop(key, None)
    nnfs["id"] = id
    if nnfs != before:
        metadata["nnfs"] = nnfs
        return 1
    return 0


def _following(cells, index: int, tag: str, stop_tags: tuple[str, ...]) -> int | None:
    """The first cell after ``index`` tagged ``tag``, unless a cell tagged one of ``stop_tags`` comes first."""
    for later in range(index + 1, len(cells)):
        tags = _tags(cells[later])
        if tag in tags:
            return later
        if any(stop in tags for stop in stop_tags):
            return None
    return None


def regenerate(notebook, name: str = "notebook") -> int:
    """Rewrite the generated cells in place from the definitions; returns how many changed.

    For each exercise stub (tag ``exercise``): its source (the definition's stub), its metadata
    (``nnfs: {"id": ...}`` only), the check cell after it and the answer cell after that, inserted if
    missing. For each question: the prompt (``explorer-question``), the check (``explorer-check``) and
    the answer (``explorer-answer``), where its definition has them. And the notation card. No other
    cell is touched.
    """
    exercises, questions = _definitions()
    changed = 0
    card = None
    index = 0
    while index < len(notebook.cells):
        cell = notebook.cells[index]
        tags = _tags(cell)
        if "notation-card" in tags:
            card = card if card is not None else notation_card()
            changed += _set(cell, card)
        if "exercise" in tags:
            changed += _regenerate_exercise(notebook.cells, index, exercises, name)
        if "explorer-check" in tags:
            changed += _regenerate_question(notebook.cells, index, questions, name)
        index += 1
    return changed


def _regenerate_exercise(cells, index: int, exercises: dict, name: str) -> int:
    cell = cells[index]
    id = _cell_id(cell)
    where = f"{name}, cell {index}"
    if not id:
        raise ValueError(f"{where}: an exercise stub without metadata.nnfs.id")
    definition = exercises.get(id)
    if definition is None:
        raise ValueError(f"{where}: exercise {id!r} is not defined in nnfs_helpers.exercises")
    changed = 0
    if definition.stub:  # defined once in the package: the notebook keeps the id only
        changed += _set(cell, definition.stub.rstrip("\n"))
        changed += _set_id(cell, id, drop=_DEFINED_KEYS)
        text = answer_markdown(definition, where)
        function = definition.function_name
    else:  # not yet converted: the solution and why still live in the stub's metadata
        text = answer_markdown(cell.get("metadata", {}).get("nnfs", {}), where)
        function = definition.function_name
        stub_name = re.search(r"^def (\w+)\(", cell.source, flags=re.M)
        function = stub_name.group(1) if stub_name else function
    check_source = f'check_exercise("{id}", {function})'
    check = _following(cells, index, "exercise-check", ("exercise",))
    if check is None:
        check = index + 1
        cells.insert(check, nbformat.v4.new_code_cell(check_source, metadata={"tags": ["exercise-check"]}))
        changed += 1
    else:
        changed += _set(cells[check], check_source)
    answer = _following(cells, check, "exercise-answer", ("exercise", "exercise-check"))
    if answer is None:
        cells.insert(check + 1, nbformat.v4.new_markdown_cell(text, metadata={"tags": ["exercise-answer"]}))
        changed += 1
    else:
        changed += _set(cells[answer], text)
    return changed


def _regenerate_question(cells, index: int, questions: dict, name: str) -> int:
    check = cells[index]
    id = _cell_id(check)
    if not id or id not in questions:
        raise ValueError(f"{name}, cell {index}: explorer-check cell for no defined question ({id!r})")
    question = questions[id]
    changed = _set_id(check, id)
    if question.variable:
        changed += _set(check, f'check_explorer("{id}", {question.variable})')
    if question.prompt:
        prompt = None
        for earlier in range(index - 1, -1, -1):
            tags = _tags(cells[earlier])
            if "explorer-question" in tags:
                prompt = earlier
                break
            if "explorer-check" in tags or "exercise" in tags:
                break
        if prompt is not None:
            changed += _set(cells[prompt], question.prompt) + _set_id(cells[prompt], id)
    if question.answer_text:
        text = question_answer_markdown(question)
        answer = _following(cells, index, "explorer-answer", ("explorer-check", "explorer-question", "exercise"))
        if answer is None:
            cells.insert(
                index + 1,
                nbformat.v4.new_markdown_cell(text, metadata={"tags": ["explorer-answer"], "nnfs": {"id": id}}),
            )
            changed += 1
        else:
            changed += _set(cells[answer], text) + _set_id(cells[answer], id)
    return changed


def exercise_table() -> str:
    """The table of docs/exercises.md: every exercise and question, its points and known mistakes."""

    numbers = {path.name[:2] for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")}

    def ours(table):  # the package's own definitions of the series' notebooks, not ones a test registered
        return {
            id: entry
            for id, entry in table.items()
            if entry.check.__module__.startswith("nnfs_helpers.") and id.split(".")[0] in numbers
        }

    exercises, questions = (ours(table) for table in _definitions())
    lines = ["| id | function | points | known mistakes (name: diagnosis) |", "|---|---|---|---|"]
    for id, definition in exercises.items():
        mistakes = ", ".join(f"`{m.name}`: {m.expect}" for m in definition.mistakes) or "(in the notebook)"
        if definition.optional:
            mistakes = "(optional: graded only with `release.py --graded-optional`) " + mistakes
        lines.append(f"| `{id}` | `{definition.function_name}` | {definition.points} | {mistakes} |")
    lines += ["", "| question | controls | points |", "|---|---|---|"]
    for id, question in questions.items():
        controls = ", ".join(f"`{name}`" for name in question.controls) or "-"
        lines.append(f"| `{id}` | {controls} | {question.points} |")
    return "\n".join(lines)


_TABLE = re.compile(r"(<!-- exercise-table:start -->\n).*?(<!-- exercise-table:end -->)", flags=re.S)


def write_exercise_table(path: Path = ROOT / "docs" / "exercises.md") -> bool:
    """Rewrite the generated table in docs/exercises.md; returns whether it changed."""
    text = path.read_text()
    if not _TABLE.search(text):
        raise ValueError(f"{path} has no <!-- exercise-table:start --> ... <!-- exercise-table:end --> block")
    new = _TABLE.sub(lambda found: found.group(1) + exercise_table() + "\n" + found.group(2), text)
    if new != text:
        path.write_text(new)
    return new != text


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
    parser.add_argument(
        "--exercise-table", action="store_true", help="only rewrite the table of exercises in docs/exercises.md"
    )
    args = parser.parse_args(argv)
    if args.exercise_table:
        print("docs/exercises.md: table " + ("rewritten" if write_exercise_table() else "already current"))
        return 0
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
