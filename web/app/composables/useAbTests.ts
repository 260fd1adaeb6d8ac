import type { BodyOf, ResponseOf } from '~/api/types'

export type AbTest = ResponseOf<'/api/v1/company/ai/ab-tests/{id}/stop', 'post'>
export type AbTestDetail = ResponseOf<'/api/v1/company/ai/ab-tests/{id}', 'get'>
export type AbTestResults = AbTestDetail['results']
export type AbVariantResult = AbTestResults['a']
export type AbTestCreate = BodyOf<'/api/v1/company/ai/ab-tests', 'post'>
export type AbVariant = 'a' | 'b'

/** A 0..1 rate as a percentage with one decimal, e.g. 0.2345 → "23.5%". */
export function formatRate(r: number): string {
  return `${(r * 100).toFixed(1)}%`
}

/** A p-value as the results show it: "< 0.001" when tiny, else three decimals. */
export function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

/** The company's A/B tests of model versions: start, results, stop and promote the winner. */
export function useAbTests() {
  const api = useApi()
  const idPath = (id: string) => ({ params: { path: { id } } })
  return {
    list: () => call(api.GET('/api/v1/company/ai/ab-tests')),
    get: (id: string) => call(api.GET('/api/v1/company/ai/ab-tests/{id}', idPath(id))),
    create: (body: AbTestCreate) => call(api.POST('/api/v1/company/ai/ab-tests', { body })),
    stop: (id: string) => call(api.POST('/api/v1/company/ai/ab-tests/{id}/stop', idPath(id))),
    promote: (id: string, variant: AbVariant) =>
      call(api.POST('/api/v1/company/ai/ab-tests/{id}/promote', { ...idPath(id), body: { variant } }))
  }
}
