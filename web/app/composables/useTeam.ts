import type { TeamUserCreate, TeamUserUpdate } from '~/api/types'

/** The company's users (agents and admins) as the company admin manages them. */
export function useTeam() {
  const api = useApi()
  const userPath = (id: string) => ({ params: { path: { id } } })

  return {
    list: (q: { q?: string, status?: string } = {}) =>
      call(api.GET('/api/v1/company/users', {
        params: { query: { q: q.q || undefined, status: (q.status || undefined) as any } }
      })),
    create: (body: TeamUserCreate) => call(api.POST('/api/v1/company/users', { body })),
    update: (id: string, body: TeamUserUpdate) =>
      call(api.PATCH('/api/v1/company/users/{id}', { ...userPath(id), body })),
    deactivate: (id: string) => call(api.POST('/api/v1/company/users/{id}/deactivate', userPath(id))),
    reactivate: (id: string) => call(api.POST('/api/v1/company/users/{id}/reactivate', userPath(id))),
    remove: (id: string) => call(api.DELETE('/api/v1/company/users/{id}', userPath(id)))
  }
}
