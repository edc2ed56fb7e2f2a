#!/usr/bin/env bash
# Builds and tests the shipped artefacts: the release tarball, the Docker image (both variants: the default
# embedded one and VARIANT=production), docker-compose.yml and the devcontainer feature. Everything CI needs,
# in one script; needs no stdin.
#   scripts/container-tests.sh
# Engine: if `docker info` already works (Docker, or podman behind DOCKER_HOST) it is used as it is.
# Otherwise the engine set-up script is run: $CONTAINER_ENGINE_SETUP, or shared/tools/container-engine-setup.sh
# beside this repository's folder; it prints the DOCKER_HOST etc. to use, and the engine it started is
# stopped again at the end. The tests run with HYPER_REQUIRE_CONTAINERS=true: they fail, never skip.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"
source scripts/jdk25.sh
log() { echo "[container-tests] $*" >&2; }

setup=${CONTAINER_ENGINE_SETUP:-$(dirname "$repo_root")/shared/tools/container-engine-setup.sh}
started_engine=false
compose_project=hyper-nano-ct-$$
compose=()

cleanup() {
  set +e
  if [ ${#compose[@]} -gt 0 ]; then
    "${compose[@]}" -p "$compose_project" down -v --remove-orphans >/dev/null 2>&1
  fi
  leftovers=$(docker ps -aq --filter label=org.testcontainers=true 2>/dev/null)
  [ -n "$leftovers" ] && docker rm -f -v $leftovers >/dev/null 2>&1
  if [ "$started_engine" = true ]; then bash "$setup" stop; fi
}
trap cleanup EXIT

if docker info >/dev/null 2>&1; then
  log "using the running container engine"
else
  [ -f "$setup" ] || { log "no container engine, and no set-up script at $setup"; exit 1; }
  log "setting up the container engine with $setup"
  eval "$(bash "$setup")"
  started_engine=true
fi
# Testcontainers' Ryuk cannot run on every engine (podman); the tests remove their containers themselves.
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}

log "packaging the server and the release tarball"
mvn -B -q -ntp -DskipTests package -pl server -am
tarball=$(distribution/build.sh --tarball distribution/target)
log "tarball: $tarball ($(du -h "$tarball" | cut -f1))"

log "docker build -t hyper-nano ."
docker build -q -t hyper-nano . >/dev/null
# HyperNanoContainer (testcontainers/) runs hyper-nano:<project version> by default
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
docker tag hyper-nano "hyper-nano:$version"

log "docker build --build-arg VARIANT=production -t hyper-nano:production ."
docker build -q --build-arg VARIANT=production -t hyper-nano:production . >/dev/null
# A Redis URL where nothing listens: the default image refuses it for want of the engine, naming the variant
# that has it; the production variant gets as far as trying to reach Redis. Both exit 1 with one line.
# (docker wait, not docker run --rm: through podman's Docker API the latter does not pass the exit code on)
# podman now and then fails to start a container ("write child: broken pipe", exit 125) on a busy machine:
# an engine hiccup, not a fault of the image, so a start is tried up to three times.
run_detached() {
  local attempt
  for attempt in 1 2 3; do
    docker run -d "$@" && return 0
    log "docker run -d $* failed (attempt $attempt)"; sleep 3
  done
  return 1
}
refusal() {
  local ctr out status
  ctr=$(run_detached "$1" --cache-url redis://127.0.0.1:1)
  status=$(timeout 60 docker wait "$ctr" || echo "no exit within 60 s")
  out=$(docker logs "$ctr" 2>&1)
  docker rm -f -v "$ctr" >/dev/null
  if [ "$status" != 1 ] || ! grep -q "$2" <<<"$out" || grep -q 'Exception' <<<"$out"; then
    log "$1 --cache-url redis://127.0.0.1:1: expected exit 1 and '$2', got exit $status:"; echo "$out" >&2; exit 1
  fi
}
refusal hyper-nano "no cache engine serves 'redis:' URLs: this build has the embedded engines only"
refusal hyper-nano:production "cannot reach the cache engine at"
log "the production variant answers /health with its embedded engines"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
production=$(run_detached -p "127.0.0.1:$port:6363" hyper-nano:production)
for _ in $(seq 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.5; done
healthy=true; curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || healthy=false
docker rm -f -v "$production" >/dev/null
[ "$healthy" = true ] || { log "hyper-nano:production did not answer /health within 60 s"; exit 1; }

log "image, tarball, devcontainer feature and HyperNanoContainer tests"
# core and test-support in the reactor too: the container tests use test-support's helpers, and nothing is installed
HYPER_REQUIRE_CONTAINERS=true mvn -B -ntp -Pcontainers -pl core,test-support,client,testcontainers,container-tests verify
log "the example app's container test (HyperNanoContainer); its other tests ran in mvn verify"
report=examples/java-app/target/surefire-reports/TEST-example.movies.MovieCatalogueContainerTest.xml
rm -f "$report"
HYPER_REQUIRE_CONTAINERS=true mvn -B -ntp -q -Pcontainers -pl examples/java-app -am \
  -Dtest='MovieCatalogueContainerTest' -Dsurefire.failIfNoSpecifiedTests=false verify
grep -q 'tests="1" errors="0" skipped="0" failures="0"' "$report" 2>/dev/null \
  || { log "the example app's container test did not run"; exit 1; }

log "docker-compose.yml: hyper-nano and the example app"
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif command -v docker-compose >/dev/null; then compose=(docker-compose)
else log "neither 'docker compose' nor docker-compose is installed"; exit 1; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export HYPER_NANO_PORT=$port
"${compose[@]}" -p "$compose_project" config -q
"${compose[@]}" -p "$compose_project" up -d --no-build >/dev/null
app=$("${compose[@]}" -p "$compose_project" ps -q app)
app_exit=$(timeout 60 docker wait "$app")
app_log=$(docker logs "$app" 2>&1)
if [ "$app_exit" != 0 ] || ! grep -q ' 200 ' <<<"$app_log"; then
  log "the example app did not reach hyper-nano by service name (exit $app_exit):"; echo "$app_log" >&2; exit 1
fi
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { log "compose: port $port not published"; exit 1; }
log "docker stop of the compose service: SIGTERM, the shutdown line, exit 143 (or 0), not the kill (137)"
server=$("${compose[@]}" -p "$compose_project" ps -q hyper-nano)
docker stop "$server" >/dev/null
server_exit=$(docker inspect -f '{{.State.ExitCode}}' "$server")
if { [ "$server_exit" != 143 ] && [ "$server_exit" != 0 ]; } || ! docker logs "$server" 2>&1 | grep -q 'stopping hyper nano'; then
  log "docker stop did not stop hyper-nano cleanly (exit $server_exit):"; docker logs "$server" >&2; exit 1
fi
log "all artefact tests passed"
