import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { portalNav } from '../../app/utils/navigation'

const pages = fileURLToPath(new URL('../../app/pages', import.meta.url))

/** The page file that serves a route, or null. The catch-all [...slug].vue does not count: it is the "not found" page. */
function pageFileOf(route: string): string | null {
  const path = route.replace(/^\/+|\/+$/g, '')
  for (const file of [`${pages}/${path}.vue`, `${pages}/${path}/index.vue`]) {
    if (existsSync(file)) return file
  }
  return null
}

const entries = Object.entries(portalNav).flatMap(([portal, nav]) => [...nav.items, ...nav.footer].map(item => ({ portal, ...item })))

describe('portal navigation', () => {
  it('has entries in every portal', () => {
    expect(Object.keys(portalNav).sort()).toEqual(['admin', 'agent', 'company'])
    for (const nav of Object.values(portalNav)) expect(nav.items.length).toBeGreaterThan(0)
  })

  it.each(entries)('$portal: $label ($to) opens a page of its portal', ({ portal, to }) => {
    expect(to.startsWith(`/${portal}/`), `${to} is under /${portal}/`).toBe(true)
    expect(pageFileOf(to), `no page file for ${to} under app/pages`).not.toBeNull()
  })

  it.each(entries.filter(e => e.soon))('$portal: $label is marked "Soon" and shows the coming-soon state', ({ to }) => {
    expect(readFileSync(pageFileOf(to)!, 'utf8')).toContain('<PortalComingSoon')
  })

  it.each(entries.filter(e => !e.soon))('$portal: $label is built, not a coming-soon page', ({ to }) => {
    expect(readFileSync(pageFileOf(to)!, 'utf8')).not.toContain('<PortalComingSoon')
  })

  it('links each route once per portal', () => {
    for (const nav of Object.values(portalNav)) {
      const routes = [...nav.items, ...nav.footer].map(i => i.to)
      expect(new Set(routes).size).toBe(routes.length)
    }
  })

  it('maps routes to files the way Nuxt does', () => {
    expect(pageFileOf('/company/conversations')).toMatch(/company\/conversations\/index\.vue$/)
    expect(pageFileOf('/company/templates')).toMatch(/company\/templates\.vue$/)
    expect(pageFileOf('/company/no-such-page')).toBeNull()
  })
})
