#!/usr/bin/env bash
# Starts the packaged server (module path, fresh data directory, free port) and drives it with the
# official hyper-connect client: node --test over conformance/*.test.mjs. A second server, with auth on and
# HTTPS beside HTTP, serves auth.test.mjs and cloud.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh
[ -d conformance/node_modules/hyper-connect ] || (cd conformance && npm ci --no-audit --no-fund)

data=$(mktemp -d)
log=$data.log
auth_data=$(mktemp -d)
auth_log=$auth_data.log
plain_pid=
auth_pid=
trap 'stop_server "$plain_pid"; stop_server "$auth_pid"; rm -rf "$data" "$log" "$auth_data" "$auth_log"' EXIT
start_server "$data" "$log"
plain_pid=$SERVER_PID
url=$SERVER_URL
# A second server with auth on, for auth.test.mjs (the secret goes through the environment, as advised),
# that also speaks HTTPS with a self-signed certificate on a port of its own, for cloud.test.mjs.
auth_sub=conformance-app
auth_secret=conformance-secret-$RANDOM$RANDOM
tls_port=$(free_port)
export HYPER_SECRET=$auth_secret
start_server "$auth_data" "$auth_log" --auth-sub "$auth_sub" --tls-self-signed --tls-port "$tls_port"
unset HYPER_SECRET
auth_pid=$SERVER_PID
auth_url=$SERVER_URL
cloud_url="cloud://$auth_sub:$auth_secret@127.0.0.1:$tls_port/conformance-app"
echo "conformance: hyper-connect against $url, with auth against $auth_url, cloud:// against https://127.0.0.1:$tls_port"
cd conformance
# Node trusts the server's local certificate authority as the start-up log says.
NODE_EXTRA_CA_CERTS="$auth_data/tls/ca.pem" HYPER_URL="$url" HYPER_AUTH_URL="$auth_url" HYPER_AUTH_SUB="$auth_sub" \
  HYPER_AUTH_SECRET="$auth_secret" HYPER_CLOUD_URL="$cloud_url" \
  node --test --test-concurrency=1 ./*.test.mjs || { cat "$log" "$auth_log"; exit 1; }
