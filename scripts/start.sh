#!/usr/bin/env bash
# Sets deskapp up (first time only) and opens the desk on its default database.
# Any arguments go to deskapp, e.g.: bash scripts/start.sh --lang en
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/deskapp "$@"
