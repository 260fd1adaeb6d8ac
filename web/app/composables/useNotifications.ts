import type { ResponseOf } from '~/api/types'

export type NotificationItem = NonNullable<ResponseOf<'/api/v1/agent/notifications', 'get'>['items']>[number]
export type NotificationPage = ResponseOf<'/api/v1/agent/notifications', 'get'>

/**
 * The signed-in user's stored notifications (the bell), in the company admin's or the agent's API.
 * Each user only ever reaches their own.
 */
export function useNotifications() {
  const api = useApi()
  const { me } = useAuth()
  const isAdmin = computed(() => me.value?.role === 'company_admin')
  const id = (id: string) => ({ params: { path: { id } } })
  return {
    /** Newest first; pass the last item's id as before for the next page. */
    list: (before?: string, limit = 20) => {
      const query = { limit, ...(before ? { before } : {}) }
      return isAdmin.value
        ? call(api.GET('/api/v1/company/notifications', { params: { query } }))
        : call(api.GET('/api/v1/agent/notifications', { params: { query } }))
    },
    markRead: (nid: string) => isAdmin.value
      ? call(api.POST('/api/v1/company/notifications/{id}/read', id(nid)))
      : call(api.POST('/api/v1/agent/notifications/{id}/read', id(nid))),
    markAllRead: () => isAdmin.value
      ? call(api.POST('/api/v1/company/notifications/read'))
      : call(api.POST('/api/v1/agent/notifications/read')),
    /** Where a notification about a conversation opens it, in the caller's portal. */
    conversationLink: (conversationId: string) =>
      `${isAdmin.value ? '/company/conversations' : '/agent/conversations'}?c=${encodeURIComponent(conversationId)}`,
    /** Calls onEvent for the user's notification and transfer/reminder events until the returned function is called. */
    live: (onEvent: (type: string, ids: string[]) => void) => liveWorkflowEvents(onEvent)
  }
}

/** The realtime events of the inbox workflow: notifications, transfer requests, reminders. */
export const workflowEventTypes = ['notification.created', 'notification.read', 'transfer.updated', 'reminder.updated'] as const

/** Calls onEvent for every workflow event on /api/events until the returned function is called. */
export function liveWorkflowEvents(onEvent: (type: string, ids: string[]) => void, types: readonly string[] = workflowEventTypes) {
  const es = new EventSource('/api/events')
  for (const type of types) {
    es.addEventListener(type, e => onEvent(type, (JSON.parse((e as MessageEvent).data).ids ?? []) as string[]))
  }
  return () => es.close()
}
