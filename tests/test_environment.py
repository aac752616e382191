"""The set-up files agree with each other, so conda/Binder users and pip users get one stack."""

from __future__ import annotations

import json
import re
import tomllib

import yaml
from notebook_support import ROOT


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        match = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z0-9_.\-]+)==([^\s#]+)\s*(#.*)?", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_requirements_pin_every_package_exactly():
    lines = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines and len(_pins(lines)) == len(lines), "every requirement is pinned with =="


def test_environment_yml_names_the_same_pins_as_requirements():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = (ROOT / "environment.yml").read_text()
    assert _pins(environment.splitlines()) == requirements
    assert "-e ." in environment, "Binder must install nnfs_helpers too"


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert re.search(r"^\s*-\s*python=3\.1[1-9]\s*$", (ROOT / "environment.yml").read_text(), flags=re.M)


def test_package_dependencies_are_pinned_in_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    for dependency in project["dependencies"]:
        assert re.split(r"[<>=!~ ]", dependency)[0].lower() in requirements


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), flags=re.M)


def test_site_tools_pin_exact_npm_versions_and_the_lock_agrees():

    package = json.loads((ROOT / "site-tools" / "package.json").read_text())
    lock = json.loads((ROOT / "site-tools" / "package-lock.json").read_text())
    assert lock["packages"][""]["dependencies"] == package["dependencies"], "run `npm install` in site-tools/"
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is pinned loosely: {version!r}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_pre_commit_runs_the_ruff_that_requirements_pin():

    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "notebooks-executed"} <= set(hooks)
    for hook in hooks.values():
        assert _pins(hook.get("additional_dependencies", [])).items() <= requirements.items(), hook["id"]
    script = hooks["notebooks-executed"]["entry"].split()[-1]
    assert (ROOT / script).is_file(), f"the notebook hook runs {script}, which does not exist"
