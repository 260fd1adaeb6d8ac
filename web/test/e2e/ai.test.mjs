// AI model: the company admin creates a model version, tests it on a customer message and activates it; an agent
// asks for a suggestion in a chat, edits it, sends it (the customer receives it) and rates it; the admin's overview
// then shows the suggestion used and its rating.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { signIn, startBrowser, startServer } from './harness.mjs'

let server, browser, sim
before(async () => {
  server = await startServer('ai')
  browser = await startBrowser()
  sim = server.simURL
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const TOKEN = '777004:SIMULATED-AI-TOKEN'

test('admin creates, tests and activates a model version; an agent edits, sends and rates a suggestion; the overview shows it', async () => {
  const base = server.url
  const owner = await browser.newPage()
  await signIn(owner, base, 'owner@kedai-demo.my')
  await owner.waitForURL(/\/company\//)

  // A version from the defaults, with the company's own instructions.
  await owner.goto(`${base}/company/ai-model?tab=versions`)
  await owner.getByTestId('ai-versions-create-blank').click()
  await owner.getByTestId('ai-config').waitFor()
  await owner.getByTestId('ai-config-name').fill('Raya 2026')
  await owner.getByTestId('ai-config-prompt').fill('You are the friendly sales assistant of Kedai Demo. Answer briefly and politely.')
  await owner.getByTestId('ai-config-save').click()
  await owner.getByText('Draft saved').first().waitFor()

  // Test it on a customer message before anyone sees it.
  await owner.goto(`${base}/company/ai-model?tab=tests`)
  await owner.getByTestId('ai-test-version').click()
  await owner.getByRole('option', { name: 'v1 · Raya 2026 (draft)' }).click()
  await owner.getByTestId('ai-test-message').fill('Boleh saya tanya pasal kedai ni?')
  await owner.getByTestId('ai-test-run').click()
  await owner.getByTestId('ai-test-result').waitFor()
  await owner.getByTestId('ai-test-source').waitFor()
  assert.ok((await owner.getByTestId('ai-test-reply').textContent()).trim().length > 0, 'the test produced a reply')
  await owner.getByTestId('ai-test-history-table').getByText('Boleh saya tanya pasal kedai ni?').first().waitFor()

  // Activate it.
  await owner.goto(`${base}/company/ai-model?tab=versions`)
  await owner.getByTestId('ai-version-activate-1').click()
  await owner.getByTestId('ai-versions-confirm').click()
  await owner.getByTestId('ai-version-1').filter({ hasText: /Active/i }).waitFor()

  // A customer writes; the admin gives the chat to Aisyah.
  await owner.goto(`${base}/company/integrations`)
  await owner.getByTestId('integration-telegram-token-input').fill(TOKEN)
  await owner.getByTestId('integration-telegram-save').click()
  await owner.getByTestId('integration-telegram-token').filter({ hasText: '****' }).waitFor()
  await owner.getByTestId('integration-telegram-connect').click()
  await owner.getByTestId('integration-telegram-status').filter({ hasText: 'Connected' }).waitFor()
  const customer = await browser.newPage()
  await customer.goto(`${sim}/sim/`)
  await customer.locator('#token').fill(TOKEN)
  await customer.locator('#from').fill('5550004')
  await customer.locator('#name').fill('Hafiz')
  await customer.locator('#text').fill('Boleh saya tanya pasal kedai ni?')
  await customer.locator('#f button').click()
  await customer.locator('#status').filter({ hasText: 'Webhook answered 200' }).waitFor()
  await owner.goto(`${base}/company/conversations/unassigned`)
  await owner.getByTestId('queue-assign-5550004').click()
  await owner.getByTestId('assign-agent-aisyah@kedai-demo.my').click()
  await owner.getByTestId('assign-confirm').click()

  // Aisyah asks for a suggestion, edits it, sends it and rates it.
  const aisyah = await browser.newPage()
  await signIn(aisyah, base, 'aisyah@kedai-demo.my')
  await aisyah.waitForURL(/\/agent\//)
  await aisyah.goto(`${base}/agent/conversations`)
  await aisyah.getByTestId('conversation-5550004').click()
  await aisyah.getByTestId('ai-suggestion-regenerate').click()
  const text = aisyah.getByTestId('ai-suggestion-text')
  await text.waitFor()
  await aisyah.getByTestId('ai-suggestion-source').waitFor()
  assert.ok((await text.inputValue()).trim().length > 0, 'a suggestion was offered')
  await text.fill('Boleh, tanya saja! Kami di Kedai Demo sedia membantu.')
  await aisyah.getByTestId('ai-suggestion-send').click()
  await customer.locator('#log .them').filter({ hasText: 'Kami di Kedai Demo sedia membantu' }).waitFor()
  await aisyah.getByTestId('ai-suggestion-star-4').click()
  await aisyah.getByText('Thanks for rating').waitFor()
  assert.equal(await aisyah.getByTestId('ai-suggestion-star-4').getAttribute('aria-checked'), 'true')

  // The overview counts the suggestion as used and shows its rating.
  await owner.goto(`${base}/company/ai-model?tab=overview`)
  await owner.getByTestId('ai-overview').waitFor()
  await owner.getByText('1 of 1 suggestions sent or edited').waitFor()
  await owner.getByText('4.0').first().waitFor()
  assert.deepEqual(browser.foreign, [], 'no request left localhost')
})
