#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs deskapp into it, with the extras
# given as $1 (e.g. "test"). Re-installs only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "deskapp needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

extras=${1:-}
target="."
[ -n "$extras" ] && target=".[${extras}]"
stamp=".venv/.installed${extras:+-$extras}"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
    echo "$want" > "$stamp"
fi
