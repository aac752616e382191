"""`import nnfs_helpers` loads the maths only; the exercise engine, widgets and plots load when first used.

One fresh interpreter answers every test, each step in an order that keeps the earlier ones honest: what
``import nnfs_helpers`` loaded is read before anything else touches the package, and the lazy names are
asked for before ``__all__`` resolves them all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("ipywidgets", "matplotlib", "nnfs_helpers.exercises", "nnfs_helpers.widgets", "nnfs_helpers.plots")

SCRIPT = f"""
import json, sys
import nnfs_helpers
heavy = {HEAVY!r}
out = {{"loaded": sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))}}
try:
    nnfs_helpers.no_such_name
except AttributeError as error:
    out["unknown"] = "AttributeError: " + str(error)
out["attribute"] = hasattr(nnfs_helpers.exercises, "check_exercise")
from nnfs_helpers import check_exercise, check_explorer, ExerciseResult
import nnfs_helpers.exercises as ex
out["lazy"] = [check_exercise is ex.check_exercise, check_explorer is ex.check_explorer,
               ExerciseResult is ex.ExerciseResult, nnfs_helpers.check_exercise is ex.check_exercise]
out["unresolved"] = [n for n in nnfs_helpers.__all__ if getattr(nnfs_helpers, n, None) is None]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def fresh():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_loads_neither_widgets_nor_matplotlib_nor_the_exercise_engine(fresh):
    assert fresh["loaded"] == [], f"import nnfs_helpers loaded {fresh['loaded']}"


def test_unknown_attribute_is_a_clear_attribute_error(fresh):
    assert "no_such_name" in fresh.get("unknown", ""), fresh


def test_submodules_reachable_as_attributes(fresh):
    assert fresh["attribute"] is True


def test_top_level_exercise_names_still_work_lazily(fresh):
    assert fresh["lazy"] == [True] * 4


def test_every_name_in_all_resolves(fresh):
    assert fresh["unresolved"] == []
