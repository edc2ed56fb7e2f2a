#!/usr/bin/env bash
# Before/after on a noisy machine: two builds of the server side by side, measured in alternation
# (A B, B A, A B ...) with the same wrk workload, so that background load hits both alike. Prints each
# round and the medians of throughput and latency, and the ratio B/A.
#
#   bench/compare.sh <libs A> <libs B> noop|cache-get|cache-set|data-query [rounds] [seconds]
#
# <libs A/B>: directories of module jars, e.g. a copy of server/target/libs taken before a change.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
source scripts/jdk25.sh
libs_a=$(cd "$1" && pwd) libs_b=$(cd "$2" && pwd) workload_name=$3 rounds=${4:-6} seconds=${5:-5}
WORK=$(mktemp -d)
ROWS=/dev/null
source bench/harness/lib.sh
trap 'stop_all; rm -rf "$WORK"' EXIT

value="$WORK/value.json"
printf '{"v":"%s"}' "$(filler 1016)" >"$value"
declare -A url
for side in A B; do
  if [ $side = A ]; then HYPER_LIBS=$libs_a; else HYPER_LIBS=$libs_b; fi
  start_hyper
  url[$side]=$BASE_URL
  case $workload_name in
    cache-*) call PUT /cache/bench; fill cache-hyper 10000 >/dev/null ;;
    data-*)
      call PUT /data/bench
      call POST /data/bench/_index '{"name":"idx-group","fields":["group"]}'
      fill data-hyper 10000 >/dev/null
      ;;
  esac
done
case $workload_name in
  noop) workload GET /health ;;
  cache-get) workload GET '/cache/bench/k{r}' ;;
  cache-set) workload PUT '/cache/bench/k{r}' "$value" ;;
  data-query)
    printf '{"selector":{"group":{r}}}' >"$WORK/query.json"
    workload POST /data/bench/_query "$WORK/query.json" application/json 100
    ;;
  *) echo "unknown workload $workload_name" >&2; exit 2 ;;
esac
export BENCH_TAG=compare
for side in A B; do   # warm-up
  wrk -t1 -c16 -d5s -s "$HARNESS/workload.lua" "${url[$side]}" >/dev/null
done
for conc in 1 16; do
  for ((i = 1; i <= rounds; i++)); do
    order="A B"
    [ $((i % 2)) = 0 ] && order="B A"   # ABBA: whichever runs second in a pair gets no systematic edge
    for side in $order; do
      wrk -t1 -c$conc -d"${seconds}s" -s "$HARNESS/workload.lua" "${url[$side]}" | grep '^{' \
        | jq -r --arg s $side --arg c $conc '[$s, $c, (.requests * 1e6 / .duration_us | floor), .p50_us, .p99_us] | @tsv'
    done
  done
done | tee "$WORK/rounds.tsv" | awk -F'\t' '{printf "  %s c=%-2s %7d req/s  p50 %5d us  p99 %6d us\n", $1, $2, $3, $4, $5}'
echo "medians ($workload_name, $rounds rounds of ${seconds}s each):"
for conc in 1 16; do
  for side in A B; do
    awk -F'\t' -v s=$side -v c=$conc '$1 == s && $2 == c' "$WORK/rounds.tsv" | sort -t$'\t' -k3,3n | awk -F'\t' -v s=$side -v c=$conc '
      { rps[NR] = $3; p50[NR] = $4 } END {
        m = (NR % 2) ? rps[(NR + 1) / 2] : (rps[NR / 2] + rps[NR / 2 + 1]) / 2
        printf "%s\t%s\t%d\n", s, c, m }'
  done
done | awk -F'\t' '{ m[$1 $2] = $3; printf "  %s c=%-2s median %7d req/s\n", $1, $2, $3 }
  END { printf "  B/A: c=1 %.2f×, c=16 %.2f×\n", m["B1"] / m["A1"], m["B16"] / m["A16"] }'
