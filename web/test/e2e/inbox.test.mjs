// Inbox: a simulated customer writes, the admin finds the chat in Unassigned and assigns it to agent 1,
// who is notified, sees it live and replies; agent 2 sees nothing (not even by direct URL); agent 1 asks
// for a transfer, the admin approves it and the chat moves live to agent 2, who completes it with a sale;
// the contact's timeline shows the lead Won.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, openLive, signIn, startBrowser, startServer } from './harness.mjs'

let server, browser, sim
before(async () => {
  server = await startServer('inbox')
  browser = await startBrowser()
  sim = server.simURL
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const TOKEN = '777002:SIMULATED-INBOX-TOKEN'

test('unassigned queue → assign (notified) → agent replies live; other agent sees nothing; transfer approved moves it live; completed with a sale → contact Won', async () => {
  const base = server.url

  const owner = await browser.newPage()
  await signIn(owner, base, 'owner@kedai-demo.my', DEMO_PASSWORD)
  await owner.waitForURL(/\/company\//)
  await owner.goto(`${base}/company/integrations`)
  await owner.getByTestId('integration-telegram').waitFor()
  await owner.getByTestId('integration-telegram-token-input').fill(TOKEN)
  await owner.getByTestId('integration-telegram-save').click()
  await owner.getByTestId('integration-telegram-token').filter({ hasText: '****' }).waitFor()
  await owner.getByTestId('integration-telegram-connect').click()
  await owner.getByTestId('integration-telegram-status').filter({ hasText: 'Connected' }).waitFor()

  // Both agents sign in, each in their own browser context, and keep their inbox open.
  const aisyah = await browser.newPage()
  await signIn(aisyah, base, 'aisyah@kedai-demo.my', DEMO_PASSWORD)
  await aisyah.waitForURL(/\/agent\//)
  await openLive(aisyah, `${base}/agent/conversations`)
  const weiming = await browser.newPage()
  await signIn(weiming, base, 'weiming@kedai-demo.my', DEMO_PASSWORD)
  await weiming.waitForURL(/\/agent\//)
  await openLive(weiming, `${base}/agent/conversations`)
  await openLive(owner, `${base}/company/conversations/unassigned`)

  // A customer writes; the chat waits in the admin's Unassigned queue (manual rules by default).
  const customer = await browser.newPage()
  await customer.goto(`${sim}/sim/`)
  await customer.locator('#token').fill(TOKEN)
  await customer.locator('#from').fill('5550002')
  await customer.locator('#name').fill('Mei Ling')
  await customer.locator('#text').fill('Boleh hantar hari ini?')
  await customer.locator('#f button').click()
  await customer.locator('#status').filter({ hasText: 'Webhook answered 200' }).waitFor()
  const row = owner.getByTestId('queue-5550002')
  await row.filter({ hasText: 'Boleh hantar hari ini?' }).waitFor()

  // Quick assign to Aisyah: the modal shows workload and says whom it will notify.
  await owner.getByTestId('queue-assign-5550002').click()
  await owner.getByTestId('assign-agent-aisyah@kedai-demo.my').click()
  await owner.getByTestId('assign-notify').filter({ hasText: 'Will notify Aisyah Binti Ahmad' }).waitFor()
  await owner.getByTestId('assign-reason').fill('speaks Malay')
  await owner.getByTestId('assign-confirm').click()
  await row.waitFor({ state: 'detached' })

  // Aisyah is notified by name and sees the chat live; she opens it and replies; the customer gets the reply.
  await aisyah.getByTestId('notifications-bell').click()
  await aisyah.getByTestId('notification-item').filter({ hasText: 'Assigned to you by Siti Rahman' }).first().waitFor()
  await aisyah.keyboard.press('Escape')
  const mine = aisyah.getByTestId('conversation-5550002')
  await mine.waitFor()
  await mine.click()
  await aisyah.getByTestId('conversation-messages').getByText('Boleh hantar hari ini?').waitFor()
  await aisyah.getByTestId('reply-input').fill('Boleh, sebelum 5 petang.')
  await aisyah.getByTestId('reply-send').click()
  await customer.locator('#log .them').filter({ hasText: 'Boleh, sebelum 5 petang.' }).waitFor()
  const id = new URL(aisyah.url()).searchParams.get('c')
  assert.ok(id, 'the open conversation is in the URL')

  // Wei Ming sees nothing, and the direct URL gives not-found (the API answers 404).
  assert.equal(await weiming.getByTestId('conversation-5550002').count(), 0)
  const denied = weiming.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/agent/conversations/${id}/messages`)
  await weiming.goto(`${base}/agent/conversations?c=${id}`)
  assert.equal((await denied).status(), 404)
  await weiming.getByTestId('conversation-not-found').waitFor()
  await openLive(weiming, `${base}/agent/conversations`)

  // Aisyah asks for a transfer to Wei Ming; the admin sees it live on the Transfers page and approves it.
  await openLive(owner, `${base}/company/conversations/transfers`)
  await aisyah.getByTestId('workspace-transfer').click()
  await aisyah.getByTestId('transfer-to').click()
  await aisyah.getByRole('option', { name: /^Tan Wei Ming/ }).click()
  await aisyah.getByTestId('transfer-reason').fill('Customer prefers Mandarin')
  await aisyah.getByTestId('transfer-submit').click()
  const request = owner.getByTestId('transfers-pending').locator('li').filter({ hasText: 'Customer prefers Mandarin' })
  await request.waitFor()
  await request.locator('[data-testid^="transfer-approve-"]').click()
  await owner.getByTestId('transfer-approve-confirm').click()
  await owner.getByTestId('transfers-decided').getByText('Mei Ling').first().waitFor()

  // It leaves Aisyah's inbox and arrives in Wei Ming's, live.
  await mine.waitFor({ state: 'detached' })
  const his = weiming.getByTestId('conversation-5550002')
  await his.waitFor()

  // The admin's conversation page shows the new agent and the history with the transfer's reason.
  await owner.goto(`${base}/company/conversations?c=${id}`)
  await owner.getByTestId('conversation-assignee').filter({ hasText: 'Tan Wei Ming' }).waitFor()
  const history = owner.getByTestId('assignment-history')
  await history.locator('summary').click()
  await history.getByText('speaks Malay').waitFor()
  await history.getByText(/Customer prefers Mandarin/).first().waitFor()

  // Wei Ming completes it with a sale; the conversation closes as Won.
  await his.click()
  await weiming.getByTestId('conversation-messages').getByText('Boleh hantar hari ini?').waitFor()
  await weiming.getByTestId('workspace-complete').click()
  await weiming.getByTestId('complete-add-item').click()
  await weiming.getByTestId('complete-item-name-0').fill('Penghantaran ekspres')
  await weiming.getByTestId('complete-item-price-0').fill('25.50')
  await weiming.getByTestId('complete-item-qty-0').fill('2')
  await weiming.getByTestId('complete-payment').click()
  await weiming.getByRole('option', { name: "Touch 'n Go", exact: true }).click()
  await weiming.getByTestId('complete-confirm').click()
  await weiming.getByTestId('workspace-status').filter({ hasText: 'Won' }).waitFor()
  await weiming.getByTestId('workspace-sale-amount').filter({ hasText: /51\.00/ }).waitFor()

  // The contact's timeline shows the sale and the lead status moving to Won.
  await weiming.getByTestId('customer-open-contact').click()
  await weiming.getByTestId('contact-timeline').waitFor()
  await weiming.getByTestId('timeline-sale').filter({ hasText: /51\.00/ }).waitFor()
  await weiming.getByTestId('timeline-status_change').filter({ hasText: 'Won' }).first().waitFor()

  assert.deepEqual(browser.foreign, [], 'no request left localhost')
})
