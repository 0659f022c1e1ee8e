#!/usr/bin/env bash
# Market side by side with its comparators, in one run, as ratios (see bench/README.md, "Side by side"):
#   bench/compare.sh [--apps N] [--users N] [--batch-ms MS]
# - hot reads: wrk against Market and against nginx serving the very same bytes from files
#   (/market/hash, a 304 on /market/data, the full /market/data);
# - start-up: process start to /healthz/live for Market and for a minimal ASP.NET Core app (bench/Minimal),
#   and to the whole catalog listed in /market/data;
# - sync: Market's first sync (listed - live) against a plain sequential download of the same batches;
# - memory: Market's resident set after every one of N users asked for their hash, against the minimal app's.
# Everything listens on 127.0.0.1 and stops by itself (only the processes this run started).
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=2000 USERS=1000 BATCH_MS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) APPS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --batch-ms) BATCH_MS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WRK_SECONDS="${WRK_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-15}" # tiered JIT needs ~10 s of traffic on a busy box
# The GC's gen0 budget as Market's documented run environment sets it (README "Memory", ADR 0024), for Market and the
# minimal app alike; GEN0SIZE= (empty) measures the runtime's default (a budget sized from the CPU's L3 cache).
GEN0SIZE="${GEN0SIZE-0x400000}"
gc_env=(); [ -n "$GEN0SIZE" ] && gc_env=(DOTNET_GCgen0size="$GEN0SIZE")

