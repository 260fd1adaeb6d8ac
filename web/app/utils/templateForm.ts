// The template builder's form state and the request body made from it. An edit starts from
// every field of the stored template, so saving changes only what the person changed.
import type { SuccessTemplate, SuccessTemplateBody } from '~/api/types'
import { parseMoney } from './money'
import { linesOf } from './templates'

/** Select items cannot have an empty value: this stands for "all industries" ("" in the API). */
export const ALL_INDUSTRIES = '_all'

/** Every language a template or one of its localized versions can be written in. */
export const TEMPLATE_LANGUAGES = ['en', 'ms', 'zh', 'ta'] as const

/** The API's limits on a template body (api/openapi.yaml, TemplateBody). */
export const TEMPLATE_LIMITS = {
  name: 200, response: 4000, text: 2000, patterns: 50, examples: 50, variations: 20, stages: 10, stage: 50,
  priority: 1000, leadScore: 100
} as const

/** A localized version as edited: one entry per line. */
export interface LocalizedForm { patterns: string, examples: string, response: string }

/** What the template form edits. Lists are one entry per line; an empty lead score means "no limit". */
export interface TemplateFormState {
  name: string
  description: string
  category: string
  industry: string
  language: string
  is_recommended: boolean
  priority: number | string
  patterns: string
  examples: string
  response: string
  variations: string
  context: string
  outcome: string
  followUp: string
  stages: string
  minLeadScore: string
  maxLeadScore: string
  active: boolean
  localized: Record<string, LocalizedForm>
}

/** A form error, named after the field (the UFormField `name`) it belongs to. */
export interface TemplateFormError { name: string, message: string }

const blankLocalized = (): Record<string, LocalizedForm> =>
  Object.fromEntries(TEMPLATE_LANGUAGES.map(l => [l, { patterns: '', examples: '', response: '' }]))

/** The form of a new template. */
export function blankTemplateForm(): TemplateFormState {
  return {
    name: '', description: '', category: 'objection_handling', industry: ALL_INDUSTRIES, language: 'en', is_recommended: false,
    priority: 0, patterns: '', examples: '', response: '', variations: '', context: '', outcome: '', followUp: '', stages: '',
    minLeadScore: '', maxLeadScore: '', active: true, localized: blankLocalized()
  }
}

const joined = (list: readonly string[] | null | undefined) => (list ?? []).join('\n')

/** The form of an existing template, with every field it holds (including localized versions in any language). */
export function templateToForm(t: SuccessTemplate): TemplateFormState {
  const localized = blankLocalized()
  for (const [l, v] of Object.entries(t.localized_versions ?? {})) {
    localized[l] = { patterns: joined(v.customer_message_patterns), examples: joined(v.customer_message_examples), response: v.agent_response ?? '' }
  }
  return {
    name: t.name, description: t.description, category: t.category, industry: t.industry || ALL_INDUSTRIES, language: t.language,
    is_recommended: t.is_recommended, priority: t.priority, patterns: joined(t.customer_message_patterns),
    examples: joined(t.customer_message_examples), response: t.agent_response, variations: joined(t.agent_response_variations),
    context: t.context_description, outcome: t.expected_outcome, followUp: t.follow_up_actions, stages: joined(t.conversation_stages),
    minLeadScore: t.min_lead_score == null ? '' : String(t.min_lead_score),
    maxLeadScore: t.max_lead_score == null ? '' : String(t.max_lead_score), active: t.is_active, localized
  }
}

/**
 * A typed number: null when empty, NaN when it is not a whole number. A number input's model
 * may hold a number or a string at run time, whatever its declared type.
 */
function wholeNumber(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null
  const s = String(v).trim()
  if (!s) return null
  return /^-?\d+$/.test(s) ? Number(s) : Number.NaN
}

/** The languages shown as localized versions: every one but the template's own. */
export function localizedLanguages(language: string): string[] {
  return TEMPLATE_LANGUAGES.filter(l => l !== language)
}

/**
 * Checks the form against the API's rules, with a message per field. Empty when it can be saved.
 */
