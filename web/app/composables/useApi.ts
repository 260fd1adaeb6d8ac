import type { Client } from 'openapi-fetch'
import type { paths } from '~/api/schema'

export type ApiClient = Client<paths>

/** The typed API client (see plugins/api.ts). */
export function useApi(): ApiClient {
  return useNuxtApp().$api as ApiClient
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Returns the data of a successful call or throws an ApiError carrying the problem details. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await request
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(0, { status: 0 })
  }
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.response.status, result.error)
  }
  return result.data as T
}
