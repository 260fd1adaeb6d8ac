import type { ResponseOf } from '~/api/types'
import type { WorkspacePortal } from '~/composables/useWorkspace'

export type AiSuggestion = ResponseOf<'/api/v1/agent/conversations/{id}/suggestions', 'post'>

/** The month's AI tokens are used up: the engine answers 422 limit_exceeded. */
export function isBudgetExhausted(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'limit_exceeded'
}

/**
 * The reply engine's suggestions in a conversation: suggest (or regenerate), send as suggested or
 * edited, rate 1–5 and dismiss. Agents reach only their own conversations, admins any of the company's.
 */
export function useSuggestions(portal: WorkspacePortal) {
  const api = useApi()
  const path = (id: string) => ({ params: { path: { id } } })
  const agent = portal === 'agent'
  return {
    suggest: (conversationId: string): Promise<AiSuggestion> => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/suggestions', path(conversationId)))
      : call(api.POST('/api/v1/company/conversations/{id}/suggestions', path(conversationId))),
    /** Sends the edited text, or the suggestion as it is when text is omitted ("Send with AI"). */
    send: (id: string, text?: string): Promise<AiSuggestion> => {
      const opts = { ...path(id), body: text === undefined ? {} : { text } }
      return agent
        ? call(api.POST('/api/v1/agent/suggestions/{id}/send', opts))
        : call(api.POST('/api/v1/company/suggestions/{id}/send', opts))
    },
    rate: (id: string, rating: number): Promise<AiSuggestion> => agent
      ? call(api.POST('/api/v1/agent/suggestions/{id}/rating', { ...path(id), body: { rating } }))
      : call(api.POST('/api/v1/company/suggestions/{id}/rating', { ...path(id), body: { rating } })),
    ignore: (id: string): Promise<AiSuggestion> => agent
      ? call(api.POST('/api/v1/agent/suggestions/{id}/ignore', path(id)))
      : call(api.POST('/api/v1/company/suggestions/{id}/ignore', path(id)))
  }
}
