# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data

.PHONY: run test install dev demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## make run: install, then show what the CLI does on corpus/ (offline mode).
run: install
	$(BIN)/nianbao parse corpus/*
	-$(BIN)/nianbao check corpus/*
	$(BIN)/nianbao ingest corpus/
	$(BIN)/nianbao search "依申请公开办理情况" -k 3

## make test: install dev extras and run the whole suite.
test: dev
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
