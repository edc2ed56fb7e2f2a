#!/usr/bin/env bash
# Queue benchmark: starts the packaged server on a fresh data directory and a free loopback port, then
# bench/queue-load.mjs measures enqueue throughput and end-to-end delivery (enqueue -> target received)
# at concurrency 1 and 16, with baselines from the same run. Prints a Markdown table.
#   build first: ./dev mvn -B -q -ntp -DskipTests package ; then: bench/queue.sh
# Knobs: CONCURRENCY=1,16  JOBS_C1=1000  JOBS_C16=4000  WARMUP=1500  ROUNDS=3 (each round is a fresh server)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh
rounds=${ROUNDS:-3}

echo "machine: $(nproc) cores, $(uname -m), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), node $(node --version)"
for round in $(seq 1 "$rounds"); do
  data=$(mktemp -d)
  trap 'stop_server; rm -rf "$data" "$data.log"' EXIT
  start_server "$data" "$data.log"
  echo
  echo "round $round of $rounds"
  HYPER_URL="$SERVER_URL" node bench/queue-load.mjs
  stop_server
  rm -rf "$data" "$data.log"
  trap - EXIT
done
