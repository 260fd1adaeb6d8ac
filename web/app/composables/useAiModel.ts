import type { BodyOf, ResponseOf } from '~/api/types'

type ItemOf<L> = NonNullable<L> extends readonly (infer T)[] ? T : never

export type AiVersion = ResponseOf<'/api/v1/company/ai/versions/{id}', 'get'>
export type AiConfig = AiVersion['config']
export type AiOverview = ResponseOf<'/api/v1/company/ai/overview', 'get'>
export type AiCompare = ResponseOf<'/api/v1/company/ai/versions/{id}/compare/{other}', 'get'>
export type AiDiff = ItemOf<AiCompare['diffs']>
export type AiExport = ResponseOf<'/api/v1/company/ai/versions/{id}/export', 'get'>
export type AiPreview = ResponseOf<'/api/v1/company/ai/preview', 'post'>
export type AiPreviewBody = BodyOf<'/api/v1/company/ai/preview', 'post'>
export type AiSampleMessage = ItemOf<AiPreviewBody['sample']>
export type AiResponseStyle = AiConfig['response_style']
export type AiLanguage = AiConfig['primary_language']

export const aiResponseStyles: { label: string, value: AiResponseStyle, description: string }[] = [
  { label: 'Friendly', value: 'friendly', description: 'Warm and helpful, a little personal.' },
  { label: 'Professional', value: 'professional', description: 'Polite and businesslike.' },
  { label: 'Casual', value: 'casual', description: 'Relaxed, like chatting with a friend.' },
  { label: 'Formal', value: 'formal', description: 'Respectful titles, no slang.' }
]

export const aiLanguages: { label: string, value: AiLanguage }[] = [
  { label: 'English', value: 'en' },
  { label: 'Bahasa Melayu', value: 'ms' },
  { label: '中文', value: 'zh' },
  { label: 'தமிழ்', value: 'ta' }
]

export const aiProviders: { label: string, value: AiConfig['provider'] }[] = [
  { label: 'Platform default', value: '' },
  { label: 'Anthropic (Claude)', value: 'anthropic' },
  { label: 'OpenAI-compatible', value: 'openai-compatible' },
  { label: 'Offline (no AI calls)', value: 'offline' }
]

const styleLines: Record<AiResponseStyle, string> = {
  friendly: 'Write in a friendly, warm tone.',
  professional: 'Write in a professional, businesslike tone.',
  casual: 'Write in a casual, relaxed tone.',
  formal: 'Write in a formal tone with respectful titles and no slang.'
}

/**
 * The system prompt a version's own fields make, for the preview when the engine's
 * preview is unavailable: the engine adds the company profile, catalog, FAQs and
 * training passages around it.
 */
export function assemblePrompt(c: AiConfig): string {
  const lang = (l: string) => aiLanguages.find(x => x.value === l)?.label ?? l
  const parts = [c.system_prompt.trim(), styleLines[c.response_style]]
  const second = (c.secondary_languages ?? []).map(lang)
  parts.push(`Reply in ${lang(c.primary_language)}${second.length ? `, or in ${second.join(', ')} when the customer writes in it` : ''}.`)
  const cc = c.cultural_context
  const section = (title: string, items: string[] | null | undefined) => (items?.length ? `${title}:\n${items.map(i => `- ${i}`).join('\n')}` : '')
  const culture = [
    section('Greetings you may use', cc.greetings),
    section('Customs to respect', cc.customs),
    section('Holidays and seasons', cc.holidays),
    section('Local phrases', cc.phrases)
  ].filter(Boolean)
  if (culture.length) parts.push(`Cultural context\n${culture.join('\n')}`)
  const w = c.weights
  const sources = [
    ['success patterns', w.success_patterns], ['product catalog', w.catalog], ['FAQs', w.faqs], ['training materials', w.training]
  ].filter(([, v]) => Number(v) > 0).map(([k, v]) => `${k} (${v})`)
  parts.push(sources.length ? `Knowledge sources by weight: ${sources.join(', ')}.` : 'No knowledge sources are included.')
  parts.push(`Keep replies under about ${c.max_tokens} tokens.`)
  return parts.filter(Boolean).join('\n\n')
}

/** Micro-dollars as US dollars, e.g. 16650 → "$0.0167". */
export function formatMicroUSD(micro: number): string {
  const cents = micro / 10_000
  return cents >= 100 ? `$${(micro / 1_000_000).toFixed(2)}` : `$${(micro / 1_000_000).toFixed(4)}`
}

/** The company's AI model versions: overview, list, editing, activation, compare, export and import. */
export function useAiModel() {
  const api = useApi()
  const idPath = (id: string) => ({ params: { path: { id } } })

  return {
    overview: () => call(api.GET('/api/v1/company/ai/overview')),
    defaults: (country?: string) => call(api.GET('/api/v1/company/ai/defaults', { params: { query: country ? { country } : {} } })),
    list: () => call(api.GET('/api/v1/company/ai/versions')),
    get: (id: string) => call(api.GET('/api/v1/company/ai/versions/{id}', idPath(id))),
    create: (from: 'active' | 'blank', name = '') => call(api.POST('/api/v1/company/ai/versions', { body: { from, name } })),
    update: (id: string, body: AiConfig) => call(api.PUT('/api/v1/company/ai/versions/{id}', { ...idPath(id), body })),
    remove: (id: string) => call(api.DELETE('/api/v1/company/ai/versions/{id}', idPath(id))),
    duplicate: (id: string) => call(api.POST('/api/v1/company/ai/versions/{id}/duplicate', idPath(id))),
    activate: (id: string) => call(api.POST('/api/v1/company/ai/versions/{id}/activate', idPath(id))),
    revert: (id: string) => call(api.POST('/api/v1/company/ai/versions/{id}/revert', idPath(id))),
    compare: (id: string, other: string) =>
      call(api.GET('/api/v1/company/ai/versions/{id}/compare/{other}', { params: { path: { id, other } } })),
    exportVersion: (id: string) => call(api.GET('/api/v1/company/ai/versions/{id}/export', idPath(id))),
    importVersion: (doc: AiExport) => call(api.POST('/api/v1/company/ai/versions/import', { body: doc })),
    /** The engine's assembly of the full prompt for a sample conversation (calls no model). */
    preview: (c: AiConfig, sample: AiSampleMessage[]) => call(api.POST('/api/v1/company/ai/preview', {
      body: {
        system_prompt: c.system_prompt, response_style: c.response_style, primary_language: c.primary_language,
        secondary_languages: c.secondary_languages, cultural_context: c.cultural_context, temperature: c.temperature,
        max_tokens: c.max_tokens, weights: c.weights, model: c.model, sample
      }
    }))
  }
}

/** Calls onEvent when a model version changes (another admin saved or activated one) until the returned function is called. */
export function aiModelEvents(onEvent: (ids: string[]) => void) {
  const es = new EventSource('/api/events')
  es.addEventListener('ai.version', e => onEvent((JSON.parse((e as MessageEvent).data).ids ?? []) as string[]))
  return () => es.close()
}
