// Success-case templates: the super admin's library, a company's settings and customisation, and the test bench.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, signIn, startBrowser, startServer } from './harness.mjs'

let server, browser
before(async () => {
  server = await startServer('templates')
  browser = await startBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function pickOption (page, testid, name) {
  await page.getByTestId(testid).click()
  await page.getByRole('option', { name, exact: true }).click()
}

// A USwitch's button, whether the test id lands on it or on its wrapper.
function switchOf (page, testid) {
  return page.locator(`[role="switch"][data-testid="${testid}"], [data-testid="${testid}"] [role="switch"]`).first()
}

const NAME = 'Harga mahal e2e'

test('super admin creates an ms template; the company enables, prefers and customises it; the bench shows it winning', async () => {
  const base = server.url

  // The super admin creates a global template in Bahasa Malaysia.
  const admin = await browser.newPage()
  await signIn(admin, base, 'admin@sembang.local', DEMO_PASSWORD)
  await admin.waitForURL(/\/admin\/dashboard/)
  await admin.goto(`${base}/admin/templates`)
  await admin.getByTestId('template-list').waitFor()
  await admin.getByTestId('template-new').click()
  await admin.getByTestId('template-name').fill(NAME)
  await pickOption(admin, 'template-language', 'Bahasa Malaysia')
  await admin.getByTestId('template-patterns').fill('mahal sangat\nmahal la')
  await admin.getByTestId('template-examples').fill('mahal sangat la\nmahal sgt boss')
  await admin.getByTestId('template-response').fill('Harga kami berbaloi, {customer_name}. Hanya {price}.')
  await admin.getByTestId('template-follow-up').fill('Tawarkan ansuran')
  // Context rules and localized versions, Tamil included; a minimum lead score above the maximum is refused by the field.
  await admin.getByTestId('template-stages').click()
  await admin.getByRole('option', { name: 'Negotiation', exact: true }).click()
  await admin.getByRole('option', { name: 'Qualified', exact: true }).click()
  await admin.getByTestId('template-context-rules').getByText('When it applies').click() // closes the list, not the form
  await admin.getByRole('listbox').waitFor({ state: 'detached' })
  await admin.getByTestId('template-min-lead-score').fill('80')
  await admin.getByTestId('template-max-lead-score').fill('20')
  await admin.getByTestId('template-localized-zh-patterns').fill('太贵')
  await admin.getByTestId('template-localized-zh-examples').fill('太贵了')
  await admin.getByTestId('template-localized-ta-patterns').fill('விலை அதிகம்')
  await admin.getByTestId('template-localized-ta-response').fill('எங்கள் விலை மதிப்புக்குரியது.')
  await admin.getByTestId('template-submit').click()
  await admin.getByText('The minimum (80) is above the maximum (20).').waitFor()
  await admin.getByTestId('template-min-lead-score').fill('20')
  await admin.getByTestId('template-max-lead-score').fill('80')
  await admin.getByTestId('template-submit').click()
  await admin.getByTestId(`template-row-${NAME}`).waitFor()

  const stored = async () => {
    const page = await (await admin.request.get(`${base}/api/v1/platform/templates?q=${encodeURIComponent(NAME)}`)).json()
    return page.items.find((it) => it.template.name === NAME).template
  }
  const created = await stored()
  assert.deepEqual(created.conversation_stages, ['negotiation', 'qualified'])
  assert.equal(created.min_lead_score, 20)
  assert.equal(created.max_lead_score, 80)
  assert.equal(created.follow_up_actions, 'Tawarkan ansuran')
  assert.deepEqual(created.localized_versions, {
    zh: { customer_message_patterns: ['太贵'], customer_message_examples: ['太贵了'] },
    ta: { customer_message_patterns: ['விலை அதிகம்'], agent_response: 'எங்கள் விலை மதிப்புக்குரியது.' },
  })

  // Editing only the priority saves a new version with every other field as it was.
  await admin.getByTestId(`template-actions-${NAME}`).click()
  await admin.getByRole('menuitem', { name: 'Edit' }).click()
  assert.equal(await admin.getByTestId('template-min-lead-score').inputValue(), '20')
  await admin.getByTestId('template-priority').fill('5')
  await admin.getByTestId('template-submit').click()
  await admin.getByText('Saved as version 2').first().waitFor()
  const { priority, version, updated_at: _u, ...kept } = await stored()
  const { priority: _p, version: _v, updated_at: _u0, ...before } = created
  assert.equal(priority, 5)
  assert.equal(version, 2)
  assert.deepEqual(kept, before, 'the edit kept every field it did not change')

  // The platform bench: the price is typed in ringgit and shown as such; a lead score above the range filters it out.
  await admin.getByRole('tab', { name: 'Test bench' }).click()
  await admin.getByTestId('bench-message').fill('mahal sangat la')
  await admin.getByTestId('bench-price').fill('1299.50')
  await admin.getByTestId('bench-run').click()
  await admin.getByTestId('bench-winner').filter({ hasText: `Winner: ${NAME}` }).waitFor()
  assert.equal((await admin.getByTestId('bench-response').innerText()).trim(), 'Harga kami berbaloi, Aisyah. Hanya RM 1,299.50.')
  await admin.getByTestId('bench-lead-score').fill('95')
  await admin.getByTestId('bench-run').click()
  await admin.getByTestId('bench-candidates').getByText('filtered: lead score 95 above 80').waitFor()
  assert.doesNotMatch(await admin.getByTestId('template-bench').innerText(), new RegExp(`Winner: ${NAME}`))
  await admin.getByRole('tab', { name: 'Library' }).click()

  // The company admin enables it, marks it preferred and customises it.
  const owner = await browser.newPage()
  await signIn(owner, base, 'owner@kedai-demo.my', DEMO_PASSWORD)
  await owner.waitForURL(/\/company\//)
  await owner.goto(`${base}/company/templates`)
  // Toggle only once the search has answered, so no earlier list replaces the row being changed.
  const searched = owner.waitForResponse(r => r.url().includes('/api/v1/company/templates?') && r.url().includes('q=Harga'))
  await owner.getByTestId('company-template-search').fill(NAME)
  await searched
  await owner.getByTestId(`company-template-row-${NAME}`).waitFor()
  const enabled = switchOf(owner, `enable-${NAME}`)
  if ((await enabled.getAttribute('aria-checked')) === 'true') {
    await enabled.click() // off, then on again: enabling is an explicit company choice
    await owner.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'false',
      `[data-testid="enable-${NAME}"] [role="switch"], [role="switch"][data-testid="enable-${NAME}"]`)
  }
  await enabled.click()
  await owner.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
    `[data-testid="enable-${NAME}"] [role="switch"], [role="switch"][data-testid="enable-${NAME}"]`)
  await switchOf(owner, `prefer-${NAME}`).click()
  await owner.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true',
    `[data-testid="prefer-${NAME}"] [role="switch"], [role="switch"][data-testid="prefer-${NAME}"]`)
  await owner.getByTestId(`customize-${NAME}`).click()
  await owner.getByTestId('custom-override-ms').fill('Harga istimewa Kedai Demo untuk {customer_name}!')
  await owner.getByTestId('custom-save').click()
  await owner.getByText('Customisation saved').first().waitFor()

  // The test bench shows it winning for "mahal sangat la", with the customised text.
  await owner.getByRole('tab', { name: 'Test bench' }).click()
  await owner.getByTestId('bench-message').fill('mahal sangat la')
  await owner.getByTestId('bench-run').click()
  await owner.getByTestId('bench-winner').waitFor()
  assert.match(await owner.getByTestId('bench-winner').innerText(), new RegExp(`Winner: ${NAME}`))
  assert.equal((await owner.getByTestId('bench-response').innerText()).trim(), 'Harga istimewa Kedai Demo untuk Aisyah!')
  assert.match(await owner.getByTestId('bench-language').innerText(), /Bahasa Malaysia/)

  // The global template itself is unchanged.
  await admin.reload()
  assert.match(await admin.getByTestId(`template-row-${NAME}`).innerText(), /Harga kami berbaloi/)

  assert.deepEqual(browser.foreign, [], 'no request left localhost')
})
