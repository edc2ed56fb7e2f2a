#!/usr/bin/env bash
# Runs hyper-nano from a directory of module jars: run-server.sh <libs dir> [hyper-nano flags]
# The JVM options are those of every launch (distribution/jvm.args, which bounds the heap);
# HYPER_MAX_MEMORY (e.g. 512m) replaces that bound, and JAVA_OPTS adds to them and wins over both.
# A dynamic CDS archive beside the jars takes about a third off the start-up time: the JVM writes it when
# a run ends and none is there. The JVM does not remake an archive whose jars have changed (it only stops
# using it), so it is removed here when a jar is newer than it, and the next run writes a fresh one.
set -euo pipefail
source "$(dirname "$0")/jdk25.sh"
jvm_args="$(cd "$(dirname "$0")/../distribution" && pwd)/jvm.args"
libs=$1; shift
# As in distribution/hyper-nano.sh: two glibc arenas instead of up to 8 per core.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# one archive per jar folder, named after it: folders side by side (bench/compare.sh's before and after) must
# not share one, which the JVM may take for theirs
archive="$(cd "$libs/.." && pwd)/$(basename "$(cd "$libs" && pwd)").jsa"
if [ -f "$archive" ] && [ -n "$(find "$libs" -newer "$archive" -print -quit)" ]; then
  rm -f "$archive"
fi
exec "$JAVA_HOME/bin/java" "@$jvm_args" ${HYPER_MAX_MEMORY:+"-Xmx$HYPER_MAX_MEMORY"} \
  -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive" -Xlog:cds*=off,aot*=off ${JAVA_OPTS:-} \
  --module-path "$libs" -m hyper.server/hyper.server.Main "$@"
