# Shared functions of the benchmark harness; sourced by bench/run.sh and bench/profile.sh.
# Expects: REPO (repository root), WORK (this run's scratch directory), ROWS (the results file).

HARNESS="$REPO/bench/harness"
STARTED_PIDS=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_http URL PID [SECONDS]: polls URL until it answers 2xx, failing early if PID dies.
wait_http() {
  local url=$1 pid=$2 limit=${3:-60} i
  for ((i = 0; i < limit * 20; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# spawn LOGFILE CMD...: starts CMD in its own session (so that it and its children can be stopped
# together), remembers it for cleanup, and sets SPAWNED to its pid.
spawn() {
  local logfile=$1; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  SPAWNED=$!
  STARTED_PIDS+=("$SPAWNED")
}

# stop_tree SID...: SIGTERM to every process of these sessions (a spawned pid is its session's id), then
# SIGKILL to whatever is left after 30 s.
stop_tree() {
  local pids i
  pids=$(session_pids "$@")
  [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
  for ((i = 0; i < 300; i++)); do
    [ -z "$(session_pids "$@")" ] && break
    sleep 0.1
  done
  pids=$(session_pids "$@")
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
  wait "$@" 2>/dev/null || true
}

stop_all() {
  [ ${#STARTED_PIDS[@]} -gt 0 ] && stop_tree "${STARTED_PIDS[@]}"
  STARTED_PIDS=()
}

# session_pids SID...: every live process of these sessions (a peer and the helpers it forked).
session_pids() {
  local sid
  for sid in "$@"; do pgrep -s "$sid" 2>/dev/null || true; done
}

# cpu_ticks PID...: user+system clock ticks used so far by these processes.
cpu_ticks() {
  local files=() pid
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && files+=("/proc/$pid/stat"); done
  [ ${#files[@]} -eq 0 ] && { echo 0; return; }
  # The command name in field 2 may hold spaces: count fields after its closing parenthesis.
  awk '{ sub(/^.*\) /, ""); split($0, f, " "); t += f[12] + f[13] } END { print t + 0 }' "${files[@]}" 2>/dev/null
}

# rss_kb PID...: resident set size of these processes together, in KiB.
rss_kb() {
  local total=0 pid kb
  for pid in "$@"; do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# measure SERVICE OP IMPL NOTE: runs the workload described by the BENCH_* variables against BASE_URL
# (warm-up, then each concurrency) while MEASURED_SIDS (session ids) are the server's processes; appends
# one row per concurrency to ROWS.
measure() {
  local service=$1 op=$2 impl=$3 note=$4 conc out tf pids t0 t1 w0 w1 gen
  local hz
  hz=$(getconf CLK_TCK)
  log "$impl: $service $op"
  export BENCH_TAG="w$RANDOM"
  wrk -t1 -c16 -d"${WARMUP}s" --timeout 10s -s "$HARNESS/workload.lua" "$BASE_URL" >/dev/null 2>&1 || true
  for conc in $CONCURRENCIES; do
    export BENCH_TAG="c$conc$RANDOM"
    out="$WORK/wrk.out" tf="$WORK/wrk.time"
    pids=$(session_pids $MEASURED_SIDS)
    t0=$(cpu_ticks $pids) w0=$(date +%s%N)
    { TIMEFORMAT='%3U %3S'; time wrk -t1 -c"$conc" -d"${DURATION}s" --timeout 10s \
        -s "$HARNESS/workload.lua" "$BASE_URL" >"$out" 2>&1; } 2>"$tf"
    w1=$(date +%s%N)
    pids=$(session_pids $MEASURED_SIDS)
    t1=$(cpu_ticks $pids)
    gen=$(awk -v ns=$((w1 - w0)) '{printf "%.0f", ($1 + $2) * 1e11 / ns}' "$tf")
    local json
    json=$(grep '^{' "$out" | tail -1)
    if [ -z "$json" ]; then
      log "wrk failed: $(tr '\n' ' ' <"$out")"
      continue
    fi
    jq -r --arg s "$service" --arg o "$op" --arg i "$impl" --arg c "$conc" --arg n "$note" \
      --arg rss "$(rss_kb $pids)" --arg gen "$gen" \
      --arg cpu "$(awk -v t=$((t1 - t0)) -v hz="$hz" -v ns=$((w1 - w0)) 'BEGIN {printf "%.0f", t * 1e11 / hz / ns}')" \
      '[$s, $o, $i, $c, (.requests * 1e6 / .duration_us | floor), .p50_us, .p99_us, .requests,
        .status_errors, .socket_errors, $rss, $cpu, $gen, $n] | @tsv' <<<"$json" >>"$ROWS"
    tail -1 "$ROWS" | awk -F'\t' '{printf "    c=%-3s %8s req/s  p50 %6.2f ms  p99 %7.2f ms  errors %s/%s  rss %d MiB  cpu %s%%  wrk %s%%\n",
      $4, $5, $6/1000, $7/1000, $9, $10, $11/1024, $12, $13}' >&2
  done
}

# timed_row SERVICE OP IMPL CONC NOTE COMMAND...: a row measured by COMMAND itself (a loader or driver
# that prints {rate, count, errors, p50_ms, p99_ms}), with the server's RSS and CPU around it.
timed_row() {
  local service=$1 op=$2 impl=$3 conc=$4 note=$5 pids t0 w0 json cpu
  shift 5
  log "$impl: $service $op"
  pids=$(session_pids $MEASURED_SIDS)
  t0=$(cpu_ticks $pids) w0=$(date +%s%N)
  json=$("$@") || { log "failed: $*"; return 0; }
  pids=$(session_pids $MEASURED_SIDS)
  cpu=$(awk -v t=$(($(cpu_ticks $pids) - t0)) -v hz="$(getconf CLK_TCK)" -v ns=$(($(date +%s%N) - w0)) \
    'BEGIN {printf "%.0f", t * 1e11 / hz / ns}')
  jq -r --arg s "$service" --arg o "$op" --arg i "$impl" --arg c "$conc" --arg n "$note" \
    --arg rss "$(rss_kb $pids)" --arg cpu "$cpu" \
    '[$s, $o, $i, $c, (.rate | floor), (.p50_ms * 1000 | floor), (.p99_ms * 1000 | floor), .count, .errors, 0,
      $rss, $cpu, "", $n] | @tsv' <<<"$json" >>"$ROWS"
  tail -1 "$ROWS" | awk -F'\t' '{printf "    c=%-3s %8s /s  p50 %6.2f ms  p99 %7.2f ms  errors %s  rss %d MiB  cpu %s%%\n",
    $4, $5, $6/1000, $7/1000, $9, $11/1024, $12}' >&2
}

# unavailable SERVICE IMPL WHY: a row saying that a comparison could not be made, and why.
unavailable() {
  printf '%s\t-\t%s\t-\t\t\t\t\t\t\t\t\t\t%s\n' "$1" "$2" "$3" >>"$ROWS"
}

# filler N: N characters of filler text, for values of a fixed size.
filler() { head -c "$1" </dev/zero | tr '\0' 'x'; }

# ---- hyper-nano itself ---------------------------------------------------------------------------

# start_hyper: the packaged server (HYPER_LIBS, default server/target/libs) on a fresh data directory and
# a free port. Sets HYPER_PID, BASE_URL, MEASURED_SIDS and HYPER_SERVICES (the services on GET /).
start_hyper() {
  local port dir
  port=$(free_port)
  dir=$(mktemp -d "$WORK/hyper-data.XXXX")
  spawn "$WORK/hyper-$port.log" env JAVA_OPTS="${HYPER_JAVA_OPTS:-}" \
    "$REPO/scripts/run-server.sh" "${HYPER_LIBS:-$REPO/server/target/libs}" --host 127.0.0.1 --port "$port" --dir "$dir"
  HYPER_PID=$SPAWNED
  BASE_URL="http://127.0.0.1:$port"
  MEASURED_SIDS=$HYPER_PID
  if ! wait_http "$BASE_URL/health" "$HYPER_PID" 60; then
    cat "$WORK/hyper-$port.log" >&2
    echo "hyper-nano did not start" >&2
    exit 1
  fi
  HYPER_SERVICES=$(curl -fsS "$BASE_URL/" | jq -r '.services | join(" ")')
}

stop_hyper() {
  stop_tree "$HYPER_PID"
}

has_service() { [[ " $HYPER_SERVICES " == *" $1 "* ]]; }

# call METHOD PATH [BODY]: one JSON request that must succeed (set-up steps).
call() {
  local method=$1 path=$2 data=${3:-}
  if [ -n "$data" ]; then
    curl -fsS -X "$method" -H 'Content-Type: application/json' --data-binary "$data" "$BASE_URL$path" >/dev/null
  else
    curl -fsS -X "$method" "$BASE_URL$path" >/dev/null
  fi
}

# workload METHOD PATH [BODY_FILE] [CONTENT_TYPE] [KEYS] [FIRST_KEY] [HEADERS]: the request the next
# measure sends (see workload.lua for the templates).
workload() {
  export BENCH_METHOD=$1 BENCH_PATH=$2 BENCH_BODY=${3:-} BENCH_TYPE=${4:-application/json} \
    BENCH_KEYS=${5:-10000} BENCH_FIRST=${6:-0} BENCH_HEADERS=${7:-}
}

# fill RECIPE ARGS...: loads a data set into the server at BASE_URL (see fill.mjs); prints its timing.
fill() {
  local recipe=$1; shift
  node "$HARNESS/fill.mjs" "$recipe" "$BASE_URL" "$@"
}

# ---- peers -------------------------------------------------------------------------------------------

peers_wanted() { [ "$PEERS" = 1 ]; }

# need_apt COMMAND PACKAGE: installs a Debian package unless its command is there already.
need_apt() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$2" >>"$WORK/apt.log" 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq >>"$WORK/apt.log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$2" >>"$WORK/apt.log" 2>&1; }
  command -v "$1" >/dev/null 2>&1
}

# need_npm: the npm peers pinned in peers/package.json, installed beside it once.
need_npm() {
  local dir="$HARNESS/peers"
  [ -d "$dir/node_modules/pouchdb-server" ] && [ -d "$dir/node_modules/minisearch" ] && return 0
  log "installing the npm peers"
  (cd "$dir" && npm install --no-audit --no-fund --no-package-lock >>"$WORK/npm.log" 2>&1)
}
