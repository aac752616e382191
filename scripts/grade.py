"""Grade a folder of submissions with the otter-grader autograder (docs/grading.md).

``python scripts/grade.py SUBMISSIONS [--autograder release/autograder] [--out grades]``: every ``*.ipynb``
in SUBMISSIONS is graded by ``otter run`` (no Docker) in its own process, with a time limit per cell
(the autograder's plugin) and per submission, two at a time. A submission whose kernel died (or that
outlived its limit) is executed once more with nbclient to find the cell that did it; that cell is
replaced by a ``raise`` saying so and the notebook is graded again, so what it did not prevent still
earns its credit. Writes ``grades.csv`` (one row per submission: a column per exercise and question
with its points, and the total) and ``feedback/<submission>.txt`` (each item's points and diagnosis).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
KILLED = (
    "raise RuntimeError('When graded, this cell {what}; it was replaced by this line so the rest of the "
    "notebook could be graded')"
)


def notebook_number(path: Path) -> str:
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


def _otter_child(submission: str, zip_path: str, output_dir: str, plugin_dir: str) -> None:
    """One submission's own process (forked from a server that has imported otter once)."""
    os.setsid()  # its own process group: a timeout kills it with the kernel it started
    sys.path.insert(0, plugin_dir)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    from otter.run import main as otter_run

    otter_run(submission, autograder=zip_path, output_dir=output_dir, no_logo=True)


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        import multiprocessing

        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["otter.run", "otter.execute", "nbformat", "nbconvert.preprocessors"])
    return _CONTEXT


def _otter(submission: Path, zip_path: Path, plugin_dir: Path, timeout: float) -> dict | None:
    """otter run's results.json, or None when the run died or outlived ``timeout``. Each run is its own
    process, forked from a server that imported otter once (otter's imports cost seconds)."""
    with tempfile.TemporaryDirectory(prefix="nnfs-grade-") as scratch:
        scratch = Path(scratch)
        target = scratch / "in" / "submission.ipynb"
        target.parent.mkdir()
        shutil.copy(submission, target)
        process = _context().Process(
            target=_otter_child, args=(str(target), str(zip_path.resolve()), str(scratch), str(plugin_dir.resolve()))
        )
        process.start()
        process.join(timeout)
        if process.is_alive():
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.join()
            return None
        try:  # a kernel the run left behind
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        results = scratch / "results.json"
        if not results.exists():
            return None
        data = json.loads(results.read_text())
        scored = [test for test in data.get("tests", []) if "max_score" in test]
        return data if scored else None


