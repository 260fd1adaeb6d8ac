import type { BodyOf, ResponseOf } from '~/api/types'

export type Playbook = ResponseOf<'/api/v1/platform/playbooks/{id}', 'get'>
export type PlaybookBody = BodyOf<'/api/v1/platform/playbooks/{id}', 'put'>

/** The platform's industry playbooks (super admin). */
export function usePlaybooks() {
  const api = useApi()
  return {
    list: () => call(api.GET('/api/v1/platform/playbooks')),
    get: (id: string) => call(api.GET('/api/v1/platform/playbooks/{id}', { params: { path: { id } } })),
    save: (id: string, body: PlaybookBody) => call(api.PUT('/api/v1/platform/playbooks/{id}', { params: { path: { id } }, body }))
  }
}
