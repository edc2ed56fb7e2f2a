// The developer console: one page, a view per section (the part of the URL after #), each drawn from
// the hyper API and the admin API. Plain DOM, no framework; text is always set as text, never as HTML.
import * as api from './api.js'

const main = document.getElementById('main')
const statusLine = document.getElementById('status')
const SERVICES = ['data', 'cache', 'storage', 'search', 'queue']
const STORE_WORD = { data: 'database', cache: 'cache', storage: 'bucket', search: 'index', queue: 'queue' }

// ---- small helpers

/** An element: h('button', {onclick, class}, 'text', child ...). */
function h (tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value)
    else if (key === 'class') el.className = value
    else if (key === 'text') el.textContent = value
    else if (key in el && typeof value !== 'string') el[key] = value
    else el.setAttribute(key, value === true ? '' : value)
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

let fieldCount = 0
/** A labelled form field: the label names it for screen readers and clicks. */
function field (label, control) {
  control.id ||= `field-${++fieldCount}`
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control)
}

function say (message, kind = 'info') {
  statusLine.textContent = message
  statusLine.className = `status ${kind}`
}

/** Runs an action of a button, saying what went wrong in the status line; true when it succeeded. */
async function act (what, action) {
  try {
    await action()
    say(what)
    return true
  } catch (e) {
    say(`${e.status ? `${e.status}: ` : ''}${e.message}`, 'error')
    return false
  }
}

const pretty = value => JSON.stringify(value, null, 2)

function parseJson (text, what) {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e.message}`)
  }
}

function size (bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function download (blob, name) {
  const url = URL.createObjectURL(blob)
  const link = h('a', { href: url, download: name, hidden: true })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

// ---- the views, by the first part of the hash; the rest names a store

const views = { overview, data, cache, storage, search, queue, requests, openapi }
const aliases = { api: 'openapi' }
let rendering = 0
let ticker = null

async function route () {
  const [first, ...rest] = location.hash.slice(1).split('/')
  const name = first || 'overview'
  const view = views[aliases[name] ?? name] ?? overview
  const store = rest.length ? decodeURIComponent(rest.join('/')) : null
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === `#${name}`) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  clearInterval(ticker)
  const mine = ++rendering
  const content = h('div', { class: 'view' })
  try {
    await view(content, store)
  } catch (e) {
    content.append(h('p', { class: 'error', role: 'alert' }, `${e.status ? `${e.status}: ` : ''}${e.message}`))
  }
  if (mine !== rendering) return // a later navigation won
  main.replaceChildren(content)
  document.title = `${content.querySelector('h2')?.textContent ?? 'console'} · hyper-nano`
}

const rerender = () => route()

// ---- overview

