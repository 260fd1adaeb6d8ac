/** Minor-unit digits per currency (sen for MYR); the server uses the same table. */
export function currencyExponent(currency: string): number {
  switch ((currency || '').toUpperCase()) {
    case 'IDR': case 'JPY': case 'KRW': case 'VND': return 0
    case 'BHD': case 'KWD': case 'OMR': return 3
    default: return 2
  }
}

const symbols: Record<string, string> = { MYR: 'RM', SGD: 'S$', IDR: 'Rp', USD: 'US$', THB: '฿', PHP: '₱', BND: 'B$' }
const locales: Record<string, string> = { MYR: 'en-MY', SGD: 'en-SG', IDR: 'id-ID', THB: 'th-TH', PHP: 'en-PH' }

/** Formats minor units for people: RM 1,299.00, S$ 12.50, Rp 150.000. Integer arithmetic only. */
export function formatMoney(minor: number, currency: string): string {
  const exp = currencyExponent(currency)
  const neg = minor < 0
  const abs = Math.abs(Math.trunc(minor))
  const scale = 10 ** exp
  const whole = Math.floor(abs / scale)
  const frac = String(abs % scale).padStart(exp, '0')
  const locale = locales[currency?.toUpperCase()] ?? 'en-MY'
  const group = new Intl.NumberFormat(locale).format(1000).charAt(1) || ','
  const decimal = group === '.' ? ',' : '.'
  const w = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group)
  const sym = symbols[currency?.toUpperCase()] ?? currency
  return `${neg ? '-' : ''}${sym} ${w}${exp ? decimal + frac : ''}`
}

/** Parses what a person typed ("1,299.50") into minor units exactly; null when it is not a price. */
export function parseMoney(text: string, currency: string): number | null {
  const exp = currencyExponent(currency)
  const s = text.trim().replace(/,/g, '')
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s)
  if (!m) return null
  const frac = m[2] ?? ''
  if (frac.length > exp) return null
  const minor = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0')
  return Number.isSafeInteger(minor) ? minor : null
}

/** Minor units as an editable decimal string ("1299.50"). */
export function minorToInput(minor: number, currency: string): string {
  const exp = currencyExponent(currency)
  if (!exp) return String(minor)
  const scale = 10 ** exp
  return `${Math.floor(minor / scale)}.${String(minor % scale).padStart(exp, '0')}`
}
