// The console against a real server in a real browser: data made through the API is found, edited and
// deleted through the page, for every service; then the request log, the API page, export, reset, import.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { base, browser, pageErrors, call, must, png, screenshot, until } from './support.mjs'

const console_ = `${base}/_console/`
let chromium

before(async () => {
  await must('POST', '/_admin/reset')
  await must('PUT', '/data/movies')
  await must('POST', '/data/movies/_bulk', [
    { _id: 'm1', title: 'Alien', year: 1979 }, { _id: 'm2', title: 'Brazil', year: 1985 },
    { _id: 'm3', title: 'Chinatown', year: 1974 }])
  await must('PUT', '/cache/sessions')
  await must('PUT', '/cache/sessions/alice?ttl=1h', { cart: 3 })
  await must('PUT', '/cache/sessions/bob', { cart: 0 })
  await must('PUT', '/storage/media')
  await must('POST', '/storage/media/notes.txt', 'hello from the console test\n', { type: 'text/plain' })
  await must('POST', '/storage/media/photos/gradient.png', png(), { type: 'image/png' })
  await must('PUT', '/search/films', { fields: ['title', 'plot'], storeFields: ['title'] })
  await must('POST', '/search/films/_bulk', [
    { _id: 'f1', title: 'Alien', plot: 'a crew meets an alien on a ship' },
    { _id: 'f2', title: 'Aliens', plot: 'marines and the alien queen' },
    { _id: 'f3', title: 'Brazil', plot: 'a clerk and the ministry' }])
  // Its target is this server's unknown route: every delivery fails (404), at once and without retries.
  await must('PUT', '/queue/mail', { target: `${base}/no-such-hook`, retries: 0 })
  await must('POST', '/queue/mail', { to: 'a@b.c' })
  chromium = await browser()
})

after(async () => {
  await chromium?.close()
  assert.deepEqual(pageErrors, [], 'no script error in the console')
})

test('the overview lists every service and store with counts', async () => {
  const page = await chromium.page()
  await page.goto(console_)
  const data = page.getByRole('region', { name: /data/ })
  await data.getByRole('link', { name: 'movies' }).waitFor()
  assert.match(await data.textContent(), /movies\s*3/)
  assert.match(await page.getByRole('region', { name: /cache/ }).textContent(), /sessions\s*2/)
  assert.match(await page.getByRole('region', { name: /storage/ }).textContent(), /media/)
  assert.match(await page.getByRole('region', { name: /search/ }).textContent(), /films\s*3/)
  assert.match(await page.getByRole('region', { name: /queue/ }).textContent(), /mail\s*1/)
  await screenshot(page, 'overview')
  await page.close()
})

test('data: find a document, run a selector, edit, insert and delete', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#data/movies`)
  await page.getByRole('article', { name: 'document m1' }).waitFor()
  assert.match(await page.getByRole('article', { name: 'document m2' }).textContent(), /Brazil/)

  await page.getByLabel('Selector (MongoDB style, JSON)').fill('{"year": {"$gt": 1980}}')
  await page.getByRole('button', { name: 'Run query' }).click()
  await page.getByText('1 document match').waitFor()
  assert.equal(await page.getByRole('article').count(), 1)

  await page.getByRole('button', { name: 'Edit m2' }).click()
  await page.getByLabel('Document m2 (JSON)').fill('{"_id": "m2", "title": "Brazil (director\'s cut)", "year": 1985}')
  await page.getByRole('button', { name: 'Save' }).click()
  await page.getByRole('status').getByText('Saved m2').waitFor()
  assert.equal((await must('GET', '/data/movies/m2')).title, "Brazil (director's cut)")

  await page.getByLabel('New document (JSON)').fill('{"_id": "m4", "title": "Dune", "year": 1984}')
  await page.getByRole('button', { name: 'Insert' }).click()
  await page.getByRole('article', { name: 'document m4' }).waitFor()
  assert.equal((await must('GET', '/data/movies/m4')).title, 'Dune')

  await page.goto(`${console_}#data/movies`)
  await page.reload()
  await page.getByRole('button', { name: 'Delete m3' }).click()
  await page.getByRole('status').getByText('Deleted m3').waitFor()
  // the view is drawn again from the server: m3 is gone from it
  await page.getByRole('article', { name: 'document m3' }).waitFor({ state: 'detached' })
  assert.equal((await call('GET', '/data/movies/m3')).status, 404)

  // a selector that is not JSON is said, not sent
  await page.getByLabel('Selector (MongoDB style, JSON)').fill('{nope')
  await page.getByRole('button', { name: 'Run query' }).click()
  await page.getByRole('status').getByText(/not valid JSON/).waitFor()
  await screenshot(page, 'data')
  await page.close()
})

