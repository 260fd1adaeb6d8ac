import { describe, expect, it } from 'vitest'
import { isoToZoned, zonedToISO } from '../../app/utils/zonedTime'

describe('zonedToISO', () => {
  it('reads a wall-clock time in the given zone', () => {
    expect(zonedToISO('2026-11-27T09:00', 'Asia/Kuala_Lumpur')).toBe('2026-11-27T01:00:00.000Z')
    expect(zonedToISO('2026-01-01T00:30', 'Asia/Kuala_Lumpur')).toBe('2025-12-31T16:30:00.000Z')
    expect(zonedToISO('2026-11-27T09:00', 'UTC')).toBe('2026-11-27T09:00:00.000Z')
  })
  it('follows daylight saving time', () => {
    expect(zonedToISO('2026-07-01T12:00', 'Europe/London')).toBe('2026-07-01T11:00:00.000Z')
    expect(zonedToISO('2026-12-01T12:00', 'Europe/London')).toBe('2026-12-01T12:00:00.000Z')
  })
  it('gives "" for an incomplete value', () => {
    expect(zonedToISO('', 'Asia/Kuala_Lumpur')).toBe('')
    expect(zonedToISO('2026-11-27', 'Asia/Kuala_Lumpur')).toBe('')
  })
})

describe('isoToZoned', () => {
  it('shows an instant as the zone\'s wall clock, round-tripping with zonedToISO', () => {
    const t = new Date('2026-11-27T16:45:00Z')
    expect(isoToZoned(t, 'Asia/Kuala_Lumpur')).toBe('2026-11-28T00:45')
    expect(zonedToISO(isoToZoned(t, 'Asia/Kuala_Lumpur'), 'Asia/Kuala_Lumpur')).toBe(t.toISOString())
  })
})
