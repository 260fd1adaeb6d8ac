import type { BodyOf, ResponseOf } from '~/api/types'

export type InboxQueueItem = NonNullable<ResponseOf<'/api/v1/company/inbox/queue', 'get'>['items']>[number]
export type InboxAgent = NonNullable<ResponseOf<'/api/v1/company/inbox/agents', 'get'>['items']>[number]
export type InboxAssignment = NonNullable<ResponseOf<'/api/v1/company/conversations/{id}/assignments', 'get'>['items']>[number]
export type InboxSettings = BodyOf<'/api/v1/company/inbox/settings', 'put'>

/** Assignment for the company admin: the unassigned queue, agents' workload, assign and reassign, history, rules. */
export function useInbox() {
  const api = useApi()
  const conv = (id: string) => ({ params: { path: { id } } })
  return {
    queue: () => call(api.GET('/api/v1/company/inbox/queue', { params: { query: { limit: 200 } } })),
    agents: () => call(api.GET('/api/v1/company/inbox/agents')),
    /** Assigns or reassigns one conversation (reason optional). */
    assign: (id: string, agentId: string, reason = '') =>
      call(api.POST('/api/v1/company/conversations/{id}/assignment', { ...conv(id), body: { agent_id: agentId, reason } })),
    /** Gives several conversations to one agent, all or none. */
    bulkAssign: (agentId: string, ids: string[], reason = '') =>
      call(api.POST('/api/v1/company/inbox/agents/{id}/conversations', { ...conv(agentId), body: { conversation_ids: ids, reason } })),
    history: (id: string) => call(api.GET('/api/v1/company/conversations/{id}/assignments', conv(id))),
    settings: () => call(api.GET('/api/v1/company/inbox/settings')),
    saveSettings: (s: InboxSettings) => call(api.PUT('/api/v1/company/inbox/settings', { body: s }))
  }
}
