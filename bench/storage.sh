#!/usr/bin/env bash
# Storage throughput benchmark: starts the packaged server on a fresh data directory and a free loopback
# port, then runs bench/StorageBench.java (uploads, downloads and plain file copies of 1 KiB, 1 MiB and
# 100 MiB objects). Build first: ./dev mvn -B -q -ntp -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

# Data directory and scratch files on the same disk, so the copy baseline is comparable.
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/hyper-storage-bench.XXXXXX")
mkdir -p "$work/data" "$work/scratch"
trap 'stop_server; rm -rf "$work"' EXIT
start_server "$work/data" "$work/server.log"
port=$SERVER_PORT

echo "machine: $(nproc) cores, $(uname -sr), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "disk: $(df -h "$work" | awk 'NR==2 {print $1 " (" $2 ")"}')"
"$JAVA_HOME/bin/java" bench/StorageBench.java "http://127.0.0.1:$port" "$work/scratch"
