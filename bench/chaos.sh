#!/usr/bin/env bash
# The operator's check of issue 10 in one command (see bench/README.md, "Faults"):
#   bench/chaos.sh [--install-every-ms 400] [--step-ms 800] [--redis-stop-at 5] [--redis-down 10]
#                  [--postgres-stop-at 24] [--postgres-down 5] [--readers 4] [--settle 180] [--agree 15]
#                  [--sync-every 0]
# 1. builds bench/Market.Bench in Release (not in Market.sln);
# 2. starts a PRIVATE PostgreSQL cluster (initdb into a temp folder, as the postgres user, free port),
#    a PRIVATE redis-server (free port) and a fake Olares app-service that counts submissions;
# 3. starts two Market replicas as separate processes (PostgreSQL storage, Redis hot state, Olares runtime);
# 4. sends 100 installs from 20 users over both replicas (503 + Retry-After are retried with the same
#    Idempotency-Key) with /market/hash, /market/state, /tasks and /market/data read in the background,
#    stops Redis for 10 s and later PostgreSQL for 5 s while installs are in flight, records every status;
# 5. waits (bounded) for every task to end, then checks PostgreSQL, the submissions, /market/state and
#    that both replicas and a freshly started third serve the same hash and /market/data for every user.
# Exits 1 when a rule is broken. Never touches the shared dev servers; everything is on 127.0.0.1.
# Everything of one run (servers, replicas' data, logs) lives in one /tmp/market-chaos-run.* folder;
# if the run is interrupted, the servers and replicas it started are stopped on the way out.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN=/usr/lib/postgresql/15/bin
for tool in redis-server redis-cli "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "chaos.sh needs $tool" >&2; exit 2; }
done
dotnet build bench/Market.Bench -c Release -nologo -v q >/dev/null

run="$(mktemp -d /tmp/market-chaos-run.XXXXXX)"
chmod 755 "$run" # the postgres user keeps its cluster in here
cleanup() {
  # Only what this run started: pid files and clusters inside its own folder.
  for data in "$run"/market-chaos-pg-*/data; do
    [ -f "$data/postmaster.pid" ] && su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$data' -m immediate -w stop" >/dev/null 2>&1 || true
    rm -rf "$(dirname "$data")" # ~40 MB of cluster; the logs stay
  done
  # A pid file left behind means its process was not stopped by the run; the command line is checked
  # so that a reused pid is never signalled.
  find "$run" -name '*.pid' -not -path '*/data/*' -print0 2>/dev/null | while IFS= read -r -d '' file; do
    pid="$(cat "$file")" name="$(basename "$file" .pid)"
    case "$name" in
      redis-*) expected="redis-server 127.0.0.1:${name#redis-}" ;;
      *) expected="Market.Bench.dll --replica" ;;
    esac
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -F -e "$expected"; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
status=0
TMPDIR="$run" dotnet bench/Market.Bench/bin/Release/net10.0/Market.Bench.dll --chaos "$@" || status=$?
exit "$status"
