# news worker: everyday commands. Needs only Python 3.11+ and make; the first command
# creates .venv and installs the package with its dev tools, and installs again whenever
# pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test demo simulator bench check-config

help:
	@echo "make run           start the worker (starts a private Redis when none answers)"
	@echo "make test          lint, format check, type check and tests (needs Redis, see README)"
	@echo "make demo          the worker against the local outlet simulator"
	@echo "make simulator     the outlet simulator alone, on http://127.0.0.1:8765"
	@echo "make bench         crawl benchmark; prints figures"
	@echo "make check-config  validate config/ and exit"
	@echo "make setup         only create .venv and install (PYTHON=$(PYTHON))"

$(STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ] || [ ! -x $(BIN)/pip ]; then \
		$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
			echo "news worker needs Python 3.11 or newer; '$(PYTHON)' is missing or older." \
				"Try: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }; \
		echo "$(PYTHON) -m venv $(VENV)"; \
		$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
			echo "'$(PYTHON) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
			exit 1; }; \
	fi
	$(BIN)/pip install -e '.[dev]'
	@touch $@

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m worker run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

demo: $(STAMP)
	$(BIN)/python -m worker demo

simulator: $(STAMP)
	$(BIN)/python -m worker.simulator --port 8765

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/crawl.py

check-config: $(STAMP)
	$(BIN)/python -m worker check-config