test('data: a large database shows a page at a time', async () => {
  await must('PUT', '/data/many')
  await must('POST', '/data/many/_bulk', Array.from({ length: 60 }, (_, i) => ({ _id: `d${String(i).padStart(2, '0')}`, n: i })))
  const page = await chromium.page()
  await page.goto(`${console_}#data/many`)
  await page.getByText('50 documents, more to show').waitFor()
  assert.equal(await page.getByRole('article').count(), 50)
  await page.getByRole('button', { name: 'Show more documents' }).click()
  await page.getByText('60 documents', { exact: true }).waitFor()
  assert.equal(await page.getByRole('article').count(), 60)
  assert.equal(await page.getByRole('button', { name: 'Show more documents' }).isHidden(), true)
  await must('DELETE', '/data/many')
  await page.close()
})

test('cache: keys with values and a TTL counting down; set and delete', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#cache/sessions`)
  const alice = page.getByRole('row', { name: /alice/ })
  await alice.waitFor()
  assert.match(await alice.textContent(), /"cart":3/)
  assert.match(await page.getByRole('row', { name: /bob/ }).textContent(), /never/)
  const ttl = alice.locator('td.ttl')
  const first = await ttl.textContent()
  assert.match(first, /^59m \d+s$|^60m 0s$/)
  await until(async () => (await ttl.textContent()) !== first, 'the TTL to count down', 3000)

  await page.getByLabel('Key').fill('carol')
  await page.getByLabel('TTL').fill('10m')
  await page.getByLabel('Value (JSON)').fill('{"cart": 7}')
  await page.getByRole('button', { name: 'Set' }).click()
  await page.getByRole('row', { name: /carol/ }).waitFor()
  assert.match(await page.getByRole('row', { name: /carol/ }).locator('td.ttl').textContent(), /^(9|10)m/)
  assert.deepEqual(await must('GET', '/cache/sessions/carol'), { cart: 7 })

  await page.getByRole('button', { name: 'Delete bob' }).click()
  await page.getByRole('status').getByText('Deleted bob').waitFor()
  assert.equal(await page.getByRole('row', { name: /bob/ }).count(), 0)
  assert.equal((await call('GET', '/cache/sessions/bob')).status, 404)
  await screenshot(page, 'cache')
  await page.close()
})

test('storage: folders, preview of an image and of text, upload, download, delete', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#storage/media`)
  await page.getByRole('button', { name: 'Open folder photos/' }).click()
  const folder = page.getByRole('navigation', { name: 'Folder' })
  await folder.getByRole('button', { name: 'photos' }).waitFor()
  assert.equal(await folder.textContent(), 'media / photos')
  await page.getByRole('button', { name: 'Preview gradient.png' }).click()
  const image = page.getByRole('img', { name: 'Preview of photos/gradient.png' })
  await image.waitFor()
  await until(() => image.evaluate(img => img.complete && img.naturalWidth === 48), 'the image to load')
  await screenshot(page, 'storage-image')

  await page.getByRole('button', { name: 'media', exact: true }).click()
  await page.getByRole('button', { name: 'Preview notes.txt' }).click()
  await page.getByText('hello from the console test').waitFor()

  await page.getByLabel(/Upload a file to/).setInputFiles({ name: 'todo.md', mimeType: 'text/markdown', buffer: Buffer.from('# todo\n- ship the console\n') })
  await page.getByRole('button', { name: 'Upload', exact: true }).click()
  await page.getByRole('row', { name: /todo\.md/ }).waitFor()
  assert.equal(await must('GET', '/storage/media/todo.md'), '# todo\n- ship the console\n')

  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download notes.txt' }).click()])
  assert.equal(download.suggestedFilename(), 'notes.txt')
  assert.equal(await readFile(await download.path(), 'utf8'), 'hello from the console test\n')

  await page.getByRole('button', { name: 'Delete notes.txt' }).click()
  await page.getByRole('status').getByText('Deleted notes.txt').waitFor()
  assert.equal((await call('GET', '/storage/media/notes.txt')).status, 404)
  await page.close()
})

test('search: a query shows ranked hits', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#search/films`)
  await page.getByRole('searchbox', { name: 'Query' }).fill('alien')
  await page.getByRole('button', { name: 'Search' }).click()
  await page.getByText(/2 hits for “alien”/).waitFor()
  const hits = page.locator('ol.hits > li')
  assert.equal(await hits.count(), 2)
  const ids = await hits.locator('strong').allTextContents()
  assert.deepEqual(new Set(ids), new Set(['f1', 'f2']))
  assert.doesNotMatch(await page.locator('ol.hits').textContent(), /f3/)
  await screenshot(page, 'search')
  await page.close()
})