async function overview (el) {
  const { stores } = await api.get('/_admin/stores')
  el.append(h('h2', {}, 'Overview'))
  const grid = h('div', { class: 'cards' })
  for (const service of SERVICES) {
    const list = stores[service] ?? []
    grid.append(h('section', { class: 'card', 'aria-labelledby': `card-${service}` },
      h('h3', { id: `card-${service}` }, h('a', { href: `#${service}` }, service),
        h('span', { class: 'count' }, ` ${list.length} ${STORE_WORD[service]}${list.length === 1 ? '' : (service === 'search' ? 'es' : 's')}`)),
      list.length
        ? h('ul', { class: 'stores' }, list.map(s => h('li', {},
            h('a', { href: `#${service}/${api.seg(s.name)}` }, s.name),
            s.count === undefined ? null : h('span', { class: 'count' }, ` ${s.count}`))))
        : h('p', { class: 'muted' }, 'none yet')))
  }
  el.append(grid)

  // The last few requests, live: the whole log is under Requests.
  const recent = h('tbody')
  const fill = () => {
    recent.replaceChildren(...log.entries.slice(-8).reverse().map(logRow))
    if (!log.entries.length) recent.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'no requests yet')))
  }
  const current = rendering
  const listener = () => current === rendering ? fill() : log.listeners.delete(listener)
  log.listeners.add(listener)
  fill()
  el.append(h('section', { class: 'tools', 'aria-labelledby': 'recent-title' },
    h('h3', { id: 'recent-title' }, 'Latest requests ', h('a', { href: '#requests', class: 'more' }, 'all requests')),
    h('table', { class: 'compact' }, recent)))

  const mode = h('select', {}, h('option', { value: 'merge' }, 'merge into what is there'),
    h('option', { value: 'replace' }, 'replace everything'))
  const file = h('input', { type: 'file', accept: 'application/json,.json' })
  el.append(h('section', { class: 'tools', 'aria-labelledby': 'tools-title' },
    h('h3', { id: 'tools-title' }, 'Snapshot and reset'),
    h('div', { class: 'row' },
      h('button', {
        onclick: () => act('Exported a snapshot', async () => {
          download(await (await api.raw('GET', '/_admin/export')).blob(), 'hyper-nano-snapshot.json')
        })
      }, 'Export snapshot'),
      h('button', {
        class: 'danger',
        onclick: async () => {
          if (!confirm('Remove every store of all five services?')) return
          if (await act('Reset: every store removed', () => api.json('POST', '/_admin/reset'))) rerender()
        }
      }, 'Reset everything')),
    h('form', {
      class: 'row',
      onsubmit: async e => {
        e.preventDefault()
        if (!file.files.length) return say('Choose a snapshot file first', 'error')
        const text = await file.files[0].text()
        const done = await act(`Imported ${file.files[0].name}`, () =>
          api.raw('POST', `/_admin/import?mode=${mode.value}`, { body: text, type: 'application/json' }))
        if (done) rerender()
      }
    }, field('Snapshot file', file), field('Mode', mode), h('button', { type: 'submit' }, 'Import'))))
}

// ---- the store picker beside each service view

async function withStores (el, service, store, draw) {
  const { stores } = await api.get('/_admin/stores')
  const list = stores[service] ?? []
  const title = service[0].toUpperCase() + service.slice(1)
  el.append(h('h2', {}, store ? `${title} · ${store}` : title))
  const side = h('nav', { class: 'picker', 'aria-label': `${STORE_WORD[service]}s` },
    h('h3', {}, `${STORE_WORD[service][0].toUpperCase()}${STORE_WORD[service].slice(1)}s`),
    list.length
      ? h('ul', {}, list.map(s => h('li', {}, h('a', {
          href: `#${service}/${api.seg(s.name)}`,
          'aria-current': s.name === store ? 'page' : null
        }, s.name, s.count === undefined ? null : h('span', { class: 'count' }, ` ${s.count}`)))))
      : h('p', { class: 'muted' }, 'none yet'),
    createStoreForm(service))
  const body = h('div', { class: 'pane' })
  el.append(h('div', { class: 'split' }, side, body))
  if (!store) {
    body.append(h('p', { class: 'muted' }, `Choose a ${STORE_WORD[service]}.`))
    return
  }
  if (!list.some(s => s.name === store)) {
    body.append(h('p', { class: 'error' }, `No ${STORE_WORD[service]} named ${store}.`))
    return
  }
  await draw(body)
  body.append(h('p', {}, h('button', {
    class: 'danger',
    onclick: async () => {
      if (!confirm(`Remove the ${STORE_WORD[service]} ${store} and everything in it?`)) return
      if (await act(`Removed ${store}`, () => api.json('DELETE', `/${service}/${api.seg(store)}`))) location.hash = `#${service}`
    }
  }, `Remove ${STORE_WORD[service]} ${store}`)))
}

