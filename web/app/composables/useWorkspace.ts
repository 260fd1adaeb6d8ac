import type { BodyOf, ResponseOf } from '~/api/types'
import type { ConversationMessage } from '~/composables/useConversations'

export type WorkspacePortal = 'agent' | 'company'
export type WorkspaceInfo = ResponseOf<'/api/v1/agent/conversations/{id}/workspace', 'get'>
export type WorkspaceNote = NonNullable<ResponseOf<'/api/v1/agent/conversations/{id}/notes', 'get'>['items']>[number]
export type WorkspaceCompletion = BodyOf<'/api/v1/agent/conversations/{id}/complete', 'post'>
export type WorkspaceSaleItem = NonNullable<WorkspaceCompletion['items']>[number]
export type LeadStatus = WorkspaceInfo['contact']['lead_status']
export type PaymentMethod = WorkspaceCompletion['payment_method']

export const leadStatuses: { value: LeadStatus, label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'contacted', label: 'Contacted' },
  { value: 'qualified', label: 'Qualified' },
  { value: 'proposal_sent', label: 'Proposal Sent' },
  { value: 'negotiation', label: 'Negotiation' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' }
]

export const paymentMethods: { value: PaymentMethod, label: string }[] = [
  { value: 'fpx', label: 'FPX' },
  { value: 'grabpay', label: 'GrabPay' },
  { value: 'touch_n_go', label: 'Touch \'n Go' },
  { value: 'bank_transfer', label: 'Bank transfer' },
  { value: 'card', label: 'Card' },
  { value: 'cash', label: 'Cash' },
  { value: 'other', label: 'Other' }
]

/**
 * The chat workspace of one portal: messages, replies, internal notes, the customer sidebar and ending a
 * conversation. Agents reach only their own conversations (/api/v1/agent), admins any of the company's.
 */
export function useWorkspace(portal: WorkspacePortal) {
  const api = useApi()
  const conv = (id: string) => ({ params: { path: { id } } })
  const agent = portal === 'agent'
  return {
    messages: async (id: string): Promise<ConversationMessage[]> => (agent
      ? await call(api.GET('/api/v1/agent/conversations/{id}/messages', conv(id)))
      : await call(api.GET('/api/v1/company/conversations/{id}/messages', conv(id)))).items ?? [],
    reply: (id: string, text: string) => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/messages', { ...conv(id), body: { text } }))
      : call(api.POST('/api/v1/company/conversations/{id}/messages', { ...conv(id), body: { text } })),
    /** Replies with an image, video or document (and an optional caption), queued like a text reply. */
    replyMedia: (id: string, file: File, caption: string) => {
      const opts = { body: { conversation_id: id, caption, file } as any, bodySerializer: () => mediaReplyForm(id, file, caption) }
      return agent ? call(api.POST('/api/v1/agent/messages/media', opts)) : call(api.POST('/api/v1/company/messages/media', opts))
    },
    retry: (messageId: string) => call(api.POST('/api/v1/company/messages/{id}/retry', conv(messageId))),
    mediaURL: (messageId: string) => `/api/v1/${portal}/messages/${messageId}/media`,
    info: (id: string) => agent
      ? call(api.GET('/api/v1/agent/conversations/{id}/workspace', conv(id)))
      : call(api.GET('/api/v1/company/conversations/{id}/workspace', conv(id))),
    notes: async (id: string): Promise<WorkspaceNote[]> => (agent
      ? await call(api.GET('/api/v1/agent/conversations/{id}/notes', conv(id)))
      : await call(api.GET('/api/v1/company/conversations/{id}/notes', conv(id)))).items ?? [],
    addNote: (id: string, body: string) => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/notes', { ...conv(id), body: { body } }))
      : call(api.POST('/api/v1/company/conversations/{id}/notes', { ...conv(id), body: { body } })),
    setLeadStatus: (id: string, status: LeadStatus) => agent
      ? call(api.PUT('/api/v1/agent/conversations/{id}/lead-status', { ...conv(id), body: { lead_status: status } }))
      : call(api.PUT('/api/v1/company/conversations/{id}/lead-status', { ...conv(id), body: { lead_status: status } })),
    setTags: (id: string, tags: string[]) => agent
      ? call(api.PUT('/api/v1/agent/conversations/{id}/tags', { ...conv(id), body: { tags } }))
      : call(api.PUT('/api/v1/company/conversations/{id}/tags', { ...conv(id), body: { tags } })),
    setCategory: (id: string, category: string) => agent
      ? call(api.PUT('/api/v1/agent/conversations/{id}/category', { ...conv(id), body: { category } }))
      : call(api.PUT('/api/v1/company/conversations/{id}/category', { ...conv(id), body: { category } })),
    complete: (id: string, body: WorkspaceCompletion) => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/complete', { ...conv(id), body }))
      : call(api.POST('/api/v1/company/conversations/{id}/complete', { ...conv(id), body })),
    lost: (id: string, reason: string) => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/lost', { ...conv(id), body: { reason } }))
      : call(api.POST('/api/v1/company/conversations/{id}/lost', { ...conv(id), body: { reason } })),
    close: (id: string) => agent
      ? call(api.POST('/api/v1/agent/conversations/{id}/close', conv(id)))
      : call(api.POST('/api/v1/company/conversations/{id}/close', conv(id))),
    /** Admins only: back to the queue. */
    unassign: (id: string) => call(api.DELETE('/api/v1/company/conversations/{id}/assignment', conv(id))),
    /** Searches the catalog for the sale form: agents see active products only. */
    products: async (q: string) => {
      const query = { q: q || undefined, limit: 20 }
      const page = agent
        ? await call(api.GET('/api/v1/agent/products', { params: { query } }))
        : await call(api.GET('/api/v1/company/products', { params: { query: { ...query, active: 'active' } } }))
      return page.items ?? []
    },
    /** Calls onEvent for every conversation event until the returned function is called. */
    live: (onEvent: (type: string, ids: string[]) => void) => liveEvents(onEvent)
  }
}