export function validateTemplateForm(s: TemplateFormState): TemplateFormError[] {
  const errors: TemplateFormError[] = []
  const L = TEMPLATE_LIMITS
  if (!s.name.trim()) errors.push({ name: 'name', message: 'Enter a name.' })
  else if ([...s.name.trim()].length > L.name) errors.push({ name: 'name', message: `At most ${L.name} characters.` })
  if (!s.response.trim()) errors.push({ name: 'agent_response', message: 'Write the agent\'s response.' })
  else if ([...s.response.trim()].length > L.response) errors.push({ name: 'agent_response', message: `At most ${L.response} characters.` })
  const patterns = linesOf(s.patterns)
  const examples = linesOf(s.examples)
  if (!patterns.length && !examples.length) {
    errors.push({ name: 'customer_message_examples', message: 'Give at least one pattern or example, or the template can never match.' })
  }
  if (patterns.length > L.patterns) errors.push({ name: 'customer_message_patterns', message: `At most ${L.patterns} patterns.` })
  if (examples.length > L.examples) errors.push({ name: 'customer_message_examples', message: `At most ${L.examples} examples.` })
  if (linesOf(s.variations).length > L.variations) errors.push({ name: 'agent_response_variations', message: `At most ${L.variations} variations.` })
  for (const [field, value] of [['description', s.description], ['context_description', s.context], ['expected_outcome', s.outcome], ['follow_up_actions', s.followUp]] as const) {
    if ([...value.trim()].length > L.text) errors.push({ name: field, message: `At most ${L.text} characters.` })
  }
  const priority = wholeNumber(s.priority)
  if (priority !== null && (Number.isNaN(priority) || Math.abs(priority) > L.priority)) {
    errors.push({ name: 'priority', message: `Enter a whole number from -${L.priority} to ${L.priority}.` })
  }
  const stages = linesOf(s.stages)
  if (stages.length > L.stages) errors.push({ name: 'conversation_stages', message: `At most ${L.stages} stages.` })
  else if (stages.some(st => [...st].length > L.stage)) errors.push({ name: 'conversation_stages', message: `Each stage is at most ${L.stage} characters.` })
  const min = wholeNumber(s.minLeadScore)
  const max = wholeNumber(s.maxLeadScore)
  const score = (v: number | null) => v === null || (!Number.isNaN(v) && v >= 0 && v <= L.leadScore)
  if (!score(min)) errors.push({ name: 'min_lead_score', message: `Enter a whole number from 0 to ${L.leadScore}, or leave it empty for no minimum.` })
  if (!score(max)) errors.push({ name: 'max_lead_score', message: `Enter a whole number from 0 to ${L.leadScore}, or leave it empty for no maximum.` })
  if (score(min) && score(max) && min !== null && max !== null && min > max) {
    errors.push({ name: 'min_lead_score', message: `The minimum (${min}) is above the maximum (${max}).` })
  }
  for (const l of localizedLanguages(s.language)) {
    const v = s.localized[l]
    if (!v) continue
    if (linesOf(v.patterns).length > L.patterns) errors.push({ name: `localized_versions.${l}.customer_message_patterns`, message: `At most ${L.patterns} patterns.` })
    if (linesOf(v.examples).length > L.examples) errors.push({ name: `localized_versions.${l}.customer_message_examples`, message: `At most ${L.examples} examples.` })
    if ([...v.response.trim()].length > L.response) errors.push({ name: `localized_versions.${l}.agent_response`, message: `At most ${L.response} characters.` })
  }
  return errors
}

type LocalizedBody = NonNullable<SuccessTemplateBody['localized_versions']>[string]

/**
 * The request body for the form: every field, so an edit replaces the stored template with exactly
 * what the form shows. Localized versions keep their patterns, examples and response in every
 * language but the template's own; empty ones are left out. `platform` is false in a company's
 * portal, where templates are never "recommended". Call validateTemplateForm first.
 */
export function templateFormBody(s: TemplateFormState, platform: boolean): SuccessTemplateBody {
  const localized: Record<string, LocalizedBody> = {}
  for (const l of localizedLanguages(s.language)) {
    const v = s.localized[l]
    if (!v) continue
    const out: LocalizedBody = {}
    const patterns = linesOf(v.patterns)
    const examples = linesOf(v.examples)
    if (patterns.length) out.customer_message_patterns = patterns
    if (examples.length) out.customer_message_examples = examples
    if (v.response.trim()) out.agent_response = v.response.trim()
    if (Object.keys(out).length) localized[l] = out
  }
  const body: SuccessTemplateBody = {
    name: s.name.trim(), description: s.description.trim(), category: s.category as SuccessTemplateBody['category'],
    industry: s.industry === ALL_INDUSTRIES ? '' : s.industry, language: s.language as SuccessTemplateBody['language'],
    is_recommended: platform ? s.is_recommended : false, priority: wholeNumber(s.priority) || 0,
    customer_message_patterns: linesOf(s.patterns), customer_message_examples: linesOf(s.examples),
    agent_response: s.response.trim(), agent_response_variations: linesOf(s.variations), context_description: s.context.trim(),
    expected_outcome: s.outcome.trim(), follow_up_actions: s.followUp.trim(), localized_versions: localized,
    conversation_stages: linesOf(s.stages), is_active: s.active
  }
  const min = wholeNumber(s.minLeadScore)
  const max = wholeNumber(s.maxLeadScore)
  if (min !== null && !Number.isNaN(min)) body.min_lead_score = min
  if (max !== null && !Number.isNaN(max)) body.max_lead_score = max
  return body
}

/**
 * The test bench's price in the currency's minor units (IDR has none: "150000" is 150000; MYR
 * has two: "12.50" is 1250). Undefined when empty, null when it is not a price in that currency.
 */
export function benchPriceMinor(typed: string | number | null | undefined, currency: string): number | undefined | null {
  const s = typed === null || typed === undefined ? '' : String(typed).trim()
  if (!s) return undefined
  return parseMoney(s, currency)
}

/** The test bench's lead score: undefined when empty, null when it is not a whole number from 0 to 100. */
export function benchLeadScore(typed: string | number | null | undefined): number | undefined | null {
  const n = wholeNumber(typed)
  if (n === null) return undefined
  return !Number.isNaN(n) && n >= 0 && n <= TEMPLATE_LIMITS.leadScore ? n : null
}
