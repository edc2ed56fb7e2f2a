// Against a server started with --auth-secret/--auth-sub (HYPER_AUTH_URL, HYPER_AUTH_SUB, HYPER_AUTH_SECRET):
// every hyper-connect method works with http://sub:secret@..., and is a 401 with another secret or sub.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { connect } from 'hyper-connect'

const authUrl = process.env.HYPER_AUTH_URL
const sub = process.env.HYPER_AUTH_SUB
const secret = process.env.HYPER_AUTH_SECRET
const skip = authUrl ? false : 'HYPER_AUTH_URL is not set (scripts/conformance.sh starts a server with auth)'

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')
const notAuthorized = { ok: false, status: 401, msg: 'not authorized' }

/** `http://user:password@host:port/domain`, as an application would write it. */
function connectionString (user, password, domain) {
  const { protocol, host } = new URL(authUrl)
  return `${protocol}//${user}:${password}@${host}/${domain}`
}

let domains = 0
function withCredentials (user, password) {
  const domain = `auth-${process.pid}-${Date.now().toString(36)}-${domains++}`
  return { hyper: connect(connectionString(user, password, domain)), domain }
}

async function readAll (stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

/** Every method of hyper-connect, in an order that works on a fresh domain. */
function everyMethod (hyper) {
  const bytes = Buffer.from('authorized bytes')
  return [
    ['data.create', () => hyper.data.create(), 201],
    ['data.add', () => hyper.data.add({ _id: 'd1', n: 1 }), 201],
    ['data.get', () => hyper.data.get('d1'), 200],
    ['data.list', () => hyper.data.list({ limit: 5 }), 200],
    ['data.update', () => hyper.data.update('d1', { _id: 'd1', n: 2 }), 200],
    ['data.query', () => hyper.data.query({ n: { $gt: 0 } }), 200],
    ['data.index', () => hyper.data.index('by-n', ['n']), 201],
    ['data.bulk', () => hyper.data.bulk([{ _id: 'd2' }, { _id: 'd3' }]), 201],
    ['data.remove', () => hyper.data.remove('d2'), 200],
    ['data.destroy', () => hyper.data.destroy(true), 200],
    ['cache.create', () => hyper.cache.create(), 201],
    ['cache.add', () => hyper.cache.add('k1', { v: 1 }, '1h'), 201],
    ['cache.get', () => hyper.cache.get('k1'), 200],
    ['cache.set', () => hyper.cache.set('k1', { v: 2 }), 200],
    ['cache.query', () => hyper.cache.query('k*'), 200],
    ['cache.remove', () => hyper.cache.remove('k1'), 200],
    ['cache.destroy', () => hyper.cache.destroy(true), 200],
    ['search.create', () => hyper.search.create(['title'], ['title']), 201],
    ['search.add', () => hyper.search.add('m1', { title: 'Dune' }), 201],
    ['search.get', () => hyper.search.get('m1'), 200],
    ['search.update', () => hyper.search.update('m1', { title: 'Dune Messiah' }), 200],
    ['search.query', () => hyper.search.query('dune'), 200],
    ['search.load', () => hyper.search.load([{ id: 'm2', title: 'Alien' }]), 201],
    ['search.remove', () => hyper.search.remove('m2'), 200],
    ['search.destroy', () => hyper.search.destroy(true), 200],
    ['storage.create', () => hyper.storage.create(), 201],
    ['storage.upload', () => hyper.storage.upload('a/b.txt', bytes), 201],
    ['storage.download', () => hyper.storage.download('a/b.txt'), 200],
    ['storage.signedUrl', () => hyper.storage.signedUrl('a/b.txt', { type: 'download' }), 200],
    ['storage.remove', () => hyper.storage.remove('a/b.txt'), 201],
    ['storage.destroy', () => hyper.storage.destroy(true), 201],
    ['queue.create', () => hyper.queue.create('http://127.0.0.1:9/hook'), 201],
    ['queue.enqueue', () => hyper.queue.enqueue({ type: 'email' }), 201],
    ['queue.queued', () => hyper.queue.queued(), 200],
    ['queue.errors', () => hyper.queue.errors(), 200],
    ['queue.destroy', () => hyper.queue.destroy(true), 201]
  ]
}

describe('with --auth-secret', { skip }, () => {
  test('every hyper-connect method works with the right sub and secret', async () => {
    const { hyper } = withCredentials(sub, secret)
    for (const [name, call] of everyMethod(hyper)) {
      const result = await call()
      assert.equal(result.ok, true, `${name}: ${JSON.stringify(result)}`)
      if (name === 'storage.download') {
        assert.equal((await readAll(result.object)).toString(), 'authorized bytes')
      }
      if (name === 'storage.signedUrl') {
        const plain = await fetch(result.url) // no token: the signature is the credential
        assert.equal(plain.status, 200)
        assert.equal(await plain.text(), 'authorized bytes')
      }
    }
    assert.equal((await hyper.info.services()).name, 'hyper')
  })

  for (const [label, user, password] of [['another secret', () => sub, () => `${secret}-not`],
    ['another sub', () => `${sub}-not`, () => secret]]) {
    test(`with ${label} every method is a 401 and changes nothing`, async () => {
      const { hyper: good, domain } = withCredentials(sub, secret)
      const { hyper: bad } = withCredentials(user(), password())
      const badOnGoodDomain = connect(connectionString(user(), password(), domain))
      for (const [name, call] of everyMethod(badOnGoodDomain)) {
        const result = await call()
        assert.deepEqual(name === 'storage.download' ? { ok: result.ok, status: result.status, msg: result.msg } : result,
          notAuthorized, name)
      }
      // nothing was created
      assert.equal((await good.data.create()).ok, true)
      assert.equal((await good.cache.create()).ok, true)
      assert.equal((await good.storage.create()).ok, true)
      assert.equal((await good.search.create(['title'])).ok, true)
      assert.equal((await good.queue.create('http://127.0.0.1:9/hook')).ok, true)
      for (const service of ['data', 'cache', 'storage', 'search', 'queue']) {
        assert.equal((await good[service].destroy(true)).ok, true)
      }
      // the info document needs no token
      assert.equal((await bad.info.services()).name, 'hyper')
    })
  }

  test('without credentials the client gets 401, and a signed upload URL still works', async () => {
    const { hyper: good, domain } = withCredentials(sub, secret)
    const anonymous = connect(`${new URL(authUrl).origin}/${domain}`)
    assert.deepEqual(await anonymous.cache.create(), notAuthorized)
    assert.equal((await good.storage.create()).ok, true)
    const { url } = await good.storage.signedUrl('up.bin', { type: 'upload' })
    const bytes = randomBytes(50_000)
    assert.equal((await fetch(url, { method: 'PUT', body: bytes })).status, 201)
    const result = await good.storage.download('up.bin')
    assert.equal(sha256(await readAll(result.object)), sha256(bytes))
    assert.equal((await good.storage.destroy(true)).ok, true)
  })
})
