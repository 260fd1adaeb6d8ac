import type { BodyOf, QueryOf, ResponseOf } from '~/api/types'

export type ContactsPortal = 'company' | 'agent'
export type ContactItem = NonNullable<ResponseOf<'/api/v1/company/contacts', 'get'>['items']>[number]
export type ContactDetail = ResponseOf<'/api/v1/company/contacts/{id}', 'get'>
export type ContactTimelineEntry = NonNullable<ResponseOf<'/api/v1/company/contacts/{id}/timeline', 'get'>['items']>[number]
export type ContactField = NonNullable<ResponseOf<'/api/v1/company/contact-fields', 'get'>['items']>[number]
export type ContactFieldBody = BodyOf<'/api/v1/company/contact-fields', 'post'>
export type ContactQuery = QueryOf<'/api/v1/company/contacts', 'get'>
export type ContactLeadStatus = ContactItem['lead_status']

/**
 * The CRM over contacts for either portal: admins reach every contact under /company,
 * agents only contacts of their own conversations under /agent (the API answers 404 otherwise).
 * Both portals share the same shapes, so one set of calls serves both.
 */
export function useContacts(portal: ContactsPortal) {
  const api = useApi()
  const base = portal === 'agent' ? '/api/v1/agent' : '/api/v1/company'
  const p = <T extends string>(suffix: T) => `${base}${suffix}` as `/api/v1/company${T}`
  const byId = (id: string) => ({ params: { path: { id } } })

  return {
    list: (query: ContactQuery = {}) => call(api.GET(p('/contacts'), { params: { query } })),
    tags: () => call(api.GET(p('/contact-tags'))),
    get: (id: string) => call(api.GET(p('/contacts/{id}'), byId(id))),
    timeline: (id: string, cursor = '') =>
      call(api.GET(p('/contacts/{id}/timeline'), { params: { path: { id }, query: { cursor: cursor || undefined, limit: 30 } } })),
    setLeadStatus: (id: string, leadStatus: ContactLeadStatus) =>
      call(api.PUT(p('/contacts/{id}/lead-status'), { ...byId(id), body: { lead_status: leadStatus } })),
    setTags: (id: string, tags: string[]) => call(api.PUT(p('/contacts/{id}/tags'), { ...byId(id), body: { tags } })),
    setValues: (id: string, values: Record<string, string>) =>
      call(api.PUT(p('/contacts/{id}/custom-values'), { ...byId(id), body: { values } })),
    addNote: (id: string, body: string) => call(api.POST(p('/contacts/{id}/notes'), { ...byId(id), body: { body } })),
    fields: () => call(api.GET(p('/contact-fields'))),
    /** Admin only: the company's field definitions. */
    createField: (body: ContactFieldBody) => call(api.POST('/api/v1/company/contact-fields', { body })),
    updateField: (id: string, body: ContactFieldBody) => call(api.PUT('/api/v1/company/contact-fields/{id}', { ...byId(id), body })),
    removeField: (id: string) => call(api.DELETE('/api/v1/company/contact-fields/{id}', byId(id))),
    /** The export is a plain download (same-origin GET with the session cookie), filtered like the list. */
    exportUrl: (query: Omit<ContactQuery, 'cursor' | 'limit'> = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString()
      return `${base}/contacts/export${qs ? `?${qs}` : ''}`
    },
    detailPath: (id: string) => `/${portal}/contacts/${id}`,
    conversationPath: (id: string) => portal === 'agent' ? `/agent/conversations?c=${id}` : `/company/conversations?c=${id}`
  }
}

/** The CRM's live updates: a contact or one of its conversations changed. */
export function liveContactEvents(onEvent: (type: string, ids: string[]) => void) {
  const es = new EventSource('/api/events')
  for (const type of ['contact.updated', 'conversation.assigned', 'message.created', 'note.created']) {
    es.addEventListener(type, e => onEvent(type, (JSON.parse((e as MessageEvent).data).ids ?? []) as string[]))
  }
  return () => es.close()
}

export const leadStatusColor: Record<string, 'neutral' | 'info' | 'primary' | 'warning' | 'success' | 'error' | 'secondary'> = {
  new: 'neutral',
  contacted: 'info',
  qualified: 'primary',
  proposal_sent: 'secondary',
  negotiation: 'warning',
  won: 'success',
  lost: 'error'
}

export const contactFieldTypes = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'select', label: 'Select (a list of choices)' }
] as const
