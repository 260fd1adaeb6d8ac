import { describe, expect, it } from 'vitest'
import { linesOf, percent, templateIndustryLabel } from '../../app/utils/templates'

describe('template helpers', () => {
  it('splits lines and drops blanks', () => {
    expect(linesOf(' mahal sangat \n\n boleh kurang sikit?\n')).toEqual(['mahal sangat', 'boleh kurang sikit?'])
  })
  it('labels industries', () => {
    expect(templateIndustryLabel('')).toBe('All industries')
    expect(templateIndustryLabel('ecommerce', [{ slug: 'ecommerce', name: 'E-commerce' }])).toBe('E-commerce')
  })
  it('formats rates', () => {
    expect(percent(0.256)).toBe('26%')
  })
})
