"""A teacher's release (docs/grading.md): ``python scripts/release.py [--out release]``.

Writes ``release/student/``: every notebook without its exercise-answer and explorer-answer cells or any
solution in its metadata, each explorer check replaced by a typed-answer cell, and a student copy of
``nnfs_helpers`` whose exercise checks replay recorded visible cases (no reference code, no hidden case)
and whose questions carry no answers. Writes ``release/autograder/NN-autograder.zip`` per notebook: an
otter-grader 7 autograder (``otter run -a ZIP submission.ipynb``, or upload to Gradescope) whose tests
are generated from the exercise and question definitions and judge with the grader's own full copy of
the package, on the notebook's cases and hidden ones.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from grade import prepare_interpreter, pycache_dir  # noqa: E402

prepare_interpreter(pycache_dir())

import nbformat  # noqa: E402

from nnfs_helpers.exercises import all_exercises, all_questions  # noqa: E402
from nnfs_helpers.grading.recording import record  # noqa: E402

IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
DROPPED_TAGS = {"exercise-answer", "explorer-answer"}
OTTER = "otter-grader==7.0.0"


def answer_variable(qid: str) -> str:
    return "answer_" + re.sub(r"\W", "_", qid)


def test_name(kind: str, id: str) -> str:
    return kind + "_" + re.sub(r"\W", "_", id)


# -- the student copy of the package ---------------------------------------------------------------


def _recorded_module(notebook: str, definitions: list, records_dir: Path) -> str:
    lines = [
        f'"""Notebook {notebook}\'s exercises, student release: the visible cases recorded (scripts/release.py)."""',
        "",
        "from pathlib import Path",
        "",
        "from ..grading.recording import define_recorded",
        "",
        "_HERE = Path(__file__).parent / 'recorded'",
        "",
    ]
    for definition in definitions:
        data = record(definition)
        (records_dir / f"{definition.id}.pkl").write_bytes(pickle.dumps(data, protocol=4))
        lines.append(
            "define_recorded("
            f"{definition.id!r}, stub={definition.stub!r}, hint={definition.hint!r}, points={definition.points!r}, "
            f"shapes={dict(definition.shapes)!r}, record=_HERE / {definition.id + '.pkl'!r})"
        )
    return "\n".join(lines) + "\n"


class _StripAnswers(ast.NodeTransformer):
    """Drop answer=/answer_text= from every call and every docstring and comment (unparse drops comments)."""

    def visit_Call(self, node):
        self.generic_visit(node)
        node.keywords = [kw for kw in node.keywords if kw.arg not in ("answer", "answer_text")]
        return node

    def _strip_doc(self, node):
        self.generic_visit(node)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
            if isinstance(body[0].value.value, str):
                body[0] = ast.Expr(ast.Constant("(docstring removed in the student release)"))
        return node

    visit_FunctionDef = visit_Module = visit_ClassDef = _strip_doc


def student_package(target: Path) -> None:
    shutil.copytree(ROOT / "nnfs_helpers", target, ignore=IGNORE)
    exercises = target / "exercises"
    records = exercises / "recorded"
    records.mkdir()
    by_notebook: dict[str, list] = {}
    for definition in all_exercises().values():
        by_notebook.setdefault(definition.notebook, []).append(definition)
    for path in sorted(exercises.glob("nb[0-9][0-9].py")):
        notebook = path.stem[2:]
        source = _recorded_module(notebook, by_notebook.get(notebook, []), records)
        # A module that registers the questions (nb06 imports .questions) keeps that import, or the
        # student copy has no question and every typed answer fails with "no question".
        if re.search(r"^from \. import questions\b", path.read_text(), re.M):
            source += "\nfrom . import questions  # noqa: E402, F401\n"
        path.write_text(source)
    questions = exercises / "questions.py"
    tree = _StripAnswers().visit(ast.parse(questions.read_text()))
    questions.write_text(ast.unparse(ast.fix_missing_locations(tree)) + "\n")
    for extra in ("otter_plugin.py", "autograde.py", "synthetic.py"):
        (target / "grading" / extra).unlink()


