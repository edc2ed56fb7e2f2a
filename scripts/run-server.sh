#!/usr/bin/env bash
# Runs hyper-nano from a directory of module jars: run-server.sh <libs dir> [hyper-nano flags]
# The JVM options are those of every launch (distribution/jvm.args); JAVA_OPTS adds to them.
# A dynamic CDS archive beside the jars (made on the first run, silently remade when the jars change) takes
# about a third off the start-up time.
set -euo pipefail
source "$(dirname "$0")/jdk25.sh"
jvm_args="$(cd "$(dirname "$0")/../distribution" && pwd)/jvm.args"
libs=$1; shift
archive="$(cd "$libs/.." && pwd)/hyper-nano.jsa"
exec "$JAVA_HOME/bin/java" "@$jvm_args" \
  -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive" -Xlog:cds*=off,aot*=off ${JAVA_OPTS:-} \
  --module-path "$libs" -m hyper.server/hyper.server.Main "$@"
