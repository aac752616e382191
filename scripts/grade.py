"""Grade a folder of submissions with the otter-grader autograders of the release (docs/grading.md).

``python scripts/grade.py SUBMISSIONS [--autograder release/autograder] [--out grades]``: every ``*.ipynb`` in
SUBMISSIONS is graded in a process of its own, two at a time, with the autograder zip of its notebook: the
zip's plugin (a time limit per cell, the grader's own copy of the package loaded first), the zip's student
copy of the package beside the notebook, the zip's tests run with otter's test runner and scored with
otter's results (``results.json``, as on Gradescope). Writes ``grades.csv`` (one row per submission: a
column per exercise and question with its points, and the total) and ``feedback/<submission>.txt`` (each
item's points and diagnosis in words).

Each submission's process is forked from this one, which has imported numpy, IPython, otter and the grader
once (``--engine fork``, the default), and runs the notebook's cells in an IPython shell of its own rather
than in a Jupyter kernel it would have to start and fill with the same imports. This process watches which
cell the child is running: a cell that kills the child (``os._exit``, a segfault) or outlives its limit
(the child is killed, with everything it started) is replaced by a ``raise`` saying so and the submission is
run again, so what that cell did not prevent keeps its credit. ``--engine otter`` grades each submission
with ``otter run`` itself (a Jupyter kernel per submission; slower, the same grades).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import select
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = (
    "raise RuntimeError('When graded, this cell {what}; it was replaced by this line so the rest of the "
    "notebook could be graded')"
)
# A run is repeated at most this many times, each with one more cell replaced.
MAX_RUNS = 6
# Seconds a child may spend outside any cell or test (writing its files, reading the notebook) and, beyond a
# cell's own limit, before its cell is declared stuck: the cell's alarm should have stopped it by then.
SETUP_SECONDS = 60
GRACE_SECONDS = 5
# autograde.py gives each check 20 s (a question's 60 s); a test still running after this is stuck.
TEST_SECONDS = 90
DEFAULT_PYCACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "nnfs-helpers" / "pycache"


def pycache_dir(value: str | None = None) -> Path | None:
    """The grader's bytecode cache: ``value``, else $NNFS_PYCACHE, else ~/.cache/nnfs-helpers/pycache; '' for none."""
    if value is None:
        value = os.environ.get("NNFS_PYCACHE", str(DEFAULT_PYCACHE))
    return Path(value) if value else None


def prepare_interpreter(pycache: Path | None) -> Path | None:
    """What this process does before its heavy imports; returns the bytecode cache it uses, if any.

    - jsonschema (imported by nbformat) builds an Earley parser for IRIs at import when ``rfc3987_syntax`` is
      installed (about 3 s of CPU, every process); nbformat's schema checks no IRI, so the grader skips it.
    - Where the environment holds no bytecode (a venv made without compiling it) and PYTHONDONTWRITEBYTECODE
      is set, every process would compile otter, IPython and numpy from source. With ``pycache``, such a
      process caches its bytecode there instead (``sys.pycache_prefix``): compiled once per machine, nothing
      written into the environment or the repository. An environment with its own bytecode is used as it is.
    """
    sys.modules.setdefault("rfc3987_syntax", None)
    if not pycache or sys.pycache_prefix or _environment_has_bytecode():
        return None
    sys.pycache_prefix = str(pycache)
    sys.dont_write_bytecode = False
    return pycache


def _environment_has_bytecode() -> bool:
    import importlib.util

    spec = importlib.util.find_spec("otter")
    if spec is None or not spec.origin:
        return False
    return Path(importlib.util.cache_from_source(spec.origin)).exists()


def notebook_number(path: Path) -> str:
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
        number = nb.metadata.get("nnfs_release", {}).get("notebook")
        if number:
            return str(number)
    except Exception:
        pass
    match = re.match(r"(\d\d)", path.name)
    if not match:
        raise ValueError(f"{path.name}: cannot tell which notebook this is (no nnfs_release metadata, no NN_ prefix)")
    return match[1]


# -- the fork engine -------------------------------------------------------------------------------------


