import { test } from 'node:test'
import assert from 'node:assert/strict'
import { client } from './support.mjs'

test('info.services lists the services of the server', async () => {
  const { hyper } = client('info')
  const info = await hyper.info.services()
  assert.equal(info.name, 'hyper')
  assert.equal(info.version, '1.0-beta')
  assert.ok(info.services.includes('cache'))
})
