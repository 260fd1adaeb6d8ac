import { describe, expect, it } from 'vitest'
import { assemblePrompt, formatMicroUSD } from '../../app/composables/useAiModel'
import type { AiConfig } from '../../app/composables/useAiModel'

const config = (): AiConfig => ({
  name: 'v1',
  system_prompt: 'You sell cakes.',
  response_style: 'formal',
  primary_language: 'ms',
  secondary_languages: ['en'],
  cultural_context: { greetings: ['Salam'], customs: [], holidays: ['Hari Raya'], phrases: [] },
  temperature: 0.7,
  max_tokens: 300,
  weights: { success_patterns: 30, catalog: 0, faqs: 20, training: 0 },
  auto_reply: { enabled: false, always_on: false, triggers: [], min_confidence: 70, after_hours_message: '' },
  provider: '',
  model: '',
  notes: ''
})

describe('assemblePrompt', () => {
  it('puts the prompt first, then style, languages, culture and the weighted sources', () => {
    const p = assemblePrompt(config())
    expect(p.startsWith('You sell cakes.')).toBe(true)
    expect(p).toContain('formal tone')
    expect(p).toContain('Reply in Bahasa Melayu, or in English when the customer writes in it.')
    expect(p).toContain('Greetings you may use:\n- Salam')
    expect(p).toContain('- Hari Raya')
    expect(p).not.toContain('Customs to respect')
    // A weight of 0 leaves the source out.
    expect(p).toContain('Knowledge sources by weight: success patterns (30), FAQs (20).')
    expect(p).toContain('about 300 tokens')
  })
})

describe('formatMicroUSD', () => {
  it('shows small sums with four decimals and larger ones with two', () => {
    expect(formatMicroUSD(16650)).toBe('$0.0167')
    expect(formatMicroUSD(12_345_678)).toBe('$12.35')
    expect(formatMicroUSD(0)).toBe('$0.0000')
  })
})
