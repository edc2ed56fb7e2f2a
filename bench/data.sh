#!/usr/bin/env bash
# Data benchmark: starts the packaged server on a fresh temporary directory and a free loopback port, then
# times create, get by id and _query on 10,000 documents over HTTP and straight to the server's embedded
# engine with the MongoDB driver (the engine's address comes from the server log), at concurrency 1 and 16.
# Usage: bench/data.sh            (after: ./dev mvn -B -q -ntp -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
[ -d server/target/libs ] || { echo "build first: ./dev mvn -B -q -ntp -DskipTests package" >&2; exit 1; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$dir/server.log
scripts/run-server.sh server/target/libs --host 127.0.0.1 --port "$port" --dir "$dir/hyper" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server did not start" >&2; exit 1; }
  sleep 0.1
done
engine=$(grep -o 'embedded data engine listening on mongodb://[0-9.:]*' "$log" | awk '{print $NF}')
[ -n "$engine" ] || { cat "$log"; echo "no engine address in the log" >&2; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "server: http://127.0.0.1:$port, engine: $engine"
java -cp "server/target/libs/*" bench/DataBench.java "http://127.0.0.1:$port" "$engine"
