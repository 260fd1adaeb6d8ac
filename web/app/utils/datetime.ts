// Formatting of the API's UTC ISO times in a given IANA time zone and company date format.

/** A pattern of DD, MM and YYYY, e.g. "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "DD.MM.YYYY". */
export type DateFormat = string

export interface FormatOptions {
  /** IANA zone, e.g. "Asia/Kuala_Lumpur"; the browser's zone when empty. */
  timeZone?: string | null
  dateFormat?: DateFormat | null
}

function parts(date: Date, timeZone?: string | null) {
  let fmt: Intl.DateTimeFormat
  try {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: timeZone || undefined,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
    })
  } catch {
    // An unknown zone name: fall back to the browser's zone rather than failing the page.
    return parts(date, undefined)
  }
  const p: Record<string, string> = {}
  for (const part of fmt.formatToParts(date)) p[part.type] = part.value
  return { y: p.year!, m: p.month!, d: p.day!, hh: p.hour!, mm: p.minute! }
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** The date in the company's pattern ("27/11/2026" for DD/MM/YYYY, the default); "" for no date. */
export function formatDate(value: string | Date | null | undefined, opts: FormatOptions = {}): string {
  const d = toDate(value)
  if (!d) return ''
  const { y, m, d: day } = parts(d, opts.timeZone)
  const pattern = opts.dateFormat && /DD/.test(opts.dateFormat) && /MM/.test(opts.dateFormat) && /YYYY/.test(opts.dateFormat)
    ? opts.dateFormat
    : 'DD/MM/YYYY'
  return pattern.replace('YYYY', y).replace('MM', m).replace('DD', day)
}

/** Date and 24-hour time, e.g. "27/11/2026 14:05"; "" for no date. */
export function formatDateTime(value: string | Date | null | undefined, opts: FormatOptions = {}): string {
  const d = toDate(value)
  if (!d) return ''
  const { hh, mm } = parts(d, opts.timeZone)
  return `${formatDate(d, opts)} ${hh}:${mm}`
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function formatRelative(value: string | Date | null | undefined, now: Date = new Date(), opts: FormatOptions = {}): string {
  const d = toDate(value)
  if (!d) return ''
  const s = Math.round((now.getTime() - d.getTime()) / 1000)
  if (s < 0) return formatDateTime(d, opts)
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  if (s < 7 * 86400) {
    const days = Math.floor(s / 86400)
    return days === 1 ? 'yesterday' : `${days} days ago`
  }
  return formatDate(d, opts)
}

/** The browser's IANA time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}
