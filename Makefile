# Hausportal: `make dev` runs everything in one process; `make test` installs, starts and tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# uv from PATH, else the one `make bootstrap` installs with pip.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export UV_PYTHON_DOWNLOADS := never

.PHONY: help bootstrap install dev test test-only lint format asyncapi asyncapi-check

help: ## this list
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

bootstrap: ## install uv if missing
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.5'

install: bootstrap ## install Python and dev dependencies into .venv (from uv.lock)
	@$(UV) sync --frozen --quiet

dev: install ## run all five services in one process (SQLite, local disk, in-process bus)
	@$(UV) run --frozen python -m hausportal.embedded

test: install ## install and start the real infrastructure, lint, run every test, stop what it started
	@$(UV) run --frozen bash scripts/test.sh

test-only: ## run pytest against infrastructure that is already up (make infra-up): ARGS=...
	@source .infra/env && HP_REQUIRE_INFRA=1 $(UV) run --frozen pytest $(ARGS)

lint: ## ruff format check, ruff check, import boundaries, AsyncAPI document up to date
	@$(UV) run --frozen ruff format --check --quiet .
	@$(UV) run --frozen ruff check --quiet .
	@$(UV) run --frozen lint-imports --no-cache
	@$(MAKE) --no-print-directory asyncapi-check

format: ## ruff format and fix what ruff can fix
	@$(UV) run --frozen ruff format .
	@$(UV) run --frozen ruff check --fix .

asyncapi: ## write docs/asyncapi.json from the event models in libs/contracts
	@$(UV) run --frozen python -m hausportal.contracts.asyncapi docs/asyncapi.json

asyncapi-check: ## fail if docs/asyncapi.json is not what the event models generate
	@$(UV) run --frozen python -m hausportal.contracts.asyncapi --check docs/asyncapi.json

-include mk/infra.mk
-include mk/helm.mk
-include mk/bench.mk
-include mk/pdfa.mk
