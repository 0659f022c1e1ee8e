#!/usr/bin/env bash
# The catalog benchmark in one command (see bench/README.md):
#   bench/run.sh [--apps N] [--users N] [--connections C]
# 1. builds bench/Market.Bench in Release;
# 2. runs it: the service in-process on Kestrel (embedded mode), a fake remote market with N apps
#    (default 2,000) synced through the real sync, then closed-loop HttpClient load on /market/hash,
#    /market/data (304, 200, 200 gzip) and POST /apps;
# 3. when `wrk` is installed, serves the same catalog again and drives it with wrk (a lighter client),
#    reporting req/s, latency and the service's own CPU time per request (from /proc), which does not
#    depend on what else runs on the machine.
# Everything listens on 127.0.0.1 only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE_SECONDS="${PHASE_SECONDS:-10}"
WRK_SECONDS="${WRK_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-12}" # tiered JIT needs ~10 s of traffic to reach steady code on a busy 2-core box
dotnet build bench/Market.Bench -c Release -nologo -v q >/dev/null
BENCH=bench/Market.Bench/bin/Release/net10.0/Market.Bench.dll

echo "## HttpClient load (bench/Market.Bench)"
dotnet "$BENCH" --seconds "$PHASE_SECONDS" "$@" 2>&1 | grep -v -E '^(info|warn|dbug):|^      '

if ! command -v wrk >/dev/null 2>&1; then
  echo "(wrk not installed: apt-get install wrk for the second part)"
  exit 0
fi

echo
echo "## wrk (2 threads) against the same service"
log="$(mktemp)"
dotnet "$BENCH" --serve "$@" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do grep -q '# serving on' "$log" && break; sleep 0.5; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | tail -1)"
api="$url/app-store/api/v2"
etag="$(curl -s -o /dev/null -D - -H 'X-Bfl-User: alice' "$api/market/data" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')"
tck="$(getconf CLK_TCK)"
lua="$(mktemp --suffix .lua)"
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Bfl-User"] = "alice"
local n = 0
request = function()
  local items = {}
  for i = 1, 10 do
    items[i] = string.format('{"appid":"app%04d","sourceDataName":"market.olares"}', (n * 10 + i) % 2000)
  end
  n = n + 1
  return wrk.format(nil, nil, nil, '{"apps":[' .. table.concat(items, ",") .. ']}')
end
LUA

measure() { # name connections wrk-args...
  local name="$1" conns="$2"; shift 2
  local t0 t1 out req rps p50 p99
  wrk -t2 -c"$conns" -d"${WARMUP_SECONDS}s" -H 'X-Bfl-User: alice' "$@" >/dev/null # warm-up: JIT tiers, pools, caches
  t0="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  out="$(wrk -t2 -c"$conns" -d"${WRK_SECONDS}s" --latency -H 'X-Bfl-User: alice' "$@")"
  t1="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  req="$(echo "$out" | grep -o '[0-9]* requests in' | awk '{print $1}')"
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  printf '| %s | %s | %s | %s | %s | %.0f |\n' "$name" "$conns" "$rps" "$p50" "$p99" "$(awk -v a="$t0" -v b="$t1" -v t="$tck" -v r="$req" 'BEGIN {print (b-a)*1000000/t/r}')"
}

echo "| request | connections | req/s | p50 | p99 | service CPU µs/request |"
echo "|---|---:|---:|---:|---:|---:|"
measure "GET /market/hash" 64 "$api/market/hash"
measure "GET /market/data (304)" 64 -H "If-None-Match: $etag" "$api/market/data"
measure "GET /market/data (200)" 8 "$api/market/data"
measure "POST /apps (10 apps)" 16 -s "$lua" "$api/apps"
rm -f "$lua"
