#!/usr/bin/env bash
# Many search indexes under `ulimit -n 1024`: builds the server if needed, then bench/ManyIndexes.java starts
# it in a child process, creates the indexes over HTTP, kills and restarts it, and prints what it measured.
# Usage: bench/many-indexes.sh [indexes] [indexes written]   (default 10000 and 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
[ -d server/target/libs ] || ./dev mvn -B -q -ntp -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp 'server/target/libs/*' bench/ManyIndexes.java "$@"
