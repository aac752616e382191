"""What the notebook tests share: where the series lives and how to read its cells."""

from __future__ import annotations

import ast
import asyncio
import copy
import importlib.util
import json
import linecache
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import nnfs_helpers

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

# The series, in order. A notebook missing from disk fails the hygiene tests.
SERIES = [
    "01_one_neuron_by_hand.ipynb",
    "02_a_layer_and_a_batch.ipynb",
    "03_relu_and_one_full_update.ipynb",
    "04_from_functions_to_classes.ipynb",
    "05_softmax_cross_entropy_shortcut.ipynb",
    "06_full_backward_pass_and_training.ipynb",
]


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / name, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_text(cell) -> str:
    """Everything a cell printed or displayed as text, joined."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def exercise_stubs(notebook) -> list:
    """The cells tagged ``exercise``: the stubs a learner replaces (docs/exercises.md)."""
    return [cell for cell in notebook.cells if "exercise" in tags(cell)]


def function_name(source: str) -> str | None:
    """The name of the first function a cell defines (the learner's function)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            return node.name
    return None


def define(code: str, filename: str, cells_above: str = "") -> dict:
    """Run a cell's code in a fresh namespace holding ``np`` and ``nnfs_helpers``, the only names an
    exercise cell may use (docs/exercises.md), and what ``cells_above`` (an exercise's earlier notebook
    cells it may call, 04's ``sigmoid``) defines.

    The source is registered under ``filename`` so a traceback, and the exercise check that
    quotes the learner's line, can show it."""
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    namespace = {"np": np, "nnfs_helpers": nnfs_helpers, "__name__": "__main__"}
    if cells_above:
        exec(compile(cells_above, f"{filename} (cells above)", "exec"), namespace)
    exec(compile(code, filename, "exec"), namespace)
    return namespace


def execute(notebook, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a notebook (a copy is not made) top to bottom in a fresh kernel from notebooks/, keeping
    going past errors so a test can say which cell failed."""
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()
    return notebook


def errors(notebook) -> list[str]:
    """``cell N: Ename: value`` for every stored error output."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"cell {index}: {output.ename}: {output.evalue}")
    return found


def load_script(name: str):
    """A module from scripts/ (not a package), e.g. ``load_script("execute_notebooks")``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------------
# One shared execution per notebook per test session (per xdist worker: conftest.py keeps every test
# that reads a notebook's execution in that notebook's xdist group, so each notebook runs once).
#
# Issue 14 asks for two OpenBLAS kernels other than this machine's default, each printing what the committed
# notebook (made with the default) prints. The first is nbval's: conftest.py starts nbval's kernel under
# cross_cpu_kernels()[0] and checks there that OpenBLAS runs it, and nbval compares every cell with the
# committed outputs. The second is the shared execution's one kernel, under cross_cpu_kernels()[1]:
# - the learner's version top to bottom (the cross-CPU test's printout, the not-attempted test's checks);
# - each code cell again on its own, from the last to the first (the re-run test);
# - the notebook's explorer questions with their reference answers (the questions test);
# - each exercise's solution in place of its stub followed by its check cell, and every later cell that
#   calls an exercise's function (the solutions test).
# The explorer questions under nbval's kernel are asked in one fresh process (questions_under).
# ---------------------------------------------------------------------------------------------------


# What a cell shows as text; images and widget views are left out, as nbval leaves them out.
_TEXT_TYPES = ("text/plain", "text/html", "text/latex", "text/markdown")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")

# The OpenBLAS kernels the cross-CPU test may pick, in order of preference: issue 14 names Haswell and
# Prescott (the generic Katmai code); Sandybridge (AVX without FMA) stands in for one that is the default.
CANDIDATE_KERNELS = ("Haswell", "Prescott", "Sandybridge")

# Asks the OpenBLAS numpy loaded which kernel it runs (prints None for a numpy without a bundled OpenBLAS).
OPENBLAS_PROBE = """
import ctypes as _ctypes, glob as _glob, os as _os
import numpy as _np
def _openblas_core():
    here = _os.path.dirname(_np.__file__)
    for library in _glob.glob(_os.path.join(here, _os.pardir, "numpy.libs", "*openblas*")) + _glob.glob(
        _os.path.join(here, ".dylibs", "*openblas*")
    ):
        dll = _ctypes.CDLL(library)
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename"):
            function = getattr(dll, name, None)
            if function is not None:
                function.restype = _ctypes.c_char_p
                return function().decode()
    return None
print(_openblas_core())
"""


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


def merge_streams(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive stdout (or stderr) parts as one: how a kernel splits a cell's printing depends on timing."""
    merged: list[tuple[str, str]] = []
    for kind, text in parts:
        if merged and kind in ("stdout", "stderr") and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


@cache
def sanitize_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """The regex / replace pairs of notebooks/nbval-sanitize.cfg, read as nbval reads them."""
    text = (NOTEBOOK_DIR / "nbval-sanitize.cfg").read_text(encoding="utf-8")
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)
    return tuple((re.compile(regex), replace) for regex, replace in pairs)


def sanitize(text: str) -> str:
    for regex, replace in sanitize_patterns():
        text = regex.sub(replace, text)
    return text


def exercise_id(cell) -> str | None:
    nnfs = cell.metadata.get("nnfs", {})
    return nnfs.get("id") or nnfs.get("exercise")


def solution_source(cell) -> str:
    """An exercise stub's solution: from its definition in the package, else from the stub's metadata."""
    from nnfs_helpers.exercises import all_exercises

    definition = all_exercises().get(exercise_id(cell))
    if definition is not None and definition.solution:
        return definition.solution
    return cell.metadata.get("nnfs", {})["solution"]


@cache
def openblas_core(kernel: str | None = None) -> str | None:
    """The OpenBLAS kernel numpy runs in a fresh process with OPENBLAS_CORETYPE=kernel (None: unset)."""
    done = subprocess.run(
        [sys.executable, "-c", OPENBLAS_PROBE], env=kernel_env(kernel), capture_output=True, text=True, timeout=120
    )
    core = done.stdout.strip().splitlines()[-1] if done.returncode == 0 and done.stdout.strip() else "None"
    return None if core == "None" else core


def kernel_env(kernel: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
    if kernel:
        env["OPENBLAS_CORETYPE"] = kernel
    return env


@cache
def cross_cpu_kernels() -> tuple[str, str]:
    """Two OpenBLAS kernels other than this machine's default (Haswell and Prescott where Haswell is not it):
    nbval's kernel runs under the first (conftest.py), the shared execution's under the second."""
    default = openblas_core(None)
    others = [kernel for kernel in CANDIDATE_KERNELS if kernel != default]
    return others[0], others[1]


def expected_core(kernel: str) -> str:
    """What OpenBLAS reports under OPENBLAS_CORETYPE=kernel: Prescott selects the generic Katmai code; any
    other name is reported as given."""
    return {"Prescott": "Katmai"}.get(kernel, kernel)


# The explorer questions under each kernel (tests/test_questions.py): every question of the notebook checked
# with its reference answer, and for the training question the final accuracy of each training length, in
# one hidden cell (after the re-run in the shared execution's kernel; in questions_under's fresh process).
QUESTION_TRAJECTORY = {"hidden": 64, "learning_rate": 1.0, "epochs": 500, "seed": 0}
TRAJECTORY_EPOCHS = (100, 200, 300, 400, 500)
QUESTION_PROBE = """
import json as _json
from nnfs_helpers.exercises import answer_explorer as _answer_explorer, check_explorer as _check_explorer
from nnfs_helpers.exercises import questions as _questions
_verdicts = {{_qid: _check_explorer(_qid, _answer_explorer(_qid), quiet=True).passed for _qid in {qids!r}}}
_accuracy = {{}}
if {train!r}:
    _trajectory = _questions.final_accuracies(**{trajectory!r})
    _accuracy = {{str(_epochs): _trajectory[_epochs] for _epochs in {epochs!r}}}
print(_json.dumps({{"verdicts": _verdicts, "accuracy": _accuracy}}))
del _json, _answer_explorer, _check_explorer, _questions, _verdicts, _accuracy
"""


def question_probe(qids: list[str]) -> str:
    return QUESTION_PROBE.format(
        qids=qids, train="06.fewest_epochs" in qids, trajectory=QUESTION_TRAJECTORY, epochs=TRAJECTORY_EPOCHS
    )


def notebook_questions(name: str) -> list[str]:
    """The ids of the explorer questions notebook ``name`` asks (its number's questions in the package)."""
    from nnfs_helpers.exercises import all_questions

    return sorted(qid for qid in all_questions() if qid.split(".", 1)[0] == name[:2])


@dataclass
class SolutionCheck:
    id: str
    index: int  # the check cell's index
    printed: str


@dataclass
class SharedRun:
    """What the tests read of one notebook's shared execution (see the comment above)."""

    name: str
    kernel: str  # OPENBLAS_CORETYPE of its kernel
    core: str | None  # what OpenBLAS reported in it
    learner: nbformat.NotebookNode  # the learner's version after one top-to-bottom run
    first_errors: list[str] = field(default_factory=list)
    rerun_differences: list[str] = field(default_factory=list)
    questions: dict = field(default_factory=dict)  # QUESTION_PROBE's answer
    solutions: list[SolutionCheck] = field(default_factory=list)
    solution_errors: list[str] = field(default_factory=list)


def _client(notebook) -> NotebookClient:
    return NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )


def _error_line(cell) -> str:
    return next((text for kind, text in shown(cell) if kind == "error"), "")


def _describe(index: int, cell, before, after) -> str:
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""

    def short(parts):
        text = " | ".join(f"{kind}: {text.strip()}" for kind, text in parts)
        return text if len(text) <= 300 else text[:297] + "..."

    return f"cell {index} ({first_line[:60]!r})\n    first: {short(before)}\n    again: {short(after)}"


async def _run_extra_cell(client, code: str):
    """Run ``code`` in the kernel as a cell of its own and return the executed cell. nbclient stores an
    executed cell at its index: the cell gets an index of its own, then is dropped from the notebook."""
    cell = nbformat.v4.new_code_cell(code)
    client.nb.cells.append(cell)
    try:
        await client.async_execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    finally:
        client.nb.cells.pop()
    return cell


async def _probe(client) -> str | None:
    cell = await _run_extra_cell(client, OPENBLAS_PROBE)
    text = "".join(text for kind, text in shown(cell) if kind == "stdout").strip()
    return None if text in ("", "None") else text


def _answers(printed: str, shown_text: str) -> dict:
    if not printed.strip():
        return {"error": shown_text or "the question cell printed nothing"}
    return json.loads(printed.strip().splitlines()[-1])


async def _ask_questions(client, name: str) -> dict:
    """QUESTION_PROBE run in a cell of its own (_run_extra_cell): {"verdicts": {qid: passed}, "accuracy": {...}}."""
    cell = await _run_extra_cell(client, question_probe(notebook_questions(name)))
    printed = "".join(text for kind, text in shown(cell) if kind == "stdout")
    return _answers(printed, "\n".join(text for _, text in shown(cell)))


@cache
def questions_under(kernel: str) -> dict:
    """Every explorer question of the series with its reference answer, and the training question's
    accuracies, in a fresh process under OPENBLAS_CORETYPE=kernel: QUESTION_PROBE's answer with "core", what
    OpenBLAS reported there."""
    qids = sorted(qid for name in SERIES for qid in notebook_questions(name))
    code = OPENBLAS_PROBE + question_probe(qids)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=kernel_env(kernel),
        cwd=NOTEBOOK_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-3000:] or f"exit status {done.returncode}"}
    lines = done.stdout.strip().splitlines()
    core = lines[0] if lines and lines[0] != "None" else None
    return {**_answers("\n".join(lines[1:]), done.stderr[-3000:]), "core": core}


