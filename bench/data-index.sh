#!/usr/bin/env bash
# Indexed data queries: starts the packaged server on a fresh temporary directory and a free loopback port,
# fills a database with 10,000 and one with 100,000 documents of the bench harness's shape (100 groups), and
# times `_query {"selector":{"group":7},"limit":25}` over HTTP at concurrency 1, first without an index, then
# with `_index` on group. A second query, `{"group":7,"n":{"$gte":<documents - 1000>}}`, matches only 10
# documents, so without an index it reads every document. Prints a markdown table of medians and 90th
# percentiles.
# Usage: bench/data-index.sh [sizes...]   (default 10000 100000; after: ./dev mvn -B -q -ntp -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

dir=$(mktemp -d)
log=$dir/server.log
trap 'stop_server; rm -rf "$dir"' EXIT
start_server "$dir/hyper" "$log"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$SERVER_URL" "${@:-10000 100000}" <<'EOF'
import http.client, json, statistics, sys, time, urllib.parse

url = urllib.parse.urlparse(sys.argv[1])
sizes = [int(s) for arg in sys.argv[2:] for s in arg.split()]
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)

def call(method, path, body=None, expect=(200, 201)):
    conn.request(method, path, body=None if body is None else json.dumps(body),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status not in expect:
        raise SystemExit(f"{method} {path}: {response.status} {data[:200]!r}")
    return json.loads(data)

def doc(i):  # as bench/harness/fill.mjs: about 300 bytes, 100 groups
    return {"_id": f"d{i}", "type": "bench", "group": i % 100, "n": i, "title": f"document {i}",
            "text": "lorem ipsum " * 20}

def queries(size):
    return {"group 7": ({"selector": {"group": 7}, "limit": 25}, 25),
            "group 7, last 1,000 n": ({"selector": {"group": 7, "n": {"$gte": size - 1000}}, "limit": 25}, 10)}

def measure(db, query, expected, runs):
    warm = time.perf_counter() + 3  # warm-up, discarded: the JIT compiles the path, the store settles
    for _ in range(1000):
        call("POST", f"/data/{db}/_query", query)
        if time.perf_counter() > warm:
            break
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        docs = call("POST", f"/data/{db}/_query", query)["docs"]
        times.append((time.perf_counter() - start) * 1000)
        assert len(docs) == expected and all(d["group"] == 7 for d in docs), docs
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(times)

print("| documents | query (limit 25) | index | median ms | p90 ms | queries |")
print("| ---: | --- | --- | ---: | ---: | ---: |")
for size in sizes:
    db = f"bench-{size}"
    call("PUT", f"/data/{db}")
    started = time.perf_counter()
    for first in range(0, size, 1000):
        call("POST", f"/data/{db}/_bulk", [doc(i) for i in range(first, min(size, first + 1000))])
    loaded = time.perf_counter() - started
    answers = {}
    for indexed in (False, True):
        if indexed:
            started = time.perf_counter()
            call("POST", f"/data/{db}/_index", {"name": "idx-group", "fields": ["group"]})
            built = time.perf_counter() - started
        for name, (query, expected) in queries(size).items():
            # bounded: a scan of 100,000 documents takes about half a second here
            median, p90, runs = measure(db, query, expected, 300 if indexed else max(20, 300_000 // size))
            answers[indexed, name] = [d["_id"] for d in call("POST", f"/data/{db}/_query", query)["docs"]]
            print(f"| {size:,} | `{json.dumps(query['selector'])}` | {'yes' if indexed else 'no'} "
                  f"| {median:.2f} | {p90:.2f} | {runs} |", flush=True)
    for name in queries(size):
        assert answers[False, name] == answers[True, name], answers
    print(f"<!-- {size:,}: loaded in {loaded:.1f} s, index built in {built:.2f} s -->", flush=True)
    call("DELETE", f"/data/{db}")
EOF
