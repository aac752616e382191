"""Repository-wide pytest set-up: nbval is always on for notebooks/, and the suite uses every core.

Turning nbval on here rather than with ``--nbval`` in addopts means ``pytest -p no:nbval``
(unit tests only) still works, and ``pytest notebooks/NAME.ipynb`` tests one notebook.

pyproject.toml runs the suite on two pytest-xdist workers with ``--dist loadgroup``: a worker takes a
whole group at a time. Every test gets a group here, so that what shares a set-up stays on one worker:
a test module's tests share its module-scoped fixtures (a Lab server, the built site, a fresh
environment; a module without such fixtures is split into one group per test function), a notebook's
cells share nbval's kernel (started here under an OpenBLAS kernel other than the default, for issue 14's
cross-CPU check), and the tests that read a notebook's shared
execution (tests/notebook_support.py: shared_run) carry that notebook's own group from
``notebook_params()``, whichever file they are in. Groups that run kernels, browsers or environments go
first, so the short tests fill in at the end.

``--cpu-report=FILE`` (for docs/benchmarks.md's suite table) records each test's CPU seconds, its own
and those of the processes it started and waited for (kernels, subprocesses), with its wall time, one
JSON line per test in FILE, and prints the totals per file and per xdist group at the end. A kernel
shared by several tests is counted in the test that started it, a module fixture in the test it ran with.
"""

import json
import os
import resource
import sys
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent
_HEAVY = ("browser", "site", "install", "notebook")
# `make test-fast` is `-p no:nbval -m "not slow"`: a test marked with any of _HEAVY is slow too, so a file
# marks a test `slow` only for what the heavy markers do not say (a kernel, a whole-tree subprocess).


def pytest_addoption(parser):
    parser.addoption(
        "--cpu-report",
        metavar="FILE",
        default=None,
        help="append each test's CPU seconds (its own and its waited-for subprocesses') and wall time to FILE "
        "as JSON lines, and print the totals per file and per xdist group",
    )


def pytest_configure(config):
    # pytest rewrites the asserts of every module of a distribution that ships a pytest plugin; hypothesis (73
    # modules, imported by tests/test_properties.py after this) is a library here, not test code, and rewriting
    # it cost each worker about a second of CPU.
    try:
        from _pytest.assertion import assertstate_key

        must_rewrite = config.stash[assertstate_key].hook._must_rewrite
    except (ImportError, KeyError, AttributeError):  # another pytest, or --assert=plain
        must_rewrite = None
    if isinstance(must_rewrite, set):
        must_rewrite.discard("hypothesis")
    if config.pluginmanager.hasplugin("nbval") and not getattr(config.option, "nbval_lax", False):
        config.option.nbval = True
        # The notebooks run in this environment's kernel, where nnfs_helpers is installed.
        config.option.nbval_current_env = True
        # Round-off digits that vary between CPUs are rewritten on both sides before comparing.
        if getattr(config.option, "nbval_sanitize_with", None) is None:
            config.option.nbval_sanitize_with = str(Path(__file__).parent / "notebooks" / "nbval-sanitize.cfg")


def _is_nbval(item) -> bool:
    return type(item).__module__.startswith("nbval")


