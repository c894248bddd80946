# Seguro: the two commands of the README, and the pieces they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -q

.PHONY: install run test lint test-sqlite test-postgres system-deps bench clean

$(BIN)/seguro: pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(BIN)/seguro

## The demo: embedded SQLite database, synthetic Loja province, server on http://127.0.0.1:8000
run: install
	$(BIN)/seguro demo

## Lint, types, import contracts, then the whole suite on SQLite and on a throwaway PostgreSQL.
test: install system-deps lint test-sqlite test-postgres

system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test-sqlite: install
	@echo "== Pruebas sobre SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== Pruebas sobre PostgreSQL (servidor temporal) =="
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
