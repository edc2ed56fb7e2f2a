#!/usr/bin/env bash
# Before/after on a noisy machine: two builds of the server side by side, measured in alternation
# (A B, B A, A B ...) with the same wrk workload, so that background load hits both alike. Prints each
# round and the medians of throughput and latency, and the ratio B/A.
#
#   bench/compare.sh <libs A> <libs B> noop|cache-get|cache-set|data-get|data-create|data-query|search-query [rounds] [seconds]
#
# <libs A/B>: directories of module jars, e.g. a copy of server/target/libs taken before a change.
# JAVA_OPTS_A / JAVA_OPTS_B: JVM options of one side only (after distribution/jvm.args, so they win), to
# compare launch settings on the same jars.
# search-query is bench/run.sh's one-term query (the corpus of bench/harness/search.sh, SEARCH_DOCS
# documents, default 100,000; words that occur in about 80 of 100,000 documents); MiniSearch, the
# original's engine, runs as a third side M in the same rounds (npm install in bench/harness/peers first),
# and its ratios are printed too.
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
declare -A url path sid
sides="A B"
search_docs=${SEARCH_DOCS:-100000}
if [ "$workload_name" = search-query ] && [ -d "$HARNESS/peers/node_modules/minisearch" ]; then
  sides="A B M"
fi
for side in A B; do
  if [ $side = A ]; then HYPER_LIBS=$libs_a; else HYPER_LIBS=$libs_b; fi
  side_opts=JAVA_OPTS_$side
  HYPER_JAVA_OPTS=${!side_opts:-} start_hyper
  url[$side]=$BASE_URL sid[$side]=$HYPER_PID
  # the search path is the workload's own (BENCH_PATH); only MiniSearch (M) has another
  case $workload_name in
    cache-*) call PUT /cache/bench; fill cache-hyper 10000 >/dev/null ;;
    data-*)
      call PUT /data/bench
      call POST /data/bench/_index '{"name":"idx-group","fields":["group"]}'
      fill data-hyper 10000 >/dev/null
      ;;
    search-*)
      call PUT /search/bench '{"fields":["title","body"],"storeFields":["title"]}'
      fill search-hyper "$search_docs" >/dev/null
      ;;
  esac
done
if [[ $sides == *M* ]]; then
  port=$(free_port)
  spawn "$WORK/minisearch.log" node "$HARNESS/peers/minisearch-server.mjs" "$port"
  url[M]="http://127.0.0.1:$port" path[M]=/query sid[M]=$SPAWNED
  wait_http "${url[M]}/" "$SPAWNED" 20 || { echo "MiniSearch did not start" >&2; exit 1; }
  BASE_URL=${url[M]} fill search-minisearch "$search_docs" >/dev/null
fi
case $workload_name in
  noop) workload GET /health ;;
  cache-get) workload GET '/cache/bench/k{r}' ;;
  cache-set) workload PUT '/cache/bench/k{r}' "$value" ;;
  data-get) workload GET '/data/bench/d{r}' ;;
  data-create)
    # bench/harness/data.sh's create: the server makes the id, durable before 201
    printf '{"type":"bench","group":7,"n":-1,"title":"created","text":"%s"}' "$(printf 'lorem ipsum %.0s' $(seq 20))" \
      >"$WORK/doc.json"
    workload POST /data/bench "$WORK/doc.json"
    ;;
  data-query)
    printf '{"selector":{"group":{r}}}' >"$WORK/query.json"
    workload POST /data/bench/_query "$WORK/query.json" application/json 100
    ;;
  search-query)
    node "$HARNESS/fill.mjs" vocabulary >"$WORK/words.txt"
    export BENCH_WORDS="$WORK/words.txt"
    printf '{"query":"{w}"}' >"$WORK/query.json"
    # words ranked 5,000 to 5,999, as bench/harness/search.sh, scaled: ~80 documents each in 100,000
    workload POST /search/bench/_query "$WORK/query.json" application/json 1000 5000
    ;;
  *) echo "unknown workload $workload_name" >&2; exit 2 ;;
esac
export BENCH_TAG=compare
for side in $sides; do   # warm-up
  BENCH_PATH=${path[$side]:-$BENCH_PATH} wrk -t1 -c16 -d5s -s "$HARNESS/workload.lua" "${url[$side]}" >/dev/null