def _notebook_support():
    # tests/ is on the path once pytest collects a test file there; `pytest notebooks/X.ipynb` alone collects none.
    tests = str(_ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import notebook_support

    return notebook_support


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # nbval's kernel is one of the two OpenBLAS kernels other than this machine's default under which issue 14
    # wants every notebook to print what the committed one prints (tests/notebook_support.py: the shared
    # execution runs under the other). nbval starts it in the first cell's set-up, with this process's
    # environment; OpenBLAS is asked in it which kernel it runs before the notebook's first cell.
    notebook = item.parent if _is_nbval(item) else None
    if notebook is None or getattr(notebook, "kernel", None) is not None:
        return (yield)
    support = _notebook_support()
    kernel = support.cross_cpu_kernels()[0]
    saved = os.environ.get("OPENBLAS_CORETYPE")
    os.environ["OPENBLAS_CORETYPE"] = kernel
    try:
        result = yield
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_CORETYPE", None)
        else:
            os.environ["OPENBLAS_CORETYPE"] = saved
    printed = []

    def keep(message):
        if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.append(message["content"]["text"])

    notebook.kernel.kc.execute_interactive(support.OPENBLAS_PROBE, store_history=False, output_hook=keep, timeout=120)
    core = "".join(printed).strip().splitlines()[-1:] or ["None"]
    if core[0] != "None" and core[0] != support.expected_core(kernel):  # None: a numpy without bundled OpenBLAS
        raise RuntimeError(f"nbval's kernel asked for OPENBLAS_CORETYPE={kernel} and runs {core[0]}")
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # A file whose tests share a fixture wider than one test (module, class, session) stays one group, and so
    # does a notebook's nbval cells (one kernel); in any other file each test function (with all its
    # parameters) is a group of its own, so a long file of independent tests spreads over both workers.
    shared = {_file(item) for item in items if not isinstance(item, pytest.Function) or _wide_fixtures(item)}
    for item in items:
        if _is_nbval(item):
            item.add_marker(pytest.mark.notebook)
        if any(item.get_closest_marker(mark) for mark in _HEAVY):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            group = _file(item) if _file(item) in shared else f"{_file(item)}::{item.originalname}"
            item.add_marker(pytest.mark.xdist_group(group))
    # A stable sort: the order within a group, and of the rest, stays the collection's.
    items.sort(key=_start_order)
    _name_groups(config, items)


# The longest groups first, as measured (docs/benchmarks.md, `--cpu-report`, wall seconds): with two workers, the
# longest groups then run alongside each other and the short ones (a split file's tests) fill in at the end. A
# group not listed goes after them, one that runs kernels, browsers or environments before the rest.
_COSTLIEST_FIRST = (
    "tests/test_site.py",  # Chromium renders every page: the most wall time of any group
    "grading",  # tests/test_grading.py and tests/test_release.py share one release
    "tests/test_browser.py",
    "06_full_backward_pass_and_training.ipynb",
    "tests/test_learner_install.py",  # little CPU, but installing and waiting
    "05_softmax_cross_entropy_shortcut.ipynb",
    "01_one_neuron_by_hand.ipynb",
    "04_from_functions_to_classes.ipynb",
    "03_relu_and_one_full_update.ipynb",
    "tests/test_plots.py",
    "notebooks/06_full_backward_pass_and_training.ipynb",
    "tests/test_questions.py",
    "02_a_layer_and_a_batch.ipynb",
    "tests/test_widgets.py",  # one group per test function: it fills in
)


def _file(item) -> str:
    return item.nodeid.split("::", 1)[0]


def _wide_fixtures(item) -> bool:
    """Whether the test uses one of this repository's fixtures that lives longer than a test (pytest's own,
    such as tmp_path_factory, cost nothing to make twice)."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return True
    for fixtures in definitions.name2fixturedefs.values():
        for fixture in fixtures:
            code = getattr(fixture.func, "__code__", None)
            if (
                code is not None
                and _ours(code.co_filename)
                and str(getattr(fixture.scope, "value", fixture.scope)) != "function"
            ):
                return True
    return False


@cache
def _ours(filename: str) -> bool:
    path = Path(filename)
    return path.resolve().is_relative_to(_ROOT) and ".venv" not in path.parts


def _start_order(item) -> int:
    groups = {str(mark.args[0]) for mark in item.iter_markers("xdist_group")}
    groups |= {group.split("::", 1)[0] for group in groups}  # a file's tests split per function keep its rank
    listed = [index for index, group in enumerate(_COSTLIEST_FIRST) if group in groups]
    if listed:
        return min(listed)
    return len(_COSTLIEST_FIRST) + (0 if any(item.get_closest_marker(mark) for mark in _HEAVY) else 1)


def _name_groups(config, items):
    # What xdist's worker should do for loadgroup (its scheduler reads a test's group from "nodeid@group"):
    # under pytest 9.2 xdist 3.8 sets item._nodeid, which pytest 9 no longer reads, so a group's tests land on
    # both workers. Done here, until an xdist release does it for pytest 9.
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        return
    for item in items:
        if "@" not in item.nodeid.rsplit("]", 1)[-1]:
            names = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
            grouped = f"{item.nodeid}@{'_'.join(names)}"
            if hasattr(item, "_id"):  # pytest 9 keeps the node id as a NodeId (xdist 3.8 still sets _nodeid)
                from _pytest.nodeid import NodeId

                item._id = NodeId.parse(grouped)
            else:
                item._nodeid = grouped


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    path = item.config.getoption("cpu_report")
    cpu, wall = _cpu_seconds(), time.perf_counter()
    yield
    if path:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
        record = {
            "test": item.nodeid.split("@", 1)[0],
            "file": item.nodeid.split("::", 1)[0],
            "group": "_".join(groups),
            "cpu": round(_cpu_seconds() - cpu, 3),
            "wall": round(time.perf_counter() - wall, 3),
            "worker": getattr(item.config, "workerinput", {}).get("workerid", "main"),
        }
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def pytest_terminal_summary(terminalreporter, config):
    path = config.getoption("cpu_report")
    if not path or hasattr(config, "workerinput") or not Path(path).exists():
        return
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    total_cpu = sum(record["cpu"] for record in records) or 1.0
    for key in ("file", "group"):
        cpu, wall, count = defaultdict(float), defaultdict(float), defaultdict(int)
        for record in records:
            cpu[record[key]] += record["cpu"]
            wall[record[key]] += record["wall"]
            count[record[key]] += 1
        terminalreporter.write_sep("-", f"CPU seconds per {key} (from {path})")
        terminalreporter.write_line(f"{'cpu s':>8} {'share':>6} {'wall s':>8} {'tests':>6}  {key}")
        for name in sorted(cpu, key=cpu.get, reverse=True):
            terminalreporter.write_line(
                f"{cpu[name]:8.1f} {cpu[name] / total_cpu:6.1%} {wall[name]:8.1f} {count[name]:6d}  {name}"
            )
    workers = defaultdict(float)
    for record in records:
        workers[record["worker"]] += record["wall"]
    terminalreporter.write_line(
        f"total {total_cpu:.1f} CPU s in {len(records)} tests; busy wall per worker: "
        + ", ".join(f"{worker} {seconds:.0f} s" for worker, seconds in sorted(workers.items()))
    )
