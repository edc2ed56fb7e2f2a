// Shared by the console tests: the servers the script started, a fresh headless Chromium, the hyper API
// for making and checking data, and screenshots kept under output/ (ignored by git).
import { chromium } from 'playwright-core'
import { createHmac } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

export const base = process.env.HYPER_URL ?? 'http://127.0.0.1:6363'
export const authBase = process.env.HYPER_AUTH_URL
export const authSecret = process.env.HYPER_AUTH_SECRET
export const output = new URL('./output/', import.meta.url).pathname

/** Uncaught errors of the console's scripts, in any page: each test file checks there were none. */
export const pageErrors = []

/** The flags that let Debian's chromium run headless in a container, as root, offline. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** A browser context with a fresh profile; close() also removes the profile. */
export async function browser () {
  const profile = await mkdtemp(join(tmpdir(), 'hyper-console-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true
  })
  // Deletes and resets ask first; the tests say yes.
  context.on('page', page => page.on('dialog', dialog => dialog.accept()))
  return {
    context,
    async page () {
      const page = await context.newPage()
      page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e.stack ?? e}`))
      // A blocked script or style (the Content-Security-Policy) is a console error; refused requests are
      // expected in these tests and are reported by the page itself.
      page.on('console', message => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          pageErrors.push(`${page.url()}: ${message.text()}`)
        }
      })
      return page
    },
    async close () {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    }
  }
}

export async function screenshot (page, name) {
  await mkdir(output, { recursive: true })
  await page.screenshot({ path: join(output, `${name}.png`), fullPage: true })
}

/** A request to the hyper API; answers { status, body } with the body parsed when it is JSON. */
export async function call (method, path, body, { url = base, token, type } = {}) {
  const headers = {}
  if (token) headers.Authorization = `Bearer ${token}`
  let payload = body
  if (body !== undefined && !(body instanceof Uint8Array) && typeof body !== 'string') {
    payload = JSON.stringify(body)
    headers['Content-Type'] = 'application/json'
  } else if (type) {
    headers['Content-Type'] = type
  }
  const res = await fetch(url + path, { method, headers, body: payload })
  const text = await res.text()
  let parsed = text
  try { parsed = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, body: parsed }
}

/** Calls, and fails unless the status is 2xx. */
export async function must (method, path, body, options) {
  const answer = await call(method, path, body, options)
  if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Waits until {@code check()} answers something truthy. */
export async function until (check, what, ms = 10_000) {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** An HS256 JWT as hyper-connect makes one, valid ten minutes. */
export function jwt (secret, sub) {
  const encode = value => Buffer.from(JSON.stringify(value)).toString('base64url')
  const payload = { exp: Math.floor(Date.now() / 1000) + 600, ...(sub ? { sub } : {}) }
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** A small PNG made here (a blue-to-green gradient, 48x32), for the upload and the image preview. */
export function png (width = 48, height = 32) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
    return Buffer.concat([length, Buffer.from(type), data, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits, RGB
  const rows = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) row.set([40, 80 + Math.round(150 * x / width), 200 - Math.round(120 * y / height)], 1 + x * 3)
    rows.push(row)
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}
