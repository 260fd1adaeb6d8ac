// Wall-clock date-times ("2026-11-27T15:30", as a datetime-local input holds them) in a given IANA
// time zone, so a reminder is picked in the company's zone whatever the browser's.

/** The instant of a wall-clock date-time ("2026-11-27T15:30") in timeZone, as an ISO string. */
export function zonedToISO(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local)
  if (!m) return ''
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  // The zone's offset at that moment, read back from Intl; twice, for the day the offset changes.
  let t = guess - offsetAt(guess, timeZone)
  t = guess - offsetAt(t, timeZone)
  return new Date(t).toISOString()
}

/** The wall-clock date-time of instant t in timeZone, as "YYYY-MM-DDTHH:mm". */
export function isoToZoned(t: Date, timeZone: string): string {
  const p = parts(t.getTime(), timeZone)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

function parts(t: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  const o: Record<string, number> = {}
  for (const p of f.formatToParts(new Date(t))) {
    if (p.type !== 'literal') o[p.type] = Number(p.value)
  }
  return o as { year: number, month: number, day: number, hour: number, minute: number, second: number }
}

function offsetAt(t: number, timeZone: string): number {
  const p = parts(t, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000
}
