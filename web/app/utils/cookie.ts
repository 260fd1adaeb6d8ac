/** The value of cookie `name` in a `document.cookie` string, or "" when absent. */
export function readCookie(cookieString: string, name: string): string {
  for (const part of cookieString.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim())
      } catch {
        return part.slice(i + 1).trim()
      }
    }
  }
  return ''
}