/** Creating a store: data, cache and storage need only a name; search and queue a little more. */
function createStoreForm (service) {
  const name = h('input', { required: true, autocomplete: 'off' })
  const extra = service === 'search'
    ? h('input', { value: 'title', autocomplete: 'off' })
    : service === 'queue' ? h('input', { type: 'url', required: true, placeholder: 'http://localhost:8000/hook' }) : null
  return h('form', {
    class: 'create',
    onsubmit: async e => {
      e.preventDefault()
      const path = `/${service}/${api.seg(name.value.trim())}`
      const body = service === 'search'
        ? { fields: extra.value.split(',').map(s => s.trim()).filter(Boolean), storeFields: extra.value.split(',').map(s => s.trim()).filter(Boolean) }
        : service === 'queue' ? { target: extra.value } : undefined
      if (await act(`Created ${name.value}`, () => api.json('PUT', path, body))) location.hash = `#${service}/${api.seg(name.value.trim().toLowerCase())}`
    }
  }, field(`New ${STORE_WORD[service]}`, name),
  service === 'search' ? field('Fields (comma-separated)', extra) : null,
  service === 'queue' ? field('Target URL', extra) : null,
  h('button', { type: 'submit' }, 'Create'))
}

// ---- data

const DOCS_PAGE = 50

async function data (el, db) {
  await withStores(el, 'data', db, async body => {
    const base = `/data/${api.seg(db)}`
    const results = h('div', { class: 'docs', 'aria-live': 'polite' })
    const showDocs = (docs, caption) => {
      results.replaceChildren(h('p', { class: 'muted' }, caption), ...docs.map(doc => documentCard(doc)))
    }
    const documentCard = doc => {
      const card = h('article', { class: 'doc', 'aria-label': `document ${doc._id}` })
      const view = () => card.replaceChildren(h('pre', {}, pretty(doc)), h('div', { class: 'row' },
        h('button', { onclick: edit, 'aria-label': `Edit ${doc._id}` }, 'Edit'),
        h('button', {
          class: 'danger',
          'aria-label': `Delete ${doc._id}`,
          onclick: async () => {
            if (!confirm(`Delete document ${doc._id}?`)) return
            if (await act(`Deleted ${doc._id}`, () => api.json('DELETE', `${base}/${api.seg(doc._id)}`))) rerender()
          }
        }, 'Delete')))
      const edit = () => {
        const text = h('textarea', { rows: Math.min(20, pretty(doc).split('\n').length + 1), spellcheck: 'false' }, pretty(doc))
        card.replaceChildren(field(`Document ${doc._id} (JSON)`, text), h('div', { class: 'row' },
          h('button', {
            onclick: () => act(`Saved ${doc._id}`, async () => {
              const next = parseJson(text.value, 'The document')
              await api.json('PUT', `${base}/${api.seg(doc._id)}`, next)
              doc = { ...next, _id: doc._id }
              view()
            })
          }, 'Save'),
          h('button', { onclick: view }, 'Cancel')))
        text.focus()
      }
      view()
      return card
    }

    const selector = h('textarea', { rows: 3, spellcheck: 'false' }, '{}')
    const created = h('textarea', { rows: 4, spellcheck: 'false', placeholder: '{"_id": "m1", "title": "Alien"}' })
    body.append(
      h('form', {
        class: 'query',
        onsubmit: e => {
          e.preventDefault()
          act('Query ran', async () => {
            const { docs } = await api.json('POST', `${base}/_query`, { selector: parseJson(selector.value, 'The selector') })
            showDocs(docs, `${docs.length} document${docs.length === 1 ? '' : 's'} match`)
            more.hidden = true
          })
        }
      }, field('Selector (MongoDB style, JSON)', selector), h('button', { type: 'submit' }, 'Run query')),
      h('form', {
        class: 'query',
        onsubmit: e => {
          e.preventDefault()
          act('Inserted the document', async () => {
            const doc = parseJson(created.value, 'The document')
            await api.json('POST', base, doc)
            await rerender()
          })
        }
      }, field('New document (JSON)', created), h('button', { type: 'submit' }, 'Insert')),
      results)
    // A page at a time, by _id; "Show more" follows the listing's cursor.
    const more = h('button', { hidden: true }, 'Show more documents')
    let shown = 0
    let cursor = null
    const nextPage = async () => {
      const page = await api.get(`/_admin/data/${api.seg(db)}?limit=${DOCS_PAGE}${cursor ? `&cursor=${cursor}` : ''}`)
      shown += page.docs.length
      cursor = page.next
      if (shown === page.docs.length) showDocs(page.docs, '')
      else results.append(...page.docs.map(doc => documentCard(doc)))
      results.firstChild.textContent = `${shown} document${shown === 1 ? '' : 's'}${cursor ? ', more to show' : ''}`
      more.hidden = !cursor
    }
    more.addEventListener('click', () => act('More documents shown', nextPage))
    body.append(more)
    await nextPage()
  })
}

