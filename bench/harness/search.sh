# Search: a corpus of 100,000 generated documents (title of 5 words, body of 40, Zipf-distributed
# vocabulary of 20,000 made-up words) loaded in bulk, then one-document indexing and single-term queries on words
# that match about 80 documents each. Peer: no full-text search server is packaged for Debian 12 or npm
# (Elasticsearch, OpenSearch, Solr, Meilisearch, Typesense: none); the reference row is MiniSearch, the
# original hyper nano's in-memory engine, behind a minimal Node front end. OpenSearch, fetched with Maven
# instead, is measured on the same corpus by the scale workload (scale.sh, peers/opensearch.sh).
bench_search() {
  local doc="$WORK/search-doc.json" query="$WORK/search-query.json" words="$WORK/search-words.txt"
  node "$HARNESS/fill.mjs" vocabulary >"$words"
  word() { sed -n "$(($1 + 1))p" "$words"; }
  printf '{"key":"u{u}","doc":{"title":"%s %s %s %s %s","body":"%s"}}' \
    "$(word 5001)" "$(word 17)" "$(word 3)" "$(word 250)" "$(word 9)" \
    "$(for i in $(seq 40); do printf '%s ' "$(word $((i * 37 % 997)))"; done)" >"$doc"
  printf '{"query":"{w}"}' >"$query"
  export BENCH_WORDS=$words

  start_hyper
  if has_service search; then
    call PUT /search/bench '{"fields":["title","body"],"storeFields":["title"]}'
    bulk_load search-hyper hyper-nano "Lucene; commits before answering"
    # Queries first, so that they see the 100,000 documents and not those the index runs add.
    workload POST /search/bench/_query "$query" application/json 1000 5000
    measure search "query (1 term found in ~80 docs)" hyper-nano "all hits returned, as the original; typo-tolerant and prefix matching (more hits, more work)"
    workload POST /search/bench "$doc"
    measure search "index one document" hyper-nano ""
  else
    unavailable search hyper-nano "service not in this build"
  fi
  stop_hyper

  peers_wanted || return 0
  unavailable search "Elasticsearch, Solr, Meilisearch, Typesense" "none is packaged for Debian 12 or npm"
  if ! need_npm; then
    unavailable search minisearch "npm install failed"
    return 0
  fi
  local port
  port=$(free_port)
  spawn "$WORK/minisearch.log" node "$HARNESS/peers/minisearch-server.mjs" "$port"
  local pid=$SPAWNED
  BASE_URL="http://127.0.0.1:$port" MEASURED_SIDS=$pid
  if wait_http "$BASE_URL/" "$pid" 20; then
    local note="reference, not a product: MiniSearch 7 (the original's engine) in one Node process, in memory only, nothing persisted"
    bulk_load search-minisearch minisearch "$note"
    workload POST /query "$query" application/json 1000 5000
    measure search "query (1 term found in ~80 docs)" minisearch "exact terms only (MiniSearch's default, as the original)"
    workload POST /doc "$doc"
    measure search "index one document" minisearch ""
  else
    unavailable search minisearch "did not start"
  fi
  stop_tree "$pid"
  unset BENCH_WORDS
}

# bulk_load RECIPE IMPL NOTE: loads the 100,000-document corpus, 1,000 per request, as a measured row.
bulk_load() {
  timed_row search "index 100,000 docs (bulk of 1,000; docs/s)" "$2" 1 \
    "latency per request of 1,000 docs; $3" fill "$1" 100000
}
