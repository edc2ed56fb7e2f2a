// Load generator for bench/queue.sh: enqueue throughput and end-to-end delivery (enqueue -> target
// received) against a running hyper-nano, with its own webhook target on a free loopback port.
// Baselines measured in the same run: durable cache writes (POST /cache/<store>) through the same HTTP
// stack, and a direct POST from this process to the target (the floor of any delivery latency).
import http from 'node:http'
import { performance } from 'node:perf_hooks'

const base = process.env.HYPER_URL ?? 'http://127.0.0.1:6363'
const levels = (process.env.CONCURRENCY ?? '1,16').split(',').map(Number)
const perLevel = { 1: Number(process.env.JOBS_C1 ?? 1000), 16: Number(process.env.JOBS_C16 ?? 4000) }

const received = new Map() // job seq -> time the target got it
const target = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const at = performance.now()
    const { seq } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    if (seq !== undefined && !received.has(seq)) received.set(seq, at)
    res.writeHead(200).end()
  })
})
await new Promise((resolve) => target.listen(0, '127.0.0.1', resolve))
const targetUrl = `http://127.0.0.1:${target.address().port}/hook`

function request (agent, method, url, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = http.request(url, {
      method,
      agent,
      headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}
    }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** Runs `count` calls of `one(i)` with `concurrency` workers; returns elapsed ms. */
async function drive (concurrency, count, one) {
  let next = 0
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await one(next++)
  }))
  return performance.now() - start
}

// Warm-up (not measured): the JIT compiles the hot paths of server, client and target.
{
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  const warm = `bench-warmup-${process.pid}`
  await request(agent, 'PUT', `${base}/queue/${warm}`, { target: targetUrl, secret: 'bench-secret' })
  await request(agent, 'PUT', `${base}/cache/${warm}`)
  const warmCount = Number(process.env.WARMUP ?? 1500)
  await drive(8, warmCount, async (i) => {
    await request(agent, 'POST', `${base}/queue/${warm}`, { warm: i })
    await request(agent, 'POST', `${base}/cache/${warm}`, { key: `w${i}`, value: { i } })
    await request(agent, 'POST', targetUrl, { direct: true })
  })
  const settled = performance.now() + 30000
  while (performance.now() < settled) {
    const r = JSON.parse((await request(agent, 'GET', `${base}/queue/${warm}?status=READY`)).body)
    if (r.jobs.length === 0) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await request(agent, 'DELETE', `${base}/queue/${warm}`)
  await request(agent, 'DELETE', `${base}/cache/${warm}`)
  agent.destroy()
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
const rows = []
let seq = 0

for (const c of levels) {
  const count = perLevel[c] ?? 1000
  const agent = new http.Agent({ keepAlive: true, maxSockets: c })

  // Baseline 1: durable cache writes through the same server.
  const store = `bench-cache-${c}-${process.pid}`
  await request(agent, 'PUT', `${base}/cache/${store}`)
  const cacheMs = await drive(c, count, async (i) => {
    const r = await request(agent, 'POST', `${base}/cache/${store}`, { key: `k${i}`, value: { i, text: 'x'.repeat(64) } })
    if (r.status !== 201) throw new Error(`cache add: ${r.status} ${r.body}`)
  })
  await request(agent, 'DELETE', `${base}/cache/${store}`)

  // Baseline 2: this process POSTing straight to the target.
  const direct = []
  await drive(c, count, async () => {
    const t0 = performance.now()
    await request(agent, 'POST', targetUrl, { direct: true })
    direct.push(performance.now() - t0)
  })
  direct.sort((a, b) => a - b)

  // The queue: enqueue `count` jobs, wait until the target has every one.
  const queue = `bench-queue-${c}-${process.pid}`
  const created = await request(agent, 'PUT', `${base}/queue/${queue}`, { target: targetUrl, secret: 'bench-secret' })
  if (created.status !== 201) throw new Error(`queue create: ${created.status} ${created.body}`)
  const sentAt = new Map()
  const first = seq
  const enqueueMs = await drive(c, count, async () => {
    const mine = seq++
    sentAt.set(mine, performance.now())
    const r = await request(agent, 'POST', `${base}/queue/${queue}`, { seq: mine, text: 'x'.repeat(64) })
    if (r.status !== 201) throw new Error(`enqueue: ${r.status} ${r.body}`)
  })
  const start = sentAt.get(first)
  const deadline = performance.now() + 120000
  while ([...sentAt.keys()].some((s) => !received.has(s))) {
    if (performance.now() > deadline) throw new Error('not every job was delivered within 120 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const lastReceived = Math.max(...[...sentAt.keys()].map((s) => received.get(s)))
  const latency = [...sentAt.entries()].map(([s, t]) => received.get(s) - t).sort((a, b) => a - b)
  await request(agent, 'DELETE', `${base}/queue/${queue}`)
  agent.destroy()

  rows.push({
    c,
    jobs: count,
    enqueuePerS: count / enqueueMs * 1000,
    cachePerS: count / cacheMs * 1000,
    deliveredPerS: count / (lastReceived - start) * 1000,
    p50: pct(latency, 0.5),
    p99: pct(latency, 0.99),
    directP50: pct(direct, 0.5),
    directP99: pct(direct, 0.99)
  })
}

const f = (n, d = 0) => n.toFixed(d)
console.log('| concurrency | jobs | enqueue/s | cache add/s (baseline) | enqueue ÷ cache | delivered/s | latency p50 ms | latency p99 ms | direct POST p50 / p99 ms (baseline) |')
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const r of rows) {
  console.log(`| ${r.c} | ${r.jobs} | ${f(r.enqueuePerS)} | ${f(r.cachePerS)} | ${f(r.enqueuePerS / r.cachePerS, 2)} | ${f(r.deliveredPerS)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.directP50, 2)} / ${f(r.directP99, 2)} |`)
}
target.close()
