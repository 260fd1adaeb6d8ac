import type { QueryOf, ResponseOf } from '~/api/types'

export type ConversationSummary = NonNullable<ResponseOf<'/api/v1/company/conversations', 'get'>['items']>[number]
/** Filters and paging of the admin's conversation list (all optional). */
export type ConversationFilters = QueryOf<'/api/v1/company/conversations', 'get'>
export type ConversationPage = ResponseOf<'/api/v1/company/conversations', 'get'>
export type ConversationMessage = NonNullable<ResponseOf<'/api/v1/company/conversations/{id}/messages', 'get'>['items']>[number]

/** The company's conversations and their messages (company admin), with live updates from /api/events. */
export function useConversations() {
  const api = useApi()
  const conv = (id: string) => ({ params: { path: { id } } })
  return {
    /** One page of every conversation matching the filters, newest activity first; pass next_cursor as cursor for the next. */
    list: (filters: ConversationFilters = {}) => call(api.GET('/api/v1/company/conversations', {
      params: { query: filters },
      // The server reads lists as comma-separated values (ids=a,b).
      querySerializer: { array: { style: 'form', explode: false } }
    })),
    messages: (id: string) => call(api.GET('/api/v1/company/conversations/{id}/messages', conv(id))),
    reply: (id: string, text: string) => call(api.POST('/api/v1/company/conversations/{id}/messages', { ...conv(id), body: { text } })),
    /** Replies with an image, video or document (and an optional caption), queued like a text reply. */
    replyMedia: (id: string, file: File, caption: string) => call(api.POST('/api/v1/company/messages/media', {
      body: { conversation_id: id, caption, file } as any,
      bodySerializer: () => mediaReplyForm(id, file, caption)
    })),
    retry: (id: string) => call(api.POST('/api/v1/company/messages/{id}/retry', conv(id))),
    mediaURL: (id: string) => `/api/v1/company/messages/${id}/media`,
    /** Calls onEvent for every realtime event until the returned function is called. */
    live: (onEvent: (type: string, ids: string[]) => void) => liveEvents(onEvent)
  }
}

/** Calls onEvent for every conversation event on /api/events until the returned function is called. */
export function liveEvents(onEvent: (type: string, ids: string[]) => void) {
  const es = new EventSource('/api/events')
  for (const type of ['message.created', 'message.updated', 'conversation.assigned', 'conversation.updated', 'note.created']) {
    es.addEventListener(type, e => onEvent(type, (JSON.parse((e as MessageEvent).data).ids ?? []) as string[]))
  }
  return () => es.close()
}
