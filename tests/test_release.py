"""make release (scripts/release.py): a student version with no solution text that runs top to bottom and
says "not attempted" at every check, and an otter autograder generated from the definitions (docs/grading.md)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nnfs_helpers.exercises import all_exercises, all_questions
from tests.grading_support import NOTEBOOK, release

# Shares test_grading.py's release (one per worker process).
pytestmark = [pytest.mark.xdist_group("grading"), pytest.mark.slow]  # one release shared: not in make test-fast


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    return release(tmp_path_factory.getbasetemp())


def _student_notebook(released: Path) -> Path:
    (path,) = sorted((released / "student").glob(f"{NOTEBOOK}_*.ipynb"))
    return path


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _corpus(released: Path) -> str:
    """Every byte a student receives, as text with whitespace removed."""
    parts = []
    for file in sorted((released / "student").rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            parts.append(file.read_bytes().decode("latin-1"))
    for notebook in (released / "student").glob("*.ipynb"):  # cell sources as the student reads them
        parts.extend(cell.source for cell in nbformat.read(notebook, as_version=4).cells)
    return _squash("\n".join(parts))


def _series_exercises():
    """The series' own exercises: tests/test_execute_notebooks.py registers made-up ids (99.f) in the same
    worker process, and those are in no release."""
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    series = {path.name[:2] for path in notebooks.glob("[0-9][0-9]_*.ipynb")}
    return {id: entry for id, entry in all_exercises().items() if id[:2] in series}


def _solution_statements(source: str) -> list[str]:
    """Each statement of a solution's body, docstring left out, as source."""
    (function,) = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    statements = [ast.get_source_segment(source, statement) for statement in body]
    # A bare `return name` says nothing of the solution (and any code may contain one).
    return [s for s in statements if not re.fullmatch(r"return \w+", s)]


def test_no_solution_text_in_the_student_release(released):
    corpus = _corpus(released)
    # A statement the notebook itself teaches outside its answer cells (the forward pass z = X W + b, say)
    # is the lesson, not a solution given away.
    taught = []
    for notebook in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            if not {"exercise-answer", "explorer-answer"} & set(cell.metadata.get("tags", [])):
                taught.append(cell.source)
    # So is the package's own maths and figures, which the student copy ships on purpose.
    package = Path(__file__).resolve().parent.parent / "nnfs_helpers"
    taught += [path.read_text() for path in package.rglob("*.py") if "exercises" not in path.parts]
    taught = _squash("\n".join(taught))
    found = []
    for entry in _series_exercises().values():
        for statement in _solution_statements(entry.solution):
            # An assignment whose right-hand side the notebook teaches under another name is taught too.
            right = statement.split("=", 1)[1] if re.match(r"\w+ = ", statement) else statement
            if _squash(statement) in corpus and _squash(right) not in taught:
                found.append(f"{entry.id}: {statement}")
        if entry.why and _squash(entry.why[:80]) in corpus:
            found.append(f"{entry.id}: its why")
    for entry in all_questions().values():
        if entry.answer_text and _squash(entry.answer_text[:80]) in corpus:
            found.append(f"{entry.id}: its answer text")
    assert not found, "solution text in release/student:\n" + "\n".join(found)


