import { describe, expect, it } from 'vitest'
import { cleanSlugInput, slugify, slugPattern } from '../../app/utils/slug'

describe('slugify', () => {
  it.each([
    ['Kedai Demo', 'kedai-demo'],
    ['Kedai Kopi Ah-Wah Sdn. Bhd.', 'kedai-kopi-ah-wah-sdn-bhd'],
    ['  Café Crème  ', 'cafe-creme'],
    ['Salon & Spa', 'salon-and-spa'],
    ['123 Motors!!', '123-motors'],
    ['---', ''],
    ['华美电子', '']
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it('cuts long names without a trailing hyphen', () => {
    const s = slugify('a'.repeat(39) + ' bcd')
    expect(s.length).toBeLessThanOrEqual(40)
    expect(s.endsWith('-')).toBe(false)
    expect(slugPattern.test(s)).toBe(true)
  })
})

describe('cleanSlugInput', () => {
  it('keeps what a slug may hold while typing', () => {
    expect(cleanSlugInput('My Shop-')).toBe('my-shop-')
    expect(cleanSlugInput('-a__b')).toBe('a-b')
  })
})

describe('slugPattern', () => {
  it('accepts only lowercase words joined by single hyphens', () => {
    expect(slugPattern.test('kedai-demo-2')).toBe(true)
    expect(slugPattern.test('kedai--demo')).toBe(false)
    expect(slugPattern.test('-kedai')).toBe(false)
    expect(slugPattern.test('Kedai')).toBe(false)
  })
})
