# cspgraph: make help lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help dev serve test browser webserver loadgen test-fast lint type docs fmt build data bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

dev: $(STAMP) ## Create .venv and install cspgraph with its development tools

serve: $(STAMP) ## Serve the linked-data app on the embedded store (HOST=127.0.0.1 PORT=8000)
	$(BIN)/cspgraph serve --host $(HOST) --port $(PORT)

test: $(STAMP) browser webserver lint type docs ## Lint, type-check, build the docs, then run the whole test suite (doctests too)
	$(BIN)/python -m pytest -q

browser: ## Install Debian's chromium for the browser tests (as root on Debian; no downloaded browser)
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

webserver: ## Install Debian's nginx for the static-publishing tests (as root on Debian)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light)

loadgen: ## Install Debian's wrk, the native load generator of the throughput and static-publishing benchmarks (make bench only)
	command -v wrk >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk) || echo "wrk could not be installed: benchmarks/bench_publish.py will say so"

test-fast: $(STAMP) ## Tests without the slow (server, browser) ones
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP) ## ruff check, format check, and the import contracts (layers, no circles)
	$(BIN)/ruff check src tests benchmarks devkit
	$(BIN)/ruff format --check src tests benchmarks devkit
	$(BIN)/lint-imports

type: $(STAMP) ## mypy over src/cspgraph
	$(BIN)/mypy

docs: $(STAMP) ## Build the documentation site into site/ (strict: any broken link or reference fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet -d site

fmt: $(STAMP) ## Format the Python code
	$(BIN)/ruff format src tests benchmarks devkit
	$(BIN)/ruff check --fix src tests benchmarks devkit

data: build
build: $(STAMP) ## Regenerate data/ from $(SHARED)/reference
	$(BIN)/cspgraph build --reference $(SHARED)/reference

bench: $(STAMP) loadgen ## Run the benchmarks and write benchmarks/REPORT.md
	$(BIN)/python -m benchmarks

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
