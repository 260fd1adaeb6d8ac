import type { ResponseOf } from '~/api/types'

export type TransferRequest = NonNullable<ResponseOf<'/api/v1/company/transfer-requests', 'get'>['items']>[number]
export type Colleague = NonNullable<ResponseOf<'/api/v1/agent/colleagues', 'get'>['items']>[number]

/**
 * Transfer requests: an agent asks to hand one of their conversations to a colleague (or anyone),
 * a company admin approves (picking the agent for "any") or declines with a reason.
 */
export function useTransfers() {
  const api = useApi()
  const id = (id: string) => ({ params: { path: { id } } })
  return {
    // Company admin
    list: () => call(api.GET('/api/v1/company/transfer-requests', { params: { query: { limit: 200 } } })),
    /** agentId: who gets the chat; empty to use the agent the request names, or the rules for "any agent". */
    approve: (rid: string, agentId = '', note = '') =>
      call(api.POST('/api/v1/company/transfer-requests/{id}/approve', { ...id(rid), body: { ...(agentId ? { agent_id: agentId } : {}), note } })),
    decline: (rid: string, reason: string) =>
      call(api.POST('/api/v1/company/transfer-requests/{id}/decline', { ...id(rid), body: { reason } })),
    // Agent
    /** toAgentId empty: any agent. */
    request: (conversationId: string, toAgentId: string, reason: string) =>
      call(api.POST('/api/v1/agent/conversations/{id}/transfer-requests', {
        ...id(conversationId), body: { ...(toAgentId ? { to_agent_id: toAgentId } : {}), reason }
      })),
    mine: (conversationId?: string) =>
      call(api.GET('/api/v1/agent/transfer-requests', { params: { query: { limit: 50, ...(conversationId ? { conversation_id: conversationId } : {}) } } })),
    cancel: (rid: string) => call(api.POST('/api/v1/agent/transfer-requests/{id}/cancel', id(rid))),
    colleagues: () => call(api.GET('/api/v1/agent/colleagues')),
    /** Calls onEvent for transfer events until the returned function is called. */
    live: (onEvent: (type: string, ids: string[]) => void) => liveWorkflowEvents(onEvent, ['transfer.updated'])
  }
}
