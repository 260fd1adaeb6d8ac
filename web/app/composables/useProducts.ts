import type { ProductBody, ProductQuery } from '~/api/types'

function form(fields: Record<string, string | Blob>) {
  return () => {
    const fd = new FormData()
    for (const [k, v] of Object.entries(fields)) fd.append(k, v)
    return fd
  }
}

/** The company's catalog: products, their images, CSV import and export. */
export function useProducts() {
  const api = useApi()
  const productPath = (id: string) => ({ params: { path: { id } } })

  return {
    /** The agent's read-only search: active products only. */
    agentSearch: (q: { q?: string, cursor?: string, limit?: number } = {}) =>
      call(api.GET('/api/v1/agent/products', { params: { query: q } })),
    list: (q: ProductQuery = {}) => call(api.GET('/api/v1/company/products', { params: { query: q } })),
    categories: () => call(api.GET('/api/v1/company/product-categories')),
    get: (id: string) => call(api.GET('/api/v1/company/products/{id}', productPath(id))),
    create: (body: ProductBody) => call(api.POST('/api/v1/company/products', { body })),
    update: (id: string, body: ProductBody) => call(api.PUT('/api/v1/company/products/{id}', { ...productPath(id), body })),
    activate: (id: string) => call(api.POST('/api/v1/company/products/{id}/activate', productPath(id))),
    deactivate: (id: string) => call(api.POST('/api/v1/company/products/{id}/deactivate', productPath(id))),
    remove: (id: string) => call(api.DELETE('/api/v1/company/products/{id}', productPath(id))),
    uploadImage: (id: string, file: File) => call(api.POST('/api/v1/company/products/images', {
      body: { product_id: id, file } as any,
      bodySerializer: form({ product_id: id, file })
    })),
    reorderImages: (id: string, imageIds: string[]) =>
      call(api.PUT('/api/v1/company/products/{id}/images/order', { ...productPath(id), body: { image_ids: imageIds } })),
    setCover: (id: string, imageId: string) =>
      call(api.POST('/api/v1/company/products/{id}/images/{image_id}/cover', { params: { path: { id, image_id: imageId } } })),
    removeImage: (id: string, imageId: string) =>
      call(api.DELETE('/api/v1/company/products/{id}/images/{image_id}', { params: { path: { id, image_id: imageId } } })),
    previewImport: (file: File) => call(api.POST('/api/v1/company/products/import/preview', {
      body: { file } as any,
      bodySerializer: form({ file })
    })),
    startImport: (file: File, mode: 'valid_rows' | 'all_or_nothing') => call(api.POST('/api/v1/company/products/import', {
      body: { file, mode } as any,
      bodySerializer: form({ file, mode })
    })),
    getImport: (id: string) => call(api.GET('/api/v1/company/product-imports/{id}', productPath(id))),
    /** The export is a plain download (same-origin GET with the session cookie). */
    exportUrl: '/api/v1/company/products/export'
  }
}