// ---- cache

function ttlText (expires) {
  if (expires === null) return 'never'
  const left = Math.round((expires - Date.now()) / 1000)
  if (left <= 0) return 'expired'
  const m = Math.floor(left / 60)
  return m ? `${m}m ${left % 60}s` : `${left}s`
}

async function cache (el, name) {
  await withStores(el, 'cache', name, async body => {
    const base = `/cache/${api.seg(name)}`
    const key = h('input', { required: true, autocomplete: 'off' })
    const value = h('textarea', { rows: 3, spellcheck: 'false', required: true, placeholder: '{"hello": "world"}' })
    const ttl = h('input', { placeholder: 'e.g. 30s, 10m, 2h (empty: never)', autocomplete: 'off' })
    const rows = h('tbody')
    body.append(h('form', {
      class: 'query',
      onsubmit: e => {
        e.preventDefault()
        act(`Set ${key.value}`, async () => {
          const v = parseJson(value.value, 'The value')
          await api.json('PUT', `${base}/${api.seg(key.value)}${ttl.value.trim() ? `?ttl=${encodeURIComponent(ttl.value.trim())}` : ''}`, v)
          await load()
        })
      }
    }, h('div', { class: 'row' }, field('Key', key), field('TTL', ttl)), field('Value (JSON)', value),
    h('button', { type: 'submit' }, 'Set')),
    h('table', {}, h('caption', {}, 'Live entries'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'),
        h('th', { scope: 'col' }, 'TTL left'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      rows))
    const load = async () => {
      const entries = await api.listAll(`/_admin/cache/${api.seg(name)}`, 'entries', 500)
      const now = Date.now()
      rows.replaceChildren(...entries.map(entry => {
        const expires = entry.ttl === null ? null : now + entry.ttl
        return h('tr', {},
          h('th', { scope: 'row' }, entry.key),
          h('td', {}, h('code', {}, JSON.stringify(entry.value))),
          h('td', { class: 'ttl', 'data-expires': expires ?? '' }, ttlText(expires)),
          h('td', { class: 'actions' },
            h('button', {
              'aria-label': `Edit ${entry.key}`,
              onclick: () => {
                key.value = entry.key
                value.value = pretty(entry.value)
                ttl.value = ''
                value.focus()
              }
            }, 'Edit'),
            h('button', {
              class: 'danger',
              'aria-label': `Delete ${entry.key}`,
              onclick: () => act(`Deleted ${entry.key}`, async () => {
                await api.json('DELETE', `${base}/${api.seg(entry.key)}`)
                await load()
              })
            }, 'Delete')))
      }))
      if (!entries.length) rows.append(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'no live entries')))
    }
    await load()
    // The countdown runs here; the server is asked again only when the user acts.
    ticker = setInterval(() => {
      for (const cell of document.querySelectorAll('td.ttl[data-expires]')) {
        const at = cell.dataset.expires
        if (at) cell.textContent = ttlText(Number(at))
      }
    }, 1000)
  })
}

// ---- storage

