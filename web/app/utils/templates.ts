// Labels and helpers for success-case templates.

export const templateCategoryOptions = [
  { label: 'Greeting', value: 'greeting' },
  { label: 'Objection handling', value: 'objection_handling' },
  { label: 'Product inquiry', value: 'product_inquiry' },
  { label: 'Closing', value: 'closing' },
  { label: 'Follow-up', value: 'follow_up' }
]

export const templateLanguageOptions = [
  { label: 'English', value: 'en' },
  { label: 'Bahasa Malaysia', value: 'ms' },
  { label: '中文', value: 'zh' },
  { label: 'தமிழ்', value: 'ta' }
]

export const templateCategoryLabel: Record<string, string> = Object.fromEntries(templateCategoryOptions.map(o => [o.value, o.label]))
export const templateLanguageLabel: Record<string, string> = Object.fromEntries(templateLanguageOptions.map(o => [o.value, o.label]))

/** "E-commerce" for "ecommerce", "All industries" for "". */
export function templateIndustryLabel(slug: string, industries: { slug: string, name: string }[] = []): string {
  if (!slug) return 'All industries'
  return industries.find(i => i.slug === slug)?.name ?? slug
}

/** One entry per line, trimmed, empty lines dropped. */
export function linesOf(text: string): string[] {
  return text.split('\n').map(s => s.trim()).filter(Boolean)
}

/** A 0..1 rate as a percentage. */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`
}
