# Scaling: the same data query and search query at 10,000, 100,000 and 1,000,000 documents (--scale-max
# stops earlier), with the time each size takes to load over HTTP and the server's memory at each.
#
# For each size a fresh hyper-nano (default launch) gets both data sets: the data collection of
# bench/harness/data.sh (documents of about 300 bytes in 100 groups, `_index` on group) and the search
# corpus of bench/harness/search.sh (title of 5 and body of 40 Zipf-distributed words), each through
# `_bulk` in requests of 1,000 documents over 2 connections. Then wrk at concurrency 1 and 16:
#   - data `_query` {"group": 7} with limit 25 (an indexed field; 1 document in 100 matches);
#   - search `_query` of one word ranked 5,000 to 5,999 (in ~0.08 % of the documents: 8 at 10,000, 800 at
#     1,000,000), every hit returned.
# Peers, same corpus and query words: MiniSearch (in-memory Node, the original's engine) at every size, and
# OpenSearch (bench/harness/peers/opensearch.sh) up to --opensearch-max (default 100,000).
# Rows go to scale.tsv (the columns of rows.tsv, with the size in the first); report.mjs makes the Scaling
# table of them and the Targets table.

SCALE_SIZES="10000 100000 1000000"
SCALE_MAX=${SCALE_MAX:-1000000}
OPENSEARCH_MAX=${OPENSEARCH_MAX:-100000}
SCALE_CONNECTIONS=2   # loading connections: more only queue on a 2-core machine
source "$HARNESS/peers/opensearch.sh"

bench_scale() {
  local rows_before=$ROWS n
  ROWS="$RESULTS/scale.tsv"
  local words="$WORK/scale-words.txt" data_query="$WORK/scale-data-query.json" search_query="$WORK/scale-search-query.json"
  node "$HARNESS/fill.mjs" vocabulary >"$words"
  export BENCH_WORDS=$words
  printf '{"selector":{"group":7},"limit":25}' >"$data_query"
  printf '{"query":"{w}"}' >"$search_query"

  for n in $SCALE_SIZES; do
    [ "$n" -le "$SCALE_MAX" ] || continue
    scale_hyper "$n"
  done
  if peers_wanted && need_npm; then
    for n in $SCALE_SIZES; do
      [ "$n" -le "$SCALE_MAX" ] || continue
      scale_minisearch "$n"
    done
  elif peers_wanted; then
    unavailable "-" minisearch "npm install failed"
  fi
  if peers_wanted; then
    scale_opensearch
  fi
  unset BENCH_WORDS
  ROWS=$rows_before
}

# scale_load SIZE WHAT IMPL RECIPE NOTE: loads SIZE documents with a fill.mjs recipe as a measured row
# (docs/s; the load's seconds are size / rate).
scale_load() {
  local n=$1 what=$2 impl=$3 recipe=$4 note=$5
  timed_row "$n" "load $what (docs/s)" "$impl" "$SCALE_CONNECTIONS" \
    "bulk of 1,000 over $SCALE_CONNECTIONS connections; p50/p99 per request${note:+; $note}" \
    env FILL_CONNECTIONS="$SCALE_CONNECTIONS" node "$HARNESS/fill.mjs" "$recipe" "$BASE_URL" "$n"
}