def _find_killer(submission: Path, zip_path: Path, cell_seconds: float, workdir: Path):
    """Execute the notebook with nbclient beside a fresh student copy of the package; the index of
    the code cell that killed the kernel or ran past ``cell_seconds``, and what it did, or None."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    with zipfile.ZipFile(zip_path) as archive:
        for member in archive.namelist():
            if member.startswith("files/nnfs_helpers/"):
                archive.extract(member, workdir)
    package = workdir / "files" / "nnfs_helpers"
    run_dir = workdir / "run"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir()
    shutil.copytree(package, run_dir / "nnfs_helpers")
    nb = nbformat.read(submission, as_version=4)
    started = {"index": None}

    def on_cell_execute(cell, cell_index, **_):
        started["index"] = cell_index

    client = NotebookClient(
        nb, timeout=cell_seconds, allow_errors=True, kernel_name="python3",
        resources={"metadata": {"path": str(run_dir)}}, on_cell_execute=on_cell_execute,
    )  # fmt: skip
    try:
        client.execute()
    except DeadKernelError:
        return started["index"], "stopped the Python process (the kernel died)"
    except CellTimeoutError:
        return started["index"], f"ran for more than {cell_seconds:g} s and did not stop when interrupted"
    except Exception:
        return None
    return None


def grade_one(submission: Path, zip_path: Path, plugin_dir: Path, timeout: float, cell_seconds: float) -> dict:
    """{'results': otter's results or None, 'notes': what the pre-pass replaced}."""
    notes: list[str] = []
    results = _otter(submission, zip_path, plugin_dir, timeout)
    if results is not None:
        return {"results": results, "notes": notes}
    with tempfile.TemporaryDirectory(prefix="nnfs-prepass-") as scratch:
        scratch = Path(scratch)
        patched = scratch / "submission.ipynb"
        shutil.copy(submission, patched)
        for _attempt in range(5):
            found = _find_killer(patched, zip_path, cell_seconds, scratch)
            if found is None:
                break
            index, what = found
            nb = nbformat.read(patched, as_version=4)
            number = sum(1 for cell in nb.cells[: index + 1] if cell.cell_type == "code")
            nb.cells[index].source = KILLED.format(what=what)
            nbformat.write(nb, patched)
            notes.append(f"code cell {number} {what}: it was not graded, the rest of the notebook was")
        results = _otter(patched, zip_path, plugin_dir, timeout)
    return {"results": results, "notes": notes}


def _diagnosis(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("AssertionError:"):
            return line[len("AssertionError:") :].strip()
    failed = [line for line in lines if "Error" in line]
    return failed[-1] if failed else (lines[-1] if lines else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--autograder", type=Path, default=ROOT / "release" / "autograder")
    parser.add_argument("--out", type=Path, default=ROOT / "grades")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission")
    parser.add_argument("--cell-timeout", type=float, default=30, help="seconds per cell in the pre-pass")
    args = parser.parse_args(argv)
    submissions = sorted(args.submissions.glob("*.ipynb"))
    if not submissions:
        print(f"no .ipynb files in {args.submissions}", file=sys.stderr)
        return 1
    plugin_dir = args.autograder / "plugin"
    manifests: dict[str, dict] = {}
    jobs = []
    for path in submissions:
        number = notebook_number(path)
        zip_path = args.autograder / f"{number}-autograder.zip"
        if not zip_path.exists():
            print(f"{path.name}: no autograder {zip_path} (run make release)", file=sys.stderr)
            return 1
        if number not in manifests:
            with zipfile.ZipFile(zip_path) as archive:
                manifests[number] = json.loads(archive.read("nnfs_manifest.json"))
        jobs.append((path, number, zip_path))
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        graded = list(
            pool.map(lambda job: grade_one(job[0], job[2], plugin_dir, args.timeout, args.cell_timeout), jobs)
        )
    items = [item for number in sorted(manifests) for item in manifests[number]["items"]]
    columns = list(dict.fromkeys(item["id"] for item in items))
    feedback_dir = args.out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for (path, number, _), outcome in zip(jobs, graded, strict=True):
        tests = {test["name"]: test for test in (outcome["results"] or {}).get("tests", []) if "max_score" in test}
        row = {"submission": path.stem}
        lines = [f"Feedback for {path.name} (notebook {number})", ""]
        lines += [f"Note: {note}" for note in outcome["notes"]]
        if outcome["results"] is None:
            lines.append("This notebook could not be graded: it stopped the grader every time it ran.")
        total = 0.0
        for item in manifests[number]["items"]:
            test = tests.get(item["test"])
            score = float(test["score"]) if test else 0.0
            total += score
            row[item["id"]] = f"{score:g}"
            said = "full marks" if test and score >= item["points"] else _diagnosis(test["output"]) if test else ""
            lines.append(f"{item['id']}: {score:g} / {item['points']}" + (f"  {said}" if said else ""))
        row["total"] = f"{total:g}"
        possible = sum(item["points"] for item in manifests[number]["items"])
        lines += ["", f"Total: {total:g} / {possible}"]
        (feedback_dir / f"{path.stem}.txt").write_text("\n".join(lines) + "\n")
        rows.append(row)
    with open(args.out / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["submission", *columns, "total"], restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} submissions graded: {args.out / 'grades.csv'}, feedback in {feedback_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
