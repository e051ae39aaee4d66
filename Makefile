# lexpub — the two commands a new machine needs are `make build` and `make test`.
# Both set themselves up: a virtualenv in .venv, the project installed into it, and the system
# packages some steps need (scripts/setup-system.sh; skipped with a message where apt is unavailable).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system
OUT    ?= build

.PHONY: all install system build test lint typecheck check serve bench clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(SYSTEM_STAMP): scripts/setup-system.sh | $(STAMP)
	bash scripts/setup-system.sh
	touch $(SYSTEM_STAMP)

install: $(STAMP) $(SYSTEM_STAMP)

system:
	bash scripts/setup-system.sh

## build: install, validate the corpus, and build every output from source/ into build/
build: install
	$(BIN)/lexpub check
	$(BIN)/lexpub build --out $(OUT)

## test: lint, type-check and run the whole test suite
test: install lint typecheck
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check lexpub tests scripts
	$(BIN)/lint-imports --no-logo --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/lexpub check

serve: build
	$(BIN)/python -m http.server --directory $(OUT)/site --bind 127.0.0.1 8000

bench: install
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_pdf_rate.py --works 12 --runs 2 --executor local dask cluster

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
