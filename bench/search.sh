#!/usr/bin/env bash
# The search benchmark: builds the server if needed, then bench/SearchBench.java starts it on a fresh temp
# directory and a free loopback port and prints the tables of bench/search.md.
# Usage: bench/search.sh [documents]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
[ -d server/target/libs ] || ./dev mvn -B -q -ntp -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp 'server/target/libs/*' \
  bench/SearchBench.java "$@"
