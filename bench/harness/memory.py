"""Drives one memory run against a started hyper-nano and samples its resident memory from /proc.

    python3 memory.py run <base url> <pid> <data docs> <cache writes> <search docs> <idle seconds>
        loads data documents (bulk of 1,000, an index on 'group'), cache values (1 KiB, 4 connections) and
        search documents (bulk of 1,000), then reads (get by id, data query, search query; 4 connections),
        then waits idle; prints one JSON line with the RSS figures (MiB) and the rate of each phase (per s)
    python3 memory.py summary <file of JSON lines>
        medians per variant, and each variant's ratio to the first

Loopback only, bounded loops, standard library only. Every data set is generated from fixed seeds.
"""
import http.client
import json
import random
import statistics
import sys
import threading
import time
from urllib.parse import urlparse


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Sampler(threading.Thread):
    """Samples the RSS every 100 ms; peak() is the largest sample since the last reset."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.top, self.stopped = pid, 0.0, False

    def run(self):
        while not self.stopped:
            self.top = max(self.top, rss_mib(self.pid))
            time.sleep(0.1)

    def peak(self):
        return max(self.top, rss_mib(self.pid))


class Client:
    def __init__(self, base):
        u = urlparse(base)
        assert u.hostname in ("127.0.0.1", "localhost"), "loopback only"
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)

    def call(self, method, path, body=None, ok=(200, 201)):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        try:
            self.conn.request(method, path, body=data, headers={"content-type": "application/json"})
        except (BrokenPipeError, ConnectionResetError):
            # the server closed this connection while it sat idle through another phase: the request was
            # not sent, so sending it again on a new connection is safe
            self.conn.close()
            self.conn.request(method, path, body=data, headers={"content-type": "application/json"})
        res = self.conn.getresponse()
        text = res.read()
        if res.status not in ok:
            raise RuntimeError(f"{method} {path}: {res.status} {text[:300]!r}")
        return text


def parallel(base, requests, connections):
    """Sends (method, path, body) requests over a few keep-alive connections; returns requests/s."""
    lock, it = threading.Lock(), iter(requests)
    errors = []

    def worker():
        c = Client(base)
        while True:
            with lock:
                r = next(it, None)
            if r is None or errors:
                return
            try:
                c.call(*r)
            except Exception as e:  # reported below, after the other connections stop
                errors.append(e)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return len(requests) / (time.monotonic() - started)


def words(seed=20000, count=20000):
    rnd, out = random.Random(seed), set()
    while len(out) < count:
        out.add("".join(chr(97 + rnd.randrange(26)) for _ in range(5 + rnd.randrange(4))))
    return sorted(out)


def run(base, pid, data_docs, cache_writes, search_docs, idle_seconds):
    pid = int(pid)
    data_docs, cache_writes, search_docs, idle_seconds = map(int, (data_docs, cache_writes, search_docs, idle_seconds))
    out = {"rss_started": rss_mib(pid)}
    sampler = Sampler(pid)
    sampler.start()
    c = Client(base)

    c.call("PUT", "/data/bench")
    c.call("POST", "/data/bench/_index", {"name": "idx-group", "fields": ["group"]})
    text = "lorem ipsum " * 20
    t0 = time.monotonic()
    for start in range(0, data_docs, 1000):
        docs = [{"_id": f"d{i}", "type": "bench", "group": i % 100, "n": i, "title": f"document {i}", "text": text}
                for i in range(start, min(start + 1000, data_docs))]
        c.call("POST", "/data/bench/_bulk", docs)
    out["data_docs_per_s"] = data_docs / (time.monotonic() - t0)

    c.call("PUT", "/cache/bench")
    value = json.dumps({"v": "x" * 1016}).encode()
    out["cache_sets_per_s"] = parallel(base, [("PUT", f"/cache/bench/k{i}", value) for i in range(cache_writes)], 4)

    vocabulary = words()
    weights = [1 / (k + 1) for k in range(len(vocabulary))]
    rnd = random.Random(63)
    c.call("PUT", "/search/bench", {"fields": ["title", "body"], "storeFields": ["title"]})
    t0 = time.monotonic()
    for start in range(0, search_docs, 1000):
        n = min(1000, search_docs - start)
        drawn = rnd.choices(vocabulary, weights=weights, k=45 * n)
        docs = [{"_id": f"s{start + j}", "title": " ".join(drawn[45 * j:45 * j + 5]),
                 "body": " ".join(drawn[45 * j + 5:45 * j + 45])} for j in range(n)]
        c.call("POST", "/search/bench/_bulk", docs)
    out["search_docs_per_s"] = search_docs / (time.monotonic() - t0)

    rnd = random.Random(7)
    out["data_gets_per_s"] = parallel(
        base, [("GET", f"/data/bench/d{rnd.randrange(data_docs)}") for _ in range(2000)], 4)
    out["data_queries_per_s"] = parallel(
        base, [("POST", "/data/bench/_query", {"selector": {"group": rnd.randrange(100)}}) for _ in range(400)], 4)
    out["search_queries_per_s"] = parallel(
        base, [("POST", "/search/bench/_query", {"query": vocabulary[rnd.randrange(5000, 6000)]}) for _ in range(400)], 4)
    out["cache_gets_per_s"] = parallel(
        base, [("GET", f"/cache/bench/k{rnd.randrange(cache_writes)}") for _ in range(2000)], 4)

    out["rss_peak"] = sampler.peak()
    out["rss_after_load"] = rss_mib(pid)
    sampler.stopped = True
    time.sleep(idle_seconds)
    out["rss_idle"] = rss_mib(pid)
    return out


FIGURES = [("rss_started", "RSS after start, MiB", False), ("rss_peak", "RSS peak under load, MiB", False),
           ("rss_after_load", "RSS at end of load, MiB", False), ("rss_idle", "RSS idle after load, MiB", False),
           ("data_docs_per_s", "data bulk insert, docs/s", True), ("cache_sets_per_s", "cache set 1 KiB, req/s", True),
           ("search_docs_per_s", "search bulk index, docs/s", True), ("data_gets_per_s", "data get by id, req/s", True),
           ("data_queries_per_s", "data query, req/s", True), ("search_queries_per_s", "search query, req/s", True),
           ("cache_gets_per_s", "cache get, req/s", True)]


def summary(path):
    runs = {}
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            runs.setdefault(r["variant"], []).append(r)
    variants = list(runs)
    med = {v: {k: statistics.median(r[k] for r in runs[v]) for k, _, _ in FIGURES} for v in variants}
    head = ["figure (median)"] + [f"{v} (n={len(runs[v])})" for v in variants] + [f"{v} / {variants[0]}" for v in variants[1:]]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for key, label, _ in FIGURES:
        cells = [label] + [f"{med[v][key]:,.0f}" for v in variants]
        cells += [f"{med[v][key] / med[variants[0]][key]:.2f}×" for v in variants[1:]]
        print("| " + " | ".join(cells) + " |")
    print()
    for v in variants:
        peaks = ", ".join(f"{r['rss_peak']:.0f}" for r in runs[v])
        idles = ", ".join(f"{r['rss_idle']:.0f}" for r in runs[v])
        print(f"{v}: peak RSS per run {peaks} MiB; idle after load {idles} MiB")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        print(json.dumps(run(*sys.argv[2:8])))
    elif sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)
