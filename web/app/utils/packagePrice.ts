/** Computes a package's price exactly as the server does (minor units; a discount rounds half up). */
export function packagePrice(itemsTotal: number, mode: 'sum' | 'discount' | 'fixed', discountBp: number, fixed: number | null) {
  let price = itemsTotal
  if (mode === 'discount') {
    const bp = Math.min(Math.max(Math.trunc(discountBp), 0), 10000)
    price = itemsTotal - Math.floor((itemsTotal * bp + 5000) / 10000)
  } else if (mode === 'fixed' && fixed != null) {
    price = fixed
  }
  return { itemsTotal, price, saving: Math.max(itemsTotal - price, 0) }
}
