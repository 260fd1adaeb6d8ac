import type { BodyOf, ResponseOf } from '~/api/types'

type ItemOf<T> = NonNullable<T> extends readonly (infer U)[] ? U : never

export type PackageSummary = ItemOf<ResponseOf<'/api/v1/company/packages', 'get'>['items']>
export type PackageDetail = ResponseOf<'/api/v1/company/packages/{id}', 'get'>
export type PackageBody = BodyOf<'/api/v1/company/packages', 'post'>
export type PackageTier = Exclude<NonNullable<PackageBody['tier']>, ''>
export type PackagePricingMode = Exclude<NonNullable<PackageBody['pricing_mode']>, ''>
export type PackageTemplate = ItemOf<ResponseOf<'/api/v1/company/package-templates', 'get'>['templates']>
export type PackageDraft = ResponseOf<'/api/v1/company/package-templates/draft', 'post'>
export type ProductRecommendations = ResponseOf<'/api/v1/company/conversations/{id}/recommendations', 'get'>
export type CardSent = ResponseOf<'/api/v1/company/conversations/{id}/cards', 'post'>

/** Packages (bundles of products), their template gallery, and sending cards into chats. */
export function usePackages() {
  const api = useApi()
  const path = (id: string) => ({ params: { path: { id } } })

  return {
    list: (q: { q?: string, active?: 'all' | 'active' } = {}) => call(api.GET('/api/v1/company/packages', { params: { query: q } })),
    get: (id: string) => call(api.GET('/api/v1/company/packages/{id}', path(id))),
    create: (body: PackageBody) => call(api.POST('/api/v1/company/packages', { body })),
    update: (id: string, body: PackageBody) => call(api.PUT('/api/v1/company/packages/{id}', { ...path(id), body })),
    activate: (id: string) => call(api.POST('/api/v1/company/packages/{id}/activate', path(id))),
    deactivate: (id: string) => call(api.POST('/api/v1/company/packages/{id}/deactivate', path(id))),
    remove: (id: string) => call(api.DELETE('/api/v1/company/packages/{id}', path(id))),
    templates: (industry?: string) => call(api.GET('/api/v1/company/package-templates', { params: { query: { industry } } })),
    draft: (slug: string) => call(api.POST('/api/v1/company/package-templates/draft', { body: { slug } })),
    /** Active packages, for the chat sidebar of either portal. */
    searchActive: (portal: 'agent' | 'company', q: string) => portal === 'agent'
      ? call(api.GET('/api/v1/agent/packages', { params: { query: { q } } }))
      : call(api.GET('/api/v1/company/packages', { params: { query: { q, active: 'active' } } })),
    sendCard: (portal: 'agent' | 'company', conversationId: string, body: { product_id?: string, package_id?: string }) => portal === 'agent'
      ? call(api.POST('/api/v1/agent/conversations/{id}/cards', { ...path(conversationId), body }))
      : call(api.POST('/api/v1/company/conversations/{id}/cards', { ...path(conversationId), body })),
    recommend: (portal: 'agent' | 'company', conversationId: string, limit = 5) => portal === 'agent'
      ? call(api.GET('/api/v1/agent/conversations/{id}/recommendations', { params: { path: { id: conversationId }, query: { limit } } }))
      : call(api.GET('/api/v1/company/conversations/{id}/recommendations', { params: { path: { id: conversationId }, query: { limit } } }))
  }
}