async function storage (el, bucket) {
  await withStores(el, 'storage', bucket, async body => {
    let prefix = ''
    const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Folder' })
    const list = h('tbody')
    const preview = h('div', { class: 'preview', 'aria-live': 'polite' })
    const file = h('input', { type: 'file' })
    const uploadLabel = h('span')
    const fetchObject = path => api.raw('GET', `/storage/${api.seg(bucket)}/${api.objectPath(path)}`)
    body.append(crumbs,
      h('form', {
        class: 'row',
        onsubmit: e => {
          e.preventDefault()
          if (!file.files.length) return say('Choose a file first', 'error')
          const chosen = file.files[0]
          act(`Uploaded ${prefix}${chosen.name}`, async () => {
            await api.raw('POST', `/storage/${api.seg(bucket)}/${api.objectPath(prefix + chosen.name)}`,
              { body: chosen, type: chosen.type || 'application/octet-stream' })
            file.value = ''
            await load()
          })
        }
      }, field(h('span', {}, 'Upload a file to ', uploadLabel), file), h('button', { type: 'submit' }, 'Upload')),
      h('table', {}, h('caption', {}, 'Objects'),
        h('thead', {}, h('tr', {}, ...['Name', 'Size', 'Type', 'Modified'].map(t => h('th', { scope: 'col' }, t)),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        list),
      preview)
    const load = async () => {
      uploadLabel.textContent = `/${prefix}`
      const parts = prefix.split('/').filter(Boolean)
      crumbs.replaceChildren(h('button', { class: 'link', onclick: () => open('') }, bucket),
        ...parts.flatMap((p, i) => [' / ', h('button', { class: 'link', onclick: () => open(parts.slice(0, i + 1).join('/') + '/') }, p)]))
      const objects = await api.listAll(`/_admin/storage/${api.seg(bucket)}?delimiter=/${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}`, 'objects', 1000)
      list.replaceChildren(...objects.map(o => {
        const short = o.path.slice(prefix.length)
        if (o.folder) {
          return h('tr', { class: 'folder' }, h('th', { scope: 'row' },
            h('button', { class: 'link', onclick: () => open(o.path), 'aria-label': `Open folder ${short}` }, `📁 ${short}`)),
          h('td'), h('td', {}, 'folder'), h('td'), h('td'))
        }
        return h('tr', {},
          h('th', { scope: 'row' }, short),
          h('td', {}, size(o.size)), h('td', {}, o.type), h('td', {}, o.modified ? new Date(o.modified).toLocaleString() : ''),
          h('td', { class: 'actions' },
            h('button', { onclick: () => show(o), 'aria-label': `Preview ${short}` }, 'Preview'),
            h('button', {
              'aria-label': `Download ${short}`,
              onclick: () => act(`Downloaded ${short}`, async () => download(await (await fetchObject(o.path)).blob(), short.split('/').pop()))
            }, 'Download'),
            h('button', {
              class: 'danger',
              'aria-label': `Delete ${short}`,
              onclick: async () => {
                if (!confirm(`Delete ${o.path}?`)) return
                if (await act(`Deleted ${o.path}`, () => api.json('DELETE', `/storage/${api.seg(bucket)}/${api.objectPath(o.path)}`))) {
                  preview.replaceChildren()
                  await load()
                }
              }
            }, 'Delete')))
      }))
      if (!objects.length) list.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'empty')))
    }
    const open = async next => {
      prefix = next
      preview.replaceChildren()
      await act(`Showing /${prefix}`, load)
    }
    const show = o => act(`Previewing ${o.path}`, async () => {
      const blob = await (await fetchObject(o.path)).blob()
      const heading = h('h3', {}, `Preview of ${o.path}`)
      if (o.type.startsWith('image/')) {
        const img = h('img', { alt: `Preview of ${o.path}`, src: URL.createObjectURL(blob) })
        preview.replaceChildren(heading, img)
      } else if (/^text\/|json|xml|javascript/.test(o.type)) {
        const text = await blob.slice(0, 64 * 1024).text()
        preview.replaceChildren(heading, h('pre', { class: 'text-preview' }, text))
      } else {
        preview.replaceChildren(heading, h('p', { class: 'muted' }, `No preview for ${o.type}; download it instead.`))
      }
    })
    await load()
  })
}

// ---- search

