import type { ResponseOf } from '~/api/types'

export type Reminder = NonNullable<ResponseOf<'/api/v1/agent/reminders', 'get'>['items']>[number]
export type AgentCounts = ResponseOf<'/api/v1/agent/dashboard', 'get'>

/** The signed-in user's reminders (follow-ups on conversations): today's tasks, set, done, delete. */
export function useReminders() {
  const api = useApi()
  const { me } = useAuth()
  const isAdmin = computed(() => me.value?.role === 'company_admin')
  const id = (id: string) => ({ params: { path: { id } } })
  return {
    /** today: due by the end of today in the company's time zone, overdue included; all: every open reminder. */
    list: (scope: 'today' | 'all' = 'today') => isAdmin.value
      ? call(api.GET('/api/v1/company/reminders', { params: { query: { scope } } }))
      : call(api.GET('/api/v1/agent/reminders', { params: { query: { scope } } })),
    /** dueAt: an ISO instant in the future. */
    create: (conversationId: string, dueAt: string, note: string) => isAdmin.value
      ? call(api.POST('/api/v1/company/conversations/{id}/reminders', { ...id(conversationId), body: { due_at: dueAt, note } }))
      : call(api.POST('/api/v1/agent/conversations/{id}/reminders', { ...id(conversationId), body: { due_at: dueAt, note } })),
    done: (rid: string) => isAdmin.value
      ? call(api.POST('/api/v1/company/reminders/{id}/done', id(rid)))
      : call(api.POST('/api/v1/agent/reminders/{id}/done', id(rid))),
    remove: (rid: string) => isAdmin.value
      ? call(api.DELETE('/api/v1/company/reminders/{id}', id(rid)))
      : call(api.DELETE('/api/v1/agent/reminders/{id}', id(rid))),
    /** The agent's own figures for the dashboard. */
    counts: () => call(api.GET('/api/v1/agent/dashboard')),
    /** Calls onEvent for reminder events until the returned function is called. */
    live: (onEvent: (type: string, ids: string[]) => void) => liveWorkflowEvents(onEvent, ['reminder.updated', 'notification.created'])
  }
}