def test_the_search_finds_the_solutions_in_the_self_study_notebook():
    """The search above can fail: it finds every solution statement of notebook 03 in notebooks/03 itself."""
    (path,) = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob(f"{NOTEBOOK}_*.ipynb"))
    corpus = _squash("\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells))
    for entry in _series_exercises().values():
        if entry.notebook == NOTEBOOK:
            for statement in _solution_statements(entry.solution):
                assert _squash(statement) in corpus, statement


def test_student_notebook_has_no_answer_cells_and_one_typed_answer_per_question(released):
    nb = nbformat.read(_student_notebook(released), as_version=4)
    tags = [tag for cell in nb.cells for tag in cell.metadata.get("tags", [])]
    assert "exercise-answer" not in tags and "explorer-answer" not in tags and "explorer-check" not in tags
    for cell in nb.cells:
        assert set(cell.metadata.get("nnfs", {})) <= {"id"}, cell.metadata
    typed = [c.metadata["nnfs"]["id"] for c in nb.cells if "explorer-typed-answer" in c.metadata.get("tags", [])]
    assert sorted(typed) == sorted(q.id for q in all_questions().values() if q.notebook == NOTEBOOK)
    checks = [c for c in nb.cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(checks) == sum(1 for e in _series_exercises().values() if e.notebook == NOTEBOOK)


def test_student_notebook_runs_top_to_bottom_and_says_not_attempted(released):
    path = _student_notebook(released)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "exercise-check" in tags or "explorer-typed-answer" in tags:
            text = "".join(output.get("text", "") for output in cell.outputs)
            assert "not attempted" in text, (cell.source, text)


def test_the_student_package_self_check_diagnoses_without_reference_code(released):
    """The student copy has no solution and no why; its replayed check says "not attempted" to the stub, PASS to
    the solution and gives each of notebook 03's known mistakes the diagnosis kind the full check gives; its
    typed-answer check accepts each question's answer and refuses another value."""
    import subprocess
    import sys

    cases = {
        entry.id: [entry.solution] + [mistake.code for mistake in entry.mistakes]
        for entry in _series_exercises().values()
        if entry.notebook == NOTEBOOK
    }
    answers = {}
    for question in all_questions().values():
        if question.notebook == NOTEBOOK:
            right = dict(question.answer) if len(question.answer) > 1 else next(iter(question.answer.values()))
            wrong = (
                {**right, next(iter(right)): next(iter(right.values())) + 1} if isinstance(right, dict) else right * 2
            )
            answers[question.id] = [right, wrong]
    script = f"""
import contextlib, io, json
from nnfs_helpers.exercises import all_exercises, check_exercise
from nnfs_helpers.exercises.registry import ExerciseDef
from nnfs_helpers.grading import check_answer
stubs = {{}}
for id, entry in all_exercises().items():
    assert entry.solution is None and entry.why is None and not entry.mistakes, id
    stubs[id] = check_exercise(id, ExerciseDef.define(entry, entry.stub), quiet=True).status
cases = json.loads({json.dumps(json.dumps(cases))})
kinds = {{id: [check_exercise(id, ExerciseDef.define(all_exercises()[id], code), quiet=True).kind for code in codes]
         for id, codes in cases.items()}}
with contextlib.redirect_stdout(io.StringIO()):
    typed = {{id: [check_answer(id, value).passed for value in values]
             for id, values in json.loads({json.dumps(json.dumps(answers))}).items()}}
print(json.dumps({{"stubs": stubs, "kinds": kinds, "typed": typed}}))
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=released / "student", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["stubs"] == dict.fromkeys(_series_exercises(), "not attempted")
    assert out["typed"] == dict.fromkeys(answers, [True, False])
    from nnfs_helpers.exercises import check_exercise

    full = {
        id: [check_exercise(id, _series_exercises()[id].define(code), quiet=True).kind for code in codes]
        for id, codes in cases.items()
    }
    replayed = out["kinds"]
    assert replayed.keys() == full.keys()
    for id, kinds in full.items():
        for code, kind, again in zip(cases[id], kinds, replayed[id], strict=True):
            # A typed-in size is found by re-running the reference on shrunken cases, which a replay of
            # recorded cases cannot do: there the replay must still fail, under another kind.
            if kind == "hard_coded_size":
                assert again is not None, (id, code)
            else:
                assert again == kind, (id, code, kind, again)


def test_autograder_zip_has_a_test_per_exercise_and_question_and_the_plugin(released):
    archive = zipfile.ZipFile(released / "autograder" / f"{NOTEBOOK}-autograder.zip")
    names = set(archive.namelist())
    manifest = json.loads(archive.read("nnfs_manifest.json"))
    wanted = {e.id: e.points for e in _series_exercises().values() if e.notebook == NOTEBOOK and not e.optional}
    wanted |= {q.id: q.points for q in all_questions().values() if q.notebook == NOTEBOOK}
    assert {item["id"]: item["points"] for item in manifest["items"]} == wanted
    for item in manifest["items"]:
        source = archive.read(f"tests/{item['test']}.py").decode()
        assert "OK_FORMAT = False" in source and f"points={item['points']}" in source
    config = json.loads(archive.read("otter_config.json"))
    assert "nnfs_otter_plugin.CellTimeLimit" in json.dumps(config["plugins"])
    assert {"nnfs_otter_plugin.py", "run_autograder", "run_otter.py", "setup.sh", "environment.yml"} <= names
    assert "numpy==" in archive.read("environment.yml").decode()  # the learner's pins, for Gradescope
    assert any(n.startswith("files/_nnfs_grader/nnfs_helpers/exercises/nb03.py") for n in names)


def test_an_optional_exercise_is_graded_only_when_the_teacher_asks():
    # In its own interpreter: scripts/release.py prepares the interpreter it is imported into.
    script = (
        "import release; "
        "print(sorted(e.id for e in release.graded_exercises('04'))); "
        "print(sorted(e.id for e in release.graded_exercises('04', graded_optional=True)))"
    )
    scripts = Path(__file__).resolve().parent.parent / "scripts"
    done = subprocess.run([sys.executable, "-c", script], cwd=scripts, capture_output=True, text=True, check=True)
    default, asked = (ast.literal_eval(line) for line in done.stdout.splitlines())
    optional = sorted(e.id for e in all_exercises().values() if e.notebook == "04" and e.optional)
    assert optional == ["04.log_softmax_backward"]
    assert set(optional).isdisjoint(default) and set(optional) <= set(asked)
    assert set(asked) - set(default) == set(optional) and "04.sigmoid_backward" in default