run="$(mktemp -d /tmp/market-compare.XXXXXX)"
# Market and the minimal app are published alike, as a deployment would be: ReadyToRun (precompiled, so start-up
# does not wait for the JIT; ADR 0022). READY_TO_RUN=false measures the plain JIT build instead.
publish() { # project output
  dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun="${READY_TO_RUN:-true}" -o "$2" -nologo -v q >/dev/null
}
publish src/Market.Api "$run/market-bin"
publish bench/Minimal "$run/minimal-bin"
dotnet build bench/Market.Bench -c Release -nologo -v q >/dev/null
BENCH=bench/Market.Bench/bin/Release/net10.0/Market.Bench.dll
MARKET="$run/market-bin/Market.Api.dll"
MINIMAL="$run/minimal-bin/Minimal.dll"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
wait_for() { # url deadline-seconds [header]: until it answers 2xx; prints nothing
  local url="$1" until=$(( $(date +%s) + $2 ))
  while ! curl -fs -o /dev/null ${3:+-H "$3"} "$url"; do
    [ "$(date +%s)" -lt "$until" ] || { echo "no answer from $url" >&2; exit 1; }
    sleep 0.02
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The remote, a process of its own.
dotnet "$BENCH" --remote --apps "$APPS" --batch-ms "$BATCH_MS" >"$run/remote.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -qs '# remote on' "$run/remote.log" && break; sleep 0.2; done
remote="$(grep -o 'http://127.0.0.1:[0-9]*' "$run/remote.log" | head -1)"

# Sequential download of the same batches.
download="$(dotnet "$BENCH" --download "$remote" | awk '/^download/ {print $(NF-1)}')"

ROUNDS="${ROUNDS:-3}"
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Minimal ASP.NET Core app: start to live (the median of ROUNDS starts: one start of a small process moves with
# whatever else the box does in that second), then memory after a few seconds of requests.
minimal_starts=()
for round in $(seq 1 "$ROUNDS"); do
  mport="$(free_port)"
  t0="$(now)"
  env "${gc_env[@]}" dotnet "$MINIMAL" --urls "http://127.0.0.1:$mport" >"$run/minimal.log" 2>&1 &
  mpid=$!; pids+=("$mpid")
  wait_for "http://127.0.0.1:$mport/healthz/live" 60
  minimal_starts+=("$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')")
  if [ "$round" -lt "$ROUNDS" ]; then kill -TERM "$mpid"; wait "$mpid" 2>/dev/null || true; fi
done
minimal_live="$(median "${minimal_starts[@]}")"
wrk -t1 -c8 -d3s "http://127.0.0.1:$mport/healthz/live" >/dev/null
minimal_rss="$(rss_mb "$mpid")"
kill -TERM "$mpid"; wait "$mpid" 2>/dev/null || true

# Market's start to live, alike: ROUNDS - 1 starts on fresh data folders, stopped once live, and the measured run below.
market_env=(ASPNETCORE_ENVIRONMENT=Production Market__Storage__Provider=Sqlite Market__HotState__Provider=Memory
  Market__Sources__OfficialBaseUrl="$remote" Market__Sources__AllowPrivateNetworks=true
  Market__Sources__SyncIntervalSeconds=86400 Market__Demo__Enabled=false Logging__LogLevel__Default=Warning "${gc_env[@]}")
market_starts=()
for round in $(seq 2 "$ROUNDS"); do
  sport="$(free_port)"; mkdir -p "$run/start$round"
  t0="$(now)"
  env "${market_env[@]}" Market__Storage__SqlitePath="$run/start$round/market.db" Market__Packages__Path="$run/start$round/packages" \
    dotnet "$MARKET" --urls "http://127.0.0.1:$sport" >"$run/start$round.log" 2>&1 &
  spid=$!; pids+=("$spid")
  wait_for "http://127.0.0.1:$sport/healthz/live" 120
  market_starts+=("$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')")
  kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
done

# Market, embedded mode, against the remote.
port="$(free_port)"
api="http://127.0.0.1:$port/app-store/api/v2"
mkdir -p "$run/data"
t0="$(now)"
env "${market_env[@]}" Market__Storage__SqlitePath="$run/data/market.db" Market__Packages__Path="$run/data/packages" \
  dotnet "$MARKET" --urls "http://127.0.0.1:$port" >"$run/market.log" 2>&1 &
pid=$!; pids+=("$pid")
wait_for "http://127.0.0.1:$port/healthz/live" 120
live_measured="$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')"
live="$(median "${market_starts[@]}" "$live_measured")"
# Listed: the hash is polled (a few bytes), and the whole document is read only when the hash moved: reading and
# parsing the 818 KB document every 50 ms would take the very CPU the sync needs on two cores.
until=$(( $(date +%s) + 300 )) seen_hash=""
while :; do
  h="$(curl -fs -H 'X-Bfl-User: alice' "$api/market/hash" || true)"
  if [ -n "$h" ] && [ "$h" != "$seen_hash" ]; then
    seen_hash="$h"
    n="$(curl -fs -H 'X-Bfl-User: alice' "$api/market/data" | jq '.data.user_data.sources["market.olares"].app_info_latest | length' 2>/dev/null || echo 0)"
    [ "$n" -ge "$APPS" ] && break
  fi
  [ "$(date +%s)" -lt "$until" ] || { echo "catalog not listed after 300 s" >&2; exit 1; }
  sleep 0.02
done
listed="$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')"
sync="$(awk -v a="$live_measured" -v b="$listed" 'BEGIN { printf "%.3f", b - a }')"
# The sync's own duration, as Market records it (from its first request to the remote to its commit).
sync_own="$(curl -fs -H 'X-Bfl-User: admin' "$api/runtime/state" | jq '[.data.sources[]? | select(.source_id == "market.olares") | .last_duration_ms][0] / 1000' 2>/dev/null || echo 0)"

# nginx serving the same bytes.
www="$run/www"; mkdir -p "$www"
curl -fs -H 'X-Bfl-User: alice' "$api/market/hash" >"$www/hash"
curl -fs -H 'X-Bfl-User: alice' "$api/market/data" >"$www/data"
nport="$(free_port)"
cat >"$run/nginx.conf" <<NGINX
worker_processes 2;
pid $run/nginx.pid;
error_log $run/nginx.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $run/ngx-body; proxy_temp_path $run/ngx-proxy; fastcgi_temp_path $run/ngx-fcgi; uwsgi_temp_path $run/ngx-uwsgi; scgi_temp_path $run/ngx-scgi;
  server { listen 127.0.0.1:$nport; root $www; }
}
NGINX
nginx -c "$run/nginx.conf" -g 'daemon off; user root;' 2>>"$run/nginx.err" &
pids+=($!)
wait_for "http://127.0.0.1:$nport/hash" 20
# The framework's own figure: a minimal ASP.NET Core app serving the same bytes from memory (Results.Bytes).
aport="$(free_port)"
env "${gc_env[@]}" MINIMAL_BYTES_DIR="$www" dotnet "$MINIMAL" --urls "http://127.0.0.1:$aport" >"$run/minimal-bytes.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$aport/hash" 60
etag="$(curl -s -o /dev/null -D - -H 'X-Bfl-User: alice' "$api/market/data" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')"
netag="$(curl -s -o /dev/null -D - "http://127.0.0.1:$nport/data" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')"

rps() { # connections url [wrk args]: requests per second after a warm-up
  local conns="$1"; shift
  wrk -t2 -c"$conns" -d"${WARMUP_SECONDS}s" -H 'X-Bfl-User: alice' "$@" >/dev/null
  wrk -t2 -c"$conns" -d"${WRK_SECONDS}s" -H 'X-Bfl-User: alice' "$@" | awk '/Requests\/sec/ {print $2}'
}
# Market and nginx in turn, ROUNDS times per phase, so both see the same machine; the median of each side is kept
# (a neighbour's build that lands on one 5-second phase moves one round, not the figure).
phase() { # connections market-args -- nginx-args [-- minimal-args]: "market nginx [minimal]" medians
  local conns="$1"; shift
  local margs=() nargs=() aargs=() m=() n=() a=()
  while [ "$1" != "--" ]; do margs+=("$1"); shift; done; shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do nargs+=("$1"); shift; done
  [ $# -gt 0 ] && { shift; aargs=("$@"); }
  for _ in $(seq 1 "$ROUNDS"); do
    m+=("$(rps "$conns" "${margs[@]}")"); n+=("$(rps "$conns" "${nargs[@]}")")
    [ ${#aargs[@]} -gt 0 ] && a+=("$(rps "$conns" "${aargs[@]}")")
    WARMUP_SECONDS=1 # the first round warmed them up
  done
  echo "$(median "${m[@]}") $(median "${n[@]}") ${a[*]:+$(median "${a[@]}")}"
}
read -r hash_m hash_n hash_a <<<"$(phase 64 "$api/market/hash" -- "http://127.0.0.1:$nport/hash" -- "http://127.0.0.1:$aport/hash")"
read -r nm_m nm_n <<<"$(phase 64 -H "If-None-Match: $etag" "$api/market/data" -- -H "If-None-Match: $netag" "http://127.0.0.1:$nport/data")"
read -r data_m data_n data_a <<<"$(phase 8 "$api/market/data" -- "http://127.0.0.1:$nport/data" -- "http://127.0.0.1:$aport/data")"

# Memory with every user's view built.
seq 0 $((USERS - 1)) | xargs -P 8 -I{} curl -fs -o /dev/null -H 'X-Bfl-User: user{}' "$api/market/hash"
rss="$(rss_mb "$pid")"

echo "Machine: $(nproc) cores, $ROUNDS rounds per hot-read phase and start (medians), ReadyToRun ${READY_TO_RUN:-true}, DOTNET_GCgen0size ${GEN0SIZE:-default}, load $(cut -d' ' -f1-3 /proc/loadavg); $APPS apps, $USERS users, remote answers each batch in $BATCH_MS ms"
echo
echo "| figure | Market | comparator | ratio | target |"
echo "|---|---:|---:|---:|---|"
echo "| GET /market/hash, req/s (wrk, 64 connections) | $hash_m | nginx $hash_n | $(ratio "$hash_m" "$hash_n")× | ≥ 0.9× |"
echo "| GET /market/data → 304, req/s (64 connections) | $nm_m | nginx $nm_n | $(ratio "$nm_m" "$nm_n")× | ≥ 0.9× |"
echo "| GET /market/data 200, $(stat -c %s "$www/data") bytes, req/s (8 connections) | $data_m | nginx $data_n | $(ratio "$data_m" "$data_n")× | ≥ 0.9× |"
echo "| the same hash bytes from a minimal ASP.NET Core app (routing, Results.Bytes), req/s | minimal app $hash_a | nginx $hash_n | $(ratio "$hash_a" "$hash_n")× | the framework's own ratio |"
echo "| the same $(stat -c %s "$www/data") bytes from that minimal app, req/s | minimal app $data_a | nginx $data_n | $(ratio "$data_a" "$data_n")× | the framework's own ratio |"
echo "| process start → live, s (median of $ROUNDS starts each) | $live | minimal app $minimal_live | $(ratio "$live" "$minimal_live")× | ≤ 2× |"
echo "| process start → $APPS apps listed, s | $listed | | | ≤ 3 s |"
echo "| first sync, as Market records it, s | $sync_own | sequential download $download | $(ratio "$sync_own" "$download")× | ≤ 0.5× |"
echo "| first sync (listed − live, with the migrations and the first view), s | $sync | sequential download $download | $(ratio "$sync" "$download")× | |"
echo "| resident memory, MB ($USERS users' views built) | $rss | minimal app $minimal_rss | $(ratio "$rss" "$minimal_rss")× | ≤ 2.5×, ≤ 150 MB |"
