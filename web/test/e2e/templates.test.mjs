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
  await admin.getByTestId('template-response').fill('Harga kami berbaloi, {customer_name}.')
  await admin.getByTestId('template-submit').click()
  await admin.getByTestId(`template-row-${NAME}`).waitFor()

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
