#!/usr/bin/env bash
# Sets deskapp and its test tools up (first time only), checks style and types, and runs
# the whole test suite. Any arguments go to pytest, e.g.: bash scripts/test.sh -k staff
# (with arguments, only pytest runs: a quick loop while working on one thing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if [ $# -eq 0 ]; then
    echo "ruff check, ruff format --check, mypy (scripts/typecheck.py) …"
    .venv/bin/ruff check deskapp screens tests bench scripts
    .venv/bin/ruff format --check --quiet deskapp screens tests bench scripts
    .venv/bin/python scripts/typecheck.py
fi
exec .venv/bin/python -m pytest -n auto "$@"
