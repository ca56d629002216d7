#!/usr/bin/env bash
# `make bench`: micro-benchmarks, then wrk against a running Release server (loopback only,
# bounded in time). Prints one table; copy it into docs/performance.md with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/release/duet
BENCH=build/release/bench/duet_bench
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL cluster runs as the postgres user when we are root
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A durable throw-away PostgreSQL cluster, so that booking and week-view figures exist for both engines.
pgdir="$work/pg"
DURABLE=1 bash tests/pg-cluster.sh start "$pgdir" >/dev/null
trap 'kill $(jobs -p) 2>/dev/null || true; bash tests/pg-cluster.sh stop "$pgdir" >/dev/null; rm -rf "$work"' EXIT

echo "## Micro-benchmarks"
DUET_BENCH_PG=$(cat "$pgdir/url") "$BENCH" --benchmark_min_time=0.2 2>/dev/null | grep -E "^(BM_|-|Benchmark)"

# Seed once, then measure a cold start on the existing database (what a restart costs).
"$BIN" demo seed --database "sqlite:$work/duet.db" --var-dir "$work/var" >/dev/null
start=$(date +%s%N)
"$BIN" serve --port 0 --database "sqlite:$work/duet.db" --var-dir "$work/var" --log-level warn >"$work/out" 2>"$work/err" &
pid=$!
until grep -q "listening on" "$work/out" 2>/dev/null; do sleep 0.005; done
url=$(grep -o 'http://[0-9.:]*' "$work/out" | head -1)
until curl -sf "$url/readyz" >/dev/null; do sleep 0.005; done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 1
rss_idle=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"email":"owner@demo.example.com","password":"duet-demo-2026"}' "$url/api/v1/auth/login" |
  grep -i '^set-cookie' | grep -o 'duet_session=[^;]*')

run() { # name path [header]
  local name=$1 path=$2 header=${3:-X-Bench: 1}
  local out rss
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$url$path" &
        wpid=$!; sleep 5; awk '/VmRSS/ {print $2}' /proc/$pid/status >"$work/rss"; wait $wpid)
  rss=$(cat "$work/rss")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf "| %-34s | %10s | %8s | %8s | %8s MiB | %s |\n" "$name" "$rps" "$p50" "$p99" "$((rss / 1024))" "${non2xx:-0}"
}

echo
echo "## Server (wrk -t2 -c$CONNECTIONS -d$DURATION, load generator on the same machine)"
echo "| endpoint | req/s | p50 | p99 | RSS under load | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run "GET /healthz" /healthz
run "GET /api/v1/me (session cookie)" /api/v1/me "Cookie: $cookie"
echo
echo "idle RSS: $((rss_idle / 1024)) MiB ($rss_idle KiB); cold start to ready: ${ready_ms} ms"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); date: $(date -u +%Y-%m-%d)"
kill -TERM $pid
wait $pid || true

# The practice workload (create a visit, the practice's week, read one client) on both engines.
echo
DUET_TEST_DB=sqlite DUET_BIN="$BIN" node scripts/bench-workload.mjs
echo
DUET_TEST_DB=postgres DUET_PG_DIR="$pgdir" DUET_BIN="$BIN" node scripts/bench-workload.mjs

# Video rooms: held WebSocket connections, signaling relay latency, join throughput.
echo
ulimit -n 16384 2>/dev/null || ulimit -n 4096 || true
DUET_TEST_DB=sqlite node scripts/bench-live.mjs
echo
DUET_TEST_DB=postgres DUET_PG_DIR="$pgdir" node scripts/bench-live.mjs