async def _run_all(client, notebook) -> list[str]:
    for index, cell in enumerate(notebook.cells):
        await client.async_execute_cell(cell, index)
    return [
        f"cell {index} raised on the first run: {_error_line(cell)}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and any(kind == "error" for kind, _ in shown(cell))
    ]


async def _rerun_each_cell(client, notebook) -> list[str]:
    """Each code cell again on its own, last to first; the ones that print something else."""
    differences = []
    code = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    for index in reversed(code):
        cell = notebook.cells[index]
        # A widget's view is a fresh model id; nbval-ignore-output cells vary by design (timings).
        if {"explorer", "nbval-ignore-output"} & tags(cell):
            continue
        again = copy.deepcopy(cell)
        await client.async_execute_cell(again, index)
        before, after = merge_streams(shown(cell)), merge_streams(shown(again))
        if before != after:
            differences.append(_describe(index, cell, before, after))
    return differences


async def _swap_in_solutions(client, notebook) -> tuple[list[SolutionCheck], list[str]]:
    """Each solution in place of its stub, then its check; then every later cell that calls an exercise's
    function (the only cells a solution can change). Returns the checks' printout and any errors."""
    cells = notebook.cells
    stubs = [index for index, cell in enumerate(cells) if "exercise" in tags(cell)]
    checks, problems = [], []
    for index in stubs:
        solution = copy.deepcopy(cells[index])
        solution.source = solution_source(cells[index])
        await client.async_execute_cell(solution, index)
        if _error_line(solution):
            problems.append(f"cell {index} (the solution of {exercise_id(cells[index])}): {_error_line(solution)}")
        check_index = next((i for i in range(index + 1, len(cells)) if "exercise-check" in tags(cells[i])), None)
        if check_index is None:
            continue
        check = copy.deepcopy(cells[check_index])
        await client.async_execute_cell(check, check_index)
        checks.append(SolutionCheck(exercise_id(cells[index]), check_index, output_text(check)))
    names = {function_name(cells[index].source) for index in stubs} - {None}
    calls = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None
    for index in range(min(stubs, default=len(cells)) + 1, len(cells)):
        cell = cells[index]
        if cell.cell_type != "code" or {"exercise", "exercise-check"} & tags(cell) or not calls:
            continue
        if calls.search(cell.source):
            again = copy.deepcopy(cell)
            await client.async_execute_cell(again, index)
            if _error_line(again):
                problems.append(f"cell {index} (calls an exercise's function): {_error_line(again)}")
    return checks, problems


