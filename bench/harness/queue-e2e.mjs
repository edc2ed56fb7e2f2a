// End-to-end queue delivery: a local webhook target, jobs enqueued over HTTP, and the time from sending
// each job to its arrival at the target.
//   node queue-e2e.mjs <base url> <queue> <jobs> <concurrency>   measure; prints one JSON line
//   node queue-e2e.mjs --target                                  only the target (for the enqueue runs);
//                                                                prints its port, answers 200 to every POST
import { createServer } from "node:http";

const now = () => performance.timeOrigin + performance.now();

function target(onJob) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
      if (onJob) onJob(JSON.parse(Buffer.concat(chunks).toString()));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function measure(base, queue, jobs, concurrency) {
  const arrivals = [];
  let done;
  const all = new Promise((resolve) => (done = resolve));
  const server = await target((job) => {
    arrivals.push(now() - job.sent);
    if (arrivals.length === jobs) done();
  });
  const put = await fetch(`${base}/queue/${queue}`, {
    method: "PUT", headers: { "content-type": "application/json" },
    body: JSON.stringify({ target: `http://127.0.0.1:${server.address().port}/` }),
  });
  if (put.status !== 201) throw new Error(`create queue: ${put.status} ${await put.text()}`);

  const started = now();
  let next = 0;
  const sender = async () => {
    while (next < jobs) {
      const n = next++;
      const res = await fetch(`${base}/queue/${queue}`, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ sent: now(), n, pad: "x".repeat(100) }),
      });
      if (res.status !== 201) throw new Error(`enqueue: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const timeout = new Promise((resolve) => setTimeout(resolve, 120_000));
  await Promise.race([all, timeout]);
  const seconds = (now() - started) / 1000;
  server.close();
  arrivals.sort((a, b) => a - b);
  const at = (p) => arrivals[Math.min(arrivals.length - 1, Math.floor((p / 100) * arrivals.length))];
  return {
    rate: arrivals.length / seconds, count: arrivals.length, errors: jobs - arrivals.length, seconds,
    p50_ms: at(50), p99_ms: at(99),
  };
}

if (process.argv[2] === "--target") {
  const server = await target(null);
  console.log(server.address().port);
} else {
  const [base, queue, jobs, concurrency] = process.argv.slice(2);
  console.log(JSON.stringify(await measure(base, queue, Number(jobs), Number(concurrency))));
  process.exit(0);
}
