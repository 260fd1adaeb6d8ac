// Channels: the company admin connects Telegram against the dev simulator, rotates its webhook secret,
// sends a test webhook and sees it arrive, reads the delivery and audit logs, sets and clears WhatsApp's
// signature check; a simulated customer writes, the admin sees it live and replies, the customer receives
// the reply; finally the admin revokes Telegram.
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

test('admin connects Telegram to the simulator and manages it; a customer writes, the admin sees it live and replies; the customer gets the reply', async () => {
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
  await owner.getByTestId('integration-telegram-status').filter({ hasText: /^\s*Connected\s*$/ }).waitFor()

  // Regenerating the secret asks first; Telegram is given the new one and the old one stays valid for a while.
  await owner.getByTestId('integration-telegram-regenerate').click()
  await owner.getByTestId('integration-telegram-regenerate-confirm').click()
  await owner.getByTestId('integration-telegram-previous-secret').waitFor()
  await owner.getByTestId('integration-telegram-regenerate-confirm').waitFor({ state: 'hidden' })
  await owner.getByTestId('integration-telegram-status').filter({ hasText: /^\s*Connected\s*$/ }).waitFor()

  // "Send test webhook" goes through the real webhook (now checked against the new secret) and shows the message arriving.
  await owner.getByTestId('integration-telegram-send-test').click()
  const testResult = owner.getByTestId('integration-telegram-test-arrived')
  await testResult.waitFor()
  const openTest = testResult.getByRole('link', { name: 'Open the conversation' })
  assert.match(await openTest.getAttribute('href'), /^\/company\/conversations\?c=[0-9a-f-]{36}$/)

  // The delivery log shows the received call; the audit log shows who connected, rotated and tested.
  const deliveryLog = owner.getByTestId('integration-delivery-log')
  await deliveryLog.locator('tbody tr').filter({ hasText: 'Telegram' }).filter({ hasText: 'Received' }).filter({ hasText: 'OK (200)' }).first().waitFor()
  const auditLog = owner.getByTestId('integration-audit-log')
  for (const what of ['Token saved', 'Connection tested', 'Webhook connected', 'Webhook secret regenerated', 'Test webhook sent (answered 200)']) {
    await auditLog.locator('tbody tr').filter({ hasText: `Telegram: ${what}` }).filter({ hasText: 'owner@kedai-demo.my' }).first().waitFor()
  }

  // WhatsApp's secret is masked until revealed; regenerating it (after a confirmation) shows a different one.
  const waSecret = owner.getByTestId('integration-whatsapp-secret')
  const oldSecret = (await waSecret.textContent()).trim()
  assert.match(oldSecret, /^\*{4}[A-Za-z0-9_-]{4}$/, 'the WhatsApp secret is masked')
  await owner.getByTestId('integration-whatsapp-regenerate').click()
  await owner.getByTestId('integration-whatsapp-regenerate-confirm').click()
  await waSecret.filter({ hasNotText: oldSecret }).waitFor()
  await owner.getByTestId('integration-whatsapp-previous-secret').waitFor()
  const newSecret = (await waSecret.textContent()).trim()
  assert.match(newSecret, /^\*{4}[A-Za-z0-9_-]{4}$/, 'the new WhatsApp secret is masked too')
  await owner.getByTestId('integration-whatsapp-secret-reveal').click()
  await waSecret.filter({ hasNotText: '****' }).waitFor()
  const fullSecret = (await waSecret.textContent()).trim()
  assert.match(fullSecret, /^[A-Za-z0-9_-]{32,64}$/, 'the revealed secret is the whole secret')
  assert.ok(fullSecret.endsWith(newSecret.slice(4)), 'the revealed secret is the one shown masked')
  await auditLog.locator('tbody tr').filter({ hasText: 'WhatsApp: Webhook secret regenerated' }).first().waitFor()

  // WhatsApp's signature check: a bad header name is refused with a clear message and nothing changes;
  // a good one turns the check on, "Turn off" turns it off again; both are audited.
  const sigStatus = owner.getByTestId('integration-whatsapp-signature-status')
  await sigStatus.filter({ hasText: 'Off' }).waitFor()
  const sigInput = owner.getByTestId('integration-whatsapp-signature-input')
  const signature = owner.getByTestId('integration-whatsapp-signature')
  await sigInput.fill('X Signature:')
  await owner.getByTestId('integration-whatsapp-signature-save').click()
  await signature.getByText('Use only letters, digits and dashes').waitFor()
  await sigInput.fill('X-Webhook-Secret')
  await signature.getByText('X-Webhook-Secret already carries the webhook secret').waitFor()
  await sigInput.fill('X-Signature')
  await signature.getByText('X-Webhook-Secret already carries').waitFor({ state: 'detached' })
  assert.equal((await sigStatus.textContent()).trim(), 'Off', 'nothing was saved while the name was invalid')
  await owner.getByTestId('integration-whatsapp-signature-save').click()
  await sigStatus.filter({ hasText: 'On · X-Signature' }).waitFor()
  await auditLog.locator('tbody tr').filter({ hasText: 'WhatsApp: Signature header set to X-Signature' }).first().waitFor()
  await owner.getByTestId('integration-whatsapp-signature-clear').click()
  await sigStatus.filter({ hasText: /^\s*Off\s*$/ }).waitFor()
  await auditLog.locator('tbody tr').filter({ hasText: 'WhatsApp: Signature check turned off' }).first().waitFor()

  // The test message's link opens its conversation.
  await openTest.click()
  await owner.waitForURL(/\/company\/conversations\?c=/)
  await owner.getByTestId('conversation-messages').getByText(/^Test message from Sembang/).first().waitFor()

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

  // A log that cannot load says so and offers a retry, instead of claiming there is nothing to show.
  const failing = '**/api/v1/company/integrations/delivery-log**'
  await owner.route(failing, (route) => route.fulfill({
    status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'The database is restarting.' }),
  }))
  await owner.goto(`${base}/company/integrations`)
  const logFailed = owner.getByTestId('integration-delivery-log-panel-failed')
  await logFailed.getByText('The database is restarting.').waitFor()
  assert.equal(await owner.getByTestId('integration-delivery-log-panel-empty').count(), 0, 'no "nothing yet" while loading failed')
  await owner.getByTestId('integration-audit-log').waitFor()
  await owner.unroute(failing)
  await logFailed.getByRole('button', { name: 'Try again' }).click()
  await owner.getByTestId('integration-delivery-log').locator('tbody tr').filter({ hasText: 'Sent' }).first().waitFor()
  await logFailed.waitFor({ state: 'detached' })

  // Finally the admin revokes Telegram, after a confirmation: the card is back to not connected.
  await owner.getByTestId('integration-telegram-revoke').click()
  await owner.getByTestId('integration-telegram-revoke-confirm').click()
  await owner.getByTestId('integration-telegram-status').filter({ hasText: 'Not connected' }).waitFor()
  await owner.getByTestId('integration-telegram-token').filter({ hasText: /^\s*—\s*$/ }).waitFor()
  assert.equal(await owner.getByTestId('integration-telegram-send-test').isDisabled(), true, 'no test webhook without a token')
  await owner.getByTestId('integration-audit-log').locator('tbody tr').filter({ hasText: 'Telegram: Token removed (revoked)' }).first().waitFor()

  assert.deepEqual(browser.foreign, [], 'no request may leave localhost')
})
