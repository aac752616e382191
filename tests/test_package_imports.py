"""`import nnfs_helpers` loads the maths only; the exercise engine, widgets and plots load when first used."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("ipywidgets", "matplotlib", "nnfs_helpers.exercises", "nnfs_helpers.widgets", "nnfs_helpers.plots")


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_import_loads_neither_widgets_nor_matplotlib_nor_the_exercise_engine():
    loaded = _run(
        "import sys, nnfs_helpers\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in heavy)))"
    )
    assert loaded == "[]", f"import nnfs_helpers loaded {loaded}"


def test_top_level_exercise_names_still_work_lazily():
    out = _run(
        "import sys, nnfs_helpers\n"
        "from nnfs_helpers import check_exercise, check_explorer, ExerciseResult\n"
        "import nnfs_helpers.exercises as ex\n"
        "print(check_exercise is ex.check_exercise, check_explorer is ex.check_explorer)\n"
        "print(ExerciseResult is ex.ExerciseResult)\n"
        "print(nnfs_helpers.check_exercise is ex.check_exercise)"
    )
    assert out.split() == ["True"] * 4


def test_submodules_reachable_as_attributes():
    out = _run("import nnfs_helpers\nprint(hasattr(nnfs_helpers.exercises, 'check_exercise'))")
    assert out == "True"


def test_unknown_attribute_is_a_clear_attribute_error():
    out = _run(
        "import nnfs_helpers\n"
        "try:\n    nnfs_helpers.no_such_name\nexcept AttributeError as e:\n    print('AttributeError', e)"
    )
    assert out.startswith("AttributeError") and "no_such_name" in out


def test_every_name_in_all_resolves():
    out = _run("import nnfs_helpers as p\nprint([n for n in p.__all__ if getattr(p, n, None) is None])")
    assert out == "[]"
