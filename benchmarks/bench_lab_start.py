"""How long a fresh clone's ``make lab`` takes until JupyterLab serves notebook 01, against the same
server started again in the environment it made (the baseline, measured in the same run).

    python benchmarks/bench_lab_start.py [--runs 3] [--command "make lab"] [--strict]

Each run clones the work tree's repository (what is committed: what a learner gets) into a fresh
folder and starts ``make lab`` there, with the port and token in the environment (Jupyter Server reads
JUPYTER_PORT and JUPYTER_TOKEN), no browser, and private Jupyter config / data / runtime folders. The
clock runs from the command's start until the contents API serves notebook 01 with its cells and
JupyterLab's page for it (``/lab/tree/01_...ipynb``) answers 200. CPU seconds are those of the whole
process group up to that moment (``/proc``: each process's own time plus that of the children it has
reaped). The server is then stopped with SIGTERM and started again from the clone's .venv
(``.venv/bin/jupyter lab``): the baseline, what every later ``make lab`` costs.

What it assumes: uv's cache already holds the learner's packages (run it once to fill it; a learner's
first ever install downloads them), and the Python that ``make`` finds exists. Goal: the fresh clone
serves notebook 01 within 15 s (wall, median) of the command.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/01_one_neuron_by_hand.ipynb"
# `jupyter lab FILE` serves FILE's folder (notebooks/) and opens FILE: its path on the server is its name.
SERVED = Path(NOTEBOOK).name
GOAL_SECONDS = 15.0
TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _group_cpu(pgid: int) -> float:
    """User + system seconds of every live process in the group, with the children each has reaped."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the ")": state ppid pgrp session ... utime(12) stime(13) cutime(14) cstime(15)
        if int(fields[2]) == pgid:
            total += sum(int(value) for value in fields[11:15])
    return total / TICKS


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            answer.read()
            return answer.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def serve(command: list[str], cwd: Path, scratch: Path, timeout: float = 120.0) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from starting ``command`` in ``cwd`` until notebook 01 is served."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(JUPYTER_PORT=str(port), JUPYTER_TOKEN=token, BROWSER="true")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR"):
        env[name] = str(scratch / name.lower())
    base = f"http://127.0.0.1:{port}"
    log = (scratch / "server.log").open("ab")
    begin = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        while _get(f"{base}/api/contents/{SERVED}?content=0&token={token}") != 200:
            if process.poll() is not None:
                raise RuntimeError(f"{shlex.join(command)} exited with {process.returncode}: see {log.name}")
            if time.perf_counter() - begin > timeout:
                raise RuntimeError(f"notebook 01 not served within {timeout} s: see {log.name}")
            time.sleep(0.05)
        with urllib.request.urlopen(f"{base}/api/contents/{SERVED}?content=1&token={token}", timeout=10) as answer:
            cells = json.loads(answer.read())["content"]["cells"]
        assert _get(f"{base}/lab/tree/{SERVED}?token={token}") == 200, "JupyterLab's page for notebook 01"
        wall = time.perf_counter() - begin
        cpu = _group_cpu(process.pid)
        assert cells, "notebook 01 came back without cells"
        return wall, cpu
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def environment_megabytes(venv: Path) -> float:
    """The environment's size on disk (du -sk), in MB."""
    kilobytes = subprocess.run(["du", "-sk", str(venv)], capture_output=True, text=True, check=True).stdout
    return int(kilobytes.split()[0]) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command", default="make lab", help="the set-up command, run in the fresh clone")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    args = parser.parse_args(argv)
    fresh, again, sizes = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="lab-start-") as where:
            where = Path(where)
            clone = where / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            fresh.append(serve(shlex.split(args.command), clone, where))
            sizes.append(environment_megabytes(clone / ".venv"))
            root = ["--allow-root"] if os.geteuid() == 0 else []
            lab = [str(clone / ".venv" / "bin" / "jupyter"), "lab", *root, NOTEBOOK]
            again.append(serve(lab, clone, where))
    print(f"Lab start benchmark: {args.runs} fresh clones, median (min-max)")
    print(f"{'measure':<52} {'wall s':>18} {'CPU s':>18}")

    def row(label, pairs):
        walls, cpus = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
        cells = [f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})" for v in (walls, cpus)]
        print(f"{label:<52} {cells[0]:>18} {cells[1]:>18}")
        return statistics.median(walls)

    first = row(f"fresh clone: {args.command}, until notebook 01 is served", fresh)
    baseline = row("the same .venv: jupyter lab again (the baseline)", again)
    size = statistics.median(sizes)
    met = first <= GOAL_SECONDS
    print(f"environment: {size:.0f} MB; fresh / again: {first / baseline:.2f}x (wall)")
    print(f"goal: fresh clone within {GOAL_SECONDS:.0f} s: {'PASS' if met else 'FAIL'}")
    return 1 if (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
