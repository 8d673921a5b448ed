# Kring: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install install-test chromium axe migrate demo benchmark clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP) chromium axe

# Debian's Chromium: Playwright's own browser download cannot work without internet.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || { echo "chromium is required for the browser tests"; exit 1; }

# axe-core for the accessibility tests, from the npm registry, kept out of git.
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: demo
	@echo "Kring is running on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	DEBUG=1 $(BIN)/daphne --verbosity 0 --bind $(HOST) --port $(PORT) config.asgi:application

test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

benchmark: $(TEST_STAMP)
	$(PY) -m tests.benchmarks

clean:
	rm -rf $(VENV) node_modules staticfiles
