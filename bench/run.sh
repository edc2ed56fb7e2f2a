#!/usr/bin/env bash
# Benchmarks every service of hyper-nano over HTTP, beside a no-op route of the same server and beside the
# peers a user might pick instead, then measures start-up; prints the tables and rewrites BENCHMARKS.md.
#
#   bench/run.sh                      the whole run (about 40 minutes; writes BENCHMARKS.md)
#   bench/run.sh --quick              short runs, for checking the harness (writes bench/results/ only)
#   bench/run.sh --only noop,cache    some workloads only: noop cache data storage search queue scale startup
#   bench/run.sh --no-peers           hyper-nano only
#   bench/run.sh --duration 20        seconds per measured run (default 10; warm-up 3)
#   bench/run.sh --scale-max 100000   largest size of the scale workload (10,000, 100,000, 1,000,000: default)
#   bench/run.sh --opensearch-max N   largest size loaded into the OpenSearch peer (default 100,000)
#
# Needs JDK 25 (scripts/jdk25.sh), node, curl, jq; installs wrk and the peers from Debian or npm when they
# are missing, and fetches OpenSearch with Maven (into bench/.cache). Everything listens on 127.0.0.1 only, on free ports, with data in a fresh temp directory.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
source scripts/jdk25.sh

DURATION=10 WARMUP=3 PEERS=1 WRITE_DOC=1 CONCURRENCIES="1 16"
ONLY="noop cache data storage search queue scale startup"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) DURATION=3 WARMUP=1 WRITE_DOC=0 STARTUP_RUNS=3 ;;
    --only) ONLY=${2//,/ }; WRITE_DOC=0; shift ;;
    --no-peers) PEERS=0 ;;
    --duration) DURATION=$2; shift ;;
    --scale-max) SCALE_MAX=$2; shift ;;
    --opensearch-max) OPENSEARCH_MAX=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

RESULTS="$REPO/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
chmod 755 "$WORK"   # peers that drop privileges (nginx workers, RabbitMQ) read their files in it
ROWS="$RESULTS/rows.tsv"
STARTUP="$RESULTS/startup.tsv"
: >"$ROWS"
: >"$STARTUP"
source bench/harness/lib.sh
for service in noop cache data storage search queue scale startup; do source "bench/harness/$service.sh"; done
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

need_apt wrk wrk || { echo "wrk is needed and could not be installed" >&2; exit 1; }
for tool in node curl jq; do command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 1; }; done
if [ ! -d server/target/libs ] || [ -n "$(find . -path ./bench -prune -o -name '*.java' -newer server/target/libs -print -o -name pom.xml -newer server/target/libs -print | head -1)" ]; then
  log "building (mvn package, no tests)"
  mvn -B -q -ntp -DskipTests package >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
  touch server/target/libs
fi

bench/harness/machine.sh >"$RESULTS/machine.txt"
log "results in $RESULTS"
for service in $ONLY; do "bench_$service"; done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/machine.txt"

node bench/harness/report.mjs "$RESULTS" --settings "wrk -t1, ${DURATION}s per run after ${WARMUP}s warm-up at 16 connections"
if [ "$WRITE_DOC" = 1 ]; then
  node bench/harness/report.mjs "$RESULTS" --markdown \
    --settings "wrk -t1, ${DURATION}s per run after ${WARMUP}s warm-up at 16 connections" >BENCHMARKS.md
  log "wrote BENCHMARKS.md"
fi
