#!/usr/bin/env bash
# Runs hyper-nano from a directory of module jars: run-server.sh <libs dir> [hyper-nano flags]
set -euo pipefail
libs=$1; shift
exec "${JAVA_HOME:?}/bin/java" ${JAVA_OPTS:-} \
  --enable-native-access=org.xerial.sqlitejdbc,ALL-UNNAMED \
  --module-path "$libs" --add-modules ALL-MODULE-PATH \
  -m hyper.server/hyper.server.Main "$@"
