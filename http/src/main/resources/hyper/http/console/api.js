// Talks to the server the page came from: the hyper API, the admin API, /openapi.json and /metrics.
// Every request carries the token when one is kept; a 401 is reported to whoever listens (the token form).

const TOKEN_KEY = 'hyper-console-token'

/** The server's root: the console is at <root>/_console/ (root is empty unless a proxy adds a prefix). */
export const root = new URL('..', document.baseURI).pathname.replace(/\/$/, '')

export function token () {
  return sessionStorage.getItem(TOKEN_KEY)
}

export function setToken (value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value)
  else sessionStorage.removeItem(TOKEN_KEY)
}

/** The requests this page sent lately (the log's polls aside), so the log can mark them as the console's. */
const sent = []

/** Whether a logged request is one this page sent (each sent request marks one log entry at most). */
export function sentByConsole (entry) {
  const i = sent.findIndex(s => s.method === entry.method && s.path === entry.path)
  if (i < 0) return false
  sent.splice(i, 1)
  return true
}

const unauthorizedListeners = new Set()

/** Calls {@code listener(msg)} on every 401. */
export function onUnauthorized (listener) {
  unauthorizedListeners.add(listener)
}

/** An answer the server refused: its hyper envelope's status and msg. */
export class ApiError extends Error {
  constructor (status, msg) {
    super(msg)
    this.status = status
  }
}

/** A request to the server; resolves with the Response when it is 2xx or 3xx, throws ApiError otherwise. */
export async function raw (method, path, { body, type, headers = {} } = {}) {
  const h = { ...headers }
  const t = token()
  if (t) h.Authorization = `Bearer ${t}`
  if (type) h['Content-Type'] = type
  if (!path.startsWith('/_admin/requests')) {
    sent.push({ method, path: root + path.split('?')[0] })
    if (sent.length > 200) sent.shift()
  }
  const res = await fetch(root + path, { method, headers: h, body })
  if (res.status >= 400) {
    let msg = `${res.status} ${res.statusText}`
    try {
      const envelope = await res.json()
      if (envelope && envelope.msg) msg = envelope.msg
    } catch { /* not the envelope: keep the status line */ }
    if (res.status === 401) unauthorizedListeners.forEach(l => l(msg))
    throw new ApiError(res.status, msg)
  }
  return res
}

/** A JSON request; resolves with the parsed answer. */
export async function json (method, path, value) {
  const options = value === undefined ? {} : { body: JSON.stringify(value), type: 'application/json' }
  const res = await raw(method, path, options)
  const text = await res.text()
  return text ? JSON.parse(text) : {}
}

export const get = path => json('GET', path)

/** A path segment, encoded (store names, keys, ids). */
export const seg = s => encodeURIComponent(s)

/** An object path, each segment encoded but its slashes kept. */
export const objectPath = p => p.split('/').map(encodeURIComponent).join('/')

/** Every page of an admin listing, up to {@code max} items. */
export async function listAll (path, field, max = 1000) {
  const items = []
  let cursor = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page = await get(`${path}${sep}limit=${Math.min(max, 1000)}${cursor ? `&cursor=${cursor}` : ''}`)
    items.push(...page[field])
    cursor = page.next
  } while (cursor && items.length < max)
  return items
}
