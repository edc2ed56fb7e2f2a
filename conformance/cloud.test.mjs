// A cloud:// connection string (HYPER_CLOUD_URL, cloud://sub:secret@127.0.0.1:<https port>/<app>) against a
// server with --tls-self-signed and auth: hyper-connect turns it into https://host/<app>/<service>/<domain>
// and signs a bearer token; NODE_EXTRA_CA_CERTS trusts the server's local certificate authority.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'hyper-connect'

const cloudUrl = process.env.HYPER_CLOUD_URL
const skip = cloudUrl ? false : 'HYPER_CLOUD_URL is not set (scripts/conformance.sh starts a server with TLS)'

async function readAll (stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

describe('cloud:// over HTTPS', { skip }, () => {
  test('one method of each service works end to end, in the default domain', async () => {
    const hyper = connect(cloudUrl)
    assert.equal((await hyper.info.services()).name, 'hyper')

    assert.deepEqual(await hyper.data.create(), { ok: true })
    assert.deepEqual(await hyper.data.add({ _id: '42', type: 'answer' }), { ok: true, id: '42' })
    assert.deepEqual(await hyper.data.get('42'), { ok: true, doc: { _id: '42', type: 'answer' } })

    assert.deepEqual(await hyper.cache.create(), { ok: true })
    assert.deepEqual(await hyper.cache.set('movie-1', { title: 'Dune' }), { ok: true })
    assert.deepEqual(await hyper.cache.get('movie-1'), { ok: true, doc: { title: 'Dune' } })

    assert.deepEqual(await hyper.storage.create(), { ok: true })
    assert.deepEqual(await hyper.storage.upload('notes/a.txt', Buffer.from('over https')), { ok: true })
    const download = await hyper.storage.download('notes/a.txt')
    assert.equal((await readAll(download.object)).toString(), 'over https')
    const { url } = await hyper.storage.signedUrl('notes/a.txt', { type: 'download' })
    const appPath = new URL(cloudUrl).pathname
    assert.ok(url.startsWith(`https://${new URL(cloudUrl).host}${appPath}/storage/default/notes/a.txt?`), url)
    assert.equal(await (await fetch(url)).text(), 'over https')

    assert.deepEqual(await hyper.search.create(['title'], ['title']), { ok: true })
    assert.deepEqual(await hyper.search.add('m1', { title: 'Dune' }), { ok: true })
    assert.equal((await hyper.search.query('dune')).matches[0].id, 'm1')

    assert.deepEqual(await hyper.queue.create('http://127.0.0.1:9/hook'), { ok: true })
    const job = await hyper.queue.enqueue({ type: 'email' })
    assert.equal(job.ok, true)

    for (const service of ['data', 'cache', 'storage', 'search', 'queue']) {
      assert.equal((await hyper[service].destroy(true)).ok, true, service)
    }
  })

  test('a named domain is its own set of stores', async () => {
    const orders = connect(cloudUrl, 'orders')
    assert.deepEqual(await orders.cache.create(), { ok: true })
    assert.deepEqual(await orders.cache.add('o1', { n: 1 }), { ok: true })
    assert.equal((await connect(cloudUrl).cache.get('o1')).status, 404, 'not in the default domain')
    assert.deepEqual(await orders.cache.destroy(true), { ok: true })
  })

  test('another secret is a 401, over HTTPS too', async () => {
    const url = new URL(cloudUrl)
    const wrong = connect(`cloud://${url.username}:not-${url.password}@${url.host}${url.pathname}`)
    assert.deepEqual(await wrong.data.create(), { ok: false, status: 401, msg: 'not authorized' })
  })
})
