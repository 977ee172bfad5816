#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for the tests and the benchmark
# (never for a mall's real server: see the README, "Several desks, one database").
#
#   bash scripts/pg_server.sh start DIR [fast]   prints the server's URL
#   bash scripts/pg_server.sh stop DIR
#
# The server's files, socket and log live in DIR. "fast" turns fsync off (tests
# only: figures from the benchmark come from a server that syncs). Installs
# Debian's postgresql package first when its programs are missing and we may.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?a folder for the server}

find_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

# PostgreSQL refuses to run as root: as root, the server runs as Debian's "postgres" user.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    if ! bin=$(find_bin); then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "installing PostgreSQL from Debian's packages..." >&2
            export DEBIAN_FRONTEND=noninteractive
            apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
            bin=$(find_bin)
        else
            echo "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)" >&2
            exit 1
        fi
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U deskapp --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    settings="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
    [ "${3:-}" = fast ] && settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$settings" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://deskapp@127.0.0.1:$port/postgres"
    ;;
stop)
    bin=$(find_bin)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR [fast]" >&2
    exit 2
    ;;
esac
