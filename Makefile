# Self-documenting Makefile: `make help` lists every target with its `##` comment.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
STAMP := $(VENV)/.installed
DEMO := data/external/NewsArticles.csv
PYTEST_ARGS ?=

.PHONY: help install data test lint format report explore lab lock clean bench bench-quick

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name news-analysis --display-name "Python (news-analysis)" >/dev/null
	@touch $(STAMP)

install: $(STAMP) ## Create .venv (if absent) and install the pinned dependencies
	@echo "Environment ready: $(VENV) (activate with 'source $(BIN)/activate')"

$(DEMO): | $(STAMP)
	$(BIN)/news-analysis data fetch

data: $(STAMP) ## Fetch and verify the demo corpus into data/external/
	$(BIN)/news-analysis data fetch

test: $(STAMP) $(DEMO) ## Run the test suite (lint first, then pytest)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## Check style with ruff (lint + format check)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix src tests benchmarks notebooks
	$(BIN)/ruff format src tests benchmarks notebooks

report: $(STAMP) $(DEMO) ## Render every notebook into reports/ (demo corpus + sample article)
	$(BIN)/news-analysis report

explore: $(STAMP) $(DEMO) ## Serve the interactive explorer on the demo corpus (http://127.0.0.1:5006/)
	$(BIN)/news-analysis explore $(EXPLORE_ARGS)

bench: $(STAMP) $(DEMO) ## Run every benchmark on the demo corpus (minutes; medians of several runs)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-quick: $(STAMP) $(DEMO) ## Run every benchmark on small parameters (what CI runs)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project kernel
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

lock: ## Regenerate requirements/constraints.txt from a fresh environment
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --upgrade pip && .lockenv/bin/python -m pip install --quiet -e '.[dev,lab,explore]'
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > $(CONSTRAINTS)
	rm -rf .lockenv

clean: ## Remove generated data, reports and caches (keeps data/raw and .venv)
	rm -rf data/interim/* data/processed/* reports/* .pytest_cache .ruff_cache
	@touch data/interim/.gitkeep data/processed/.gitkeep reports/.gitkeep
