#!/usr/bin/env bash
# Data benchmark: starts the packaged server on a fresh temporary directory and a free loopback port, then
# times create, get by id and _query on 10,000 documents over HTTP and straight to the server's embedded
# engine with the MongoDB driver (the engine's address comes from the server log), at concurrency 1 and 16.
# Usage: bench/data.sh            (after: ./dev mvn -B -q -ntp -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

dir=$(mktemp -d)
log=$dir/server.log
trap 'stop_server; rm -rf "$dir"' EXIT
start_server "$dir/hyper" "$log"
port=$SERVER_PORT
engine=$(grep -o 'embedded data engine listening on mongodb://[0-9.:]*' "$log" | awk '{print $NF}')
[ -n "$engine" ] || { cat "$log"; echo "no engine address in the log" >&2; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "server: http://127.0.0.1:$port, engine: $engine"
java -cp "server/target/libs/*" bench/DataBench.java "http://127.0.0.1:$port" "$engine"
