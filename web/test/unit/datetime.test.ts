import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatRelative } from '../../app/utils/datetime'

const iso = '2026-11-27T16:30:00Z' // 00:30 on the 28th in Kuala Lumpur (UTC+8)

describe('formatDateTime', () => {
  it('shows the time in the company time zone', () => {
    expect(formatDateTime(iso, { timeZone: 'Asia/Kuala_Lumpur' })).toBe('28/11/2026 00:30')
    expect(formatDateTime(iso, { timeZone: 'UTC' })).toBe('27/11/2026 16:30')
  })

  it('follows the company date format', () => {
    expect(formatDate(iso, { timeZone: 'Asia/Kuala_Lumpur', dateFormat: 'MM/DD/YYYY' })).toBe('11/28/2026')
    expect(formatDate(iso, { timeZone: 'Asia/Kuala_Lumpur', dateFormat: 'YYYY-MM-DD' })).toBe('2026-11-28')
    expect(formatDate(iso, { timeZone: 'Asia/Kuala_Lumpur', dateFormat: 'DD.MM.YYYY' })).toBe('28.11.2026')
  })

  it('falls back to the browser zone for an unknown zone, and is empty for no date', () => {
    expect(formatDateTime(iso, { timeZone: 'Not/AZone' })).toMatch(/^\d\d\/\d\d\/2026 \d\d:\d\d$/)
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('not a date')).toBe('')
  })
})

describe('formatRelative', () => {
  const now = new Date('2026-11-27T12:00:00Z')
  it.each([
    ['2026-11-27T11:59:30Z', 'just now'],
    ['2026-11-27T11:55:00Z', '5 min ago'],
    ['2026-11-27T09:00:00Z', '3 h ago'],
    ['2026-11-26T10:00:00Z', 'yesterday'],
    ['2026-11-24T10:00:00Z', '3 days ago'],
    ['2026-10-01T10:00:00Z', '01/10/2026']
  ])('%s → %s', (when, text) => {
    expect(formatRelative(when, now, { timeZone: 'UTC' })).toBe(text)
  })
})