test('queue: a failed job shows its error, is retried, then cancelled', async () => {
  const failed = await until(async () => {
    const { jobs } = await must('GET', '/_admin/queue/mail?status=ERROR')
    return jobs[0]
  }, 'the delivery to fail')
  const page = await chromium.page()
  await page.goto(`${console_}#queue/mail`)
  const row = page.getByRole('row', { name: new RegExp(`^${failed.id} `) })
  await row.waitFor()
  assert.match(await row.textContent(), /ERROR/)
  assert.ok((await row.textContent()).includes(failed.error), failed.error)
  await screenshot(page, 'queue')

  await page.getByRole('button', { name: `Retry job ${failed.id}` }).click()
  await page.getByRole('status').getByText(`Job ${failed.id} is back for delivery`).waitFor()
  // delivered again (and failed again: the target is still wrong)
  const again = await until(async () => {
    const { jobs } = await must('GET', '/_admin/queue/mail?status=ERROR')
    return jobs.find(j => j.id === failed.id && j.enqueued !== failed.enqueued)
  }, 'the retried delivery')
  assert.ok(again)

  await page.getByRole('button', { name: 'Refresh' }).click()
  await page.getByRole('button', { name: `Cancel job ${failed.id}` }).click()
  await page.getByRole('status').getByText(`Job ${failed.id} cancelled`).waitFor()
  assert.deepEqual((await must('GET', '/_admin/queue/mail')).jobs, [])
  await page.close()
})

test('the request log shows requests as they happen, without its own polling', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#requests`)
  const log = page.getByRole('log', { name: 'Request log' })
  await log.waitFor()
  await must('GET', '/data/movies/m1')
  await call('GET', '/cache/sessions/nobody')
  await log.getByRole('row', { name: /GET \/cache\/sessions\/nobody \/cache\/\{name\}\/\{key\} 404/ }).waitFor()
  await log.getByRole('row', { name: /GET \/data\/movies\/m1 / }).waitFor()
  // polled a few times meanwhile, and none of it is listed
  await page.waitForTimeout(1500)
  assert.equal(await log.getByRole('row', { name: /_admin\/requests/ }).count(), 0)
  assert.equal(await log.getByRole('row', { name: /_console/ }).count(), 0)
  assert.doesNotMatch(await log.getByRole('row', { name: /GET \/data\/movies\/m1 / }).textContent(), /console/)
  // what the console itself sends is marked, and can be hidden
  const sections = page.getByRole('navigation', { name: 'Sections' })
  await sections.getByRole('link', { name: 'Overview' }).click()
  await page.getByRole('link', { name: 'movies' }).waitFor()
  await sections.getByRole('link', { name: 'Requests' }).click()
  // (the other pages of this test run sent the same request: only this page's is its own)
  await log.locator('tr', { hasText: /GET\/_admin\/stores.*console/ }).waitFor()
  const listings = await log.getByRole('row', { name: /GET \/_admin\/stores/ }).count()
  await page.getByLabel('Hide the requests this console sent').check()
  assert.equal(await log.locator('tr', { hasText: 'console' }).count(), 0)
  assert.equal(await log.getByRole('row', { name: /GET \/_admin\/stores/ }).count(), listings - 1)
  await log.getByRole('row', { name: /GET \/data\/movies\/m1 / }).waitFor()
  await page.getByLabel('Hide the requests this console sent').uncheck()
  await screenshot(page, 'requests')
  await page.close()
})

test('the API page lists the routes with their parameters and responses', async () => {
  const page = await chromium.page()
  await page.goto(`${console_}#api`)
  const query = page.locator('details', { hasText: 'POST /data/{db}/_query' })
  await query.waitFor()
  await query.locator('summary').click()
  assert.match(await query.getByRole('table', { name: 'Parameters' }).textContent(), /db\s*path/)
  assert.match(await query.getByRole('table', { name: 'Responses' }).textContent(), /200/)
  assert.ok(await page.locator('details', { hasText: 'GET /_admin/requests' }).count() === 1)
  await screenshot(page, 'api')
  await page.close()
})

test('export, reset, then import brings the stores back', async () => {
  const page = await chromium.page()
  await page.goto(console_)
  await page.getByRole('link', { name: 'movies' }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export snapshot' }).click()])
  const snapshot = JSON.parse(await readFile(await download.path(), 'utf8'))
  assert.equal(snapshot.format, 'hyper-nano snapshot')
  assert.ok(snapshot.data.movies)

  await page.getByRole('button', { name: 'Reset everything' }).click()
  await page.getByRole('status').getByText('Reset: every store removed').waitFor()
  const { stores } = await must('GET', '/_admin/stores')
  for (const service of ['data', 'cache', 'storage', 'search', 'queue']) assert.deepEqual(stores[service], [], service)
  assert.equal(await page.getByText('none yet').count(), 5)

  await page.getByLabel('Snapshot file').setInputFiles(await download.path())
  await page.getByRole('button', { name: 'Import' }).click()
  await page.getByRole('region', { name: /data/ }).getByRole('link', { name: 'movies' }).waitFor()
  assert.equal((await must('GET', '/data/movies/m4')).title, 'Dune')
  assert.deepEqual(await must('GET', '/cache/sessions/carol'), { cart: 7 })
  await page.close()
})
