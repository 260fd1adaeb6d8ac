// Every navigation: load the session once, then send the user to the login page, to their
// own portal, or let them through (utils/access.ts holds the rules).
export default defineNuxtRouteMiddleware(async (to) => {
  const auth = useAuth()
  const me = await auth.ensureLoaded()
  const target = accessRedirect(to.path, to.fullPath, me)
  if (target && target !== to.fullPath) return navigateTo(target, { replace: true })
})