async function search (el, index) {
  await withStores(el, 'search', index, async body => {
    const query = h('input', { type: 'search', autocomplete: 'off', required: true })
    const hits = h('ol', { class: 'hits' })
    const hitsCaption = h('p', { class: 'muted', 'aria-live': 'polite' })
    body.append(h('form', {
      class: 'row',
      role: 'search',
      onsubmit: e => {
        e.preventDefault()
        act('Search ran', async () => {
          const { matches } = await api.json('POST', `/search/${api.seg(index)}/_query`, { query: query.value })
          hitsCaption.textContent = `${matches.length} hit${matches.length === 1 ? '' : 's'} for “${query.value}”, best first`
          hits.replaceChildren(...matches.map(m => {
            const { id, score, terms, queryTerms, match, ...fields } = m
            return h('li', { class: 'hit' }, h('strong', {}, id), h('span', { class: 'score' }, ` score ${Number(score).toFixed(3)}`),
              h('pre', {}, pretty(fields)))
          }))
        })
      }
    }, field('Query', query), h('button', { type: 'submit' }, 'Search')), hitsCaption, hits)
    const docs = await api.listAll(`/_admin/search/${api.seg(index)}`, 'docs', 200)
    body.append(h('details', {}, h('summary', {}, `${docs.length} indexed document${docs.length === 1 ? '' : 's'}`),
      ...docs.map(d => h('pre', {}, pretty(d)))))
  })
}

// ---- queue

async function queue (el, name) {
  await withStores(el, 'queue', name, async body => {
    const base = `/queue/${api.seg(name)}`
    const status = h('select', {}, h('option', { value: '' }, 'all'), h('option', { value: 'READY' }, 'READY'),
      h('option', { value: 'ERROR' }, 'ERROR'))
    const rows = h('tbody')
    const job = h('textarea', { rows: 2, spellcheck: 'false', placeholder: '{"type": "hello"}' })
    body.append(
      h('div', { class: 'row' }, field('Status', status),
        h('button', { onclick: () => act('Jobs refreshed', load) }, 'Refresh')),
      h('table', {}, h('caption', {}, 'Jobs, oldest first'),
        h('thead', {}, h('tr', {}, ...['Id', 'Status', 'Job', 'Enqueued', 'Last delivery error'].map(t => h('th', { scope: 'col' }, t)),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        rows),
      h('form', {
        class: 'query',
        onsubmit: e => {
          e.preventDefault()
          act('Enqueued the job', async () => {
            await api.json('POST', base, parseJson(job.value, 'The job'))
            job.value = ''
            await load()
          })
        }
      }, field('Enqueue a job (JSON)', job), h('button', { type: 'submit' }, 'Enqueue')))
    status.addEventListener('change', () => act('Jobs refreshed', load))
    const load = async () => {
      const jobs = await api.listAll(`/_admin/queue/${api.seg(name)}${status.value ? `?status=${status.value}` : ''}`, 'jobs', 500)
      rows.replaceChildren(...jobs.map(j => h('tr', { class: j.status === 'ERROR' ? 'failed' : '' },
        h('th', { scope: 'row' }, j.id),
        h('td', {}, h('span', { class: `badge ${j.status.toLowerCase()}` }, j.status)),
        h('td', {}, h('code', {}, JSON.stringify(j.job))),
        h('td', {}, new Date(j.enqueued).toLocaleString()),
        h('td', { class: 'error-text' }, j.error ?? ''),
        h('td', { class: 'actions' },
          j.status === 'ERROR'
            ? h('button', {
                'aria-label': `Retry job ${j.id}`,
                onclick: () => act(`Job ${j.id} is back for delivery`, async () => {
                  await api.json('POST', `${base}/${j.id}/_retry`)
                  await load()
                })
              }, 'Retry')
            : null,
          h('button', {
            class: 'danger',
            'aria-label': `Cancel job ${j.id}`,
            onclick: () => act(`Job ${j.id} cancelled`, async () => {
              await api.json('POST', `${base}/${j.id}/_cancel`)
              await load()
            })
          }, 'Cancel')))))
      if (!jobs.length) rows.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'no jobs')))
    }
    await load()
  })
}

