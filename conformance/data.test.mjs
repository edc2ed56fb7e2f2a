import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { client } from './support.mjs'

const { hyper } = client('data')

const albums = [
  { _id: '2001', type: 'album', title: 'Nevermind', band: 'Nirvana', year: 1991 },
  { _id: '2002', type: 'album', title: 'Ten', band: 'Pearl Jam', year: 1991 },
  { _id: '2003', type: 'album', title: 'Back in Black', band: 'AC/DC', year: 1980 },
  { _id: '2004', type: 'album', title: 'The Doors', band: 'The Doors', year: 1967 },
  { _id: '2005', type: 'album', title: 'Abbey Road', band: 'The Beatles', year: 1969 }
]

before(async () => {
  assert.deepEqual(await hyper.data.create(), { ok: true })
})

after(async () => {
  assert.deepEqual(await hyper.data.destroy(true), { ok: true })
})

test('create twice is a 409', async () => {
  const again = await hyper.data.create()
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('add generates a cuid, get returns the document with integers intact', async () => {
  const added = await hyper.data.add({ type: 'movie', title: 'Dune', year: 1984, id: 'movie-1' })
  assert.equal(added.ok, true)
  assert.match(added.id, /^c[0-9a-z]{24}$/)
  assert.deepEqual(await hyper.data.get(added.id),
    { ok: true, doc: { _id: added.id, type: 'movie', title: 'Dune', year: 1984, id: 'movie-1' } })
})

test('add with an _id, duplicates are a 409, missing documents a 404', async () => {
  assert.deepEqual(await hyper.data.add({ _id: 'movie-2', title: 'Alien' }), { ok: true, id: 'movie-2' })
  const dup = await hyper.data.add({ _id: 'movie-2', title: 'Aliens' })
  assert.equal(dup.ok, false)
  assert.equal(dup.status, 409)
  const missing = await hyper.data.get('nothing-here')
  assert.equal(missing.ok, false)
  assert.equal(missing.status, 404)
})

test('bad documents are 4xx, not rejections', async () => {
  const empty = await hyper.data.add({})
  assert.equal(empty.status, 400)
  const numeric = await hyper.data.add({ _id: 5, a: 1 })
  assert.equal(numeric.status, 422)
})

test('update replaces the whole document and upserts', async () => {
  await hyper.data.add({ _id: 'movie-3', title: 'Heat', year: 1995 })
  assert.deepEqual(await hyper.data.update('movie-3', { title: 'Heat (1995)' }), { ok: true, id: 'movie-3' })
  assert.deepEqual(await hyper.data.get('movie-3'), { ok: true, doc: { _id: 'movie-3', title: 'Heat (1995)' } })
  assert.deepEqual(await hyper.data.update('movie-4', { title: 'Ran' }), { ok: true, id: 'movie-4' })
  assert.equal((await hyper.data.get('movie-4')).doc.title, 'Ran')
})

test('remove deletes, then 404', async () => {
  await hyper.data.add({ _id: 'gone', x: 1 })
  assert.deepEqual(await hyper.data.remove('gone'), { ok: true, id: 'gone' })
  const again = await hyper.data.remove('gone')
  assert.equal(again.ok, false)
  assert.equal(again.status, 404)
})

test('bulk upserts and deletes, one result per document', async () => {
  const result = await hyper.data.bulk([...albums, { _id: 'movie-4', _deleted: true }])
  assert.equal(result.ok, true)
  assert.deepEqual(result.results.map(r => r.id), ['2001', '2002', '2003', '2004', '2005', 'movie-4'])
  assert.ok(result.results.every(r => r.ok === true))
  assert.equal((await hyper.data.get('movie-4')).status, 404)
})

test('list with ranges, keys, limit and descending', async () => {
  const range = await hyper.data.list({ startkey: '2002', endkey: '2004' })
  assert.deepEqual(range.docs.map(d => d._id), ['2002', '2003', '2004'])
  const keys = await hyper.data.list({ keys: ['2005', '2001'] })
  assert.deepEqual(keys.docs.map(d => d._id), ['2001', '2005'])
  const limited = await hyper.data.list({ startkey: '2001', limit: 2 })
  assert.deepEqual(limited.docs.map(d => d._id), ['2001', '2002'])
  const desc = await hyper.data.list({ descending: true, startkey: '2001', endkey: '2005' })
  assert.deepEqual(desc.docs.map(d => d._id), ['2005', '2004', '2003', '2002', '2001'])
  // hyper-connect sends descending=false for descending:false; this server reads it as ascending (Q5)
  const asc = await hyper.data.list({ descending: false, startkey: '2001', endkey: '2005' })
  assert.deepEqual(asc.docs.map(d => d._id), ['2001', '2002', '2003', '2004', '2005'])
})

test('index, then query with selector, sort, fields and limit', async () => {
  assert.deepEqual(await hyper.data.index('idx-title', ['title']), { ok: true })
  assert.deepEqual(await hyper.data.index('idx-title', ['title']), { ok: true })
  const sorted = await hyper.data.query({ type: 'album' }, { sort: [{ title: 'DESC' }], useIndex: 'idx-title' })
  assert.equal(sorted.ok, true)
  assert.equal(sorted.docs[0]._id, '2004')
  const projected = await hyper.data.query({ type: 'album' }, { fields: ['_id', 'band'] })
  assert.equal(projected.docs.length, 5)
  projected.docs.forEach(d => assert.deepEqual(Object.keys(d).sort(), ['_id', 'band']))
  const limited = await hyper.data.query({ type: 'album' }, { limit: 2 })
  assert.equal(limited.docs.length, 2)
  const operators = await hyper.data.query({ year: { $gte: 1980 }, band: { $regex: '^(nirvana|ac)', $options: 'i' } },
    { sort: ['year'] })
  assert.deepEqual(operators.docs.map(d => d._id), ['2003', '2001'])
})

test('a bad selector or sort is a 400', async () => {
  const badOp = await hyper.data.query({ year: { $foo: 1 } })
  assert.equal(badOp.ok, false)
  assert.equal(badOp.status, 400)
  const badSort = await hyper.data.query({}, { sort: [{ title: 'desc' }] })
  assert.equal(badSort.status, 400)
})

test('destroy needs confirmation', async () => {
  await assert.rejects(hyper.data.destroy())
})
