// The one API client: typed by the OpenAPI schema, same-origin cookies, CSRF header on writes,
// and a guard that ends the session in the UI when the server answers 401.
import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from '~/api/schema'

export const csrfCookie = 'sembang_csrf'
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// A 401 on these means "wrong credentials", not "session ended".
const credentialPaths = ['/api/v1/auth/login', '/api/v1/auth/password']

export default defineNuxtPlugin((nuxtApp) => {
  const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
  const me = useState<{ csrf_token?: string } | null>('auth:me', () => null)

  const csrf: Middleware = {
    onRequest({ request }) {
      if (unsafeMethods.has(request.method.toUpperCase())) {
        // The cookie is the source; /auth/me also returns the token, for browsers that hide the cookie.
        const token = readCookie(document.cookie, csrfCookie)
          || me.value?.csrf_token
        if (token) request.headers.set('X-CSRF-Token', token)
      }
      return request
    }
  }

  const sessionGuard: Middleware = {
    async onResponse({ request, response }) {
      if (response.status !== 401) return
      const path = new URL(request.url, window.location.origin).pathname
      if (credentialPaths.includes(path)) return
      await nuxtApp.runWithContext(() => useAuth().sessionEnded())
    }
  }

  client.use(csrf, sessionGuard)
  return { provide: { api: client } }
})
