import { parseMoney } from './money'

/** A line of a sale as typed: a quantity and a unit price in the company currency ("49.90"). */
export interface SaleLine { quantity: number, unitPrice: string }

/** The lines' total in minor units, exactly; null while a quantity or a price is not valid. */
export function saleTotal(lines: SaleLine[], currency: string): number | null {
  let sum = 0
  for (const l of lines) {
    const p = parseMoney(l.unitPrice, currency)
    if (p === null || !Number.isInteger(l.quantity) || l.quantity < 1) return null
    sum += p * l.quantity
  }
  return Number.isSafeInteger(sum) ? sum : null
}
