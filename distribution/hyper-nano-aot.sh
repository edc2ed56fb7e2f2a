#!/bin/sh
# Makes the JDK 25 AOT cache for this installation: one training run (HYPER_TRAIN=1: the server calls its
# own routes, then exits) writes lib/hyper-nano.aot; bin/hyper-nano uses it from then on and starts about
# twice as fast. The cache is valid only in this folder: run this again after moving the installation.
set -e
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
home=$(cd "$(dirname "$self")/.." && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$home/lib/hyper-nano.aot" "$home/lib/hyper-nano.aot.home"
if ! HYPER_TRAIN=1 JAVA_OPTS="-XX:AOTCacheOutput=$home/lib/hyper-nano.aot -Xlog:aot*=error,cds*=error" \
    "$home/bin/hyper-nano" --host 127.0.0.1 --port 0 --dir "$work/data" >"$work/log" 2>&1 \
    || [ ! -s "$home/lib/hyper-nano.aot" ]; then
  cat "$work/log" >&2
  echo "hyper-nano-aot: no AOT cache written" >&2
  exit 1
fi
printf '%s\n' "$home" > "$home/lib/hyper-nano.aot.home"
echo "hyper-nano-aot: AOT cache for $home written"
