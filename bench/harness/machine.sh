#!/usr/bin/env bash
# Describes the machine a run measured, one "name: value" per line (no host names, no paths).
set -euo pipefail
source "$(dirname "$0")/../../scripts/jdk25.sh"
echo "cpu: $(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r | cut -d. -f1-2)"
echo "java: $("${JAVA_HOME:?}/bin/java" -version 2>&1 | sed -n 2p)"
echo "node: $(node --version)"
echo "wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
for peer in redis-server webdis nginx-light rabbitmq-server; do
  version=$(dpkg-query -W -f '${Version}' "$peer" 2>/dev/null || true)
  [ -n "$version" ] && echo "$peer: $version (Debian)"
done
peers=$(cd "$(dirname "$0")" && pwd)/peers/node_modules
for peer in pouchdb-server minisearch; do
  [ -f "$peers/$peer/package.json" ] && echo "$peer: $(node -p "require('$peers/$peer/package.json').version") (npm)"
done
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
