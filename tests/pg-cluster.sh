#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the integration tests.
#   tests/pg-cluster.sh start DIR   → initdb in DIR, start on a free port, write DIR/url
#   tests/pg-cluster.sh stop DIR    → stop it and remove DIR
# initdb refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # Tests trade durability for speed; DURABLE=1 (benchmarks) keeps PostgreSQL's defaults.
    speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${DURABLE:-0}" = 1 ] && speed=""
    # PG_OPTIONS: more server settings, e.g. "-c shared_preload_libraries=pg_stat_statements" to profile statements.
    speed="$speed ${PG_OPTIONS:-}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $speed -c max_connections=300" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
    echo "$port" >"$dir/port"
    [ "$(id -u)" -eq 0 ] && chmod 755 "$dir"
    echo "PostgreSQL 15 test cluster on port $port ($dir)"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    echo "PostgreSQL test cluster stopped"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
