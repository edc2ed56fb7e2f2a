import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { createHyperVerify } from 'hyper-connect'
import { client } from './support.mjs'

// A webhook on a free loopback port that records what hyper-nano delivers to it.
const received = []
const target = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers })
    res.writeHead(200).end()
  })
})

const secret = 'shhh'
const { hyper } = client('queue')
const { hyper: deadEnd } = client('queue-dead')
let targetUrl

async function eventually (what, check) {
  const deadline = Date.now() + 15000
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

before(async () => {
  await new Promise((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${target.address().port}/hook`
  assert.deepEqual(await hyper.queue.create(targetUrl, secret), { ok: true })
})

after(async () => {
  assert.deepEqual(await hyper.queue.destroy(true), { ok: true })
  await new Promise((resolve) => target.close(resolve))
})

test('create twice is a 409', async () => {
  const again = await hyper.queue.create(targetUrl, secret)
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('a target that is not an http(s) URL is a 422', async () => {
  const { hyper: other } = client('queue-bad')
  for (const url of ['not a url', 'ftp://example.com/']) {
    const res = await other.queue.create(url)
    assert.equal(res.ok, false)
    assert.equal(res.status, 422)
  }
})

test('enqueue answers a numeric id and the job reaches the target, signed', async () => {
  const job = { type: 'job', text: 'Hello World', n: 7, price: 123456789.125, tiny: 1e-7, nested: { list: [1, 'two', null, 2.5] } }
  const res = await hyper.queue.enqueue(job)
  assert.equal(res.ok, true)
  assert.equal(typeof res.id, 'number')

  const delivery = await eventually('the delivery', () =>
    received.find((d) => JSON.parse(d.body).text === 'Hello World'))
  assert.deepEqual(JSON.parse(delivery.body), job)
  assert.equal(delivery.body, JSON.stringify(job), 'compact JSON, keys in the order sent')
  assert.match(delivery.headers['content-type'], /^application\/json/)
  const signature = delivery.headers['x-hyper-signature']
  assert.match(signature, /^t=\d{13},sig=[0-9a-f]{64}$/)

  const verify = createHyperVerify(secret, '5m')
  assert.deepEqual(verify(signature, JSON.parse(delivery.body)), { ok: true })
  assert.equal(verify(signature, { ...job, n: 8 }).status, 401, 'a changed body does not verify')
  assert.equal(createHyperVerify('wrong', '5m')(signature, job).status, 401, 'another secret does not verify')
})

test('delivered jobs leave the READY list', async () => {
  await hyper.queue.enqueue({ seq: 1 })
  await hyper.queue.enqueue({ seq: 2 })
  await eventually('both delivered', () => received.filter((d) => 'seq' in JSON.parse(d.body)).length === 2)
  const queued = await eventually('READY list empty', async () => {
    const res = await hyper.queue.queued()
    return res.jobs.length === 0 && res
  })
  assert.deepEqual(queued, { ok: true, jobs: [] })
})

test('a job for a dead target is listed by errors()', async () => {
  const server = http.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const deadUrl = `http://127.0.0.1:${server.address().port}/`
  await new Promise((resolve) => server.close(resolve)) // nothing listens there now

  assert.deepEqual(await deadEnd.queue.create(deadUrl), { ok: true })
  const { id } = await deadEnd.queue.enqueue({ doomed: true })
  const errors = await eventually('the job in ERROR', async () => {
    const res = await deadEnd.queue.errors()
    return res.jobs.length === 1 && res
  })
  assert.equal(errors.ok, true)
  assert.equal(errors.jobs[0].id, id)
  assert.deepEqual(errors.jobs[0].job, { doomed: true })
  assert.equal(errors.jobs[0].status, 'ERROR')
  assert.deepEqual(await deadEnd.queue.queued(), { ok: true, jobs: [] })
  assert.deepEqual(await deadEnd.queue.destroy(true), { ok: true })
})

test('a missing queue is a 404', async () => {
  const { hyper: none } = client('queue-none')
  const res = await none.queue.enqueue({ a: 1 })
  assert.equal(res.ok, false)
  assert.equal(res.status, 404)
  assert.equal((await none.queue.queued()).status, 404)
  assert.equal((await none.queue.destroy(true)).status, 404)
})
