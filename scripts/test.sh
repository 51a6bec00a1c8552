#!/usr/bin/env bash
# The whole test command: set up, lint, type-check, then every test, on SQLite and MariaDB,
# against real MediaWiki, MariaDB and SMTP services that the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"
