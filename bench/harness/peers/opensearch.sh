# OpenSearch as a peer of the search service: the minimal distribution (integ-test-zip) that Maven Central
# serves, on this run's JDK 25, single node, security off (the minimal distribution has no security plugin),
# a 512 MiB heap, on a free loopback port. Sourced by bench/harness/scale.sh (after lib.sh).
#
# OpenSearch refuses to run as root: as root the node runs as the unprivileged user nobody (setpriv), as the
# tests' OpenSearchServer does, with the distribution and its data in this run's WORK directory.

OPENSEARCH_VERSION=${OPENSEARCH_VERSION:-3.3.2}
OPENSEARCH_CACHE="$REPO/bench/.cache/opensearch"
OPENSEARCH_USER=nobody

# opensearch_zip: the distribution's zip, copied by Maven into bench/.cache once (from the local repository
# when a build already fetched it). Prints its path.
opensearch_zip() {
  local zip="$OPENSEARCH_CACHE/opensearch-$OPENSEARCH_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "fetching OpenSearch $OPENSEARCH_VERSION (Maven, about 82 MB)"
    mkdir -p "$OPENSEARCH_CACHE"
    mvn -B -q -ntp -N -f "$REPO/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
      -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip" \
      -DoutputDirectory="$OPENSEARCH_CACHE" >>"$WORK/opensearch-fetch.log" 2>&1 || return 1
  fi
  echo "$zip"
}

# start_opensearch: unpacks the distribution into WORK and starts a node. Sets OPENSEARCH_PID and BASE_URL
# and MEASURED_SIDS (every process of the node's session); returns 1 if it does not start.
start_opensearch() {
  local zip home run port
  zip=$(opensearch_zip) || { log "OpenSearch could not be fetched: $(tail -3 "$WORK/opensearch-fetch.log")"; return 1; }
  command -v unzip >/dev/null || need_apt unzip unzip || return 1
  run="$WORK/opensearch"
  rm -rf "$run" && mkdir -p "$run/data" "$run/logs" "$run/tmp"
  unzip -q "$zip" -d "$run"
  home=$(echo "$run"/opensearch-*)
  local as_user=()
  if [ "$(id -u)" = 0 ]; then
    chown -R "$OPENSEARCH_USER:" "$run"
    as_user=(setpriv --reuid="$OPENSEARCH_USER" --regid="$(id -g "$OPENSEARCH_USER")" --clear-groups)
  fi
  port=$(free_port)
  spawn "$WORK/opensearch.log" env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_TMPDIR="$run/tmp" \
    OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" \
    "${as_user[@]}" "$home/bin/opensearch" -Ediscovery.type=single-node -Ecluster.name=bench -Enode.name=bench \
    -Ehttp.host=127.0.0.1 -Ehttp.port="$port" -Etransport.host=127.0.0.1 -Etransport.port="$(free_port)" \
    -Epath.data="$run/data" -Epath.logs="$run/logs" -Ecluster.routing.allocation.disk.threshold_enabled=false
  OPENSEARCH_PID=$SPAWNED
  BASE_URL="http://127.0.0.1:$port" MEASURED_SIDS=$OPENSEARCH_PID
  local started=$SECONDS
  if ! wait_http "$BASE_URL/_cluster/health?wait_for_status=yellow&timeout=1s" "$OPENSEARCH_PID" 240; then
    tail -20 "$WORK/opensearch.log" >&2
    return 1
  fi
  log "OpenSearch $OPENSEARCH_VERSION ready on port $port after $((SECONDS - started)) s"
  [ -n "${RESULTS:-}" ] && echo "opensearch: $OPENSEARCH_VERSION (minimal distribution, Maven)" >>"$RESULTS/machine.txt"
  return 0
}

# opensearch_index: a fresh index "bench" with the search workload's two fields, analysed as ours
# (standard tokenizer, lower case; no stemming, no stop words), one shard and no replica (one node).
opensearch_index() {
  curl -fsS -o /dev/null -X DELETE "$BASE_URL/bench" 2>/dev/null || true
  call PUT /bench '{"settings":{"number_of_shards":1,"number_of_replicas":0},
    "mappings":{"properties":{"title":{"type":"text","analyzer":"standard"},
    "body":{"type":"text","analyzer":"standard"}}}}'
}

# opensearch_query_body FILE: the query equivalent to ours for one word {w}: the word in either field with
# our typo rule (fuzziness AUTO:4,8 = 1 edit from 4 letters, 2 from 8, transpositions), OR its completions
# (bool_prefix: the last word as a prefix), every hit returned with the stored title, as ours answers.
opensearch_query_body() {
  printf '%s' '{"size":10000,"_source":["title"],"track_total_hits":true,"query":{"bool":{"should":[
    {"multi_match":{"query":"{w}","fields":["title","body"],"fuzziness":"AUTO:4,8"}},
    {"multi_match":{"query":"{w}","fields":["title","body"],"type":"bool_prefix","boost":0.4}}]}}}' >"$1"
}
