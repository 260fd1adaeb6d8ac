// Starts the real sembang binary on a fresh database and drives Debian's Chromium with Playwright.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const DEMO_PASSWORD = 'sembang-e2e-password'

// Chromium flags that work here as root with no network.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP *.localhost 127.0.0.1',
]

/** Starts `sembang dev --reset` on a free port against its own database, sembang_e2e_{name}. */
export async function startServer (name) {
  const bin = process.env.SEMBANG_BIN
  if (!bin) throw new Error('SEMBANG_BIN must point at the built binary (make test sets it)')
  const dataDir = mkdtempSync(join(tmpdir(), 'sembang-e2e-'))
  const db = `sembang_e2e_${name}`
  const env = {
    ...process.env,
    ADDR: '127.0.0.1:0',
    DATA_DIR: dataDir,
    DEMO_PASSWORD,
    SEMBANG_ENV: 'test',
    BASE_DOMAIN: 'localhost',
    DATABASE_URL: `postgres://sembang_app@127.0.0.1:5432/${db}?sslmode=disable`,
    MIGRATION_DATABASE_URL: `postgres://sembang_owner@127.0.0.1:5432/${db}?sslmode=disable`,
  }
  const proc = spawn(bin, ['dev', '--reset'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  proc.stderr.on('data', (d) => { stderr += d.toString() })
  // `dev` prints the app's address, then the dev-only channel simulator's.
  const [url, simURL] = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}\n${stderr.slice(-4000)}`)), 60000)
    proc.stdout.on('data', (d) => {
      out += d.toString()
      const app = out.match(/running at (http:\/\/localhost:\d+)/)
      const sim = out.match(/Customer simulator: (http:\/\/[^\s]+?)\/sim\//)
      if (app && sim) { clearTimeout(timer); resolve([app[1], sim[1]]) }
    })
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}\n${stderr.slice(-4000)}`)) })
  })
  return {
    url,
    simURL,
    port: new URL(url).port,
    logs: () => stderr,
    async stop () {
      proc.kill('SIGTERM')
      await new Promise((resolve) => proc.once('exit', resolve))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Launches Chromium; every page opened through newPage() fails the test on a request that leaves localhost. */
export async function startBrowser () {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const foreign = []
  return {
    browser,
    foreign,
    async newPage () {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      page.on('request', (req) => {
        const u = new URL(req.url())
        if (u.protocol === 'data:' || u.protocol === 'blob:') return
        if (!(u.hostname === 'localhost' || u.hostname.endsWith('.localhost') || u.hostname === '127.0.0.1')) {
          foreign.push(req.url())
        }
      })
      page.setDefaultTimeout(15000)
      return page
    },
    async close () { await browser.close() },
  }
}

/** Signs in on the login page (the demo password unless another is given). */
export async function signIn (page, base, email, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`)
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Opens a portal page and waits until its live stream is up. */
export async function openLive (page, url) {
  const streaming = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200)
  await page.goto(url)
  await streaming
}
