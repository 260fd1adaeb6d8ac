import { describe, expect, it } from 'vitest'
import { accessRedirect, afterLoginPath, homeFor, portalOf } from '../../app/utils/access'

const admin = { role: 'super_admin' as const, company: null }
const owner = (done: boolean) => ({ role: 'company_admin' as const, company: { onboarding_completed: done } as any })
const agent = { role: 'company_user' as const, company: { onboarding_completed: true } as any }

describe('homeFor', () => {
  it('sends each role to its portal, and an unfinished company to setup', () => {
    expect(homeFor(admin)).toBe('/admin/dashboard')
    expect(homeFor(owner(true))).toBe('/company/dashboard')
    expect(homeFor(owner(false))).toBe('/company/setup')
    expect(homeFor(agent)).toBe('/agent/dashboard')
    expect(homeFor(null)).toBe('/login')
  })
})

describe('accessRedirect', () => {
  it('sends a visitor to the login page, remembering where they were going', () => {
    expect(accessRedirect('/company/users', '/company/users?q=a', null)).toBe('/login?redirect=%2Fcompany%2Fusers%3Fq%3Da')
    expect(accessRedirect('/', '/', null)).toBe('/login')
    expect(accessRedirect('/login', '/login', null)).toBeNull()
  })

  it('keeps each role inside its own portal', () => {
    expect(accessRedirect('/company/users', '/company/users', agent)).toBe('/agent/dashboard')
    expect(accessRedirect('/admin/companies', '/admin/companies', agent)).toBe('/agent/dashboard')
    expect(accessRedirect('/admin', '/admin', owner(true))).toBe('/company/dashboard')
    expect(accessRedirect('/company/users', '/company/users', owner(true))).toBeNull()
    expect(accessRedirect('/agent/dashboard', '/agent/dashboard', admin)).toBe('/admin/dashboard')
  })

  it('sends a signed-in user away from / and /login', () => {
    expect(accessRedirect('/', '/', owner(false))).toBe('/company/setup')
    expect(accessRedirect('/login', '/login', agent)).toBe('/agent/dashboard')
  })
})

describe('afterLoginPath', () => {
  it('returns to the requested page only inside the user\'s portal', () => {
    expect(afterLoginPath(owner(true), '/company/users')).toBe('/company/users')
    expect(afterLoginPath(agent, '/company/users')).toBe('/agent/dashboard')
    expect(afterLoginPath(admin, '//evil.example/admin')).toBe('/admin/dashboard')
    expect(afterLoginPath(admin, 'https://evil.example')).toBe('/admin/dashboard')
    expect(afterLoginPath(owner(false), undefined)).toBe('/company/setup')
  })

  it('knows the portal of a path', () => {
    expect(portalOf('/administrator')).toBeNull()
    expect(portalOf('/admin')).toBe('admin')
    expect(portalOf('/company/setup')).toBe('company')
  })
})
