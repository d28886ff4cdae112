#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's postgresql-15 or any found on PATH).
#   server.sh start       initdb into a new directory under /tmp, start on a free loopback port; prints two
#                         lines: the URL, then the directory (for stop)
#   server.sh stop DIR    stop it and remove DIR
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

find_bin() {
  local name=$1 found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] || found=$(command -v "$name" || true)
  [ -n "$found" ] || { echo "no PostgreSQL $name: install postgresql-15 (apt-get install postgresql-15)" >&2; exit 3; }
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    # Directly under /tmp: the postgres user must be able to reach it.
    dir=$(mktemp -d /tmp/tracker-bot-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    # Tests only: no fsync; enough connections for several bot processes at once.
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    echo "$dir"
    ;;
  stop)
    dir=${2:?usage: server.sh stop DIR}
    if [ -d "$dir/data" ]; then
      as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: server.sh start | server.sh stop DIR" >&2
    exit 2
    ;;
esac