done
for conc in 1 16; do
  for ((i = 1; i <= rounds; i++)); do
    order=$sides
    [ $((i % 2)) = 0 ] && order=$(echo $sides | rev)   # ABBA: whichever runs second in a pair gets no systematic edge
    for side in $order; do
      # the server's CPU time per request: on a loaded machine, steadier than its throughput
      pids=$(session_pids ${sid[$side]})
      t0=$(cpu_ticks $pids)
      json=$(BENCH_PATH=${path[$side]:-$BENCH_PATH} wrk -t1 -c$conc -d"${seconds}s" --timeout 10s -s "$HARNESS/workload.lua" "${url[$side]}" | grep '^{')
      jq -r --arg s $side --arg c $conc --arg ticks $(($(cpu_ticks $pids) - t0)) --arg hz "$(getconf CLK_TCK)" \
        '[$s, $c, (.requests * 1e6 / .duration_us | floor), .p50_us, .p99_us, (($ticks | tonumber) * 1e6 / ($hz | tonumber) / .requests | floor)] | @tsv' <<<"$json"
    done
  done
done | tee "$WORK/rounds.tsv" | awk -F'\t' '{printf "  %s c=%-2s %7d req/s  p50 %5d us  p99 %6d us  cpu %6d us/request\n", $1, $2, $3, $4, $5, $6}'
echo "medians ($workload_name, $rounds rounds of ${seconds}s each):"
for conc in 1 16; do
  for side in $sides; do
    awk -F'\t' -v s=$side -v c=$conc '$1 == s && $2 == c' "$WORK/rounds.tsv" | sort -t$'\t' -k3,3n | awk -F'\t' -v s=$side -v c=$conc '
      { rps[NR] = $3 } END {
        m = (NR % 2) ? rps[(NR + 1) / 2] : (rps[NR / 2] + rps[NR / 2 + 1]) / 2
        printf "%s\t%s\t%d\n", s, c, m }'
    # the median latency of the rounds, separately (the round of median throughput need not have it)
    awk -F'\t' -v s=$side -v c=$conc '$1 == s && $2 == c' "$WORK/rounds.tsv" | sort -t$'\t' -k4,4n | awk -F'\t' -v s=$side -v c=$conc '
      { p50[NR] = $4 } END {
        m = (NR % 2) ? p50[(NR + 1) / 2] : (p50[NR / 2] + p50[NR / 2 + 1]) / 2
        printf "%s\t%s\tp50\t%d\n", s, c, m }'
    awk -F'\t' -v s=$side -v c=$conc '$1 == s && $2 == c' "$WORK/rounds.tsv" | sort -t$'\t' -k6,6n | awk -F'\t' -v s=$side -v c=$conc '
      { cpu[NR] = $6 } END {
        m = (NR % 2) ? cpu[(NR + 1) / 2] : (cpu[NR / 2] + cpu[NR / 2 + 1]) / 2
        printf "%s\t%s\tcpu\t%d\n", s, c, m }'
  done
done | awk -F'\t' '$3 == "p50" { printf "  %s c=%-2s median p50 %7d us\n", $1, $2, $4; next }
  $3 == "cpu" { cpu[$1 $2] = $4; printf "  %s c=%-2s median server CPU %7d us/request\n", $1, $2, $4; next }
  { m[$1 $2] = $3; printf "  %s c=%-2s median %7d req/s\n", $1, $2, $3 }
  END {
    printf "  B/A: c=1 %.2f×, c=16 %.2f×\n", m["B1"] / m["A1"], m["B16"] / m["A16"]
    printf "  CPU per request B/A: c=1 %.2f×, c=16 %.2f×\n", cpu["B1"] / cpu["A1"], cpu["B16"] / cpu["A16"]
    if (m["M1"]) printf "  CPU per request A/M: c=1 %.2f×, c=16 %.2f×   B/M: c=1 %.2f×, c=16 %.2f×\n",
      cpu["A1"] / cpu["M1"], cpu["A16"] / cpu["M16"], cpu["B1"] / cpu["M1"], cpu["B16"] / cpu["M16"]
    if (m["M1"]) printf "  A/M: c=1 %.2f×, c=16 %.2f×   B/M: c=1 %.2f×, c=16 %.2f×\n",
      m["A1"] / m["M1"], m["A16"] / m["M16"], m["B1"] / m["M1"], m["B16"] / m["M16"] }'
