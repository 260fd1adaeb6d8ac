import type { AdminCreate, CompanyCreate, CompanyStatus, CompanyUpdate } from '~/api/types'

/** Companies as the super admin manages them (platform scope). */
export function useCompanies() {
  const api = useApi()

  return {
    list: (q: { q?: string, status?: CompanyStatus | '', cursor?: string | null, limit?: number }) =>
      call(api.GET('/api/v1/platform/companies', {
        params: {
          query: {
            q: q.q || undefined,
            status: q.status || undefined,
            cursor: q.cursor || undefined,
            limit: q.limit
          }
        }
      })),
    get: (id: string) =>
      call(api.GET('/api/v1/platform/companies/{id}', { params: { path: { id } } })),
    create: (body: CompanyCreate) =>
      call(api.POST('/api/v1/platform/companies', { body })),
    update: (id: string, body: CompanyUpdate) =>
      call(api.PATCH('/api/v1/platform/companies/{id}', { params: { path: { id } }, body })),
    suspend: (id: string, reason: string) =>
      call(api.POST('/api/v1/platform/companies/{id}/suspend', {
        params: { path: { id } },
        body: reason ? { reason } : {}
      })),
    reactivate: (id: string) =>
      call(api.POST('/api/v1/platform/companies/{id}/reactivate', { params: { path: { id } } })),
    remove: (id: string) =>
      call(api.DELETE('/api/v1/platform/companies/{id}', { params: { path: { id } } })),
    addAdmin: (id: string, body: AdminCreate) =>
      call(api.POST('/api/v1/platform/companies/{id}/admins', { params: { path: { id } }, body }))
  }
}

/** The platform overview for the super admin dashboard. */
export function usePlatform() {
  const api = useApi()
  return {
    overview: () => call(api.GET('/api/v1/platform/overview'))
  }
}
