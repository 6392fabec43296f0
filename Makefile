# Infoshare. `make help` lists the targets.
SHELL := /bin/bash
PY := .venv/bin/python
UV := .venv/bin/uv
export UV_PROJECT_ENVIRONMENT := .venv
export PYTHONDONTWRITEBYTECODE := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml uv.lock
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) sync --frozen --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

infoshare/static/dist/app.css: node_modules/.installed frontend/build.mjs $(wildcard frontend/scss/*.scss frontend/js/*.mjs)
	npm run --silent build

install: .venv/.installed infoshare/static/dist/app.css ## Install Python and front-end dependencies, build the front end

run: install ## Set up everything, load the demo partnership and serve on http://127.0.0.1:8000
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo >var/demo-sign-ins.txt
	$(PY) manage.py seed_demo_governance
	$(PY) manage.py seed_demo_agreements
	$(PY) manage.py seed_demo_decisions
	@cat var/demo-sign-ins.txt
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

demo-code: .venv/.installed ## Print the current two-factor code for the demo sign-ins
	@$(PY) manage.py demo_code

test: install ## Run the whole test suite (SQLite, or DATABASE_URL if set)
	$(PY) -m pytest -p no:randomly $(PYTEST_ARGS)

test-pg: install ## Run the suite on PostgreSQL at 127.0.0.1:5432
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) --no-print-directory test

e2e: install ## Run only the browser tests (Playwright + Debian Chromium)
	$(PY) -m pytest e2e $(PYTEST_ARGS)

lint: .venv/.installed ## ruff, import-linter and a missing-migrations check
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run -v0

format: .venv/.installed ## Format the code
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

typecheck: .venv/.installed ## mypy
	.venv/bin/mypy infoshare e2e tests bench

schema: .venv/.installed ## Rewrite the OpenAPI snapshot (docs/openapi.json)
	$(PY) manage.py export_openapi_schema --api infoshare.api.router.api --indent 2 --sorted > docs/openapi.json

bench: install ## Run the benchmarks in bench/
	$(PY) bench/run.py

.PHONY: help install run demo-code test test-pg e2e lint format typecheck schema bench
