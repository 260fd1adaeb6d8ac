import type { Me } from '~/api/types'

// Concurrent first navigations share one /auth/me request (the app is client-only, one instance).
let firstLoad: Promise<Me | null> | null = null

/**
 * The signed-in user. `me` is loaded once by the route guard and refreshed after login and
 * logout, every 30 s and on window focus (plugins/session-watch.client.ts).
 */
export function useAuth() {
  const api = useApi()
  const me = useState<Me | null>('auth:me', () => null)
  const loaded = useState<boolean>('auth:loaded', () => false)
  const lastCheck = useState<number>('auth:lastCheck', () => 0)

  /** Reloads the session. A 401 means "logged out"; other failures keep what we had. */
  async function refresh(): Promise<Me | null> {
    lastCheck.value = Date.now()
    try {
      const res = await api.GET('/api/v1/auth/me')
      if (res.data) me.value = res.data
      else if (res.response.status === 401) me.value = null
    } catch {
      // Offline or server down: keep the current state; the next check tries again.
    }
    loaded.value = true
    return me.value
  }

  async function ensureLoaded(): Promise<Me | null> {
    if (loaded.value) return me.value
    firstLoad ??= refresh().finally(() => { firstLoad = null })
    return firstLoad
  }

  async function login(email: string, password: string): Promise<Me> {
    const user = await call(api.POST('/api/v1/auth/login', { body: { email, password } }))
    me.value = user
    loaded.value = true
    clearPortalState()
    return user
  }

  async function logout() {
    try {
      await api.POST('/api/v1/auth/logout')
    } catch {
      // Even when the server can't be reached the UI forgets the session.
    }
    me.value = null
    clearPortalState()
    await navigateTo('/login')
  }

  async function changePassword(currentPassword: string, newPassword: string) {
    await call(api.POST('/api/v1/auth/password', {
      body: { current_password: currentPassword, new_password: newPassword }
    }))
  }

  /** Called by the API client on a 401: forget the user and go to the login page once. */
  async function sessionEnded() {
    if (!me.value) return
    me.value = null
    clearPortalState()
    useToast().add({
      title: 'Your session has ended',
      description: 'Please sign in again.',
      color: 'warning',
      icon: 'i-lucide-log-out'
    })
    const route = useRoute()
    const redirect = route.path !== '/login' ? `?redirect=${encodeURIComponent(route.fullPath)}` : ''
    await navigateTo(`/login${redirect}`)
  }

  const home = computed(() => homeFor(me.value))

  return { me, loaded, lastCheck, refresh, ensureLoaded, login, logout, changePassword, sessionEnded, home }
}

/** Drops cached data of the previous user so that the next one never sees it. */
function clearPortalState() {
  clearNuxtState(key => !key.startsWith('auth:') && !key.startsWith('ref:'))
}
