# Start-up: process start → first answered GET /health (median of 10) and idle RSS, for each way a user
# can launch hyper-nano that this build has.
bench_startup() {
  startup_row "java (module path)" "scripts/run-server.sh with JVM defaults" \
    "$REPO/scripts/run-server.sh" "$REPO/server/target/libs" --host 127.0.0.1 --port '{port}' --dir '{dir}'
}

# startup_row VARIANT NOTE COMMAND...: ten launches of COMMAND ({port} and {dir} filled in per launch).
startup_row() {
  local variant=$1 note=$2 json
  shift 2
  log "start-up: $variant"
  json=$(node "$HARNESS/startup.mjs" "${STARTUP_RUNS:-10}" ${STARTUP_CONTAINER:+--container "$STARTUP_CONTAINER"} -- "$@") \
    || { startup_unavailable "$variant" "failed to start"; return 0; }
  jq -r --arg v "$variant" --arg n "$note" '[$v, .runs, .median, .min, .max, .rss_kb, $n] | @tsv' <<<"$json" >>"$STARTUP"
  tail -1 "$STARTUP" | awk -F'\t' '{printf "    median %s ms (%s-%s), idle rss %d MiB\n", $3, $4, $5, $6/1024}' >&2
}

startup_unavailable() {
  printf '%s\t-\t\t\t\t\t%s\n' "$1" "$2" >>"$STARTUP"
}
