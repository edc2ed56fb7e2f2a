// Loads the fixed data set of a workload into a server before it is measured, and times the load.
//   node fill.mjs <recipe> <base url> <count> [size] [prefix]
//   node fill.mjs vocabulary      the search corpus's words, most frequent first, one a line
// Prints one JSON line: {"rate" (items/s),"count","errors","requests","seconds","p50_ms","p99_ms"}, with
// latencies per request.
// Every data set is generated deterministically, so every run and every peer gets the same bytes.

const [recipe, base, countArg, sizeArg, prefixArg] = process.argv.slice(2);
const count = Number(countArg);
const size = Number(sizeArg ?? 1024);
const prefix = prefixArg ?? "o";

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
 * documents.
 */
function corpus(total) {
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
  return Array.from({ length: total }, (_, i) => ({ _id: `s${i}`, title: text(5), body: text(40) }));
}

function batches(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Each recipe: the requests to send ({path, method, body, type}), how many items each carries, concurrency. */
const recipes = {
  "cache-hyper": () => ({
    concurrency: 8,
    requests: range(count).map((i) => ({ method: "PUT", path: `/cache/bench/k${i}`, body: cacheValue, items: 1 })),
  }),
  "cache-webdis": () => ({
    concurrency: 8,
    requests: range(count).map((i) => ({ method: "PUT", path: `/SET/k${i}`, body: cacheValue, type: "text/plain", items: 1 })),
  }),
  "data-hyper": () => ({
    concurrency: 1,
    requests: batches(range(count).map(dataDoc), 1000)
      .map((docs) => ({ method: "POST", path: "/data/bench/_bulk", body: JSON.stringify(docs), items: docs.length })),
  }),
  "data-pouch": () => ({
    concurrency: 1,
    requests: batches(range(count).map(dataDoc), 1000)
      .map((docs) => ({ method: "POST", path: "/bench/_bulk_docs", body: JSON.stringify({ docs }), items: docs.length })),
  }),
  "storage-hyper": () => ({
    concurrency: 4,
    requests: range(count).map((i) => ({
      method: "POST", path: `/storage/bench/${prefix}${i}.bin`, body: Buffer.alloc(size, 120), type: "application/octet-stream", items: 1,
    })),
  }),
  "storage-nginx": () => ({
    concurrency: 4,
    requests: range(count).map((i) => ({
      method: "PUT", path: `/${prefix}${i}.bin`, body: Buffer.alloc(size, 120), type: "application/octet-stream", items: 1,
    })),
  }),
  "search-hyper": () => ({
    concurrency: 1,
    requests: batches(corpus(count), 1000)
      .map((docs) => ({ method: "POST", path: "/search/bench/_bulk", body: JSON.stringify(docs), items: docs.length })),
  }),
  "search-minisearch": () => ({
    concurrency: 1,
    requests: batches(corpus(count), 1000)
      .map((docs) => ({ method: "POST", path: "/bulk", body: JSON.stringify(docs), items: docs.length })),
  }),
};

async function main() {
  if (recipe === "vocabulary") {
    process.stdout.write(`${vocabulary().join("\n")}\n`);
    return;
  }
  const make = recipes[recipe];
  if (!make) throw new Error(`unknown recipe ${recipe}; one of ${Object.keys(recipes).join(", ")}`);
  const { concurrency, requests } = make();
  const latencies = [];
  let next = 0, items = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const t0 = performance.now();
      const res = await fetch(base + r.path, {
        method: r.method, body: r.body, headers: { "content-type": r.type ?? "application/json" },
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${r.method} ${r.path}: ${res.status} ${text.slice(0, 300)}`);
      latencies.push(performance.now() - t0);
      items += r.items;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(JSON.stringify({
    rate: items / seconds, count: items, errors: 0, requests: requests.length, seconds, p50_ms: at(50), p99_ms: at(99),
  }));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
