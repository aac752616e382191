# Set-up on a fresh machine with Python 3.11+ (Windows, or no make: the README's commands):
#   make lab        create .venv, install the learner's set (requirements.txt), open notebook 01
#   make test       the same .venv plus the test tooling (requirements-dev.txt) and the project, then the suite
#   make test-fast  the unit tests only (tests/, no notebooks, no browser, no fresh environments): the edit loop
#   make site       the executed series as a static site in site/ (needs node 20+ and npm)
# Installs go through uv when there is one (on PATH, or a wheel pip fetches into .venv in seconds), else pip;
# the pins are the same either way. requirements-exclude.txt is left out of both (docs/site.md, "Install").
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
LEARNER_STAMP := $(VENV)/.installed-learner
DEV_STAMP := $(VENV)/.installed-dev
NOTEBOOK := notebooks/01_one_neuron_by_hand.ipynb

.PHONY: install install-dev lab test test-fast notebooks bench lint site environment

# install_into_venv ARGS,UV_FLAGS,PIP_FLAGS: uv on PATH, else the uv pip put into .venv, else pip (a uv-made
# .venv has no pip). What requirements-exclude.txt names is left out (uv) or uninstalled afterwards (pip).
define install_into_venv
	@uv="$$(command -v uv 2>/dev/null || { [ -x "$(VENV)/bin/uv" ] && echo "$(VENV)/bin/uv"; } || true)"; \
	if [ -n "$$uv" ]; then \
		echo "uv pip install $(1) $(2)"; \
		"$$uv" pip install --quiet --python "$(PY)" --excludes requirements-exclude.txt $(2) $(1); \
	else \
		echo "pip install $(1) $(3)"; \
		"$(PY)" -m pip --version >/dev/null 2>&1 || "$(PY)" -m ensurepip --upgrade >/dev/null; \
		"$(PY)" -m pip install --quiet $(3) $(1) && "$(PY)" -m pip uninstall --quiet -y -r requirements-exclude.txt; \
	fi
endef

$(PY):
	@command -v "$(PYTHON)" >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or newer (README, 'Set-up')"; exit 1; }
	@"$(PYTHON)" scripts/check_python.py
	@if command -v uv >/dev/null 2>&1; then \
		uv venv --quiet --python "$(PYTHON)" "$(VENV)"; \
	else \
		"$(PYTHON)" -m venv "$(VENV)" && \
		{ "$(PY)" -m pip install --quiet --disable-pip-version-check uv || echo "(no uv wheel: installing with pip)"; }; \
	fi

# The learner's set only: the notebooks import nnfs_helpers through the link notebooks/nnfs_helpers, so
# the project is not installed. No bytecode at install (compiling all of it costs ~20 s of CPU); the
# server and kernels write it for what they import on the first start (see `lab`).
$(LEARNER_STAMP): requirements.txt requirements-exclude.txt | $(PY)
	$(call install_into_venv,-r requirements.txt,,--no-compile)
	@touch $@

# The suite starts dozens of kernels and servers: bytecode compiled once at install (pip does it by
# default) saves each of them compiling numpy, matplotlib, ipykernel and Jupyter from source where
# PYTHONDONTWRITEBYTECODE is set (CI); the project itself is installed editable.
$(DEV_STAMP): requirements-dev.txt requirements.txt requirements-exclude.txt pyproject.toml | $(PY)
	$(call install_into_venv,-r requirements-dev.txt -e .,--compile-bytecode,)
	@touch $@ $(LEARNER_STAMP)

install: $(LEARNER_STAMP)
install-dev: $(DEV_STAMP)

# JupyterLab refuses to start as root unless told to; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Python's default, even where PYTHONDONTWRITEBYTECODE is set: the server and kernels write bytecode into
# .venv (and notebooks/nnfs_helpers' __pycache__, ignored by git) on the first start, so later starts
# do not compile numpy, matplotlib and Jupyter from source again.
lab: $(LEARNER_STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/jupyter lab $(ALLOW_ROOT) $(NOTEBOOK)

test: $(DEV_STAMP)
	$(PY) -m pytest

# Unit tests for the edit loop: no nbval, and nothing marked slow (browser, site, install and notebook
# tests are slow too; pyproject.toml registers the markers).
FAST := -p no:nbval -m "not slow"
test-fast: $(DEV_STAMP)
	$(PY) -m pytest -q $(FAST) tests/

# Re-execute every notebook top to bottom in a fresh kernel and save its outputs.
notebooks: $(DEV_STAMP)
	$(PY) scripts/execute_notebooks.py

bench: $(DEV_STAMP)
	$(PY) benchmarks/run_all.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The committed notebooks as they are (nothing re-executed) in site/; npm ci fetches the widget
# renderer and RequireJS pinned in site-tools/package-lock.json the first time. REPOSITORY (the
# repository's address, e.g. https://github.com/OWNER/REPO) makes each explorer's Binder link.
REPOSITORY ?=
site: $(DEV_STAMP)
	$(PY) scripts/build_site.py $(if $(REPOSITORY),--repository $(REPOSITORY))

# environment.yml and binder/requirements.txt from requirements.txt (tests/test_environment.py checks they are current).
environment:
	$(or $(wildcard $(PY)),$(PYTHON)) scripts/make_environment.py

# A teacher's release and grading (docs/grading.md; engineer G's targets). `make release` writes
# release/student/ (no solutions) and release/autograder/NN-autograder.zip (otter-grader: `otter run`
# or Gradescope); `make grade SUBMISSIONS=dir` writes grades/grades.csv and grades/feedback/.
SUBMISSIONS ?= submissions
GRADES ?= grades
.PHONY: release grade
release: $(DEV_STAMP)
	$(PY) scripts/release.py

grade: $(DEV_STAMP)
	$(PY) scripts/grade.py $(SUBMISSIONS) --out $(GRADES)
