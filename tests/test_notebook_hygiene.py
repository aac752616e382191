"""The committed notebooks are clean: one fresh top-to-bottom run, balanced math, the series' shape.

nbval (run by `make test` on notebooks/) re-executes every notebook and fails when a stored
output differs from a fresh one, which is what catches stale outputs; these tests catch what
nbval cannot see: out-of-order execution counts, stored errors and warnings, broken LaTeX,
missing summaries, exercises or explorers, and exercises that break the contract of
docs/exercises.md (stub, single check call, answer generated from the metadata).
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from notebook_support import NOTEBOOK_DIR, SERIES, code_cells, function_name, load_script, read, tags

from nnfs_helpers.exercises import all_exercises

EXECUTE_NOTEBOOKS = load_script("execute_notebooks")


def notebook_number(notebook) -> str:
    return notebook.metadata["nnfs_name"][:2]


def test_the_series_is_complete_and_nothing_else_is_numbered():
    on_disk = sorted(path.name for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert on_disk == SERIES


@pytest.fixture(params=SERIES)
def notebook(request):
    notebook = read(request.param)
    notebook.metadata["nnfs_name"] = request.param  # the tests read it, nothing writes it back
    return notebook


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
    for index, cell in enumerate(notebook.cells):
        if "nbval-ignore-output" in tags(cell) and "explorer" not in tags(cell):
            reason = cell.metadata.get("nnfs", {}).get("ignore_reason")
            assert isinstance(reason, str) and reason.strip(), (
                f"cell {index}: a cell whose output nbval ignores says why in metadata.nnfs.ignore_reason:\n"
                + cell.source[:200]
            )


def test_every_explorer_is_followed_by_its_question_check(notebook):
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if "explorer" not in tags(cell):
            continue
        following = cells[index + 1 : index + 3]
        if following and following[0].cell_type == "markdown":
            following = following[1:]
        else:
            following = following[:1]
        assert following and following[0].cell_type == "code" and "check_explorer(" in following[0].source, (
            f"cell {index} (an explorer) is not followed, after at most one markdown cell, by a check_explorer cell"
        )


def _stub_problems(source: str) -> list[str]:
    """Why a cell is not a stub: one function whose body is a docstring and a NotImplementedError."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return [f"does not parse: {error}"]
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(functions) != 1:
        return [f"defines {len(functions)} functions, not one"]
    body = functions[0].body
    problems = []
    if not ast.get_docstring(functions[0]):
        problems.append("has no docstring (what to return, and every shape)")
    rest = body[1:] if ast.get_docstring(functions[0]) else body
    raises = (
        len(rest) == 1
        and isinstance(rest[0], ast.Raise)
        and isinstance(rest[0].exc, ast.Call)
        and getattr(rest[0].exc.func, "id", None) == "NotImplementedError"
    )
    if not raises:
        problems.append("its body is not only `raise NotImplementedError(...)`")
    return problems


@pytest.mark.parametrize(
    "source, ok",
    [
        ('def f(x):\n    """Return 2x, shape (N,)."""\n    raise NotImplementedError("replace this line")\n', True),
        ('def f(x):\n    """Return 2x."""\n    return 2 * x\n', False),
        ('def f(x):\n    raise NotImplementedError("replace this line")\n', False),
        ('def f(x):\n    """Doc."""\n    y = x\n    raise NotImplementedError("replace this line")\n', False),
    ],
)
def test_stub_checker_itself(source, ok):
    assert (_stub_problems(source) == []) is ok