async def _shared_run(name: str) -> SharedRun:
    kernel = cross_cpu_kernels()[1]
    learner = read(name)
    run = SharedRun(name=name, kernel=kernel, core=None, learner=learner)
    client = _client(learner)
    async with client.async_setup_kernel(env=kernel_env(kernel)):
        run.first_errors = await _run_all(client, learner)
        # nbclient puts each executed copy in the notebook: keep the first run's outputs apart.
        run.learner = copy.deepcopy(learner)
        run.core = await _probe(client)
        run.rerun_differences = await _rerun_each_cell(client, learner)
        run.questions = await _ask_questions(client, name)
        # Last, since a solution changes what the exercise's later cells print: the re-run reads the learner's.
        run.solutions, run.solution_errors = await _swap_in_solutions(client, learner)
    return run


_RUNS: dict[str, SharedRun | BaseException] = {}


def shared_run(name: str) -> SharedRun:
    """The notebook's shared execution, made the first time a test asks for it in this process."""
    if name not in _RUNS:
        try:
            _RUNS[name] = asyncio.run(_shared_run(name))
        except Exception as error:  # every test of this notebook reports it, none re-runs it
            _RUNS[name] = error
    result = _RUNS[name]
    if isinstance(result, BaseException):
        raise RuntimeError(f"{name}: the shared execution failed: {result!r}") from result
    return result


async def rerun_differences_of(notebook) -> tuple[list[str], list[str]]:
    """(cells that raised on the first run, cells whose re-run differs) for any notebook, in its own kernel."""
    client = _client(notebook)
    async with client.async_setup_kernel():
        first_errors = await _run_all(client, notebook)
        return first_errors, await _rerun_each_cell(client, notebook)


def notebook_params(names=SERIES) -> list:
    """One pytest param per notebook, in the notebook's xdist group (so its shared run is made once) and
    marked ``notebook`` (it executes notebooks: not in make test-fast)."""
    return [pytest.param(name, id=name, marks=[pytest.mark.xdist_group(name), pytest.mark.notebook]) for name in names]
