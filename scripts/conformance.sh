#!/usr/bin/env bash
# Starts the packaged server (module path, fresh data directory, free port) and drives it with the
# official hyper-connect client: node --test over conformance/*.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?source scripts/jdk25.sh first}"
[ -d conformance/node_modules/hyper-connect ] || (cd conformance && npm ci --no-audit --no-fund)
[ -d server/target/libs ] || { echo "build first (mvn package)" >&2; exit 1; }

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)
log=$data.log
scripts/run-server.sh server/target/libs --host 127.0.0.1 --port "$port" --dir "$data" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server did not start" >&2; exit 1; }
  sleep 0.1
done
echo "conformance: hyper-connect against http://127.0.0.1:$port"
cd conformance
HYPER_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 ./*.test.mjs || { cat "$log"; exit 1; }
