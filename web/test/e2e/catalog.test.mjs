// Catalog: the company admin adds a product with an image, changes its price (history shown),
// imports a CSV with one bad row (sees the error by row and column, imports the rest) and exports;
// then uploads a PDF to the training knowledge and sees it processed, with its text extracted.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { DEMO_PASSWORD, startBrowser, startServer } from './harness.mjs'

const PDF = readFileSync(new URL('../../../internal/knowledge/testdata/policy.pdf', import.meta.url))

let server, browser
before(async () => {
  server = await startServer('catalog')
  browser = await startBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

const CSV = 'name,sku,price,category,tags\n' +
  'Kuih Lapis,E2E-KL,12.50,Kuih,halal\n' +
  'Bad Row,E2E-BAD,abc,Kuih,\n' +
  'Seri Muka,E2E-SM,"1,299.00",Kuih,halal|raya\n'

test('admin manages a product, imports a CSV with one bad row and exports', async () => {
  const base = server.url
  const page = await browser.newPage()
  await page.goto(`${base}/login`)
  await page.getByTestId('login-email').fill('owner@kedai-demo.my')
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/company\//)
  await page.goto(`${base}/company/products`)

  // Add a product, then an image, then a new price.
  await page.getByTestId('add-product').click()
  await page.getByTestId('product-name').fill('Kek Batik E2E')
  await page.getByTestId('product-sku').fill('E2E-KB')
  await page.getByTestId('product-price').fill('45.00')
  await page.getByTestId('product-save').click()
  await page.getByTestId('product-gallery').waitFor()
  await page.getByTestId('product-image-input').setInputFiles({ name: 'kek.png', mimeType: 'image/png', buffer: PNG })
  await page.getByTestId('product-gallery').getByText('Cover').waitFor()
  await page.getByTestId('product-price').fill('49.90')
  await page.getByTestId('product-save').click()
  await page.getByTestId('product-price-history').getByText('RM 49.90').waitFor()
  assert.ok((await page.getByTestId('product-price-history').textContent()).includes('RM 45.00'), 'the old price is kept')
  await page.keyboard.press('Escape')
  await page.getByTestId('product-card-E2E-KB').waitFor()

  // Import: the preview names the bad row and column; "valid rows" imports the other two.
  await page.getByTestId('product-import-open').click()
  await page.getByTestId('product-import-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
  await page.getByTestId('product-import-summary').getByText('1 with errors').waitFor()
  assert.match(await page.getByTestId('product-import-errors').textContent(), /Row 3, price/)
  await page.getByTestId('product-import-start').click()
  await page.getByTestId('product-import-status').getByText('Imported 2 of 3 rows').waitFor({ timeout: 30_000 })
  await page.keyboard.press('Escape')
  await page.getByTestId('product-search').fill('E2E-SM')
  await page.getByTestId('product-card-E2E-SM').getByText('RM 1,299.00').waitFor()

  // Export answers a CSV with the imported rows.
  const res = await page.request.get(`${base}/api/v1/company/products/export`)
  assert.equal(res.status(), 200)
  const body = await res.text()
  assert.ok(body.startsWith('name,sku,price') && body.includes('E2E-SM') && !body.includes('E2E-BAD'), body)

  // Knowledge: a PDF goes from queued to processed in the background; its extracted text can be read.
  await page.goto(`${base}/company/training`)
  await page.getByTestId('knowledge-file-input').setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: PDF })
  await page.getByTestId('knowledge-status-policy.pdf').filter({ hasText: 'Processed' }).waitFor({ timeout: 30_000 })
  await page.getByTestId('knowledge-view-policy.pdf').click()
  assert.ok((await page.getByTestId('knowledge-document-text').textContent()).trim().length > 20, 'the PDF text was extracted')
})
