import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { client } from './support.mjs'

const { hyper } = client('search')

const movies = [
  { id: 'movie-1', title: 'Dune', type: 'movie', year: 1984 },
  { id: 'movie-2', title: 'Alien', type: 'movie', year: 1979 },
  { id: 'movie-3', title: 'Avatar', type: 'movie', year: 2009 },
  { id: 'movie-4', title: 'Star Wars', type: 'movie', year: 1977 },
  { id: 'movie-5', title: 'Jaws', type: 'movie', year: 1975 },
  { id: 'movie-6', title: 'Ironman', type: 'movie', year: 2008 },
  { id: 'movie-7', title: 'Batman', type: 'movie', year: 1989 },
  { id: 'series-1', title: 'Star Trek', type: 'series', year: 1966 }
]

before(async () => {
  assert.deepEqual(await hyper.search.create(['title', 'type'], ['title', 'type', 'year']), { ok: true })
})

after(async () => {
  assert.deepEqual(await hyper.search.destroy(true), { ok: true })
  const gone = await hyper.search.query('dune').catch(e => e)
  assert.equal(gone.status, 404)
})

test('create twice is a 409', async () => {
  const again = await hyper.search.create(['title'])
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('load indexes many documents', async () => {
  const result = await hyper.search.load(movies)
  assert.deepEqual(result, { ok: true, results: movies.map(m => ({ ok: true, id: m.id })) })
})

test('add then get returns the stored document with its _id', async () => {
  assert.deepEqual(await hyper.search.add('movie-8', { title: 'Red Dawn', type: 'movie', year: 1984 }), { ok: true })
  assert.deepEqual(await hyper.search.get('movie-8'),
    { ok: true, key: 'movie-8', doc: { _id: 'movie-8', title: 'Red Dawn', type: 'movie', year: 1984 } })
})

test('add of an existing key is a 409', async () => {
  const again = await hyper.search.add('movie-8', { title: 'Other' })
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('get of a missing key is a 404', async () => {
  const missing = await hyper.search.get('nothing-here')
  assert.equal(missing.ok, false)
  assert.equal(missing.status, 404)
})

test('query returns hits with id, score, matched terms and stored fields', async () => {
  const result = await hyper.search.query('Jaws')
  assert.equal(result.ok, true)
  assert.equal(result.matches.length, 1)
  const [hit] = result.matches
  assert.equal(hit.id, 'movie-5')
  assert.equal(typeof hit.score, 'number')
  assert.deepEqual(hit.terms, ['jaws'])
  assert.deepEqual(hit.queryTerms, ['jaws'])
  assert.deepEqual(hit.match, { jaws: ['title'] })
  assert.equal(hit.title, 'Jaws')
  assert.equal(hit.type, 'movie')
  assert.equal(hit.year, 1975)
})

test('query with fields and filter', async () => {
  const ironman = await hyper.search.query('Ironman', { fields: ['title'], filter: { type: 'movie' } })
  assert.deepEqual(ironman.matches.map(m => m.id), ['movie-6'])
  const star = await hyper.search.query('star', { filter: { type: 'series' } })
  assert.deepEqual(star.matches.map(m => m.id), ['series-1'])
  const none = await hyper.search.query('Spiderman', { filter: { type: 'movie' } })
  assert.deepEqual(none, { ok: true, matches: [] })
})

test('query matches prefixes, typos, any case and accents', async () => {
  assert.equal((await hyper.search.query('bat')).matches[0].id, 'movie-7')
  assert.equal((await hyper.search.query('avatr')).matches[0].id, 'movie-3')
  assert.equal((await hyper.search.query('ÁLIEN')).matches[0].id, 'movie-2')
})

test('an empty query is a 422', async () => {
  const empty = await hyper.search.query('')
  assert.equal(empty.ok, false)
  assert.equal(empty.status, 422)
})

test('update replaces the document and queries see the new text', async () => {
  assert.deepEqual(await hyper.search.update('movie-1', { title: 'Dune Part Two', type: 'movie', year: 2024 }),
    { ok: true })
  assert.equal((await hyper.search.get('movie-1')).doc.year, 2024)
  const hits = await hyper.search.query('two', { fields: ['title'] })
  assert.deepEqual(hits.matches.map(m => m.id), ['movie-1'])
})

test('remove hides the document', async () => {
  assert.deepEqual(await hyper.search.remove('movie-8'), { ok: true })
  assert.deepEqual((await hyper.search.query('red dawn')).matches, [])
  const again = await hyper.search.remove('movie-8')
  assert.equal(again.ok, false)
  assert.equal(again.status, 404)
})

test('load with a conflicting id is a 409 and writes nothing', async () => {
  const result = await hyper.search.load([{ id: 'movie-9', title: 'Heat' }, { id: 'movie-2', title: 'Alien 2' }])
  assert.equal(result.ok, false)
  assert.equal(result.status, 409)
  assert.equal((await hyper.search.get('movie-9')).status, 404)
})
