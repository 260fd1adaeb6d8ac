import type { BodyOf, ResponseOf } from '~/api/types'

type ItemOf<L> = NonNullable<L> extends readonly (infer T)[] ? T : never

export type KnowledgeDocument = ItemOf<ResponseOf<'/api/v1/company/knowledge/documents', 'get'>['items']>
export type KnowledgeDocumentDetail = ResponseOf<'/api/v1/company/knowledge/documents/{id}', 'get'>
export type FAQ = ItemOf<ResponseOf<'/api/v1/company/knowledge/faqs', 'get'>['items']>
export type FAQBody = BodyOf<'/api/v1/company/knowledge/faqs', 'post'>
export type BrandVoice = ResponseOf<'/api/v1/company/knowledge/brand-voice', 'get'>
export type KnowledgeStatus = ResponseOf<'/api/v1/company/knowledge/status', 'get'>
export type KnowledgeBuild = ResponseOf<'/api/v1/company/knowledge/rebuild', 'post'>
export type KnowledgeHit = ItemOf<ResponseOf<'/api/v1/company/knowledge/search', 'get'>['items']>
export type FAQLanguage = NonNullable<FAQ['language']>

export const faqLanguages: { label: string, value: FAQLanguage }[] = [
  { label: 'English', value: 'en' },
  { label: 'Bahasa Melayu', value: 'ms' },
  { label: '中文', value: 'zh' },
  { label: 'தமிழ்', value: 'ta' }
]

/**
 * Uploads a file with progress (fetch has no upload progress, so XMLHttpRequest),
 * sending the session's CSRF token like the API client does.
 */
function uploadWithProgress<T>(url: string, file: File, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    const csrf = document.cookie.split('; ').find(c => c.startsWith('sembang_csrf='))?.slice('sembang_csrf='.length)
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', decodeURIComponent(csrf))
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else reject(toApiError(xhr.status, body))
    }
    xhr.onerror = () => reject(new ApiError(0, { status: 0 }))
    const fd = new FormData()
    fd.append('file', file)
    xhr.send(fd)
  })
}

/** The company's training knowledge: documents, FAQs, brand voice, status and its industry playbook. */
export function useKnowledge() {
  const api = useApi()
  const idPath = (id: string) => ({ params: { path: { id } } })

  return {
    documents: () => call(api.GET('/api/v1/company/knowledge/documents')),
    document: (id: string) => call(api.GET('/api/v1/company/knowledge/documents/{id}', idPath(id))),
    upload: (file: File, onProgress: (pct: number) => void) =>
      uploadWithProgress<KnowledgeDocument>('/api/v1/company/knowledge/documents', file, onProgress),
    removeDocument: (id: string) => call(api.DELETE('/api/v1/company/knowledge/documents/{id}', idPath(id))),

    faqs: (q: { q?: string, category?: string, language?: FAQLanguage } = {}) =>
      call(api.GET('/api/v1/company/knowledge/faqs', { params: { query: q } })),
    createFAQ: (body: FAQBody) => call(api.POST('/api/v1/company/knowledge/faqs', { body })),
    updateFAQ: (id: string, body: FAQBody) => call(api.PUT('/api/v1/company/knowledge/faqs/{id}', { ...idPath(id), body })),
    removeFAQ: (id: string) => call(api.DELETE('/api/v1/company/knowledge/faqs/{id}', idPath(id))),
    importFAQs: (file: File) => call(api.POST('/api/v1/company/knowledge/faqs/import', {
      body: { file } as any,
      bodySerializer: () => {
        const fd = new FormData()
        fd.append('file', file)
        return fd
      }
    })),
    /** The export is a plain download (same-origin GET with the session cookie). */
    faqExportUrl: '/api/v1/company/knowledge/faqs/export',

    brandVoice: () => call(api.GET('/api/v1/company/knowledge/brand-voice')),
    saveBrandVoice: (body: BrandVoice) => call(api.PUT('/api/v1/company/knowledge/brand-voice', { body })),

    status: () => call(api.GET('/api/v1/company/knowledge/status')),
    rebuild: () => call(api.POST('/api/v1/company/knowledge/rebuild')),
    search: (q: string, limit = 5) => call(api.GET('/api/v1/company/knowledge/search', { params: { query: { q, limit } } })),
    playbook: () => call(api.GET('/api/v1/company/knowledge/playbook'))
  }
}

/** Calls onEvent when a document or a rebuild changes (from /api/events) until the returned function is called. */
export function knowledgeEvents(onEvent: (type: 'knowledge.document' | 'knowledge.build', ids: string[]) => void) {
  const es = new EventSource('/api/events')
  for (const type of ['knowledge.document', 'knowledge.build'] as const) {
    es.addEventListener(type, e => onEvent(type, (JSON.parse((e as MessageEvent).data).ids ?? []) as string[]))
  }
  return () => es.close()
}
