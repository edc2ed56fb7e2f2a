import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { client } from './support.mjs'

const { hyper } = client('storage')

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

async function readAll(stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

before(async () => {
  assert.deepEqual(await hyper.storage.create(), { ok: true })
})

after(async () => {
  assert.deepEqual(await hyper.storage.destroy(true), { ok: true })
})

test('create twice is a 409', async () => {
  const again = await hyper.storage.create()
  assert.equal(again.ok, false)
  assert.equal(again.status, 409)
})

test('upload then download returns the same bytes', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 11)
  assert.deepEqual(await hyper.storage.upload('blob.bin', bytes), { ok: true })
  const result = await hyper.storage.download('blob.bin')
  assert.equal(result.ok, true)
  assert.equal(sha256(await readAll(result.object)), sha256(bytes))
})

test('a streamed upload round-trips', async () => {
  const parts = [randomBytes(100_000), randomBytes(200_000), randomBytes(7)]
  const stream = new ReadableStream({
    start(controller) {
      parts.forEach((p) => controller.enqueue(new Uint8Array(p)))
      controller.close()
    },
  })
  assert.deepEqual(await hyper.storage.upload('streamed.png', stream), { ok: true })
  const result = await hyper.storage.download('streamed.png')
  assert.equal(sha256(await readAll(result.object)), sha256(Buffer.concat(parts)))
})

test('names with slashes are nested keys', async () => {
  const text = Buffer.from('nested ✓')
  assert.deepEqual(await hyper.storage.upload('docs/2024/notes.txt', text), { ok: true })
  const result = await hyper.storage.download('docs/2024/notes.txt')
  assert.equal((await readAll(result.object)).toString(), 'nested ✓')
})

test('an upload replaces the object', async () => {
  await hyper.storage.upload('replace.txt', Buffer.from('one'))
  await hyper.storage.upload('replace.txt', Buffer.from('two'))
  const result = await hyper.storage.download('replace.txt')
  assert.equal((await readAll(result.object)).toString(), 'two')
})

test('download of a missing object is a 404', async () => {
  const missing = await hyper.storage.download('nothing-here.png')
  assert.equal(missing.ok, false)
  assert.equal(missing.status, 404)
  assert.equal(missing.msg, 'object does not exist')
})

test('remove deletes the object', async () => {
  await hyper.storage.upload('gone.txt', Buffer.from('bye'))
  assert.deepEqual(await hyper.storage.remove('gone.txt'), { ok: true })
  const after = await hyper.storage.download('gone.txt')
  assert.equal(after.status, 404)
  const again = await hyper.storage.remove('gone.txt')
  assert.equal(again.ok, false)
  assert.equal(again.status, 404)
})

test('a name with .. is a 400', async () => {
  const bad = await hyper.storage.upload('a..b.txt', Buffer.from('x'))
  assert.equal(bad.ok, false)
  assert.equal(bad.status, 400)
  assert.equal(bad.msg, 'cannot contain relative path parts')
})

test('signed URLs are not implemented: the client rejects with 501', async () => {
  await assert.rejects(hyper.storage.signedUrl('blob.bin', { type: 'download' }), (e) => e.status === 501)
  await assert.rejects(hyper.storage.signedUrl('blob.bin', { type: 'upload' }), (e) => e.status === 501)
})
