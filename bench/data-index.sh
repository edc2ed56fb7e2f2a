#!/usr/bin/env bash
# Indexed data queries: starts the packaged server on a fresh temporary directory and a free loopback port,
# fills a database with 10,000 and one with 100,000 documents of the bench harness's shape (100 groups), and
# times `_query {"selector":{"group":7},"limit":25}` over HTTP at concurrency 1, first without an index, then
# with `_index` on group. A second query, `{"group":7,"n":{"$gte":<documents - 1000>}}`, matches only 10
# documents, so without an index it reads every document (with --query-timeout=120s, so that such scans are
# measured rather than stopped at 5 s). Two sorted queries, `{}` and `{"group":7}` with
# `sort [{"n":"DESC"}]`, are timed without an index, with the index on group, then with one on n too.
# Prints a markdown table of medians and 90th percentiles.
# Usage: bench/data-index.sh [sizes...]   (default 10000 100000; after: ./dev mvn -B -q -ntp -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk25.sh
source scripts/server.sh

dir=$(mktemp -d)
log=$dir/server.log
trap 'stop_server; rm -rf "$dir"' EXIT
# a scan of 100,000 documents can take longer than the default 5 s limit here: measured, not stopped
start_server "$dir/hyper" "$log" --query-timeout=120s

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$SERVER_URL" "${@:-10000 100000}" <<'EOF'
import http.client, json, statistics, sys, time, urllib.parse

url = urllib.parse.urlparse(sys.argv[1])
sizes = [int(s) for arg in sys.argv[2:] for s in arg.split()]
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=180)

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
    """name: (query, expected count, the _ids expected or None, the fields of the indexes that serve it)"""
    newest = [f"d{i}" for i in range(size - 1, size - 26, -1)]
    newest_of_7 = [f"d{i}" for i in range(size - 1, -1, -1) if i % 100 == 7][:25]
    return {"group 7": ({"selector": {"group": 7}, "limit": 25}, 25, None, {"group"}),
            "group 7, last 1,000 n": ({"selector": {"group": 7, "n": {"$gte": size - 1000}}, "limit": 25}, 10, None,
                                      {"group"}),
            "all, sort n DESC": ({"selector": {}, "sort": [{"n": "DESC"}], "limit": 25}, 25, newest, {"n"}),
            "group 7, sort n DESC": ({"selector": {"group": 7}, "sort": [{"n": "DESC"}], "limit": 25}, 25,
                                     newest_of_7, {"group", "n"})}

def measure(db, query, expected, ids, runs):
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
        assert len(docs) == expected and all(query["selector"].get("group", d["group"]) == d["group"] for d in docs), docs
        assert ids is None or [d["_id"] for d in docs] == ids, [d["_id"] for d in docs]
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(times)

# each phase adds an index, then times the queries it may change
phases = [(None, None), ("idx-group", "group"), ("idx-n", "n")]

print("| documents | query (limit 25) | indexes | median ms | p90 ms | queries |")
print("| ---: | --- | --- | ---: | ---: | ---: |")
for size in sizes:
    db = f"bench-{size}"
    call("PUT", f"/data/{db}")
    started = time.perf_counter()
    for first in range(0, size, 1000):
        call("POST", f"/data/{db}/_bulk", [doc(i) for i in range(first, min(size, first + 1000))])
    loaded = time.perf_counter() - started
    built = {}
    indexes = []
    for index, field in phases:
        if index:
            started = time.perf_counter()
            call("POST", f"/data/{db}/_index", {"name": index, "fields": [field]})
            built[index] = time.perf_counter() - started
            indexes.append(field)
        for name, (query, expected, ids, served_by) in queries(size).items():
            if index == "idx-n" and "sort" not in query:
                continue
            # bounded: a scan of 100,000 documents takes seconds here
            runs = 300 if served_by & set(indexes) else max(5, 300_000 // size)
            median, p90, runs = measure(db, query, expected, ids, runs)
            label = ", ".join(indexes) or "none"
            sort = f" sort `{json.dumps(query['sort'])}`" if "sort" in query else ""
            print(f"| {size:,} | `{json.dumps(query['selector'])}`{sort} | {label} "
                  f"| {median:.2f} | {p90:.2f} | {runs} |", flush=True)
    timings = ", ".join(f"{name} built in {seconds:.2f} s" for name, seconds in built.items())
    print(f"<!-- {size:,}: loaded in {loaded:.1f} s, {timings} -->", flush=True)
    call("DELETE", f"/data/{db}")
EOF