# memory_row SIZE WHEN IMPL: the measured processes' RSS now, with its anonymous (heaps) and file-backed
# (mapped files, code) parts in the note.
memory_row() {
  local pids anon=0 file=0 pid a f
  pids=$(session_pids $MEASURED_SIDS)
  for pid in $pids; do
    a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    f=$(awk '/^RssFile:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    anon=$((anon + ${a:-0})) file=$((file + ${f:-0}))
  done
  printf '%s\tRSS %s\t%s\tidle\t\t\t\t\t\t\t%s\t\t\t%s\n' "$1" "$2" "$3" "$(rss_kb $pids)" \
    "anonymous $((anon / 1024)) MiB, file-backed $((file / 1024)) MiB" >>"$ROWS"
  log "    $3 at $1: RSS $2 $(( $(rss_kb $pids) / 1024 )) MiB (anonymous $((anon / 1024)), file-backed $((file / 1024)))"
}

scale_hyper() {
  local n=$1
  start_hyper
  if ! has_service data || ! has_service search; then
    unavailable "$n" hyper-nano "data or search not in this build"
    stop_hyper
    return 0
  fi
  call PUT /data/bench
  call POST /data/bench/_index '{"name":"idx-group","fields":["group"]}'
  call PUT /search/bench '{"fields":["title","body"],"storeFields":["title"]}'
  scale_load "$n" "data" hyper-nano data-hyper "embedded engine (H2 MVStore file), durable before the answer"
  scale_load "$n" "search" hyper-nano search-hyper "Lucene, durable before the answer"
  memory_row "$n" "after loading" hyper-nano
  workload POST /data/bench/_query "$data_query"
  measure "$n" "data query {group: 7} limit 25" hyper-nano "indexed field; 1 in 100 documents match"
  workload POST /search/bench/_query "$search_query" application/json 1000 5000
  measure "$n" "search query (1 word)" hyper-nano "typo-tolerant and prefix matching, every hit returned"
  memory_row "$n" "after the runs" hyper-nano
  stop_hyper
}

scale_minisearch() {
  local n=$1 port pid
  port=$(free_port)
  # MiniSearch holds everything in Node's heap: let it grow past V8's default limit (about 4 GiB here)
  spawn "$WORK/minisearch-$n.log" node --max-old-space-size=12288 "$HARNESS/peers/minisearch-server.mjs" "$port"
  pid=$SPAWNED
  BASE_URL="http://127.0.0.1:$port" MEASURED_SIDS=$pid
  if ! wait_http "$BASE_URL/" "$pid" 20; then
    unavailable "$n" minisearch "did not start"
    return 0
  fi
  scale_load "$n" "search" minisearch search-minisearch "in memory only, nothing persisted"
  if ! kill -0 "$pid" 2>/dev/null; then
    unavailable "$n" minisearch "could not hold $n documents: $(tail -2 "$WORK/minisearch-$n.log" | tr '\n' ' ')"
    stop_tree "$pid"
    return 0
  fi
  memory_row "$n" "after loading" minisearch
  workload POST /query "$search_query" application/json 1000 5000
  measure "$n" "search query (1 word)" minisearch "exact words only (MiniSearch's default, as the original)"
  memory_row "$n" "after the runs" minisearch
  stop_tree "$pid"
}

scale_opensearch() {
  local n body="$WORK/scale-opensearch-query.json"
  if ! start_opensearch; then
    unavailable "-" opensearch "did not start (see the run's log)"
    stop_tree "${OPENSEARCH_PID:-}" 2>/dev/null
    return 0
  fi
  opensearch_query_body "$body"
  for n in $SCALE_SIZES; do
    [ "$n" -le "$SCALE_MAX" ] || continue
    if [ "$n" -gt "$OPENSEARCH_MAX" ]; then
      unavailable "$n" opensearch "not loaded beyond $OPENSEARCH_MAX documents in this run (--opensearch-max)"
      continue
    fi
    opensearch_index
    scale_load "$n" "search" opensearch search-opensearch "translog fsync per request (its default)"
    call POST /bench/_refresh
    memory_row "$n" "after loading" opensearch
    workload POST /bench/_search "$body" application/json 1000 5000
    # its JIT (C2, large code) needs longer than ours to settle: a longer warm-up before measure's own
    wrk -t1 -c16 -d"$((WARMUP * 5))s" --timeout 10s -s "$HARNESS/workload.lua" "$BASE_URL" >/dev/null 2>&1 || true
    measure "$n" "search query (1 word)" opensearch \
      "multi_match fuzziness AUTO:4,8 OR bool_prefix, every hit; 3.3.2 on JDK 25, 512 MiB heap, one shard; warm-up 5× longer"
    memory_row "$n" "after the runs" opensearch
  done
  stop_tree "$OPENSEARCH_PID"
}
