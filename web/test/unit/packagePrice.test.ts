import { describe, expect, it } from 'vitest'
import { packagePrice } from '../../app/utils/packagePrice'

describe('packagePrice', () => {
  it('matches the server: sum, discount rounded half up, fixed, saving never negative', () => {
    expect(packagePrice(129900, 'sum', 0, null)).toEqual({ itemsTotal: 129900, price: 129900, saving: 0 })
    expect(packagePrice(129900, 'discount', 1000, null)).toEqual({ itemsTotal: 129900, price: 116910, saving: 12990 })
    expect(packagePrice(1005, 'discount', 500, null).price).toBe(955)
    expect(packagePrice(10, 'discount', 500, null).price).toBe(9)
    expect(packagePrice(30000, 'fixed', 0, 25000)).toEqual({ itemsTotal: 30000, price: 25000, saving: 5000 })
    expect(packagePrice(30000, 'fixed', 0, 35000).saving).toBe(0)
  })
})
