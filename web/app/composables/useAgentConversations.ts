import type { ResponseOf } from '~/api/types'

export type AgentConversation = NonNullable<ResponseOf<'/api/v1/agent/conversations', 'get'>['items']>[number]

/** The signed-in agent's own conversations (only those assigned to them), with live updates from /api/events. */
export function useAgentConversations() {
  const api = useApi()
  const conv = (id: string) => ({ params: { path: { id } } })
  return {
    list: () => call(api.GET('/api/v1/agent/conversations', { params: { query: { limit: 200 } } })),
    get: (id: string) => call(api.GET('/api/v1/agent/conversations/{id}', conv(id))),
    messages: (id: string) => call(api.GET('/api/v1/agent/conversations/{id}/messages', conv(id))),
    reply: (id: string, text: string) => call(api.POST('/api/v1/agent/conversations/{id}/messages', { ...conv(id), body: { text } })),
    /** Replies with an image, video or document (and an optional caption), queued like a text reply. */
    replyMedia: (id: string, file: File, caption: string) => call(api.POST('/api/v1/agent/messages/media', {
      body: { conversation_id: id, caption, file } as any,
      bodySerializer: () => mediaReplyForm(id, file, caption)
    })),
    mediaURL: (id: string) => `/api/v1/agent/messages/${id}/media`,
    live: (onEvent: (type: string, ids: string[]) => void) => liveEvents(onEvent)
  }
}
