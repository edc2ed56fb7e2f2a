# Start-up: process start → first answered GET /health (median of 10) and idle RSS, for each way a user
# can launch hyper-nano that this build has: the plain java launch, the distribution's jlink runtime
# (bin/hyper-nano, with its AOT cache), and the container image.
bench_startup() {
  startup_row "java (module path)" "scripts/run-server.sh: JDK 25, JVM defaults" \
    "$REPO/scripts/run-server.sh" "$REPO/server/target/libs" --host 127.0.0.1 --port '{port}' --dir '{dir}'

  if [ -f "$REPO/distribution/build.sh" ]; then
    local dist="$WORK/dist/hyper-nano"
    log "building the distribution (jlink runtime, AOT cache)"
    if sh "$REPO/distribution/build.sh" --aot --out "$dist" >"$WORK/dist.log" 2>&1; then
      startup_row "jlink runtime (bin/hyper-nano)" "the release tarball's launcher: jlink'ed JDK 25 runtime, AOT cache" \
        "$dist/bin/hyper-nano" --host 127.0.0.1 --port '{port}' --dir '{dir}'
    else
      startup_unavailable "jlink runtime (bin/hyper-nano)" "distribution/build.sh failed"
    fi
  else
    startup_unavailable "jlink runtime (bin/hyper-nano)" "the distribution is not in this build"
  fi

  if [ ! -f "$REPO/Dockerfile" ]; then
    startup_unavailable "container (docker run)" "no Dockerfile in this build"
  elif ! docker info >/dev/null 2>&1; then
    startup_unavailable "container (docker run)" "no container engine answers 'docker info' (for podman, set DOCKER_HOST)"
  else
    if ! docker image inspect hyper-nano >/dev/null 2>&1; then
      log "docker build -t hyper-nano ."
      docker build -q -t hyper-nano "$REPO" >"$WORK/docker-build.log" 2>&1 \
        || { startup_unavailable "container (docker run)" "docker build failed"; return 0; }
    fi
    STARTUP_CONTAINER='hyper-bench-{port}' startup_row "container (docker run)" \
      "image hyper-nano; includes the engine's container set-up; RSS of the container's java process" \
      docker run --rm --name 'hyper-bench-{port}' -p '127.0.0.1:{port}:6363' hyper-nano
  fi
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
