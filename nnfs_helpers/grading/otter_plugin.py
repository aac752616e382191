"""An otter-grader plugin (shipped at the autograder zip's root as ``nnfs_otter_plugin.py``).

``before_execution`` puts one cell before the submission's first cell. It loads the grader's own copy of
the package (``_nnfs_grader/nnfs_helpers`` in the grading directory) under the private name
``_nnfs_grader`` before any student code runs, and gives every cell a time limit: an IPython
``pre_run_cell`` hook starts a timer, ``post_run_cell`` stops it, and a cell still running when it fires
is stopped with an exception, so the notebook goes on with the next cell (docs/grading.md).
"""

from __future__ import annotations

import nbformat

try:
    from otter.plugins import AbstractOtterPlugin
except ImportError:  # the package itself does not need otter; only the autograder does
    AbstractOtterPlugin = object

CELL_SECONDS = 30

PRELUDE = """\
def _nnfs_prelude(seconds):
    import importlib.util, os, signal, sys
    os.environ["MPLBACKEND"] = "Agg"  # figures are drawn, never rendered to PNG: grading reads no figure
    root = os.path.abspath(os.path.join("_nnfs_grader", "nnfs_helpers"))
    if "_nnfs_grader" not in sys.modules and os.path.isdir(root):
        spec = importlib.util.spec_from_file_location(
            "_nnfs_grader", os.path.join(root, "__init__.py"), submodule_search_locations=[root]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["_nnfs_grader"] = module
        spec.loader.exec_module(module)
        import importlib
        for folder, _, files in sorted(os.walk(root)):  # every module now: none is read from disk later
            for file in sorted(files):
                if file.endswith(".py") and "__pycache__" not in folder:
                    parts = os.path.relpath(os.path.join(folder, file[:-3]), root).split(os.sep)
                    parts = [part for part in parts if part != "__init__" and part != "."]
                    importlib.import_module(".".join(["_nnfs_grader", *parts]))
    # otter's last cell reads the tests from ./tests when it runs them: the folder as it is now, and this
    # folder as the working directory, are put back before it, whatever the notebook wrote or changed.
    here = os.getcwd()
    tests = dict()  # (PRELUDE is a format string)
    for name in sorted(os.listdir("tests")) if os.path.isdir("tests") else []:
        if os.path.isfile(os.path.join("tests", name)):
            with open(os.path.join("tests", name), "rb") as handle:
                tests[name] = handle.read()

    def restore_tests():
        import shutil
        os.chdir(here)
        if os.path.islink("tests") or os.path.isfile("tests"):
            os.remove("tests")
        elif os.path.isdir("tests"):
            shutil.rmtree("tests")
        os.mkdir("tests")
        for name, data in tests.items():
            with open(os.path.join("tests", name), "wb") as handle:
                handle.write(data)

    class CellTimeLimit(BaseException):
        pass

    def stop(signum, frame):
        raise CellTimeLimit(f"this cell ran for more than {seconds} s and was stopped; the grading went on")

    def start(info=None):
        source = getattr(info, "raw_cell", "") or ""
        if "otter.execute import Checker" not in source:  # otter's own last cell runs the tests
            signal.signal(signal.SIGALRM, stop)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        else:
            restore_tests()

    def end(result=None):
        signal.setitimer(signal.ITIMER_REAL, 0)

    shell = get_ipython()
    shell.events.register("pre_run_cell", start)
    shell.events.register("post_run_cell", end)


_nnfs_prelude({seconds})
del _nnfs_prelude
"""


# Cells a grade never reads, skipped to save time: the explorers (a typed answer is graded, not the
# widget) and timing cells. A student's code belongs in the exercise cells, never in these.
SKIPPED_TAGS = {"explorer", "timing"}


class CellTimeLimit(AbstractOtterPlugin):
    """otter_config.json: ``"plugins": [{"nnfs_otter_plugin.CellTimeLimit": {"seconds": 30}}]``."""

    def before_execution(self, submission):
        seconds = int((self.plugin_config or {}).get("seconds", CELL_SECONDS))
        submission.cells = [
            cell for cell in submission.cells if not SKIPPED_TAGS & set(cell.get("metadata", {}).get("tags", []))
        ]
        cell = nbformat.v4.new_code_cell(PRELUDE.format(seconds=seconds))
        submission.cells.insert(0, cell)
        return submission
