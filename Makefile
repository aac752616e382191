# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make lab    create .venv, install, open the series in JupyterLab
#   make test   create .venv, install, run the whole test suite
#   make site   the executed series as a static site in site/ (needs node 20+ and npm)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install lab test notebooks bench lint site

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

install: $(STAMP)

# JupyterLab refuses to start as root unless told to; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/01_one_neuron_by_hand.ipynb

test: $(STAMP)
	$(PY) -m pytest

# Re-execute every notebook top to bottom in a fresh kernel and save its outputs.
notebooks: $(STAMP)
	$(PY) scripts/execute_notebooks.py

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The committed notebooks as they are (nothing re-executed) in site/; npm ci fetches the widget
# renderer and RequireJS pinned in site-tools/package-lock.json the first time.
site: $(STAMP)
	$(PY) scripts/build_site.py
