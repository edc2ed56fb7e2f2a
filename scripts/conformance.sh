#!/usr/bin/env bash
# Starts the packaged server (module path, fresh data directory, free port) and drives it with the
# official hyper-connect client: node --test over conformance/*.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh
[ -d conformance/node_modules/hyper-connect ] || (cd conformance && npm ci --no-audit --no-fund)

data=$(mktemp -d)
log=$data.log
trap 'stop_server; rm -rf "$data" "$log"' EXIT
start_server "$data" "$log"
echo "conformance: hyper-connect against $SERVER_URL"
cd conformance
HYPER_URL="$SERVER_URL" node --test --test-concurrency=1 ./*.test.mjs || { cat "$log"; exit 1; }
