#!/usr/bin/env bash
# Measures the distribution: tarball and image sizes, time to the first answered request from
# `bin/hyper-nano` and from `docker run`, and idle RSS. Medians of N runs (default 5).
#   bench/distribution.sh [runs] [image]
# Needs the tarball (distribution/build.sh --tarball distribution/target) and, for the image
# figures, a working `docker` with the image built: hyper-nano by default (docker build -t hyper-nano .);
# hyper-nano:production for the variant with the production engines
# (docker build --build-arg VARIANT=production -t hyper-nano:production .).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
image=${2:-hyper-nano}
tarball=$(ls distribution/target/hyper-nano-*-linux-*.tar.gz | head -1)
work=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; [ -n "${ctr:-}" ] && docker rm -f -v "$ctr" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# polls /health every 5 ms; prints ms since $1
first_answer() { until curl -sf -o /dev/null "http://127.0.0.1:$2/health"; do sleep 0.005; done; echo $(( $(now_ms) - $1 )); }
rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
# CPU time (user + system, ms) a process has used: less sensitive than wall time to a busy machine
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
round_trip() {
  curl -sf -o /dev/null -X PUT "http://127.0.0.1:$1/cache/bench"
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"n":1}' "http://127.0.0.1:$1/cache/bench/k"
  curl -sf -o /dev/null "http://127.0.0.1:$1/cache/bench/k"
}

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| figure | value |"
echo "| --- | --- |"
echo "| tarball $(basename "$tarball") | $(mib "$(stat -c %s "$tarball")") |"
tar -C "$work" -xzf "$tarball"
home=$(echo "$work"/hyper-nano-*)
echo "| tarball unpacked (runtime / lib incl. AOT cache) | $(du -sm "$home" | cut -f1) MiB ($(du -sm "$home/runtime" | cut -f1) / $(du -sm "$home/lib" | cut -f1)) |"

# one start of the unpacked tarball: appends ms to first answer to times, idle RSS to rss
tarball_start() {
  port=$(free_port); rm -rf "$work/data"
  t0=$(now_ms)
  "$home/bin/hyper-nano" --host 127.0.0.1 --port "$port" --dir "$work/data" >"$work/log" 2>&1 &
  pid=$!
  times+=("$(first_answer "$t0" "$port")")
  cpus+=("$(cpu_ms "$pid")")
  round_trip "$port"; sleep 3
  rss+=("$(rss_mib "$pid")")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}
# as unpacked: the JDK's default CDS archive only
times=(); rss=(); cpus=()
for _ in $(seq "$runs"); do tarball_start; done
echo "| bin/hyper-nano as unpacked (CDS) → first answer | $(printf '%s\n' "${times[@]}" | median) ms (runs: ${times[*]}); CPU $(printf '%s\n' "${cpus[@]}" | median) ms |"
# the first starts above launched a training run in the background: let it finish, or the two would write the
# same AOT configuration file at once (and the JVM refuses the mix)
while [ -d "$home/lib/.aot-training" ]; do sleep 0.5; done
t0=$(now_ms); "$home/bin/hyper-nano-aot" >/dev/null
echo "| bin/hyper-nano-aot (one-time training run) | $(( $(now_ms) - t0 )) ms, cache $(du -m "$home/lib/hyper-nano.aot" | cut -f1) MiB |"
times=(); rss=(); cpus=()
for _ in $(seq "$runs"); do tarball_start; done
echo "| bin/hyper-nano with its AOT cache → first answer | $(printf '%s\n' "${times[@]}" | median) ms (runs: ${times[*]}); CPU $(printf '%s\n' "${cpus[@]}" | median) ms |"
echo "| bin/hyper-nano idle RSS after a round trip | $(printf '%s\n' "${rss[@]}" | median) MiB |"
times=()
for _ in $(seq "$runs"); do t0=$(now_ms); "$home/runtime/bin/java" -version 2>/dev/null; times+=("$(( $(now_ms) - t0 ))"); done
echo "| baseline: runtime/bin/java -version | $(printf '%s\n' "${times[@]}" | median) ms |"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "| image $image, uncompressed | $(mib "$(docker image inspect --format '{{.Size}}' "$image")") |"
  echo "| image $image, compressed (docker save, gzip) | $(mib "$(docker save "$image" | gzip -c | wc -c)") |"
  times=(); rss=(); cpus=()
  for _ in $(seq "$runs"); do
    port=$(free_port)
    t0=$(now_ms)
    ctr=$(docker run -d -p "127.0.0.1:$port:6363" "$image")
    times+=("$(first_answer "$t0" "$port")")
    java_pid=$(docker inspect --format '{{.State.Pid}}' "$ctr")
    cpus+=("$(cpu_ms "$java_pid")")
    round_trip "$port"; sleep 3
    rss+=("$(rss_mib "$java_pid")")
    docker rm -f -v "$ctr" >/dev/null; ctr=""
  done
  echo "| docker run → first answer (median of $runs) | $(printf '%s\n' "${times[@]}" | median) ms (runs: ${times[*]}); java CPU $(printf '%s\n' "${cpus[@]}" | median) ms |"
  echo "| container idle RSS after a round trip | $(printf '%s\n' "${rss[@]}" | median) MiB |"
  # container creation alone, for reference: what the engine costs before java starts
  times=()
  for _ in $(seq "$runs"); do t0=$(now_ms); docker run --rm --entrypoint true "$image"; times+=("$(( $(now_ms) - t0 ))"); done
  echo "| docker run --rm --entrypoint true (engine overhead) | $(printf '%s\n' "${times[@]}" | median) ms |"
fi
