# Clusterwerk — `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
MASTERPLAN_TEXT ?= ../shared/seeds/masterplan-metall-brandenburg-2020.txt
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help venv setup run test lint fmt bench messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the pinned dependencies

setup: venv ## Migrate, load reference data, import the masterplan, add demo content
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	@if [ -f "$(MASTERPLAN_TEXT)" ]; then \
		$(MANAGE) import_masterplan "$(MASTERPLAN_TEXT)" --edition 2020 --publish; \
	else \
		echo "Masterplan-Text nicht gefunden ($(MASTERPLAN_TEXT)): die Referenzstruktur bleibt die veröffentlichte Ausgabe."; \
	fi
	$(MANAGE) seed_demo

run: setup ## Set everything up, serve http://127.0.0.1:8000 and run a task worker (SQLite unless DATABASE_URL)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) $(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

test: venv ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: venv ## ruff check, ruff format --check, Django system checks, missing migrations, import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports --config .importlinter

fmt: venv ## Format and auto-fix the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv ## Run the benchmarks in bench/ (figures go to docs/benchmarks.md)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: venv ## Update and compile the translation catalogues in locale/
	$(MANAGE) makemessages --locale en --ignore '.venv/*' --ignore 'staticfiles/*'
	$(BIN)/python -m clusterwerk.core.compile_messages locale

clean: ## Remove the virtualenv and the development database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
