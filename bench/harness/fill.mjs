// Loads the fixed data set of a workload into a server before it is measured, and times the load.
//   node fill.mjs <recipe> <base url> <count> [size] [prefix]
//   node fill.mjs vocabulary      the search corpus's words, most frequent first, one a line
// FILL_CONNECTIONS and FILL_BATCH (environment) replace a recipe's concurrency and its documents per bulk
// request; FILL_FIRST starts the numbering of documents there (a size reached in steps loads only the rest).
// Prints one JSON line: {"rate" (items/s),"count","errors","requests","seconds","p50_ms","p99_ms"}, with
// latencies per request.
// Every data set is generated deterministically, so every run and every peer gets the same bytes; requests
// are made as they are sent, so a million documents never sit in memory at once.

const [recipe, base, countArg, sizeArg, prefixArg] = process.argv.slice(2);
const count = Number(countArg);
const size = Number(sizeArg ?? 1024);
const prefix = prefixArg ?? "o";
const connections = process.env.FILL_CONNECTIONS ? Number(process.env.FILL_CONNECTIONS) : undefined;
const batchSize = Number(process.env.FILL_BATCH ?? 1000);
const first = Number(process.env.FILL_FIRST ?? 0);

/** The 1 KiB cache value: a JSON object of exactly 1024 bytes. */
const cacheValue = JSON.stringify({ v: "x".repeat(1016) });

/** Document i of the data workload (about 300 bytes): 100 groups of 100 documents for queries. */
function dataDoc(i) {
  return { _id: `d${i}`, type: "bench", group: i % 100, n: i, title: `document ${i}`, text: "lorem ipsum ".repeat(20) };
}

/** A small deterministic PRNG (mulberry32), so the corpus is the same on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The vocabulary of the search corpus: 20,000 distinct made-up words of 5 to 8 letters. Letters, not
 * numbered words: few of them are one typo apart, as in natural language, so a typo-tolerant engine
 * does not see every query expand to its neighbours. Word i is the i-th most frequent in the corpus.
 */
function vocabulary() {
  const next = random(20000);
  const words = new Set();
  while (words.size < 20000) {
    const length = 5 + Math.floor(next() * 4);
    let word = "";
    for (let i = 0; i < length; i++) word += String.fromCharCode(97 + Math.floor(next() * 26));
    words.add(word);
  }
  return [...words];
}

/**
 * The search corpus: words of the vocabulary drawn with Zipf's law (s = 1), as in natural text; a title
 * of 5 words and a body of 40. Each of the words ranked 5,000 to 5,999 occurs in about 80 of 100,000
 * documents. Documents [from, to): one random sequence, so the first n of a larger corpus are the corpus of n.
 */
function* corpus(from, to) {
  const words = vocabulary();
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let k = 0; k < words.length; k++) cdf[k] = sum += 1 / (k + 1);
  const next = random(63);
  const word = () => {
    const x = next() * sum;
    let lo = 0, hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1; else hi = mid;
    }
    return words[lo];
  };
  const text = (n) => Array.from({ length: n }, word).join(" ");
  for (let i = 0; i < to; i++) {
    const doc = { _id: `s${i}`, title: text(5), body: text(40) };
    if (i >= from) yield doc;
  }
}

function* batches(items, size) {
  let batch = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function* map(items, f) {
  for (const item of items) yield f(item);
}

function* range(n, from = 0) {
  for (let i = from; i < n; i++) yield i;
}

/** A bulk request of docs to the route of one server. */
const bulk = (method, path, body) => (docs) => ({ method, path, body: body(docs), items: docs.length });
/** OpenSearch's _bulk: newline-delimited action and source lines, the document id in the action. */
const ndjson = (docs) => docs.map(({ _id, ...doc }) => `{"index":{"_id":"${_id}"}}\n${JSON.stringify(doc)}\n`).join("");

/** Each recipe: the requests to send ({path, method, body, type}), how many items each carries, concurrency. */
const recipes = {
  "cache-hyper": () => ({
    concurrency: 8,
    requests: map(range(count), (i) => ({ method: "PUT", path: `/cache/bench/k${i}`, body: cacheValue, items: 1 })),
  }),
  "cache-webdis": () => ({
    concurrency: 8,
    requests: map(range(count), (i) => ({ method: "PUT", path: `/SET/k${i}`, body: cacheValue, type: "text/plain", items: 1 })),
  }),
  "data-hyper": () => ({
    concurrency: 1,
    requests: map(batches(map(range(count, first), dataDoc), batchSize), bulk("POST", "/data/bench/_bulk", JSON.stringify)),
  }),
  "data-pouch": () => ({
    concurrency: 1,
    requests: map(batches(map(range(count, first), dataDoc), batchSize),
      bulk("POST", "/bench/_bulk_docs", (docs) => JSON.stringify({ docs }))),
  }),
  "storage-hyper": () => ({
    concurrency: 4,
    requests: map(range(count), (i) => ({
      method: "POST", path: `/storage/bench/${prefix}${i}.bin`, body: Buffer.alloc(size, 120), type: "application/octet-stream", items: 1,
    })),
  }),
  "storage-nginx": () => ({
    concurrency: 4,
    requests: map(range(count), (i) => ({
      method: "PUT", path: `/${prefix}${i}.bin`, body: Buffer.alloc(size, 120), type: "application/octet-stream", items: 1,
    })),
  }),
  "search-hyper": () => ({
    concurrency: 1,
    requests: map(batches(corpus(first, count), batchSize), bulk("POST", "/search/bench/_bulk", JSON.stringify)),
  }),
  "search-minisearch": () => ({
    concurrency: 1,
    requests: map(batches(corpus(first, count), batchSize), bulk("POST", "/bulk", JSON.stringify)),
  }),
  "search-opensearch": () => ({
    concurrency: 1,
    requests: map(batches(corpus(first, count), batchSize),
      (docs) => ({ ...bulk("POST", "/bench/_bulk", ndjson)(docs), type: "application/x-ndjson", check: bulkErrors })),
  }),
};

/** OpenSearch answers 200 to a bulk request whose items failed: they are counted in its body. */
function bulkErrors(text) {
  if (text.includes('"errors":true')) throw new Error(`bulk items failed: ${text.slice(0, 300)}`);
}

async function main() {
  if (recipe === "vocabulary") {
    process.stdout.write(`${vocabulary().join("\n")}\n`);
    return;
  }
  const make = recipes[recipe];
  if (!make) throw new Error(`unknown recipe ${recipe}; one of ${Object.keys(recipes).join(", ")}`);
  const { concurrency, requests } = make();
  const latencies = [];
  let items = 0;
  const started = performance.now();
  const worker = async () => {
    // one generator shared by the connections: each takes the next request as it becomes free
    for (let step = requests.next(); !step.done; step = requests.next()) {
      const r = step.value;
      const t0 = performance.now();
      const res = await fetch(base + r.path, {
        method: r.method, body: r.body, headers: { "content-type": r.type ?? "application/json" },
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${r.method} ${r.path}: ${res.status} ${text.slice(0, 300)}`);
      r.check?.(text);
      latencies.push(performance.now() - t0);
      items += r.items;
    }
  };
  await Promise.all(Array.from({ length: connections ?? concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(JSON.stringify({
    rate: items / seconds, count: items, errors: 0, requests: latencies.length, seconds, p50_ms: at(50), p99_ms: at(99),
  }));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
