// Starts the real sembang binary on a fresh database and drives Debian's Chromium with Playwright.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const DEMO_PASSWORD = 'sembang-e2e-password'

// Servers started and not yet stopped, so a failing browser close can stop them.
const running = new Set()

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
  let stopped
  const server = {
    url,
    simURL,
    port: new URL(url).port,
    logs: () => stderr,
    /** Stops the server and removes its files; calling it again does nothing. */
    stop () {
      stopped ??= (async () => {
        running.delete(server)
        if (proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise((resolve) => proc.once('exit', resolve))
          proc.kill('SIGTERM')
          await exited
        }
        rmSync(dataDir, { recursive: true, force: true })
      })()
      return stopped
    },
  }
  running.add(server)
  return server
}

/** Whether a URL stays on this machine (the app, its subdomains, the channel simulator). */
function isLocal (url) {
  const u = new URL(url)
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return true // data:, blob:, about:
  return u.hostname === 'localhost' || u.hostname.endsWith('.localhost') || u.hostname === '127.0.0.1'
}

/**
 * Launches Chromium. Every request that would leave localhost is aborted and recorded in
 * `foreign`, and close() fails the test when there is one. Two doors are watched: the context's
 * router sees every request the page sends, and a Content-Security-Policy violation listener
 * sees the loads the app's CSP stops before they become requests (a stray font or CDN link).
 */
export async function startBrowser () {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const foreign = []
  const record = (url) => { if (!foreign.includes(url)) foreign.push(url) }
  return {
    browser,
    foreign,
    /** A page in a fresh context (its own cookies); options go to browser.newContext (e.g. a phone's viewport). */
    async newPage (options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options })
      await context.route((u) => !isLocal(u.href), (route) => {
        record(route.request().url())
        return route.abort('blockedbyclient').catch(() => {})
      })
      await context.exposeBinding('__sembangBlockedByCSP', (_source, url) => { if (!isLocal(url)) record(url) })
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          if (/^(https?|wss?):/.test(e.blockedURI)) window.__sembangBlockedByCSP(e.blockedURI)
        })
      })
      const page = await context.newPage()
      page.setDefaultTimeout(30000)
      return page
    },
    /** Closes the browser; throws (failing the test file) when a request tried to leave localhost. */
    async close () {
      await browser.close()
      if (foreign.length) {
        // The caller's after hook stops at this throw: stop the servers here so none is left running.
        await Promise.all([...running].map((s) => s.stop()))
        throw new Error(`requests tried to leave localhost (fonts and icons must be bundled):\n  ${foreign.join('\n  ')}`)
      }
    },
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
