# fupin-kg: two commands.  `make run` builds the seed graph; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KG := $(BIN)/kg
OUT := out
QUERIES := officials places funding events statistics initiatives

.PHONY: run test lint install install-test system-deps bench load eval docs clean

# pip -qq: errors still print; warnings about the machine's own pip configuration (index folders
# that do not exist) would otherwise bury the first run's output.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's Chromium drives the HTML-view tests (never `playwright install`); Noto CJK
# fonts let it draw Chinese labels in screenshots.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  echo "installing Debian packages chromium fonts-noto-cjk (browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

run: install
	$(KG) build seeds/ -o $(OUT)/graph.ttl
	$(KG) validate $(OUT)/graph.ttl
	@for q in $(QUERIES); do echo "== $$q"; $(KG) query $$q --graph $(OUT)/graph.ttl --limit 5 || exit 1; done
	$(KG) viz $(OUT)/graph.ttl -o $(OUT)/graph.html
	$(KG) stats $(OUT)/graph.ttl

test: install-test system-deps lint
	$(BIN)/python -m pytest -q

# ruff (lint only: formatting is left alone) and mypy, configured in pyproject.toml
lint: install-test
	$(BIN)/ruff check kg tests examples benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py --timeout 10

# Extraction scores: the seed, the test fixtures, the development corpus, eval/extra and eval/blind.
# The seed's gold and the dev corpus come from ../shared/eval (left out, with a note, without it); the
# scorer is its score.py when present and the project's eval/scoring.py otherwise (`make eval SCORER=ours`).
eval: install
	$(BIN)/python eval/devscore.py --suite $(if $(SCORER),--scorer $(SCORER))

# HTML documentation of the ontology and the shapes, examples from the seed (offline).
docs: install
	$(KG) build seeds/ -o $(OUT)/graph.ttl
	$(KG) docs -o $(OUT)/docs/ --graph $(OUT)/graph.ttl

load: install
	$(KG) build seeds/ -o $(OUT)/graph.ttl
	$(BIN)/python benchmarks/load.py --graph $(OUT)/graph.ttl

clean:
	rm -rf $(OUT) .pytest_cache
