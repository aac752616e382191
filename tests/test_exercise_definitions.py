"""Every exercise is defined once (docs/exercises.md), and every definition keeps its promises.

Iterates over ``all_exercises()``, so a new exercise or a new listed mistake is tested by construction:
the reference passes on the notebook's cases and on hidden variants (other values and other sizes);
the stub is "not attempted"; every listed mistake fails with the diagnosis it names; the table in
docs/exercises.md is the one the definitions generate.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import ROOT, load_script

from nnfs_helpers.exercises import all_exercises, check_exercise

# Only the series' notebooks: tests/test_execute_notebooks.py registers made-up ids (99.f) in the same process.
SERIES = {path.name[:2] for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
DEFINED = {id: definition for id, definition in all_exercises().items() if definition.stub and id[:2] in SERIES}
EXECUTE_NOTEBOOKS = load_script("execute_notebooks")
VARIANTS = (0, 1, 2, 7, 1234)


def _mistakes():
    return [
        pytest.param(definition, mistake, id=f"{id}-{mistake.name}")
        for id, definition in DEFINED.items()
        for mistake in definition.mistakes
    ]


def test_every_notebook_exercise_is_defined_once_in_the_package():
    assert len(DEFINED) >= 7, sorted(DEFINED)
    for notebook in ("01", "02", "03"):
        assert sum(definition.notebook == notebook for definition in DEFINED.values()) >= 2, notebook


@pytest.mark.parametrize("id", sorted(DEFINED))
def test_the_definition_is_complete(id):
    definition = DEFINED[id]
    assert definition.id == id and definition.notebook == id[:2]
    assert isinstance(definition.points, int) and definition.points >= 1
    assert definition.why and definition.hint and definition.shapes
    assert 'raise NotImplementedError("replace this line with your code")' in definition.stub
    assert definition.stub.splitlines()[0].startswith(f"def {definition.function_name}(")
    assert definition.solution.splitlines()[0] == definition.stub.splitlines()[0], "stub and solution signatures"
    assert len(definition.mistakes) >= 3, f"{id}: fewer than three known mistakes"
    for mistake in definition.mistakes:
        planted = any(line.strip().startswith("raise ") for line in mistake.code.splitlines())
        assert not planted, f"{id}.{mistake.name}: a mistake must be real code, not a planted raise"
        assert mistake.code.strip() != definition.solution.strip()


@pytest.mark.parametrize("id", sorted(DEFINED))
def test_the_reference_passes_the_notebook_and_every_hidden_variant(id):
    definition = DEFINED[id]
    for variant in (None, *VARIANTS):
        outcome = check_exercise(id, definition.reference(), quiet=True, variant=variant)
        assert outcome.status == "pass", f"variant {variant}: {outcome}"
        assert outcome.points == definition.points


@pytest.mark.parametrize("id", sorted(DEFINED))
def test_the_stub_is_not_attempted(id):
    outcome = check_exercise(id, DEFINED[id].define(DEFINED[id].stub), quiet=True)
    assert outcome.status == "not attempted" and outcome.points == 0, str(outcome)


@pytest.mark.parametrize("id", sorted(DEFINED))
def test_hidden_variants_use_other_values_and_other_sizes(id):
    """A grader's cases differ from the notebook's: a hard-coded answer tuned to them fails."""
    definition = DEFINED[id]
    reference = definition.reference()

    def recorded(seen):
        def fn(*args, **kwargs):
            seen.append({k: np.asarray(v) for k, v in kwargs.items()})
            return reference(*args, **kwargs)

        fn.__name__ = definition.function_name
        return fn

    notebook, hidden = [], []
    check_exercise(id, recorded(notebook), quiet=True)
    shapes = [tuple(v.shape for v in call.values()) for call in notebook]
    other_sizes = False
    for variant in VARIANTS:
        hidden.clear()
        check_exercise(id, recorded(hidden), quiet=True, variant=variant)
        assert len(hidden) >= 1
        values_differ = any(
            not all(np.array_equal(a[k], b[k]) for k in a) for a, b in zip(notebook, hidden, strict=False)
        )
        assert values_differ or len(hidden) != len(notebook), f"variant {variant} repeats the notebook's values"
        other_sizes |= [tuple(v.shape for v in call.values()) for call in hidden] != shapes
    assert other_sizes, f"{id}: no hidden variant changes a size"


@pytest.mark.parametrize("definition, mistake", _mistakes())
def test_every_listed_mistake_gets_its_diagnosis_and_fails_the_hidden_variants_too(definition, mistake):
    function = definition.define(mistake.code)
    outcome = check_exercise(definition.id, function, quiet=True)
    assert outcome.status == "fail", f"a listed mistake passed:\n{mistake.code}"
    assert mistake.matches(outcome.kind, outcome.message), f"expected {mistake.expect!r}, got:\n{outcome}"
    text = str(outcome)
    # Never a wall of numbers, an inf relative error or a function's repr; a message may explain an overflow.
    assert "<lambda>" not in text
    # A named mistake carries its own fix; the exercise's hint comes only with the kinds it speaks to.
    assert ("Hint: " in text) == definition.shows_hint(outcome.kind), text
    assert not re.search(r"(got|expected|error) -?inf\b", text), text
    assert outcome.points == 0
    hidden = check_exercise(definition.id, function, quiet=True, variant=3)
    assert hidden.status == "fail", f"a listed mistake passed a hidden variant:\n{mistake.code}"


def test_the_table_in_docs_exercises_md_is_current():
    text = (ROOT / "docs" / "exercises.md").read_text()
    block = text.split("<!-- exercise-table:start -->\n")[1].split("<!-- exercise-table:end -->")[0]
    assert block.strip() == EXECUTE_NOTEBOOKS.exercise_table().strip(), (
        "docs/exercises.md is stale: run .venv/bin/python scripts/execute_notebooks.py --exercise-table"
    )
    for id, definition in DEFINED.items():
        assert f"| `{id}` | `{definition.function_name}` | {definition.points} |" in block
