#!/usr/bin/env bash
# Memory under load, JVM defaults against the launch's own settings (distribution/jvm.args), in one run.
#
#   bench/memory.sh [--reps N] [--data N] [--cache N] [--search N] [--idle S] [--no-defaults] [name='JAVA_OPTS' ...]
#
# Each repetition starts server/target/libs through scripts/run-server.sh (a fresh temporary data directory,
# a free loopback port) once per variant, the variants interleaved (A B, B A, ...). A run loads --data
# documents (default 100,000, bulk of 1,000, one index), --cache 1 KiB values (5,000) and --search documents
# (10,000), then reads (get by id, data and search queries, cache gets), then waits --idle seconds (15).
# The server's RSS is read from /proc: after start, the peak under load (sampled every 100 ms), at the end
# of the load, and idle after it. Prints medians per variant and the ratios to the first variant.
#
# Variants are JAVA_OPTS added after jvm.args, with environment variables first if any (NAME=value). Always
# measured: 'jvm-defaults', which puts back the JVM's own choices, and 'launch', the settings every launcher
# uses; variants given are measured after these two. --no-defaults leaves 'jvm-defaults' out (on a busy
# machine it is the slowest run, and its figures do not change with the launch's settings). Needs python3
# and curl; builds if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

reps=3 data=100000 cache=5000 search=10000 idle=15 with_defaults=1
variants=()
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --search) search=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --no-defaults) with_defaults=""; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *=*) variants+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
# What the JVM and the libraries pick by themselves on this machine (G1, a quarter of the RAM as heap, no
# trimming, unbounded buffer caches, netty 4.2's adaptive allocator, a 240 MiB code cache, glibc's 8 malloc
# arenas per core): each memory line of jvm.args and the launchers undone.
flag() { "$JAVA_HOME/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | awk -v f="$1" '$2==f {print $4}'; }
defaults="MALLOC_ARENA_MAX=$((8 * $(nproc))) -XX:-UseSerialGC -XX:+UseG1GC -Xms$(flag InitialHeapSize) -Xmx$(flag MaxHeapSize)"
defaults+=" -XX:ReservedCodeCacheSize=$(flag ReservedCodeCacheSize)"
defaults+=" -XX:MinHeapFreeRatio=$(flag MinHeapFreeRatio) -XX:MaxHeapFreeRatio=$(flag MaxHeapFreeRatio)"
defaults+=" -XX:TrimNativeHeapInterval=0 -Djdk.nio.maxCachedBufferSize=9223372036854775807"
defaults+=" -Dio.netty.allocator.type=adaptive"
variants=(${with_defaults:+"jvm-defaults=$defaults"} "launch=" ${variants[@]+"${variants[@]}"})

if [ ! -d server/target/libs ] || [ -n "$(find . \( -name target -o -name .git -o -name node_modules \) -prune -o \
    \( -name pom.xml -o -path '*/src/main*' \) -newer server/target/libs -print -quit)" ]; then
  echo "building (mvn package, no tests)" >&2
  mvn -B -q -ntp -DskipTests package >/dev/null
  touch server/target/libs
fi

work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
results=$work/runs.jsonl
# A copy of the jars, so that a build during the run cannot change them; its CDS archive is made first.
cp -r server/target/libs "$work/libs"
export HYPER_LIBS=$work/libs
start_server "$work/prime" "$work/server.log" && stop_server
echo "memory bench $(date -u +%Y-%m-%dT%H:%MZ): data $data, cache $cache, search $search, idle ${idle}s," \
  "$reps reps; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

one_run() {
  local name=${1%%=*} opts="" envs=() dir=$work/data-$2-${1%%=*} word
  for word in ${1#*=}; do
    if [[ $word =~ ^[A-Z_]+= ]]; then envs+=("$word"); else opts+="${opts:+ }$word"; fi
  done
  echo "  rep $2 $name: ${envs[*]} JAVA_OPTS='$opts'" >&2
  for word in "${envs[@]}"; do export "$word"; done
  JAVA_OPTS="$opts" HYPER_MAX_MEMORY='' start_server "$dir" "$work/server.log"
  for word in "${envs[@]}"; do unset "${word%%=*}"; done
  sleep 2  # settle after start
  local json
  if ! json=$(python3 bench/harness/memory.py run "$SERVER_URL" "$SERVER_PID" "$data" "$cache" "$search" "$idle"); then
    tail -20 "$work/server.log" >&2
    exit 1
  fi
  stop_server
  rm -rf "$dir"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r["variant"]=sys.argv[2]; print(json.dumps(r))' \
    "$json" "$name" | tee -a "$results" >&2
}

for rep in $(seq 1 "$reps"); do
  order=()
  for ((i = 0; i < ${#variants[@]}; i++)); do  # A B C, then C B A, ...
    if [ $((rep % 2)) -eq 1 ]; then order+=("${variants[i]}"); else order=("${variants[i]}" "${order[@]}"); fi
  done
  for v in "${order[@]}"; do one_run "$v" "$rep"; done
done
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 bench/harness/memory.py summary "$results"
