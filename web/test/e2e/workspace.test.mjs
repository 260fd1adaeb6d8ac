// Chat workspace: an agent searches the catalog from the chat and sends a product card the customer receives,
// adds an internal note (shown in the thread, never sent to the customer), then marks the conversation
// completed with a free-text item; the sidebar shows the sale and Won.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, openLive, signIn, startBrowser, startServer } from './harness.mjs'

let server, browser, sim
before(async () => {
  server = await startServer('workspace')
  browser = await startBrowser()
  sim = server.simURL
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const TOKEN = '777003:SIMULATED-WORKSPACE-TOKEN'

test('agent sends a product card, adds an internal note and completes the sale from the chat workspace', async () => {
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

  // A product to offer in the chat.
  await owner.goto(`${base}/company/products`)
  await owner.getByTestId('add-product').click()
  await owner.getByTestId('product-name').fill('Kek coklat premium')
  await owner.getByTestId('product-sku').fill('E2E-KC')
  await owner.getByTestId('product-price').fill('45.00')
  await owner.getByTestId('product-save').click()
  await owner.getByTestId('product-gallery').waitFor()
  await owner.keyboard.press('Escape')
  await owner.getByTestId('product-card-E2E-KC').waitFor()

  const aisyah = await browser.newPage()
  await signIn(aisyah, base, 'aisyah@kedai-demo.my', DEMO_PASSWORD)
  await aisyah.waitForURL(/\/agent\//)
  await openLive(aisyah, `${base}/agent/conversations`)
  await openLive(owner, `${base}/company/conversations/unassigned`)

  const customer = await browser.newPage()
  await customer.goto(`${sim}/sim/`)
  await customer.locator('#token').fill(TOKEN)
  await customer.locator('#from').fill('5550003')
  await customer.locator('#name').fill('Farah')
  await customer.locator('#text').fill('Berapa harga kek coklat?')
  await customer.locator('#f button').click()
  await customer.locator('#status').filter({ hasText: 'Webhook answered 200' }).waitFor()

  await owner.getByTestId('queue-assign-5550003').click()
  await owner.getByTestId('assign-agent-aisyah@kedai-demo.my').click()
  await owner.getByTestId('assign-confirm').click()

  // Aisyah opens the chat; the sidebar shows the customer, not scored yet.
  const mine = aisyah.getByTestId('conversation-5550003')
  await mine.waitFor()
  await mine.click()
  const thread = aisyah.getByTestId('conversation-messages')
  await thread.getByText('Berapa harga kek coklat?').waitFor()
  await aisyah.getByTestId('customer-name').filter({ hasText: 'Farah' }).waitFor()
  await aisyah.getByTestId('customer-score').filter({ hasText: 'Not scored yet' }).waitFor()

  // From the sidebar she finds the product and sends its card; the customer receives it with its price.
  await aisyah.getByTestId('quick-send-search').fill('E2E-KC')
  await aisyah.getByTestId('quick-send-product-E2E-KC').click()
  await customer.locator('#log .them').filter({ hasText: 'Kek coklat premium' }).filter({ hasText: 'RM 45.00' }).waitFor()
  await thread.getByText(/Kek coklat premium/).first().waitFor()

  // An internal note appears in the thread, clearly marked, and never reaches the customer.
  await aisyah.getByTestId('workspace-add-note').click()
  await aisyah.getByTestId('note-body').fill('Wants it for Saturday')
  await aisyah.getByTestId('note-save').click()
  const note = thread.locator('[data-testid^="note-"]').filter({ hasText: 'Wants it for Saturday' })
  await note.getByText('Internal note — not sent to the customer').waitFor()

  // Mark completed with a free-text item: the amount follows the items' total.
  await aisyah.getByTestId('workspace-complete').click()
  await aisyah.getByTestId('complete-add-item').click()
  await aisyah.getByTestId('complete-item-name-0').fill('Kek coklat 8 inci')
  await aisyah.getByTestId('complete-item-price-0').fill('45.00')
  assert.equal(await aisyah.getByTestId('complete-amount').inputValue(), '45.00')
  await aisyah.getByTestId('complete-notes').fill('Sent photos of last week\'s cakes')
  await aisyah.getByTestId('complete-confirm').click()
  await aisyah.getByTestId('workspace-sale-amount').filter({ hasText: /45\.00/ }).waitFor()
  await aisyah.getByTestId('workspace-status').filter({ hasText: 'Won' }).waitFor()
  await aisyah.getByTestId('workspace-closed').waitFor()

  assert.equal(await customer.locator('#log .them').filter({ hasText: 'Saturday' }).count(), 0, 'the note never reached the customer')
  assert.deepEqual(browser.foreign, [], 'no request may leave localhost')
})
