# Self-documenting Makefile: `make help` lists every target with its `##` comment.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
# Everything, so every test runs and `make lab` installs nothing more. A plain user needs
# only `pip install -e .` (runtime); see the README.
EXTRAS ?= dev,dask,lab
STAMP := $(VENV)/.installed
DEMO := data/external/NewsArticles.csv
PYTEST_ARGS ?=
# Extra options for `news-analysis report`, e.g. REPORT_ARGS="--jobs 1" (default: two notebooks
# at a time).
REPORT_ARGS ?=
# The API reference: Sphinx source in docs/api/, HTML in docs/_build/api/. Offline (no
# intersphinx, theme assets bundled); every warning, a broken cross-reference included, fails.
DOCS_OUT := docs/_build
SPHINX_FLAGS := -b html -W --keep-going -q
# Extra options for `jupyter lab`, e.g. LAB_ARGS="--no-browser --port=8900".
LAB_ARGS ?=
# JupyterLab refuses to start as root (containers, CI machines) without --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# Kernels get CurveZMQ keys from the kernel manager: no "running over TCP without
# encryption" warning, and the notebook traffic on localhost is encrypted.
KERNEL_FLAGS := --KernelManager.transport_encryption=auto

.PHONY: help install data test lint format report explore lab lock clean bench bench-quick check-name docs

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@test -x $(BIN)/python || { $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "news-analysis needs Python 3.11 or newer; try: make PYTHON=python3.11 ...")' && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e '.[$(EXTRAS)]'
	@# Earlier versions installed a second, identical kernelspec; the venv's own python3 is the one.
	@k=$(VENV)/share/jupyter/kernels/news-analysis/kernel.json; \
	  if [ -f $$k ] && grep -q '"Python (news-analysis)"' $$k; then rm -r $$(dirname $$k); fi
	@touch $(STAMP)

install: $(STAMP) ## Create .venv (if absent) and install the pinned dependencies
	@echo "Environment ready: $(VENV) (activate with 'source $(BIN)/activate')"

$(DEMO): | $(STAMP)
	$(BIN)/news-analysis data fetch

data: $(STAMP) ## Fetch and verify the demo corpus into data/external/
	$(BIN)/news-analysis data fetch

# A local analysis.py (here or in notebooks/, where the kernels start) would be imported
# instead of the package; say so before anything runs. -P keeps this folder off sys.path.
check-name: $(STAMP)
	@$(BIN)/python -P -m analysis._optional . notebooks

test: $(STAMP) $(DEMO) check-name ## Run the test suite (lint first, then pytest)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## Check style with ruff (lint + format check)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix src tests benchmarks notebooks
	$(BIN)/ruff format src tests benchmarks notebooks

report: $(STAMP) $(DEMO) check-name ## Render every notebook into reports/ (demo corpus + sample article)
	$(BIN)/news-analysis report $(REPORT_ARGS)

explore: $(STAMP) $(DEMO) ## Serve the interactive explorer on the demo corpus (http://127.0.0.1:5006/)
	$(BIN)/news-analysis explore $(EXPLORE_ARGS)

bench: $(STAMP) $(DEMO) ## Run every benchmark on the demo corpus (minutes; medians of several runs)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-quick: $(STAMP) $(DEMO) ## Run every benchmark on small parameters (what CI runs)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done

docs: $(STAMP) ## Build the API reference into docs/_build/api/ (offline; a warning fails)
	$(BIN)/python -m sphinx $(SPHINX_FLAGS) -d $(DOCS_OUT)/doctrees docs/api $(DOCS_OUT)/api
	@echo "API reference: $(DOCS_OUT)/api/index.html"

lab: $(STAMP) check-name ## Open the notebooks in JupyterLab with the project kernel (LAB_ARGS="--no-browser ...")
	$(BIN)/jupyter lab $(ROOT_FLAG) $(KERNEL_FLAGS) $(LAB_ARGS) notebooks/

lock: ## Regenerate requirements/constraints.txt in a fresh venv, keeping today's pins (UPGRADE=1: newest)
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lockenv/bin/python -m pip install --quiet $(if $(UPGRADE),,-c $(CONSTRAINTS)) -e '.[$(EXTRAS)]'
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .lockenv

clean: ## Remove generated data, reports, caches and the built docs (keeps data/raw, reports/README.md and .venv)
	rm -rf data/interim/* data/processed/* .pytest_cache .ruff_cache $(DOCS_OUT)
	[ ! -d reports ] || find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	@touch data/interim/.gitkeep data/processed/.gitkeep
