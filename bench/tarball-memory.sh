#!/usr/bin/env bash
# Idle memory of an unpacked tarball, per set of launch settings, in one run:
#
#   bench/tarball-memory.sh <unpacked tarball> <reps> name='[NAME=value ...] JAVA_OPTS' ...
#
# Each repetition starts <dir>/bin/hyper-nano once per variant (variants interleaved: A B, B A, ...) on a fresh
# temporary data folder and a free loopback port, with HYPER_AOT=off (make the AOT cache first with
# bin/hyper-nano-aot, or the run measures the start without one). It prints, per run: milliseconds to the first
# answer of /health, RSS 5 s after it, and RSS 5 s after one call per service (cache set and get, data insert and
# get, search index, add and query, storage bucket, put and get). Words of the form NAME=value are environment
# variables (MALLOC_ARENA_MAX=16), the others JAVA_OPTS. Needs curl and python3.
set -uo pipefail
home=$1 reps=$2
shift 2
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
call() { curl -sf -o /dev/null "$@"; }
one_run() {
  local name=${1%%=*} envs=() opts="" word
  for word in ${1#*=}; do
    if [[ $word =~ ^[A-Z_]+= ]]; then envs+=("$word"); else opts+=" $word"; fi
  done
  local dir port start
  dir=$(mktemp -d) port=$(free_port) start=$(date +%s%N)
  env ${envs[@]+"${envs[@]}"} HYPER_AOT=off JAVA_OPTS="$opts" "$home/bin/hyper-nano" --host 127.0.0.1 \
    --port "$port" --dir "$dir/data" >"$dir/log" 2>&1 &
  local pid=$!
  until call "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
    sleep 0.005
  done
  local first_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5
  local after_start
  after_start=$(rss_mib "$pid")
  local u=http://127.0.0.1:$port json='content-type: application/json'
  call -X PUT "$u/cache/b"; call -X PUT -H "$json" -d '{"n":1}' "$u/cache/b/k"; call "$u/cache/b/k"
  call -X PUT "$u/data/b"; call -X POST -H "$json" -d '{"_id":"a","n":1}' "$u/data/b"; call "$u/data/b/a"
  call -X PUT -H "$json" -d '{"fields":["title"]}' "$u/search/b"
  call -X POST -H "$json" -d '{"key":"a","doc":{"title":"hello world"}}' "$u/search/b"
  call -X POST -H "$json" -d '{"query":"hello"}' "$u/search/b/_query"
  call -X PUT "$u/storage/b"; call -X PUT -H 'content-type: text/plain' --data-binary hello "$u/storage/b/x.txt"
  call "$u/storage/b/x.txt"
  sleep 5
  echo "$name first_ms=$first_ms rss_after_start=$after_start rss_after_calls=$(rss_mib "$pid")" \
    "threads=$(ls "/proc/$pid/task" | wc -l)"
  kill "$pid"
  wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
for rep in $(seq 1 "$reps"); do
  order=()
  for variant in "$@"; do  # A B, then B A, ...
    if [ $((rep % 2)) -eq 1 ]; then order+=("$variant"); else order=("$variant" "${order[@]}"); fi
  done
  for variant in "${order[@]}"; do one_run "$variant"; done
done
