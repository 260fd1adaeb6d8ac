// Agent dashboard: when one of its requests fails, that panel says so with a retry while the others
// still show; the retry brings the figures back.
import { after, before, test } from 'node:test'
import { signIn, startBrowser, startServer } from './harness.mjs'

let server, browser
before(async () => {
  server = await startServer('dashboard')
  browser = await startBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a failed panel shows a retry, the rest of the dashboard stays', async () => {
  const base = server.url
  const page = await browser.newPage()
  let failFigures = true
  await page.route('**/api/v1/agent/dashboard', (route) => failFigures
    ? route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ status: 500, title: 'Internal Server Error', detail: 'boom' }) })
    : route.continue())

  await signIn(page, base, 'aisyah@kedai-demo.my')
  await page.waitForURL(/\/agent\/dashboard/)
  await page.getByTestId('agent-counts-failed').waitFor()
  // The tasks and conversations panels loaded on their own.
  await page.locator('[data-testid="agent-no-tasks"], [data-testid="agent-tasks"]').first().waitFor()
  await page.locator('[data-testid="agent-no-conversations"], [data-testid="agent-recent-conversations"]').first().waitFor()

  failFigures = false
  await page.getByTestId('agent-counts-failed').getByRole('button', { name: 'Try again' }).click()
  await page.getByTestId('agent-counts-failed').waitFor({ state: 'detached' })
  await page.getByTestId('stat-assigned-open').waitFor()
})
