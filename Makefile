# Camau: `make run` starts the bot with the demo team on SQLite (and the Agents Playground when
# Node.js is present); `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chat lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/camau db upgrade
	$(BIN)/camau demo
	CAMAU=$(BIN)/camau scripts/run_with_playground.sh

chat: $(STAMP)
	$(BIN)/camau db upgrade
	$(BIN)/camau demo
	$(BIN)/camau chat --as $(or $(AS),alex.wilber@demo.camau.cymru)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check camau tests benchmarks scripts
	$(BIN)/ruff format --check camau tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile

bench: $(STAMP)
	$(BIN)/python benchmarks/turns.py
	$(BIN)/python benchmarks/privacy.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
