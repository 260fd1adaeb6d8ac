// Notices a revoked session (company suspended, user deactivated) without a click:
// checks /auth/me every 30 s and when the window regains focus.
const intervalMs = 30_000
const focusMinGapMs = 5_000

export default defineNuxtPlugin(() => {
  const auth = useAuth()

  const check = (minGap: number) => {
    if (!auth.me.value) return
    if (Date.now() - auth.lastCheck.value < minGap) return
    auth.refresh()
  }

  window.setInterval(() => check(intervalMs - 1000), intervalMs)
  window.addEventListener('focus', () => check(focusMinGapMs))
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check(focusMinGapMs)
  })
})
