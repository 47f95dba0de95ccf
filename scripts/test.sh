#!/usr/bin/env bash
# The test command: lint, type-check, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check blueprint tests bench
.venv/bin/ruff format --check blueprint tests bench
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
