#!/usr/bin/env bash
# Sets deskapp and its test tools up (first time only) and runs the whole test suite.
# Any arguments go to pytest, e.g.: bash scripts/test.sh -k staff
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec .venv/bin/python -m pytest -n auto "$@"
