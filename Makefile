# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data

.PHONY: run test lint install dev demo clean sysdeps

# System packages some tests use (browser, fonts, LibreOffice, PostgreSQL). `make test` installs them
# when it can (root with apt-get); otherwise the tests that need them skip and say how to install.
APT_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui postgresql

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
	$(BIN)/nianbao draft --organ 牡丹江市人民政府 --year 2021 --tables evals/parse/gold/f2021_tabs.json --offline

sysdeps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "安装系统软件包：$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	    || echo "系统软件包安装失败，需要它们的测试将跳过"; fi; \
	else echo "非 root 或无 apt-get：未安装 $(APT_PACKAGES)，需要它们的测试将跳过"; fi

## make lint: ruff (style, import order, bugbear, pyupgrade) and mypy on assistant/ (config in pyproject.toml).
lint: dev
	$(BIN)/ruff check .
	$(BIN)/mypy

## make test: install dev extras, lint and type-check, then run the whole suite.
test: lint sysdeps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
