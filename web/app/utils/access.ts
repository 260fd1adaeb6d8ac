// Which portal a path belongs to, each role's home, and where the route guard sends a user.
import type { Me, Role } from '~/api/types'

export type Portal = 'admin' | 'company' | 'agent'

export const portalRole: Record<Portal, Role> = {
  admin: 'super_admin',
  company: 'company_admin',
  agent: 'company_user'
}

export const roleHome: Record<Role, string> = {
  super_admin: '/admin/dashboard',
  company_admin: '/company/dashboard',
  company_user: '/agent/dashboard'
}

export const roleLabel: Record<Role, string> = {
  super_admin: 'Super admin',
  company_admin: 'Company admin',
  company_user: 'Agent'
}

/** Paths anyone may open without a session. */
export const publicPaths = ['/login']

export function portalOf(path: string): Portal | null {
  const m = /^\/(admin|company|agent)(\/|$)/.exec(path)
  return m ? (m[1] as Portal) : null
}

/** Where a user lands after login or when they open a page that isn't theirs. */
export function homeFor(me: Pick<Me, 'role' | 'company'> | null | undefined): string {
  if (!me) return '/login'
  if (me.role === 'company_admin' && me.company && !me.company.onboarding_completed) {
    return '/company/setup'
  }
  return roleHome[me.role] ?? '/login'
}

/** True when `path` is a local path the user may be sent back to after logging in. */
export function isSafeRedirect(path: unknown): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//')
    && !path.startsWith('/\\') && !path.startsWith('/login')
}

/** After login: the requested page when it belongs to the user's portal, else the user's home. */
export function afterLoginPath(me: Pick<Me, 'role' | 'company'>, redirect: unknown): string {
  if (isSafeRedirect(redirect)) {
    const portal = portalOf(redirect)
    if (portal && portalRole[portal] === me.role) return redirect
  }
  return homeFor(me)
}

/**
 * The guard's decision for a navigation: a path to redirect to, or null to let it through.
 * `fullPath` keeps the query so that /login?redirect=… can bring the user back.
 */
export function accessRedirect(path: string, fullPath: string, me: Pick<Me, 'role' | 'company'> | null | undefined): string | null {
  if (publicPaths.includes(path)) return me ? homeFor(me) : null
  if (!me) {
    return path === '/' ? '/login' : `/login?redirect=${encodeURIComponent(fullPath)}`
  }
  if (path === '/') return homeFor(me)
  const portal = portalOf(path)
  if (portal && portalRole[portal] !== me.role) return roleHome[me.role] ?? '/login'
  return null
}