def _check_call(source: str) -> tuple[str, str] | None:
    """(id, function name) when the source is exactly one ``check_exercise("id", name)`` call."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "check_exercise"):
        return None
    if len(call.args) != 2 or call.keywords:
        return None
    id_node, fn_node = call.args
    if not (isinstance(id_node, ast.Constant) and isinstance(id_node.value, str) and isinstance(fn_node, ast.Name)):
        return None
    return id_node.value, fn_node.id


def test_exercises_are_stub_check_and_answer(notebook):
    number = notebook_number(notebook)
    cells = notebook.cells
    stubs = [index for index, cell in enumerate(cells) if "exercise" in tags(cell)]
    assert len(stubs) >= 2, "every notebook has at least two self-checking exercises"
    for tag in ("exercise-check", "exercise-answer"):
        count = sum(tag in tags(cell) for cell in cells)
        assert count == len(stubs), f"{count} cells tagged {tag} for {len(stubs)} exercise stubs"
    for index in stubs:
        stub = cells[index]
        assert stub.cell_type == "code"
        assert _stub_problems(stub.source) == [], f"cell {index}: {_stub_problems(stub.source)}"
        nnfs = stub.metadata.get("nnfs", {})
        id = nnfs.get("id") or nnfs.get("exercise", "")
        assert re.fullmatch(rf"{number}\.[a-z_][a-z0-9_]*", id), f"cell {index}: exercise id {id!r}"
        definition = all_exercises().get(id)
        assert definition is not None, f"{id}: not defined in nnfs_helpers.exercises"
        # An optional exercise (beyond the chapter) sits in the optional section, every other one before it.
        section = next(
            (c.source for c in reversed(cells[:index]) if c.cell_type == "markdown" and c.source.startswith("## ")), ""
        )
        in_optional = section.lower().startswith("## going further (optional)")
        assert in_optional == definition.optional, (
            f"{id}: {'optional' if definition.optional else 'on the main path'}, but under {section[:40]!r}"
        )
        if definition.stub:
            # Defined once in the package: the notebook keeps the id, and the stub is the definition's.
            assert set(nnfs) == {"id"}, f"{id}: metadata.nnfs holds {sorted(nnfs)}; run execute_notebooks --no-execute"
            assert stub.source == definition.stub.rstrip("\n"), f"{id}: the stub differs from its definition"
            source_of_answer = definition
        else:
            for key in ("solution", "why"):
                assert isinstance(nnfs.get(key), str) and nnfs[key].strip(), f"{id}: metadata.nnfs.{key} is missing"
            mistakes = nnfs.get("mistakes")
            assert isinstance(mistakes, list) and mistakes, f"{id}: metadata.nnfs.mistakes lists no mistake"
            source_of_answer = nnfs

        check, answer = cells[index + 1], cells[index + 2] if index + 2 < len(cells) else None
        assert check.cell_type == "code" and "exercise-check" in tags(check), f"{id}: no exercise-check cell after it"
        called = _check_call(check.source)
        assert called is not None, f"{id}: the check cell is not a single check_exercise(...) call:\n{check.source}"
        assert called == (id, function_name(stub.source)), f"{id}: the check cell calls {called}"
        assert answer is not None and answer.cell_type == "markdown" and "exercise-answer" in tags(answer), (
            f"{id}: no exercise-answer markdown cell after its check"
        )
        assert answer.source == EXECUTE_NOTEBOOKS.answer_markdown(source_of_answer), (
            f"{id}: the answer cell differs from its definition; run execute_notebooks --no-execute"
        )


def test_at_least_twelve_exercises_in_all_with_distinct_ids():
    stubs = [cell for name in SERIES for cell in read(name).cells if "exercise" in tags(cell)]
    ids = [cell.metadata.get("nnfs", {}).get("id") or cell.metadata.get("nnfs", {}).get("exercise") for cell in stubs]
    assert len(ids) >= 12, f"{len(ids)} exercises in the series"
    assert len(set(ids)) == len(ids), f"repeated ids: {sorted({id for id in ids if ids.count(id) > 1})}"


def test_the_notation_card_is_the_one_in_the_docs(notebook):
    cards = [cell for cell in notebook.cells if "notation-card" in tags(cell)]
    assert len(cards) == 1, f"{len(cards)} cells tagged notation-card"
    assert cards[0].cell_type == "markdown"
    assert cards[0].source == EXECUTE_NOTEBOOKS.notation_card(), "not the card of docs/notation.md: make notebooks"


def test_imports_the_package_and_does_not_touch_sys_path(notebook):
    sources = "\n".join(cell.source for cell in code_cells(notebook))
    assert "nnfs_helpers" in sources
    assert "sys.path" not in sources, "nnfs_helpers is installed with pip install -e ."
    assert "np.random.seed(" not in sources, "seed through an explicit generator"