// ---- the request log: polled in the background from the start (the poll itself is not logged)

const log = { entries: [], last: 0, paused: false, stopped: false, hideConsole: false, listeners: new Set() }
const LOG_KEEP = 500

async function pollLog () {
  if (!log.paused && !log.stopped) {
    try {
      const page = await api.get(`/_admin/requests?after=${log.last}&limit=500`)
      for (const r of page.requests) r.console = api.sentByConsole(r)
      if (page.requests.length) {
        log.entries.push(...page.requests)
        log.entries.splice(0, Math.max(0, log.entries.length - LOG_KEEP))
        log.listeners.forEach(l => l(page.requests))
      }
      log.last = page.requests.length ? page.requests[page.requests.length - 1].seq : page.last
    } catch (e) {
      if (e.status === 401) log.stopped = true // until a token is given
    }
  }
  setTimeout(pollLog, 1000)
}

function logRow (r) {
  const kind = r.status >= 500 ? 'server-error' : r.status >= 400 ? 'client-error' : 'success'
  return h('tr', { class: `${kind}${r.console ? ' from-console' : ''}` },
    h('td', {}, new Date(r.at).toLocaleTimeString()),
    h('td', {}, r.method),
    h('td', { class: 'path' }, r.path, r.console ? h('span', { class: 'tag', title: 'sent by this console' }, 'console') : null),
    h('td', { class: 'muted' }, r.route),
    h('td', {}, h('span', { class: `badge ${kind}` }, String(r.status))),
    h('td', { class: 'num' }, `${r.ms} ms`))
}

async function requests (el) {
  el.append(h('h2', {}, 'Requests'),
    h('p', { class: 'muted' }, 'Every request the server answered, newest first, as it happens. The console’s files and this log’s own polling are left out; what this console sent is marked “console”.'))
  const rows = h('tbody', {})
  const count = h('span', { class: 'muted' })
  const pause = h('button', {
    'aria-pressed': String(log.paused),
    onclick: () => {
      log.paused = !log.paused
      pause.setAttribute('aria-pressed', String(log.paused))
      pause.textContent = log.paused ? 'Resume' : 'Pause'
    }
  }, log.paused ? 'Resume' : 'Pause')
  const show = () => { count.textContent = `${log.entries.length} kept` }
  const wanted = entries => log.hideConsole ? entries.filter(r => !r.console) : entries
  const hide = h('input', { type: 'checkbox', checked: log.hideConsole })
  hide.addEventListener('change', () => {
    log.hideConsole = hide.checked
    rows.replaceChildren(...wanted(log.entries).slice().reverse().map(logRow))
  })
  el.append(h('div', { class: 'row' }, pause,
    h('button', { onclick: () => { log.entries = []; rows.replaceChildren(); show() } }, 'Clear'),
    h('label', { class: 'check' }, hide, ' Hide the requests this console sent'), count),
  h('div', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Request log', class: 'log' },
    h('table', {}, h('thead', {}, h('tr', {}, ...['Time', 'Method', 'Path', 'Route', 'Status', 'Time taken'].map(t => h('th', { scope: 'col' }, t)))),
      rows)))
  rows.append(...wanted(log.entries).slice().reverse().map(logRow))
  show()
  const current = rendering
  const listener = fresh => {
    if (current !== rendering) return log.listeners.delete(listener)
    rows.prepend(...wanted(fresh).slice().reverse().map(logRow))
    while (rows.children.length > LOG_KEEP) rows.lastChild.remove()
    show()
  }
  log.listeners.add(listener)
}

// ---- the OpenAPI document, rendered

