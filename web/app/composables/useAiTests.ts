import type { BodyOf, QueryOf, ResponseOf } from '~/api/types'

type ItemOf<L> = NonNullable<L> extends readonly (infer T)[] ? T : never

export type AiTestRun = ResponseOf<'/api/v1/company/ai/tests/run', 'post'>
export type AiTestRunBody = BodyOf<'/api/v1/company/ai/tests/run', 'post'>
export type AiTestScenario = ResponseOf<'/api/v1/company/ai/tests/scenarios', 'post'>
export type AiTestScenarioBody = BodyOf<'/api/v1/company/ai/tests/scenarios', 'post'>
export type AiTestBatch = ResponseOf<'/api/v1/company/ai/tests/batches', 'post'>
export type AiTestBatchItem = ItemOf<AiTestBatch['items']>
export type AiTestComparison = ResponseOf<'/api/v1/company/ai/tests/compare', 'post'>
export type AiTestPair = ItemOf<AiTestComparison['pairs']>
export type AiTestHistoryQuery = QueryOf<'/api/v1/company/ai/tests/runs', 'get'>
export type AiTestLanguage = NonNullable<AiTestRunBody['language']>
export type AiTestCustomerType = NonNullable<AiTestRunBody['customer_type']>

export const aiTestLanguages: { label: string, value: AiTestLanguage }[] = [
  { label: 'Detect automatically', value: 'auto' },
  { label: 'English', value: 'en' },
  { label: 'Bahasa Melayu', value: 'ms' },
  { label: '中文', value: 'zh' },
  { label: 'தமிழ்', value: 'ta' }
]

export const aiTestCustomerTypes: { label: string, value: AiTestCustomerType }[] = [
  { label: 'New customer', value: 'new' },
  { label: 'Price-sensitive', value: 'price_sensitive' },
  { label: 'Ready to buy', value: 'ready_to_buy' },
  { label: 'Hesitant', value: 'hesitant' }
]

/** The most scenarios one batch or comparison runs (the server's cap). */
export const aiTestMaxBatch = 20

export function aiTestLanguageLabel(v: string): string {
  return aiTestLanguages.find(l => l.value === v)?.label ?? (v || '—')
}

export function aiTestCustomerTypeLabel(v: string): string {
  return aiTestCustomerTypes.find(c => c.value === v)?.label ?? v
}

/** A run's total tokens as a short figure, e.g. 1234 → "1,234". */
export function formatTokens(n: number): string {
  return n.toLocaleString('en-US')
}

/** The query string of the CSV export for a history filter. */
export function aiTestExportUrl(q: { batch_id?: string, version_id?: string, source?: 'template' | 'model' } = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v)
  const s = params.toString()
  return `/api/v1/company/ai/tests/runs/export${s ? `?${s}` : ''}`
}

/** The AI model's test bench: single tests, the scenario library, batches, comparisons and the history. */
export function useAiTests() {
  const api = useApi()
  const idPath = (id: string) => ({ params: { path: { id } } })
  return {
    run: (body: AiTestRunBody) => call(api.POST('/api/v1/company/ai/tests/run', { body })),
    scenarios: () => call(api.GET('/api/v1/company/ai/tests/scenarios')),
    createScenario: (body: AiTestScenarioBody) => call(api.POST('/api/v1/company/ai/tests/scenarios', { body })),
    updateScenario: (id: string, body: AiTestScenarioBody) => call(api.PUT('/api/v1/company/ai/tests/scenarios/{id}', { ...idPath(id), body })),
    removeScenario: (id: string) => call(api.DELETE('/api/v1/company/ai/tests/scenarios/{id}', idPath(id))),
    batch: (scenarioIds: string[], versionId?: string) =>
      call(api.POST('/api/v1/company/ai/tests/batches', { body: { scenario_ids: scenarioIds, version_id: versionId || undefined } })),
    compare: (scenarioIds: string[], versionA: string | undefined, versionB: string | undefined) =>
      call(api.POST('/api/v1/company/ai/tests/compare', {
        body: { scenario_ids: scenarioIds, version_a: versionA || undefined, version_b: versionB || undefined }
      })),
    history: (query: AiTestHistoryQuery = {}) => call(api.GET('/api/v1/company/ai/tests/runs', { params: { query } })),
    exportUrl: aiTestExportUrl
  }
}