# -- the student notebooks -------------------------------------------------------------------------


def _typed_answer_cells(question) -> list:
    controls = list(question.controls)
    if len(controls) == 1:
        what = f"the value of `{controls[0]}` you found (a number)"
    else:
        example = ", ".join(f'"{name}": ...' for name in controls)
        what = f"the setting you found as a dict, {{{example}}}"
    variable = answer_variable(question.id)
    markdown = nbformat.v4.new_markdown_cell(
        f"**Your answer.** In the cell below, type {what} in place of `None`, then run it. This cell is what is graded."
    )
    code = nbformat.v4.new_code_cell(
        f"from nnfs_helpers.grading import check_answer\n\n{variable} = None\ncheck_answer({question.id!r}, {variable})"
    )
    for cell, tag in ((markdown, "explorer-answer-prompt"), (code, "explorer-typed-answer")):
        cell.metadata["tags"] = [tag]
        cell.metadata["nnfs"] = {"id": question.id}
    return [markdown, code]


def student_notebook(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    notebook = path.name[:2]
    questions = {q.id: q for q in all_questions().values() if q.notebook == notebook}
    placed: set[str] = set()
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & DROPPED_TAGS:
            continue
        nnfs = cell.metadata.get("nnfs")
        if isinstance(nnfs, dict):
            cell.metadata["nnfs"] = {"id": nnfs["id"]} if "id" in nnfs else {}
            if not cell.metadata["nnfs"]:
                del cell.metadata["nnfs"]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if "explorer-check" in tags:
            qid = cell.metadata.get("nnfs", {}).get("id") or re.search(r"check_explorer\(\"([^\"]+)\"", cell.source)[1]
            cells.extend(_typed_answer_cells(questions[qid]))
            placed.add(qid)
            continue
        cells.append(cell)
    for qid, question in questions.items():  # a question with no check cell: its answer cell after its prompt
        if qid in placed:
            continue
        at = max(
            (i for i, cell in enumerate(cells) if cell.metadata.get("nnfs", {}).get("id") == qid),
            default=len(cells) - 1,
        )
        cells[at + 1 : at + 1] = _typed_answer_cells(question)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nb.metadata["nnfs_release"] = {"notebook": notebook}
    return nb


# -- the autograder ---------------------------------------------------------------------------------

_TEST_HEAD = '''\
"""Generated by scripts/release.py from the definition of {id} (docs/grading.md)."""

OK_FORMAT = False

name = {name!r}

from otter.test_files import test_case  # noqa: E402


def _grader():
    import importlib.util
    import os
    import sys

    if "_nnfs_grader" not in sys.modules:
        root = os.path.abspath(os.path.join("_nnfs_grader", "nnfs_helpers"))
        spec = importlib.util.spec_from_file_location(
            "_nnfs_grader", os.path.join(root, "__init__.py"), submodule_search_locations=[root]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["_nnfs_grader"] = module
        spec.loader.exec_module(module)
    import _nnfs_grader.grading.autograde as autograde

    return autograde

'''

_EXERCISE_TEST = """
@test_case(points={points})
def notebook_and_hidden_cases(env):
    _grader().grade_exercise(env, {id!r}, {function!r})
"""

_QUESTION_TEST = """
@test_case(points={points})
def typed_answer(env):
    _grader().grade_question(env, {id!r}, {variable!r})
"""


def _otter_generate(scratch: Path, zip_path: Path) -> None:
    """``otter generate -t tests -o ZIP -c otter_config.json -r requirements.txt --no-environment nnfs_helpers
    _nnfs_grader`` run in ``scratch``, in this process (otter's imports cost seconds; one import for every
    notebook), with the plugin importable from ``scratch`` as otter needs it."""
    from otter.generate import main as generate

    here = os.getcwd()
    sys.path.insert(0, str(scratch))
    os.chdir(scratch)
    try:
        generate(
            tests_dir="tests",
            output_path=str(zip_path),
            config="otter_config.json",
            requirements="requirements.txt",
            no_environment=True,
            files=["nnfs_helpers", "_nnfs_grader"],
        )
    finally:
        os.chdir(here)
        sys.path.remove(str(scratch))
        sys.modules.pop("nnfs_otter_plugin", None)


def graded_exercises(notebook: str, graded_optional: bool = False) -> list:
    """The notebook's exercises a release grades: an optional one (beyond the chapter) only when asked."""
    return [e for e in all_exercises().values() if e.notebook == notebook and (graded_optional or not e.optional)]


def autograder(
    notebook: str, out: Path, student_pkg: Path, cell_seconds: int = 30, graded_optional: bool = False
) -> Path:
    exercises = graded_exercises(notebook, graded_optional)
    questions = [q for q in all_questions().values() if q.notebook == notebook]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        tests = scratch / "tests"
        tests.mkdir()
        manifest = {"notebook": notebook, "items": []}
        for entry in exercises:
            name = test_name("ex", entry.id)
            source = _TEST_HEAD.format(id=entry.id, name=name) + _EXERCISE_TEST.format(
                points=entry.points, id=entry.id, function=entry.function_name
            )
            (tests / f"{name}.py").write_text(source)
            manifest["items"].append({"id": entry.id, "kind": "exercise", "test": name, "points": entry.points})
        for entry in questions:
            name = test_name("qu", entry.id)
            source = _TEST_HEAD.format(id=entry.id, name=name) + _QUESTION_TEST.format(
                points=entry.points, id=entry.id, variable=answer_variable(entry.id)
            )
            (tests / f"{name}.py").write_text(source)
            manifest["items"].append({"id": entry.id, "kind": "question", "test": name, "points": entry.points})
        shutil.copytree(student_pkg, scratch / "nnfs_helpers", ignore=IGNORE)
        shutil.copytree(ROOT / "nnfs_helpers", scratch / "_nnfs_grader" / "nnfs_helpers", ignore=IGNORE)
        shutil.copy(ROOT / "nnfs_helpers" / "grading" / "otter_plugin.py", scratch / "nnfs_otter_plugin.py")
        config = {
            "lang": "python",
            "logo": False,
            "print_summary": False,
            "plugins": [{"nnfs_otter_plugin.CellTimeLimit": {"seconds": cell_seconds}}],
        }
        (scratch / "otter_config.json").write_text(json.dumps(config, indent=2))
        requirements = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.strip()]
        (scratch / "requirements.txt").write_text("\n".join(requirements + [OTTER]) + "\n")
        zip_path = out / f"{notebook}-autograder.zip"
        _otter_generate(scratch, zip_path.resolve())
        with zipfile.ZipFile(zip_path, "a") as archive:
            archive.write(ROOT / "nnfs_helpers" / "grading" / "otter_plugin.py", "nnfs_otter_plugin.py")
            archive.writestr("nnfs_manifest.json", json.dumps(manifest, indent=2))
    return zip_path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "release")
    parser.add_argument("--notebooks", nargs="*", help="notebook numbers (default: all), e.g. 03")
    parser.add_argument("--cell-seconds", type=int, default=30, help="the autograder's time limit per cell")
    parser.add_argument(
        "--graded-optional",
        action="store_true",
        help="grade the optional exercises too (those under a notebook's 'Going further (optional)' heading)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    student, grader = out / "student", out / "autograder"
    student.mkdir(parents=True)
    grader.mkdir()
    student_package(student / "nnfs_helpers")
    plugin_dir = grader / "plugin"
    plugin_dir.mkdir()
    shutil.copy(ROOT / "nnfs_helpers" / "grading" / "otter_plugin.py", plugin_dir / "nnfs_otter_plugin.py")
    for path in sorted((ROOT / "notebooks").glob("0[0-9]_*.ipynb")):
        notebook = path.name[:2]
        if args.notebooks and notebook not in args.notebooks:
            continue
        nbformat.write(student_notebook(path), student / path.name)
        autograder(notebook, grader, student / "nnfs_helpers", args.cell_seconds, args.graded_optional)
        print(f"{notebook}: {student / path.name} and {grader / (notebook + '-autograder.zip')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
