#!/usr/bin/env bash
# Queue benchmark: starts the packaged server on a fresh data directory and a free loopback port, then
# bench/queue-load.mjs measures enqueue throughput and end-to-end delivery (enqueue -> target received)
# at concurrency 1 and 16, with baselines from the same run. Prints a Markdown table.
#   build first: ./dev mvn -B -q -ntp -DskipTests package ; then: source scripts/jdk25.sh && bench/queue.sh
# Knobs: CONCURRENCY=1,16  JOBS_C1=1000  JOBS_C16=4000  WARMUP=1500  ROUNDS=3 (each round is a fresh server)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?source scripts/jdk25.sh first}"
[ -d server/target/libs ] || { echo "build first (mvn package)" >&2; exit 1; }
rounds=${ROUNDS:-3}

echo "machine: $(nproc) cores, $(uname -m), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), node $(node --version)"
for round in $(seq 1 "$rounds"); do
  data=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  scripts/run-server.sh server/target/libs --host 127.0.0.1 --port "$port" --dir "$data" >"$data.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$data.log"; echo "server did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo
  echo "round $round of $rounds"
  HYPER_URL="http://127.0.0.1:$port" node bench/queue-load.mjs
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data" "$data.log"
  trap - EXIT
done
