import { describe, expect, it } from 'vitest'
import { formatMoney, minorToInput, parseMoney } from '../../app/utils/money'

describe('money', () => {
  it('formats minor units per currency', () => {
    expect(formatMoney(129900, 'MYR')).toBe('RM 1,299.00')
    expect(formatMoney(1250, 'SGD')).toBe('S$ 12.50')
    expect(formatMoney(150000, 'IDR')).toBe('Rp 150.000')
  })
  it('parses typed prices exactly', () => {
    expect(parseMoney('1,299.50', 'MYR')).toBe(129950)
    expect(parseMoney('0.1', 'MYR')).toBe(10)
    expect(parseMoney('12.345', 'MYR')).toBeNull()
    expect(parseMoney('-1', 'MYR')).toBeNull()
    expect(parseMoney('abc', 'MYR')).toBeNull()
    expect(minorToInput(5, 'MYR')).toBe('0.05')
  })
})
