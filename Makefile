# Camau: `make run` starts the bot with the demo team on SQLite (and the Agents Playground when
# Node.js is present); `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test load fuzz chat lint bench bench-delivery clean

# Tests run in two processes (pytest-xdist; each keeps whole files, in order, and has its own
# PostgreSQL database): most of a run is waiting on real processes, ports and Chromium, so two
# overlap well even on two cores. `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

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

# Everything but the load and fuzz runs, which have targets (and CI steps) of their own.
test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -m "not load and not fuzz" $(PYTEST_ARGS)

# The benchmarks' smoke and kill tests and 200 conversations on two replicas (about 3 minutes).
load: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -m load $(PYTEST_ARGS)

# 10,000 generated requests per backend against the real app (`pytest` alone runs 1,000).
fuzz: $(STAMP)
	CAMAU_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest tests/bot/test_fuzz_edge.py $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check camau tests benchmarks scripts
	$(BIN)/ruff format --check camau tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile

bench: $(STAMP)
	$(BIN)/python benchmarks/turns.py
	$(BIN)/python benchmarks/privacy.py

# Outbox delivery against Teams' limits: 10,000 messages, two replicas on PostgreSQL, then
# one on SQLite (about ten minutes); QUICK=1 for 500 messages.
bench-delivery: $(STAMP)
	$(BIN)/python -m benchmarks.delivery $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
