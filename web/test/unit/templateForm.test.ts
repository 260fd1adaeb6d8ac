import { describe, expect, it } from 'vitest'
import type { SuccessTemplate } from '../../app/api/types'
import {
  ALL_INDUSTRIES, benchLeadScore, benchPriceMinor, blankTemplateForm, templateFormBody, templateToForm, validateTemplateForm
} from '../../app/utils/templateForm'

// A stored template with every field set, including a Tamil version and localized patterns.
const stored: SuccessTemplate = {
  id: '0b5a1c1e-5f0c-4a4e-9a43-6f1f0c7d2a10', is_global: true, name: 'Harga mahal', description: 'Price objection',
  category: 'objection_handling', industry: 'ecommerce', language: 'ms', is_recommended: true, priority: 7,
  customer_message_patterns: ['mahal sangat', 'boleh kurang sikit'], customer_message_examples: ['mahal sangat la', 'mahal sgt boss'],
  agent_response: 'Harga kami berbaloi, {customer_name}.', agent_response_variations: ['Kami beri nilai terbaik.', 'Boleh saya terangkan?'],
  context_description: 'When the customer objects to price', expected_outcome: 'The customer sees the value',
  follow_up_actions: 'Offer an instalment plan', localized_versions: {
    en: { customer_message_patterns: ['too expensive'], customer_message_examples: ['this is too expensive'], agent_response: 'Our price is worth it.' },
    zh: { customer_message_examples: ['太贵了', '有折扣吗'], agent_response: '我们的价格很值得。' },
    ta: { customer_message_patterns: ['விலை அதிகம்'], agent_response: 'எங்கள் விலை மதிப்புக்குரியது.' }
  },
  conversation_stages: ['qualified', 'negotiation'], min_lead_score: 20, max_lead_score: 80, is_active: false, version: 3,
  created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-02T00:00:00Z'
}

// The body fields of a template, as the API stores them.
function bodyFieldsOf(t: SuccessTemplate) {
  return {
    name: t.name, description: t.description, category: t.category, industry: t.industry, language: t.language,
    is_recommended: t.is_recommended, priority: t.priority, customer_message_patterns: t.customer_message_patterns,
    customer_message_examples: t.customer_message_examples, agent_response: t.agent_response,
    agent_response_variations: t.agent_response_variations, context_description: t.context_description,
    expected_outcome: t.expected_outcome, follow_up_actions: t.follow_up_actions, localized_versions: t.localized_versions,
    conversation_stages: t.conversation_stages, min_lead_score: t.min_lead_score, max_lead_score: t.max_lead_score, is_active: t.is_active
  }
}

describe('template form', () => {
  it('saves an unchanged edit with every field of the stored template', () => {
    const form = templateToForm(stored)
    expect(validateTemplateForm(form)).toEqual([])
    expect(templateFormBody(form, true)).toEqual(bodyFieldsOf(stored))
  })

  it('changes only what was edited', () => {
    const form = templateToForm(stored)
    form.maxLeadScore = '90'
    form.localized.zh!.response = '价格合理。'
    const body = templateFormBody(form, true)
    expect(body).toEqual({
      ...bodyFieldsOf(stored), max_lead_score: 90,
      localized_versions: { ...stored.localized_versions, zh: { ...stored.localized_versions.zh, agent_response: '价格合理。' } }
    })
  })

  it('keeps a template with no context rules and no industry without them', () => {
    const plain: SuccessTemplate = { ...stored, industry: '', conversation_stages: [], min_lead_score: null, max_lead_score: null, localized_versions: {} }
    const form = templateToForm(plain)
    expect(form.industry).toBe(ALL_INDUSTRIES)
    const body = templateFormBody(form, true)
    expect(body.industry).toBe('')
    expect(body.conversation_stages).toEqual([])
    expect(body).not.toHaveProperty('min_lead_score')
    expect(body).not.toHaveProperty('max_lead_score')
    expect(body.localized_versions).toEqual({})
  })

  it('clears a lead score limit when its field is emptied', () => {
    const form = templateToForm(stored)
    form.minLeadScore = ''
    const body = templateFormBody(form, true)
    expect(body).not.toHaveProperty('min_lead_score')
    expect(body.max_lead_score).toBe(80)
  })

  it('never marks a company template recommended', () => {
    expect(templateFormBody(templateToForm(stored), false).is_recommended).toBe(false)
  })

  it('trims entries, drops empty lines and empty localized versions', () => {
    const form = blankTemplateForm()
    Object.assign(form, { name: '  Salam  ', response: ' Hai! ', patterns: ' hi \n\n hello ', stages: 'new\n  \n qualified ' })
    form.localized.ms = { patterns: '', examples: '', response: '  ' }
    form.localized.ta = { patterns: '', examples: ' வணக்கம் ', response: '' }
    const body = templateFormBody(form, true)
    expect(body.name).toBe('Salam')
    expect(body.agent_response).toBe('Hai!')
    expect(body.customer_message_patterns).toEqual(['hi', 'hello'])
    expect(body.conversation_stages).toEqual(['new', 'qualified'])
    expect(body.localized_versions).toEqual({ ta: { customer_message_examples: ['வணக்கம்'] } })
  })

  it('leaves out a localized version in the template\'s own language', () => {
    const form = templateToForm(stored)
    form.language = 'en'
    const body = templateFormBody(form, true)
    expect(Object.keys(body.localized_versions ?? {}).sort()).toEqual(['ta', 'zh'])
  })
})

