import { describe, expect, it } from 'vitest'
import { saleTotal } from '../../app/utils/sale'

describe('saleTotal', () => {
  it('adds quantity × unit price in minor units, exactly', () => {
    expect(saleTotal([{ quantity: 3, unitPrice: '0.10' }, { quantity: 1, unitPrice: '1,299.00' }], 'MYR')).toBe(129930)
    expect(saleTotal([{ quantity: 2, unitPrice: '150000' }], 'IDR')).toBe(300000)
    expect(saleTotal([], 'MYR')).toBe(0)
  })
  it('is null while a line is not valid', () => {
    expect(saleTotal([{ quantity: 0, unitPrice: '1.00' }], 'MYR')).toBeNull()
    expect(saleTotal([{ quantity: 1, unitPrice: '' }], 'MYR')).toBeNull()
    expect(saleTotal([{ quantity: 1, unitPrice: '1.005' }], 'MYR')).toBeNull()
    expect(saleTotal([{ quantity: 1.5, unitPrice: '1' }], 'MYR')).toBeNull()
  })
})
