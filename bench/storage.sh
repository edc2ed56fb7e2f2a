#!/usr/bin/env bash
# Storage throughput benchmark: starts the packaged server on a fresh data directory and a free loopback
# port, then runs bench/StorageBench.java (uploads, downloads and plain file copies of 1 KiB, 1 MiB and
# 100 MiB objects). Build first: ./dev mvn -B -q -ntp -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
[ -d server/target/libs ] || { echo "build first (mvn -DskipTests package)" >&2; exit 1; }

# Data directory and scratch files on the same disk, so the copy baseline is comparable.
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/hyper-storage-bench.XXXXXX")
mkdir -p "$work/data" "$work/scratch"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
scripts/run-server.sh server/target/libs --host 127.0.0.1 --port "$port" --dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
  sleep 0.1
done

echo "machine: $(nproc) cores, $(uname -sr), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "disk: $(df -h "$work" | awk 'NR==2 {print $1 " (" $2 ")"}')"
"$JAVA_HOME/bin/java" bench/StorageBench.java "http://127.0.0.1:$port" "$work/scratch"