describe('template form validation', () => {
  const valid = () => Object.assign(blankTemplateForm(), { name: 'Salam', response: 'Hai!', examples: 'hi' })
  const errorsOf = (patch: Partial<ReturnType<typeof blankTemplateForm>>) => validateTemplateForm({ ...valid(), ...patch })

  it('accepts lead scores from 0 to 100, with empty meaning no limit', () => {
    expect(errorsOf({ minLeadScore: '0', maxLeadScore: '100' })).toEqual([])
    expect(errorsOf({ minLeadScore: '40', maxLeadScore: '40' })).toEqual([])
    expect(errorsOf({ minLeadScore: '', maxLeadScore: ' ' })).toEqual([])
  })

  it('refuses a minimum above the maximum', () => {
    expect(errorsOf({ minLeadScore: '70', maxLeadScore: '30' })).toEqual([{ name: 'min_lead_score', message: 'The minimum (70) is above the maximum (30).' }])
  })

  it('refuses scores outside 0 to 100 or not whole', () => {
    expect(errorsOf({ minLeadScore: '-1' }).map(e => e.name)).toEqual(['min_lead_score'])
    expect(errorsOf({ maxLeadScore: '101' }).map(e => e.name)).toEqual(['max_lead_score'])
    expect(errorsOf({ maxLeadScore: '12.5' }).map(e => e.name)).toEqual(['max_lead_score'])
    expect(errorsOf({ minLeadScore: 'abc' })[0]!.message).toMatch(/0 to 100/)
  })

  it('refuses more than 10 stages', () => {
    const stages = Array.from({ length: 11 }, (_, i) => `stage ${i}`).join('\n')
    expect(errorsOf({ stages })).toEqual([{ name: 'conversation_stages', message: 'At most 10 stages.' }])
    expect(errorsOf({ stages: stages.split('\n').slice(0, 10).join('\n') })).toEqual([])
  })

  it('names the missing name, response and patterns', () => {
    expect(validateTemplateForm(blankTemplateForm()).map(e => e.name)).toEqual(['name', 'agent_response', 'customer_message_examples'])
  })

  it('keeps the priority within the API range', () => {
    expect(errorsOf({ priority: 1000 })).toEqual([])
    expect(errorsOf({ priority: 1001 }).map(e => e.name)).toEqual(['priority'])
  })
})

describe('test bench price', () => {
  it('converts by the currency\'s minor units', () => {
    expect(benchPriceMinor('1299', 'MYR')).toBe(129900)
    expect(benchPriceMinor('12.50', 'MYR')).toBe(1250)
    expect(benchPriceMinor(12.5, 'SGD')).toBe(1250)
    expect(benchPriceMinor('150000', 'IDR')).toBe(150000)
    expect(benchPriceMinor(150000, 'IDR')).toBe(150000)
    expect(benchPriceMinor('3000', 'JPY')).toBe(3000)
    expect(benchPriceMinor('25000', 'VND')).toBe(25000)
  })

  it('is undefined when empty and null when not a price in that currency', () => {
    expect(benchPriceMinor('', 'MYR')).toBeUndefined()
    expect(benchPriceMinor('  ', 'IDR')).toBeUndefined()
    expect(benchPriceMinor(null, 'IDR')).toBeUndefined()
    expect(benchPriceMinor('150000.5', 'IDR')).toBeNull()
    expect(benchPriceMinor('12.345', 'MYR')).toBeNull()
    expect(benchPriceMinor('-5', 'MYR')).toBeNull()
  })
})

describe('test bench lead score', () => {
  it('is a whole number from 0 to 100, typed or as the number input holds it', () => {
    expect(benchLeadScore('')).toBeUndefined()
    expect(benchLeadScore('0')).toBe(0)
    expect(benchLeadScore(95)).toBe(95)
    expect(benchLeadScore('100')).toBe(100)
    expect(benchLeadScore('101')).toBeNull()
    expect(benchLeadScore(-1)).toBeNull()
    expect(benchLeadScore(12.5)).toBeNull()
  })
})
