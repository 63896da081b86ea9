# Camau: `make run` starts the bot with the demo team on SQLite (and the Agents Playground when
# Node.js is present); `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chat lint bench clean

# Who `make chat` talks as: `make chat AS=megan.rhys@demo.camau.cymru`. GNU Make itself defines
# AS (the assembler, "as"), so only an AS from the command line or the environment counts.
DEMO_PERSON := alex.wilber@demo.camau.cymru
CHAT_AS := $(if $(filter default,$(origin AS)),$(DEMO_PERSON),$(or $(AS),$(DEMO_PERSON)))

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/camau demo
	CAMAU=$(BIN)/camau scripts/run_with_playground.sh

chat: $(STAMP)
	$(BIN)/camau demo
	$(BIN)/camau chat --as $(CHAT_AS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check camau tests benchmarks scripts
	$(BIN)/ruff format --check camau tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

bench: $(STAMP)
	$(BIN)/python benchmarks/turns.py
	$(BIN)/python benchmarks/privacy.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