async function openapi (el) {
  const doc = await (await fetch(`${api.root}/openapi.json`)).json()
  const resolve = node => {
    if (!node || !node.$ref) return node
    return node.$ref.slice(2).split('/').reduce((at, key) => at?.[key], doc) ?? node
  }
  const typeOf = schema => {
    schema = resolve(schema)
    if (!schema) return ''
    if (schema.$ref) return schema.$ref.split('/').pop()
    return [].concat(schema.type ?? (schema.const !== undefined ? JSON.stringify(schema.const) : 'any')).join(' | ')
  }
  el.append(h('h2', {}, 'API'), h('p', {}, `${doc.info.title} ${doc.info.version}. `,
    h('a', { href: `${api.root}/openapi.json` }, 'The OpenAPI document'), ' as JSON.'))
  const byTag = new Map()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue
      const tag = op.tags?.[0] ?? 'other'
      if (!byTag.has(tag)) byTag.set(tag, [])
      byTag.get(tag).push({ path, method, op })
    }
  }
  for (const [tag, ops] of byTag) {
    const description = doc.tags?.find(t => t.name === tag)?.description
    el.append(h('section', { class: 'api-tag', 'aria-labelledby': `tag-${tag}` },
      h('h3', { id: `tag-${tag}` }, tag, description ? h('span', { class: 'muted' }, ` — ${description}`) : null),
      ops.map(({ path, method, op }) => {
        const params = (op.parameters ?? []).map(resolve)
        return h('details', { class: 'op' },
          h('summary', {}, h('span', { class: `method ${method}` }, method.toUpperCase()), ' ', h('code', {}, path), ' ',
            h('span', { class: 'muted' }, op.summary ?? '')),
          op.description ? h('p', {}, op.description) : null,
          op.security && op.security.length === 0 ? h('p', { class: 'muted' }, 'No token needed.') : null,
          params.length
            ? h('table', { class: 'params' }, h('caption', {}, 'Parameters'),
                h('thead', {}, h('tr', {}, ...['Name', 'In', 'Type', 'Required', 'Description'].map(t => h('th', { scope: 'col' }, t)))),
                h('tbody', {}, params.map(p => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, p.name)), h('td', {}, p.in),
                  h('td', {}, typeOf(p.schema)), h('td', {}, p.required ? 'yes' : 'no'), h('td', {}, p.description ?? '')))))
            : null,
          op.requestBody
            ? h('p', {}, 'Request body: ', Object.entries(resolve(op.requestBody).content ?? {}).map(([type, c]) => `${type} (${typeOf(c.schema)})`).join(', '))
            : null,
          h('table', { class: 'responses' }, h('caption', {}, 'Responses'),
            h('tbody', {}, Object.entries(op.responses ?? {}).map(([code, r]) => {
              r = resolve(r)
              const types = Object.entries(r.content ?? {}).map(([type, c]) => `${type} ${typeOf(c.schema)}`).join(', ')
              return h('tr', {}, h('th', { scope: 'row' }, code), h('td', {}, r.description ?? ''), h('td', { class: 'muted' }, types))
            }))))
      })))
  }
}

// ---- auth: a 401 anywhere asks for the token

const authSection = document.getElementById('auth')
const authState = document.getElementById('auth-state')

function showAuthState () {
  authState.replaceChildren(api.token()
    ? h('span', {}, 'Token set ', h('button', {
        class: 'link',
        onclick: () => { api.setToken(null); showAuthState(); rerender() }
      }, 'Forget token'))
    : '')
}

api.onUnauthorized(msg => {
  document.getElementById('auth-message').textContent = api.token()
    ? `The server refused the token (401: ${msg}). Enter another one.`
    : `The server answered 401 (${msg}): it runs with auth on. Enter a bearer token to go on.`
  if (authSection.hidden) {
    authSection.hidden = false
    document.getElementById('auth-token').focus()
  }
})

document.getElementById('auth-form').addEventListener('submit', e => {
  e.preventDefault()
  const input = document.getElementById('auth-token')
  api.setToken(input.value.trim())
  input.value = ''
  authSection.hidden = true
  log.stopped = false
  showAuthState()
  rerender()
})

window.addEventListener('hashchange', async () => {
  await route()
  main.focus({ preventScroll: true })
})
showAuthState()
route()
pollLog()
