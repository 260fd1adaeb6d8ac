import type { Reference, Tenant } from '~/api/types'

/** Countries, languages, industries, time zones and currencies; loaded once per page load. */
export function useReference() {
  const api = useApi()
  const data = useState<Reference | null>('ref:reference', () => null)
  const pending = useState<Promise<Reference> | null>('ref:reference:pending', () => null)

  async function load(): Promise<Reference> {
    if (data.value) return data.value
    if (!pending.value) {
      pending.value = call(api.GET('/api/v1/public/reference'))
        .then((r) => { data.value = r; return r })
        .finally(() => { pending.value = null })
    }
    return pending.value
  }

  return { data, load }
}

/** The company of the subdomain the UI is served from, if any. */
export function useTenant() {
  const api = useApi()
  const tenant = useState<Tenant['company'] | undefined>('ref:tenant', () => undefined)

  async function load() {
    if (tenant.value !== undefined) return tenant.value
    try {
      const res = await call(api.GET('/api/v1/public/tenant'))
      tenant.value = res.company ?? null
    } catch {
      tenant.value = null
    }
    return tenant.value
  }

  return { tenant, load }
}