def preload() -> None:
    """Import once, before any fork, what every submission's process needs."""
    os.environ["MPLBACKEND"] = "Agg"  # as the plugin sets it: figures are drawn, never rendered
    # Two submissions run at once on two cores: each child's numpy uses one thread.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import nbformat  # noqa: F401
    import numpy  # noqa: F401
    import otter.nbmeta_config  # noqa: F401
    import otter.plugins  # noqa: F401
    import otter.run.run_autograder.autograder_config  # noqa: F401
    import otter.test_files  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    try:
        import ipywidgets  # noqa: F401  (the package's explorers import it)
    except ImportError:
        pass
    config = Config()
    config.HistoryManager.enabled = False  # no sqlite file, no saving thread in a process that forks
    shell = InteractiveShell.instance(config=config)
    shell.magics_manager.load_all_lazy_magics()  # what a notebook's first %config would load in every child


def _pyc(source: bytes, filename: str) -> bytes:
    """A checked hash-based .pyc of ``source`` (validated against the source's hash when imported)."""
    import importlib.util
    from importlib._bootstrap_external import _code_to_hash_pyc

    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=True))


@dataclass
class Autograder:
    """One notebook's autograder zip, read once into memory: its config, tests, plugin and files. Children
    write their own copies from this, never from a folder another submission could have written to."""

    number: str
    zip_path: Path
    config: dict
    manifest: dict
    tests: dict[str, bytes]
    plugin: bytes
    files: dict[str, bytes]  # files/... (the student package with its bytecode), _nnfs_grader left out
    grader: dict[str, bytes]  # files/_nnfs_grader/...

    @classmethod
    def read(cls, number: str, zip_path: Path) -> Autograder:
        with zipfile.ZipFile(zip_path) as archive:
            members = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
        tests = {name[len("tests/") :]: data for name, data in members.items() if name.startswith("tests/")}
        files, grader = {}, {}
        for name, data in members.items():
            if name.startswith("files/_nnfs_grader/"):
                grader[name[len("files/") :]] = data
            elif name.startswith("files/"):
                files[name[len("files/") :]] = data
        tag = sys.implementation.cache_tag
        for name, data in list(files.items()):
            if name.endswith(".py") and "__pycache__" not in name:
                folder, base = os.path.split(name)
                try:
                    files[f"{folder}/__pycache__/{base[:-3]}.{tag}.pyc"] = _pyc(data, name)
                except SyntaxError:
                    pass
        return cls(
            number=number,
            zip_path=zip_path,
            config=json.loads(members["otter_config.json"]),
            manifest=json.loads(members["nnfs_manifest.json"]),
            tests=tests,
            plugin=members["nnfs_otter_plugin.py"],
            files=files,
            grader=grader,
        )

    def load_grader(self, scratch: Path) -> None:
        """Import this zip's grader copy under ``_nnfs_grader`` (and the plugin), every module of it, so
        children inherit it and never read a file of it again."""
        import importlib
        import importlib.util

        for name in [name for name in sys.modules if name == "_nnfs_grader" or name.startswith("_nnfs_grader.")]:
            del sys.modules[name]
        for name, data in self.grader.items():
            path = scratch / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        root = scratch / "_nnfs_grader" / "nnfs_helpers"
        spec = importlib.util.spec_from_file_location(
            "_nnfs_grader", root / "__init__.py", submodule_search_locations=[str(root)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["_nnfs_grader"] = module
        spec.loader.exec_module(module)
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts:
                importlib.import_module(".".join(("_nnfs_grader", *parts)))
        plugin = scratch / "nnfs_otter_plugin.py"
        plugin.write_bytes(self.plugin)
        spec = importlib.util.spec_from_file_location("nnfs_otter_plugin", plugin)
        module = importlib.util.module_from_spec(spec)
        sys.modules["nnfs_otter_plugin"] = module
        spec.loader.exec_module(module)


@dataclass
class Job:
    path: Path
    number: str
    replaced: dict[int, str] = field(default_factory=dict)  # cell index -> what it did
    skipped: dict[str, str] = field(default_factory=dict)  # test name -> what it did
    runs: int = 0
    trace: list[dict] = field(default_factory=list)  # per run: its pid, CPU seconds, when each cell and test began
    results: dict | None = None
    notes: list[str] = field(default_factory=list)


def _child(job: Job, grader: Autograder, scratch: Path, status: int) -> None:
    """One submission's own process: write its folder, run its cells, run the tests, report. Never returns."""

    def say(line: str, stamped: bool = True) -> None:
        # A status line carries the child's own clock (CLOCK_MONOTONIC, shared with the parent), so the trace
        # says when a cell began, not when a busy parent got round to reading it.
        if stamped:
            line = f"{time.monotonic():.3f} {line}"
        data = (line.replace("\n", " ") + "\n").encode()
        while data:
            data = data[os.write(status, data) :]

    try:
        os.setsid()  # its own process group: killing it kills whatever it started
        for name, data in grader.files.items():
            path = scratch / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (scratch / "tests").mkdir()
        for name, data in grader.tests.items():
            (scratch / "tests" / name).write_bytes(data)
        submission = scratch / job.path.name
        shutil.copyfile(job.path, submission)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.chdir(scratch)
        sys.path.insert(0, str(scratch))
        sys.pycache_prefix = None  # the student package's bytecode sits beside it
        sys.dont_write_bytecode = True
        for name in [name for name in sys.modules if name == "nnfs_helpers" or name.startswith("nnfs_helpers.")]:
            del sys.modules[name]

        import nbformat
        from IPython.core.interactiveshell import InteractiveShell
        from otter.plugins import PluginCollection
        from otter.run.run_autograder.autograder_config import AutograderConfig
        from otter.test_files import GradingResults
        from otter.test_files.abstract_test import TestCaseResult

        nb = nbformat.read(submission, as_version=4)
        for index, cell in enumerate(nb.cells):
            cell.metadata["nnfs_grade_index"] = index
            if index in job.replaced:
                cell.source = KILLED.format(what=job.replaced[index])
        config = grader.config
        plugins = PluginCollection(config.get("plugins", []), str(submission), {})
        nb = plugins.before_execution(nb)
        shell = InteractiveShell.instance()
        # Nothing reads the child's output: a cell's error is not formatted (IPython's coloured traceback
        # costs about a second of CPU each).
        shell.showtraceback = shell.showsyntaxerror = lambda *args, **kwargs: None
        shell._format_exception_for_storage = lambda error, *args, **kwargs: {
            "ename": type(error).__name__, "evalue": str(error), "traceback": [],
        }  # fmt: skip
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if cell.cell_type != "code" or "otter_ignore" in tags:
                continue
            say(f"cell {cell.metadata.get('nnfs_grade_index', -1)}")
            shell.run_cell(cell.source, store_history=True)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        say("tests")
        os.chdir(scratch)  # wherever the notebook went
        env = shell.user_ns
        test_files = []
        for name in sorted(grader.tests):
            if not name.endswith(".py"):
                continue
            stem = name[:-3]
            test = _test_file(f"./tests/{name}", grader.tests[name])
            if stem in job.skipped:
                test.test_case_results = [
                    TestCaseResult(test_case=case, message=f"❌ Test case failed\n{job.skipped[stem]}", passed=False)
                    for case in test.test_cases
                ]
            else:
                say(f"test {stem}")
                try:
                    test.run(env)
                except BaseException as error:  # otter's runner catches Exception only
                    done = len(test.test_case_results or [])
                    test.test_case_results = (
                        list(test.test_case_results or [])
                        + [
                            TestCaseResult(
                                test_case=case,
                                passed=False,
                                message=f"❌ Test case failed\n{type(error).__name__}: {error}",
                            )  # fmt: skip
                            for case in test.test_cases[done:]
                        ]
                    )
            test_files.append(test)
        output = GradingResults(test_files).to_gradescope_dict(AutograderConfig(config))
        say("result " + json.dumps(output), stamped=False)
        os._exit(0)
    except BaseException as error:  # the grader's own failure: reported, never a traceback into the parent
        try:
            say(f"error {type(error).__name__}: {error}", stamped=False)
        finally:
            os._exit(3)


def _test_file(path: str, source: bytes):
    """otter's test file from the zip's bytes in memory, never from ./tests, which the notebook could rewrite.
    An exception-based test (this release's) is built from its source; another kind is written and read back."""
    from otter.nbmeta_config import NBMetadataConfig
    from otter.test_files import create_test_file
    from otter.test_files.exception_test import ExceptionTestFile

    env: dict = {}
    exec(compile(source, path, "exec"), env)
    if env.get("OK_FORMAT") is False:
        return ExceptionTestFile.from_string(source.decode(), path=path)
    Path(path).parent.mkdir(exist_ok=True)
    Path(path).write_bytes(source)
    return create_test_file(path, NBMetadataConfig())


@dataclass
class _Run:
    job: Job
    pid: int
    fd: int
    scratch: Path
    started: float
    buffer: bytes = b""
    status: str = "setup"
    since: float = 0.0
    result: dict | None = None
    error: str | None = None
    exited: bool = False
    killed_for: str | None = None
    cpu: float = 0.0
    times: list = field(default_factory=list)


def _limit(run: _Run, cell_seconds: float) -> float:
    if run.status.startswith("cell "):
        return cell_seconds + GRACE_SECONDS
    if run.status.startswith("test "):
        return TEST_SECONDS
    return SETUP_SECONDS


def grade_fork(jobs: list[Job], graders: dict[str, Autograder], workers: int, timeout: float) -> None:
    """Grade every job, each run in a child forked from this process, ``workers`` at a time."""
    preload()
    root = Path(tempfile.mkdtemp(prefix="nnfs-grade-"))
    try:
        for number in sorted({job.number for job in jobs}):
            grader = graders[number]
            grader.load_grader(root / f"grader-{number}")
            group = [job for job in jobs if job.number == number]
            _schedule(group, grader, root, workers, timeout, cell_seconds(grader.config))
    finally:
        shutil.rmtree(root, ignore_errors=True)


PLUGIN = "nnfs_otter_plugin.CellTimeLimit"


def cell_seconds(config: dict) -> int:
    """The time limit per cell the autograder's plugin is configured with."""
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return int((plugin[PLUGIN] or {}).get("seconds", 30))
    return 30


def with_cell_seconds(config: dict, seconds: int) -> dict:
    """``config`` with the plugin's time limit per cell set to ``seconds``."""
    plugins = [
        {PLUGIN: {**(plugin[PLUGIN] or {}), "seconds": seconds}} if isinstance(plugin, dict) and PLUGIN in plugin
        else plugin
        for plugin in config.get("plugins", [])
    ]  # fmt: skip
    return {**config, "plugins": plugins}


def _schedule(jobs: list[Job], grader: Autograder, root: Path, workers: int, timeout: float, limit: float):
    pending = deque(jobs)
    running: dict[int, _Run] = {}
    count = 0
    while pending or running:
        while pending and len(running) < workers:
            job = pending.popleft()
            job.runs += 1
            count += 1
            scratch = root / f"run-{count}"
            scratch.mkdir()
            read, write = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(job, grader, scratch, write)
            os.close(write)
            os.set_blocking(read, False)
            now = time.monotonic()
            running[pid] = _Run(job=job, pid=pid, fd=read, scratch=scratch, started=now, since=now)
        readable, _, _ = select.select([run.fd for run in running.values()], [], [], 0.2)
        now = time.monotonic()
        for run in list(running.values()):
            if run.fd in readable:
                _read(run, now)
            if not run.exited:
                pid, _, usage = os.wait4(run.pid, os.WNOHANG)
                if pid:
                    run.exited, run.cpu = True, usage.ru_utime + usage.ru_stime
            if not run.exited and (now - run.since > _limit(run, limit) or now - run.started > timeout):
                run.killed_for = run.status
                _kill(run.pid)
                _, _, usage = os.wait4(run.pid, 0)
                run.exited, run.cpu = True, usage.ru_utime + usage.ru_stime
            if run.exited:
                _kill(run.pid)  # whatever it left behind in its process group
                _read(run, now)
                os.close(run.fd)
                del running[run.pid]
                shutil.rmtree(run.scratch, ignore_errors=True)
                again = _finish(run, limit)
                if again:
                    pending.appendleft(run.job)


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read(run: _Run, now: float) -> None:
    while True:
        try:
            data = os.read(run.fd, 1 << 16)
        except BlockingIOError:
            break
        if not data:
            break
        run.buffer += data
    *lines, run.buffer = run.buffer.split(b"\n")
    for line in lines:
        text = line.decode(errors="replace")
        if text.startswith("result "):
            run.result = json.loads(text[len("result ") :])
        elif text.startswith("error "):
            run.error = text[len("error ") :]
        else:
            stamp, _, rest = text.partition(" ")
            try:
                began, text = float(stamp), rest
            except ValueError:  # not the child's own line (a cell can write to any descriptor it inherits)
                began = now
            run.status, run.since = text, now
            run.times.append((text, round(began - run.started, 3)))


def _finish(run: _Run, limit: float) -> bool:
    """Record the run's outcome; True to run the submission again with the culprit replaced."""
    job = run.job
    wall = time.monotonic() - run.started
    job.trace.append(
        {"pid": run.pid, "cpu": round(run.cpu, 3), "wall": round(wall, 3), "began": run.times, "last": run.status,
         "killed": run.killed_for is not None}
    )  # fmt: skip
    if run.result is not None:
        job.results = run.result
        return False
    if run.killed_for is not None:
        what = f"ran for more than {limit:g} s and could not be stopped"
    else:
        what = "stopped the Python process (the kernel died)"
    if run.status.startswith("cell ") and job.runs < MAX_RUNS:
        index = int(run.status.split()[1])
        if index >= 0 and index not in job.replaced:
            import nbformat

            nb = nbformat.read(job.path, as_version=4)
            number = sum(1 for cell in nb.cells[: index + 1] if cell.cell_type == "code")
            job.replaced[index] = what
            job.notes.append(f"code cell {number} {what}: it was not graded, the rest of the notebook was")
            return True
    if run.status.startswith("test ") and job.runs < MAX_RUNS:
        test = run.status.split()[1]
        if test not in job.skipped:
            job.skipped[test] = f"its check {what.replace('the kernel died', 'the grader process died')}"
            job.notes.append(f"the test {test} {job.skipped[test]}")
            return True
    if run.error:
        job.notes.append(f"the grader failed on this notebook: {run.error}")
    return False


# -- the otter engine --------------------------------------------------------------------------------------


def grade_otter(jobs: list[Job], graders: dict[str, Autograder], plugin_dir: Path, timeout: float,
                pycache: Path | None) -> None:  # fmt: skip
    """``otter run`` per submission (a Jupyter kernel each), one after another. With ``pycache``, otter and
    its kernel read and write their bytecode there, as this process does."""
    import subprocess

    base = dict(os.environ)
    if pycache:
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(pycache)
    otter = Path(sys.executable).with_name("otter")
    for job in jobs:
        with tempfile.TemporaryDirectory(prefix="nnfs-otter-") as scratch:
            scratch = Path(scratch)
            target = scratch / "in" / job.path.name
            target.parent.mkdir()
            shutil.copy(job.path, target)
            path = [str(plugin_dir.resolve()), base.get("PYTHONPATH", "")]
            env = {**base, "PYTHONPATH": os.pathsep.join(path)}
            process = subprocess.Popen(
                [str(otter), "run", "-a", str(graders[job.number].zip_path.resolve()), "-o", str(scratch),
                 "--no-logo", str(target)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
            )  # fmt: skip
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                job.notes.append(f"otter run did not finish within {timeout:g} s")
            _kill(process.pid)
            process.wait()
            results = scratch / "results.json"
            if results.exists():
                data = json.loads(results.read_text())
                if any("max_score" in test for test in data.get("tests", [])):
                    job.results = data


# -- grades.csv and feedback ---------------------------------------------------------------------------------


def _diagnosis(output: str, id: str) -> str:
    """The check's message in otter's output for a failed test (all its lines), without the id it starts with."""
    lines = [line.strip() for line in output.splitlines()]
    for start in range(len(lines) - 1, -1, -1):
        if lines[start].startswith("AssertionError:"):
            message = [lines[start][len("AssertionError:") :].strip()]
            for line in lines[start + 1 :]:
                if line.startswith(("✅", "❌")) or line.endswith("results:"):
                    break
                if line:
                    message.append(line)
            text = "\n".join(message)
            return text[len(id) + 2 :] if text.startswith(f"{id}: ") else text
    failed = [line for line in lines if "Error" in line]
    return failed[-1] if failed else next((line for line in reversed(lines) if line), "")


def write_grades(jobs: list[Job], graders: dict[str, Autograder], out: Path) -> Path:
    items = [item for number in sorted(graders) for item in graders[number].manifest["items"]]
    columns = list(dict.fromkeys(item["id"] for item in items))
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for job in jobs:
        manifest = graders[job.number].manifest
        tests = {test["name"]: test for test in (job.results or {}).get("tests", []) if "max_score" in test}
        row = {"submission": job.path.stem}
        lines = [f"Feedback for {job.path.name} (notebook {job.number})", ""]
        lines += [f"Note: {note}" for note in job.notes]
        if job.results is None:
            lines.append("This notebook could not be graded: it stopped the grader every time it ran.")
        total = 0.0
        for item in manifest["items"]:
            test = tests.get(item["test"])
            score = float(test["score"]) if test else 0.0
            total += score
            row[item["id"]] = f"{score:g}"
            if test and score >= item["points"]:
                lines.append(f"{item['id']}: {score:g} / {item['points']}  full marks")
            else:
                lines.append(f"{item['id']}: {score:g} / {item['points']}")
                said = _diagnosis(test["output"], item["id"]) if test else "not graded (see the note above)"
                lines += [f"    {line}" for line in said.splitlines()]
        row["total"] = f"{total:g}"
        possible = sum(item["points"] for item in manifest["items"])
        lines += ["", f"Total: {total:g} / {possible}"]
        (feedback_dir / f"{job.path.stem}.txt").write_text("\n".join(lines) + "\n")
        rows.append(row)
    with open(out / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["submission", *columns, "total"], restval="")
        writer.writeheader()
        writer.writerows(rows)
    return out / "grades.csv"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--autograder", type=Path, default=ROOT / "release" / "autograder")
    parser.add_argument("--out", type=Path, default=ROOT / "grades")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission")
    parser.add_argument("--cell-seconds", type=int, default=None,
                        help="time limit per cell (default: the autograder's, set by make release)")  # fmt: skip
    parser.add_argument("--engine", choices=("fork", "otter"), default="fork",
                        help="fork: a forked process per submission (default); otter: `otter run` each")  # fmt: skip
    parser.add_argument("--pycache", default=None,
                        help="where the grader caches its bytecode ('' for nowhere; default $NNFS_PYCACHE or "
                        "~/.cache/nnfs-helpers/pycache)")  # fmt: skip
    parser.add_argument("--trace", type=Path, help="write each run's CPU seconds and cell start times here (JSON)")
    args = parser.parse_args(argv)
    pycache = prepare_interpreter(pycache_dir(args.pycache))
    submissions = sorted(args.submissions.glob("*.ipynb"))
    if not submissions:
        print(f"no .ipynb files in {args.submissions}", file=sys.stderr)
        return 1
    graders: dict[str, Autograder] = {}
    jobs = []
    for path in submissions:
        number = notebook_number(path)
        zip_path = args.autograder / f"{number}-autograder.zip"
        if not zip_path.exists():
            print(f"{path.name}: no autograder {zip_path} (run make release)", file=sys.stderr)
            return 1
        if number not in graders:
            graders[number] = Autograder.read(number, zip_path)
            if args.cell_seconds is not None:
                graders[number].config = with_cell_seconds(graders[number].config, args.cell_seconds)
        jobs.append(Job(path=path, number=number))
    if args.engine == "fork":
        grade_fork(jobs, graders, args.workers, args.timeout)
    else:
        grade_otter(jobs, graders, args.autograder / "plugin", args.timeout, pycache)
    grades = write_grades(jobs, graders, args.out)
    if args.trace:
        args.trace.write_text(json.dumps({job.path.stem: job.trace for job in jobs}, indent=1))
    print(f"{len(jobs)} submissions graded: {grades}, feedback in {args.out / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
