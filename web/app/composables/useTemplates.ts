import type { SuccessTemplateBody, TemplateFilter, TemplateSetting, TemplateTestBody } from '~/api/types'

function query(f: TemplateFilter) {
  return {
    q: f.q || undefined,
    language: (f.language || undefined) as any,
    category: (f.category || undefined) as any,
    industry: f.industry || undefined
  }
}

/** The super admin's global success-case template library. */
export function useTemplateLibrary() {
  const api = useApi()
  const byId = (id: string) => ({ params: { path: { id } } })
  return {
    list: (f: TemplateFilter = {}) => call(api.GET('/api/v1/platform/templates', { params: { query: query(f) } })),
    create: (body: SuccessTemplateBody) => call(api.POST('/api/v1/platform/templates', { body })),
    update: (id: string, body: SuccessTemplateBody) => call(api.PUT('/api/v1/platform/templates/{id}', { ...byId(id), body })),
    remove: (id: string) => call(api.DELETE('/api/v1/platform/templates/{id}', byId(id))),
    duplicate: (id: string) => call(api.POST('/api/v1/platform/templates/{id}/duplicate', byId(id))),
    recommend: (id: string, recommended: boolean) =>
      call(api.PUT('/api/v1/platform/templates/{id}/recommended', { ...byId(id), body: { is_recommended: recommended } })),
    versions: (id: string) => call(api.GET('/api/v1/platform/templates/{id}/versions', byId(id))),
    restore: (id: string, version: number) =>
      call(api.POST('/api/v1/platform/templates/{id}/versions/{version}/restore', { params: { path: { id, version } } })),
    test: (body: TemplateTestBody) => call(api.POST('/api/v1/platform/template-test', { body }))
  }
}

/** A company's view of the templates: settings, own templates, languages, test bench. */
export function useCompanyTemplates() {
  const api = useApi()
  const byId = (id: string) => ({ params: { path: { id } } })
  return {
    list: (f: TemplateFilter & { owner?: string } = {}) =>
      call(api.GET('/api/v1/company/templates', { params: { query: { ...query(f), owner: (f.owner || undefined) as any } } })),
    create: (body: SuccessTemplateBody) => call(api.POST('/api/v1/company/templates', { body })),
    update: (id: string, body: SuccessTemplateBody) => call(api.PUT('/api/v1/company/templates/{id}', { ...byId(id), body })),
    remove: (id: string) => call(api.DELETE('/api/v1/company/templates/{id}', byId(id))),
    saveSetting: (id: string, body: TemplateSetting) => call(api.PUT('/api/v1/company/templates/{id}/settings', { ...byId(id), body })),
    setLanguages: (languages: string[]) => call(api.PUT('/api/v1/company/template-languages', { body: { languages } })),
    test: (body: TemplateTestBody) => call(api.POST('/api/v1/company/template-test', { body }))
  }
}
