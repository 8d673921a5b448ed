# Kring: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# One pytest worker per core (each with its own copy of the test database, Redis
# database and live server). Load scheduling hands each worker its tests in collection
# order, which puts the browser tests last in every worker (tests/conftest.py); work
# stealing would balance better but breaks that order.
# `make test PYTEST_ARGS=tests/forum` runs a part in one process, and
# `make test PYTEST_ARGS="-n auto --dist load -m services"` only what depends on
# the database engine, cache or channel layer (what .ci/run repeats on PostgreSQL +
# Redis).
PYTEST_ARGS ?= -n auto --dist load
# apt needs root; use sudo when make runs as an ordinary user.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format install install-test chromium axe migrate demo benchmark benchmark-chat messages clean

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
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium is required for the browser tests"; exit 1; }

# axe-core for the accessibility tests, from the npm registry, kept out of git.
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "Installing Debian's npm for the accessibility test tools"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
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

# lint-imports checks the import contracts in pyproject.toml (which app may import which).
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

benchmark: $(TEST_STAMP)
	$(PY) -m tests.benchmarks

# Only the chat load benchmark (about 20 minutes; `make benchmark` runs it too), e.g.
# `make benchmark-chat BENCH_ARGS="--seconds 5 --rates 10,100 --layers memory"`.
benchmark-chat: $(TEST_STAMP)
	$(PY) -m tests.benchmarks.chat_load $(BENCH_ARGS)

# Dutch strings of the project templates (templates/) and the site views go to
# locale/nl. Apps (community/privacy included) keep their own <app>/locale: run
# makemessages inside the app directory, and make sure that directory exists first, or
# Django writes into locale/ (LOCALE_PATHS) and replaces this catalog.
messages: $(STAMP)
	@tmp=$$(mktemp -d) && mkdir -p locale "$$tmp/community" && \
	ln -s "$(CURDIR)/templates" "$$tmp/templates" && \
	ln -s "$(CURDIR)/community/views.py" "$$tmp/community/views.py" && \
	ln -s "$(CURDIR)/locale" "$$tmp/locale" && \
	( cd "$$tmp" && "$(CURDIR)/$(BIN)/django-admin" makemessages -l nl --symlinks \
		--no-obsolete --add-location file --ignore 'locale/*' ); \
	status=$$?; rm -rf "$$tmp"; exit $$status
	cd locale && msgfmt --check -o nl/LC_MESSAGES/django.mo nl/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) node_modules staticfiles
