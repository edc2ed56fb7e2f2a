#!/usr/bin/env bash
# Runs hyper-nano from a directory of module jars: run-server.sh <libs dir> [hyper-nano flags]
# A dynamic CDS archive beside the jars (made on the first run, silently remade when the jars change) takes
# about a third off the start-up time.
set -euo pipefail
libs=$1; shift
archive="$(cd "$libs/.." && pwd)/hyper-nano.jsa"
exec "${JAVA_HOME:?}/bin/java" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive" -Xlog:cds*=off,aot*=off ${JAVA_OPTS:-} \
  --enable-native-access=org.xerial.sqlitejdbc,org.apache.lucene.core,ALL-UNNAMED \
  --module-path "$libs" --add-modules ALL-MODULE-PATH \
  -m hyper.server/hyper.server.Main "$@"
