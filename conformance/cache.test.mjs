import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { client } from './support.mjs'

const { hyper } = client('cache')

before(async () => {
  assert.deepEqual(await hyper.cache.create(), { ok: true })
})

after(async () => {
  assert.deepEqual(await hyper.cache.destroy(true), { ok: true })
})

test('create twice is a 409', async () => {
  const again = await hyper.cache.create()
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('add then get returns the value', async () => {
  assert.deepEqual(await hyper.cache.add('movie-1', { title: 'Dune', year: 1984 }), { ok: true })
  assert.deepEqual(await hyper.cache.get('movie-1'), { ok: true, doc: { title: 'Dune', year: 1984 } })
})

test('add of an existing key is a 409', async () => {
  await hyper.cache.add('dup', { n: 1 })
  const again = await hyper.cache.add('dup', { n: 2 })
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('get of a missing key is a 404', async () => {
  const missing = await hyper.cache.get('nothing-here')
  assert.equal(missing.ok, false)
  assert.equal(missing.status, 404)
})

test('set upserts and shallow-merges', async () => {
  assert.deepEqual(await hyper.cache.set('merge', { x: 1, y: 2 }), { ok: true })
  assert.deepEqual(await hyper.cache.set('merge', { x: 3 }), { ok: true })
  assert.deepEqual(await hyper.cache.get('merge'), { ok: true, doc: { x: 3, y: 2 } })
})

test('a ttl expires the value', async () => {
  await hyper.cache.add('short', { n: 1 }, '300ms')
  assert.equal((await hyper.cache.get('short')).ok, true)
  await new Promise((r) => setTimeout(r, 500))
  const gone = await hyper.cache.get('short')
  assert.equal(gone.ok, false)
  assert.equal(gone.status, 404)
})

test('set with a ttl expires too', async () => {
  await hyper.cache.set('short-set', { n: 1 }, '300ms')
  await new Promise((r) => setTimeout(r, 500))
  assert.equal((await hyper.cache.get('short-set')).status, 404)
})

test('remove deletes, and is fine for a missing key', async () => {
  await hyper.cache.add('gone', { n: 1 })
  assert.deepEqual(await hyper.cache.remove('gone'), { ok: true })
  assert.equal((await hyper.cache.get('gone')).status, 404)
  assert.deepEqual(await hyper.cache.remove('gone'), { ok: true })
})

test('query by pattern', async () => {
  for (const k of ['q-movie-1', 'q-movie-2', 'q-movie-3', 'q-album-1']) {
    await hyper.cache.add(k, { k })
  }
  const movies = await hyper.cache.query('q-movie-*')
  assert.equal(movies.ok, true)
  assert.deepEqual(movies.docs.map((d) => d.key), ['q-movie-1', 'q-movie-2', 'q-movie-3'])
  assert.deepEqual(movies.docs[0].value, { k: 'q-movie-1' })
  const all = await hyper.cache.query()
  assert.ok(all.docs.length >= 4)
  const ending = await hyper.cache.query('*-1')
  assert.deepEqual(ending.docs.map((d) => d.key).filter((k) => k.startsWith('q-')), ['q-movie-1', 'q-album-1'])
})

test('an invalid key is a 422, not a rejection', async () => {
  const bad = await hyper.cache.add('Bad Key', { n: 1 })
  assert.equal(bad.ok, false)
  assert.equal(bad.status, 422)
})
