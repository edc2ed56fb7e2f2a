// The console against a server with auth on: the page loads, a 401 asks for the token, which is kept in
// the tab's sessionStorage and sent as a bearer token from then on.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { authBase, authSecret, browser, pageErrors, jwt, must, screenshot } from './support.mjs'

let chromium

before(async () => {
  chromium = await browser()
})

after(async () => {
  await chromium?.close()
  assert.deepEqual(pageErrors, [], 'no script error in the console')
})

test('with auth on, a 401 asks for a token, and the token opens the console', { skip: !authBase && 'no HYPER_AUTH_URL' }, async () => {
  const sub = process.env.HYPER_AUTH_SUB
  const token = jwt(authSecret, sub)
  await must('PUT', '/data/secrets', undefined, { url: authBase, token })

  const page = await chromium.page()
  await page.goto(`${authBase}/_console/`)
  const prompt = page.getByRole('region', { name: 'This server needs a token' })
  await prompt.waitFor()
  assert.match(await prompt.getByRole('alert').textContent(), /401/)
  await screenshot(page, 'auth-prompt')

  await page.getByLabel(/Bearer token/).fill('not-a-token')
  await page.getByRole('button', { name: 'Use token' }).click()
  await prompt.getByText(/refused the token/).waitFor()

  await page.getByLabel(/Bearer token/).fill(token)
  await page.getByRole('button', { name: 'Use token' }).click()
  await page.getByRole('region', { name: /data/ }).getByRole('link', { name: 'secrets' }).waitFor()
  assert.equal(await prompt.isHidden(), true)
  assert.equal(await page.evaluate(() => sessionStorage.getItem('hyper-console-token')), token)

  // the log polls with the token too
  await page.goto(`${authBase}/_console/#requests`)
  await page.getByRole('log', { name: 'Request log' }).getByRole('row', { name: /GET \/_admin\/stores/ }).first().waitFor()
  await page.getByRole('button', { name: 'Forget token' }).click()
  await prompt.waitFor()
  await page.close()
})
