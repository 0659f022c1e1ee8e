#!/usr/bin/env bash
# The operator's check of issue 10 in one command (see bench/README.md, "Faults"):
#   bench/chaos.sh [--install-every-ms 400] [--step-ms 800] [--redis-stop-at 5] [--redis-down 10]
#                  [--postgres-stop-at 24] [--postgres-down 5] [--readers 4] [--settle 180] [--agree 15]
# 1. builds bench/Market.Bench in Release (not in Market.sln);
# 2. starts a PRIVATE PostgreSQL cluster (initdb into a temp folder, as the postgres user, free port),
#    a PRIVATE redis-server (free port) and a fake Olares app-service that counts submissions;
# 3. starts two Market replicas as separate processes (PostgreSQL storage, Redis hot state, Olares runtime);
# 4. sends 100 installs from 20 users over both replicas (503 + Retry-After are retried with the same
#    Idempotency-Key) with /market/hash, /market/state and /tasks read in the background, stops Redis for
#    10 s and later PostgreSQL for 5 s while installs are in flight, records every HTTP status;
# 5. waits (bounded) for every task to end, then checks PostgreSQL, the submissions, /market/state and
#    that both replicas and a freshly started third serve the same hash and /market/data for every user.
# Exits 1 when a rule is broken. Never touches the shared dev servers; everything is on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in redis-server redis-cli /usr/lib/postgresql/15/bin/initdb /usr/lib/postgresql/15/bin/pg_ctl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "chaos.sh needs $tool" >&2; exit 2; }
done
dotnet build bench/Market.Bench -c Release -nologo -v q >/dev/null
exec dotnet bench/Market.Bench/bin/Release/net10.0/Market.Bench.dll --chaos "$@"
