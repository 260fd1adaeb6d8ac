// Packages: the company admin adds two products, bundles them with a quantity and a 10% discount
// (live total and saving), saves (the card image is drawn), reorders, then deactivates and deletes the package.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, startBrowser, startServer } from './harness.mjs'

let server, browser
before(async () => {
  server = await startServer('packages')
  browser = await startBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('admin builds a discounted package and sees its card', async () => {
  const base = server.url
  const page = await browser.newPage()
  await page.goto(`${base}/login`)
  await page.getByTestId('login-email').fill('owner@kedai-demo.my')
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/company\//)

  await page.goto(`${base}/company/products`)
  for (const [name, sku, price] of [['Kek Lapis Pkg', 'E2E-PK1', '100.00'], ['Roti Jala Pkg', 'E2E-PK2', '12.50']]) {
    await page.getByTestId('add-product').click()
    await page.getByTestId('product-name').fill(name)
    await page.getByTestId('product-sku').fill(sku)
    await page.getByTestId('product-price').fill(price)
    await page.getByTestId('product-save').click()
    await page.getByTestId('product-gallery').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId(`product-card-${sku}`).waitFor()
  }

  await page.goto(`${base}/company/packages`)
  await page.getByTestId('add-package').click()
  await page.getByTestId('package-name').fill('Set Raya E2E')
  await page.getByTestId('package-product-search').fill('E2E-PK')
  await page.getByTestId('package-add-E2E-PK1').click()
  await page.getByTestId('package-add-E2E-PK2').click()
  await page.getByTestId('package-add-E2E-PK2').click() // a second click adds one more
  await page.getByTestId('package-items-total').getByText('RM 125.00').waitFor()

  await page.getByTestId('package-pricing-mode').getByText('Discount %').click()
  await page.getByTestId('package-discount').fill('10')
  await page.getByTestId('package-price').getByText('RM 112.50').waitFor()
  await page.getByTestId('package-saving').getByText('RM 12.50').waitFor()

  // The arrow buttons reorder without a mouse drag.
  await page.getByTestId('package-item-down-0').click()
  assert.match(await page.getByTestId('package-item-0').textContent(), /Roti Jala Pkg/)

  await page.getByTestId('package-save').click()
  await page.getByTestId('package-card-preview').waitFor()
  const src = await page.getByTestId('package-card-preview').getAttribute('src')
  const img = await page.request.get(`${base}${src}`)
  assert.equal(img.status(), 200)
  assert.equal(img.headers()['content-type'], 'image/png')
  await page.keyboard.press('Escape')

  await page.getByTestId('package-grid').getByText('Set Raya E2E').waitFor()
  await page.getByTestId('package-grid').getByText('Save RM 12.50').waitFor()

  // Delete asks first.
  await page.getByTestId('package-grid').getByRole('button', { name: 'Actions for Set Raya E2E' }).click()
  await page.getByRole('menuitem', { name: 'Delete' }).click()
  await page.getByTestId('delete-package-confirm').click()
  await page.getByText('No packages yet').waitFor()
})
