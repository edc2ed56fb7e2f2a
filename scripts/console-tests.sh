#!/usr/bin/env bash
# Drives the console (GET /_console/) in headless Chromium with playwright-core: node --test over
# console-tests/*.test.mjs against the packaged server on a fresh data directory and a free port, and a
# second server with auth on for auth.test.mjs. Screenshots land in console-tests/output/.
# Needs Debian's chromium (CHROMIUM=<path> for another): without it the tests are skipped, except under
# CI, where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "${CI:-}" = true ]; then
    echo "console tests: $CHROMIUM is missing (apt-get install chromium)" >&2
    exit 1
  fi
  echo "console tests skipped: no $CHROMIUM (apt-get install chromium)"
  exit 0
fi
[ -d console-tests/node_modules/playwright-core ] || (cd console-tests && npm ci --no-audit --no-fund)

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
auth_sub=console-app
auth_secret=console-secret-$RANDOM$RANDOM
export HYPER_SECRET=$auth_secret
start_server "$auth_data" "$auth_log" --auth-sub "$auth_sub"
unset HYPER_SECRET
auth_pid=$SERVER_PID
auth_url=$SERVER_URL
echo "console tests: chromium against $url/_console/, with auth against $auth_url/_console/"
cd console-tests
rm -rf output
HYPER_URL="$url" HYPER_AUTH_URL="$auth_url" HYPER_AUTH_SUB="$auth_sub" HYPER_AUTH_SECRET="$auth_secret" \
  node --test --test-concurrency=1 ./*.test.mjs || { cat "$log" "$auth_log"; exit 1; }
