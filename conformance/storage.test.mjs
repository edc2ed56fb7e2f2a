import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { base, client } from './support.mjs'

const { hyper, domain } = client('storage')

// Set when the storage service runs on an engine that signs URLs itself (S3 presigned URLs): the URL then
// names the engine, which answers and refuses in its own way; the object round trip is the same.
const engineSigned = process.env.HYPER_STORAGE_SIGNS === 'engine'

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

test('signedUrl download: a plain fetch of the URL gets the object', async () => {
  const bytes = randomBytes(200_000)
  await hyper.storage.upload('signed/photo.png', bytes)
  const signed = await hyper.storage.signedUrl('signed/photo.png', { type: 'download' })
  assert.equal(signed.ok, true)
  assert.deepEqual(Object.keys(signed).sort(), ['ok', 'url'])
  const url = new URL(signed.url)
  if (!engineSigned) assert.equal(url.origin, new URL(base).origin, 'the host the client used')
  const response = await fetch(signed.url)
  assert.equal(response.status, 200)
  if (!engineSigned) assert.equal(response.headers.get('content-type'), 'image/png')
  assert.equal(sha256(Buffer.from(await response.arrayBuffer())), sha256(bytes))
})

test('signedUrl upload: PUT or POST the bytes to the URL, then download them', async () => {
  const signed = await hyper.storage.signedUrl('signed/upload.bin', { type: 'upload' })
  assert.equal(signed.ok, true)
  const bytes = randomBytes(1024 * 1024 + 3)
  const put = await fetch(signed.url, { method: 'PUT', body: bytes })
  const result = await hyper.storage.download('signed/upload.bin')
  assert.equal(sha256(await readAll(result.object)), sha256(bytes))
  if (engineSigned) {
    assert.equal(put.status, 200, "the engine's own answer to a presigned PUT") // S3 takes PUT only
    return
  }
  assert.equal(put.status, 201)
  assert.deepEqual(await put.json(), { ok: true })

  const again = randomBytes(10)
  const post = await fetch(signed.url, { method: 'POST', body: again, headers: { 'Content-Type': 'application/octet-stream' } })
  assert.equal(post.status, 201)
  const second = await hyper.storage.download('signed/upload.bin')
  assert.equal(sha256(await readAll(second.object)), sha256(again))
})

test('a changed, misused or expired signed URL is a 403', async () => {
  const { url } = await hyper.storage.signedUrl('signed/photo.png', { type: 'download' })
  const other = await fetch(url.replace('photo.png', 'other.png'))
  assert.equal(other.status, 403)
  if (engineSigned) {
    // the engine's presigned URL: refusals are the engine's own (403, its own body), expiry included
    const short = await fetch(`${base}/storage/${domain}/signed/photo.png?useSignedUrl=true&expiresIn=1`)
    const { url: brief } = await short.json()
    await new Promise((resolve) => setTimeout(resolve, 2100))
    assert.equal((await fetch(brief)).status, 403)
    return
  }
  assert.deepEqual(await other.json(), { ok: false, status: 403, msg: 'signature does not match' })
  const wrongMethod = await fetch(url, { method: 'DELETE' })
  assert.equal(wrongMethod.status, 403)
  assert.equal((await wrongMethod.json()).msg, 'signed URL does not allow DELETE')
  const expiry = new URL(url).searchParams.get('X-Hyper-Expires')
  const later = await fetch(url.replace(`X-Hyper-Expires=${expiry}`, `X-Hyper-Expires=${Number(expiry) + 1}`))
  assert.equal(later.status, 403)

  const short = await fetch(`${base}/storage/${domain}/signed/photo.png?useSignedUrl=true&expiresIn=1`)
  const { url: brief } = await short.json()
  await new Promise((resolve) => setTimeout(resolve, 2100))
  const expired = await fetch(brief)
  assert.equal(expired.status, 403)
  assert.equal((await expired.json()).msg, 'signed URL has expired')
})
