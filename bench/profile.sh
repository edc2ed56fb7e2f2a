#!/usr/bin/env bash
# Profiles hyper-nano with Java Flight Recorder under one workload of the benchmark harness, and names the
# hot spots: the hottest methods (own CPU samples) and the hottest frames of our own code (hyper.*,
# samples anywhere below them).
#
#   bench/profile.sh noop|cache-get|cache-set|search-query [seconds]     (default 20 s at 16 connections)
#
# The JVM has warmed up while loading the data set (10,000 requests); the noop workload gets a 5 s warm-up.
# The recording stays in bench/results/profile-<workload>.jfr for `jfr view` / JDK Mission Control.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
source scripts/jdk25.sh
workload_name=${1:?noop, cache-get, cache-set or search-query}
seconds=${2:-20}
WORK=$(mktemp -d)
ROWS=/dev/null
mkdir -p bench/results
recording="$REPO/bench/results/profile-$workload_name.jfr"
source bench/harness/lib.sh
trap 'stop_all; rm -rf "$WORK"' EXIT

[ -d server/target/libs ] || mvn -B -q -ntp -DskipTests package
start_hyper
value="$WORK/value.json"
printf '{"v":"%s"}' "$(filler 1016)" >"$value"
case $workload_name in
  noop)
    workload GET /health
    wrk -t1 -c16 -d5s -s "$HARNESS/workload.lua" "$BASE_URL" >/dev/null
    ;;
  cache-get | cache-set)
    call PUT /cache/bench
    fill cache-hyper 10000 >/dev/null
    if [ "$workload_name" = cache-get ]; then workload GET '/cache/bench/k{r}'; else workload PUT '/cache/bench/k{r}' "$value"; fi
    ;;
  search-query)
    call PUT /search/bench '{"fields":["title","body"],"storeFields":["title"]}'
    fill search-hyper 100000 >/dev/null
    node "$HARNESS/fill.mjs" vocabulary >"$WORK/words.txt"
    export BENCH_WORDS="$WORK/words.txt"
    printf '{"query":"{w}"}' >"$WORK/query.json"
    workload POST /search/bench/_query "$WORK/query.json" application/json 1000 5000
    wrk -t1 -c16 -d5s -s "$HARNESS/workload.lua" "$BASE_URL" >/dev/null
    ;;
  *) echo "unknown workload $workload_name" >&2; exit 2 ;;
esac
export BENCH_TAG=profile
# Recording starts after the data set is loaded, so that only the workload is in it.
"$JAVA_HOME/bin/jcmd" "$HYPER_PID" JFR.start name=bench settings=profile >/dev/null
wrk -t1 -c16 -d"${seconds}s" --timeout 10s -s "$HARNESS/workload.lua" "$BASE_URL" | grep '^{'
"$JAVA_HOME/bin/jcmd" "$HYPER_PID" JFR.dump name=bench filename="$recording" >/dev/null
stop_hyper

echo "== hottest methods (samples in the method itself)"
"$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$recording" | sed -n '1,30p'
echo "== hottest frames of our code (hyper.*: samples in it or below it)"
"$JAVA_HOME/bin/jfr" print --json --stack-depth 64 --events jdk.ExecutionSample "$recording" >"$WORK/samples.json"
node "$HARNESS/hot-frames.mjs" "$WORK/samples.json"
