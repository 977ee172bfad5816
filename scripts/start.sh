#!/usr/bin/env bash
# Sets deskapp up (first time only) and opens the desk on its default database.
# Any arguments go to deskapp, e.g.: bash scripts/start.sh --lang en
# A desk on a PostgreSQL server (--db or DESKAPP_DB a postgresql:// URL) gets the driver too.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
for arg in "$@" "${DESKAPP_DB:-}"; do
    case "$arg" in *postgresql://* | *postgres://*) extras="server" ;; esac
done
bash scripts/setup.sh $extras
exec .venv/bin/deskapp "$@"
