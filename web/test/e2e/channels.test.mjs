// Channels: the company admin connects Telegram against the dev simulator, a simulated customer writes,
// the admin sees it live and replies, and the customer receives the reply.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, signIn, startBrowser, startServer } from './harness.mjs'

let server, browser, sim
before(async () => {
  server = await startServer('channels')
  browser = await startBrowser()
  sim = server.simURL
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

// A 1×1 PNG, for the picture reply.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

const TOKEN = '777001:SIMULATED-E2E-TOKEN'

test('admin connects Telegram to the simulator; a customer writes, the admin sees it live and replies; the customer gets the reply', async () => {
  const base = server.url

  // The company admin saves the bot token, tests it (the bot's username appears) and connects the webhook.
  const owner = await browser.newPage()
  await signIn(owner, base, 'owner@kedai-demo.my', DEMO_PASSWORD)
  await owner.waitForURL(/\/company\//)
  await owner.goto(`${base}/company/integrations`)
  const card = owner.getByTestId('integration-telegram')
  await card.waitFor()
  await owner.getByTestId('integration-telegram-token-input').fill(TOKEN)
  await owner.getByTestId('integration-telegram-save').click()
  await owner.getByTestId('integration-telegram-token').filter({ hasText: '****' }).waitFor()
  assert.ok(!(await card.textContent()).includes('SIMULATED-E2E-TOKEN'), 'the token is shown masked')
  await owner.getByTestId('integration-telegram-test').click()
  await card.getByText('@sim_777001_bot').waitFor()
  await owner.getByTestId('integration-telegram-connect').click()
  await owner.getByTestId('integration-telegram-status').filter({ hasText: 'Connected' }).waitFor()

  // The admin opens the conversations page and keeps it open; the live stream is up before the customer writes.
  const streaming = owner.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200)
  await owner.goto(`${base}/company/conversations`)
  await streaming
  await owner.evaluate(() => { window.__sameDocument = true })

  // The simulated customer writes to the bot.
  const customer = await browser.newPage()
  await customer.goto(`${sim}/sim/`)
  await customer.locator('#token').fill(TOKEN)
  await customer.locator('#from').fill('5550001')
  await customer.locator('#name').fill('Siti Customer')
  await customer.locator('#text').fill('Ada stok tak?')
  await customer.locator('#f button').click()
  await customer.locator('#status').filter({ hasText: 'Webhook answered 200' }).waitFor()
  await customer.locator('#log .me').filter({ hasText: 'Ada stok tak?' }).waitFor()

  // The conversation appears on the admin's open page without a reload.
  const row = owner.getByTestId('conversation-5550001')
  await row.filter({ hasText: 'Ada stok tak?' }).waitFor()
  assert.equal(await owner.evaluate(() => window.__sameDocument), true, 'the page was not reloaded')
  await row.click()
  const thread = owner.getByTestId('conversation-messages')
  await thread.getByText('Ada stok tak?').waitFor()

  // The admin replies; the customer receives it; the admin's view shows it sent.
  await owner.getByTestId('reply-input').fill('Ada, boss!')
  await owner.getByTestId('reply-send').click()
  await customer.locator('#log .them').filter({ hasText: 'Ada, boss!' }).waitFor()
  const reply = thread.locator(':scope > div').filter({ hasText: 'Ada, boss!' })
  await reply.getByTestId('message-status-sent').waitFor()
  assert.equal(await owner.evaluate(() => window.__sameDocument), true, 'the page was not reloaded')
  assert.equal(await customer.locator('#log .them').count(), 1, 'the customer received exactly one reply')

  // The admin replies with a picture and a caption; the customer receives a photo.
  await owner.getByTestId('reply-file').setInputFiles({ name: 'produk.png', mimeType: 'image/png', buffer: PNG })
  await owner.getByTestId('reply-attachment').filter({ hasText: 'produk.png' }).waitFor()
  await owner.getByTestId('reply-input').fill('Gambar produk')
  await owner.getByTestId('reply-send').click()
  await customer.locator('#log .them').filter({ hasText: '[image] Gambar produk' }).waitFor()
  const picture = thread.locator(':scope > div').filter({ hasText: 'Gambar produk' })
  await picture.locator('img').waitFor()
  await picture.getByTestId('message-status-sent').waitFor()

  assert.deepEqual(browser.foreign, [], 'no request may leave localhost')
})
