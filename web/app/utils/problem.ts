// RFC 9457 problem details as sent by the API, and how the UI turns them into messages and field errors.

export interface ProblemFieldError {
  message?: string
  location?: string
  value?: unknown
}

export interface Problem {
  status?: number
  title?: string
  code?: string
  detail?: string
  errors?: ProblemFieldError[] | null
}

/** A failed API call: the HTTP status (0 when the server could not be reached) and the problem body. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(status: number, problem: Problem) {
    super(problemMessage(problem, status))
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }

  get code(): string | undefined {
    return this.problem.code
  }
}

/** Builds an ApiError from whatever openapi-fetch returned as `error` (a problem object, text or nothing). */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    return new ApiError(status, body as Problem)
  }
  if (typeof body === 'string' && body.trim() !== '') {
    return new ApiError(status, { status, detail: body.trim() })
  }
  return new ApiError(status, { status })
}

const fallbackByStatus: Record<number, string> = {
  0: 'Cannot reach the server. Check your connection and try again.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with existing data.',
  413: 'The file is too large.',
  422: 'Some fields are not valid.',
  429: 'Too many requests. Please wait a moment and try again.'
}

/** The human message of a problem: its detail, else a field message, else its title, else one by status. */
export function problemMessage(problem: Problem, status = problem.status ?? 0): string {
  if (problem.detail) return problem.detail
  const first = problem.errors?.find(e => e.message)
  if (first?.message) return first.message
  if (problem.title && status < 500) return problem.title
  return fallbackByStatus[status] ?? 'Something went wrong. Please try again.'
}

/**
 * Maps a problem's `errors[].location` to form field names: "body.email" → "email",
 * "body.admin.email" → "admin.email", "body.expertise[1]" → "expertise". Query and path
 * parameters keep their name ("query.q" → "q"). Entries without a location are skipped.
 */
export function problemFieldErrors(problem: Problem): { name: string, message: string }[] {
  const out: { name: string, message: string }[] = []
  for (const e of problem.errors ?? []) {
    if (!e.location) continue
    const name = fieldName(e.location)
    if (!name) continue
    out.push({ name, message: e.message || 'Invalid value' })
  }
  return out
}

/** The form field name for an error location, or "" for the body as a whole. */
export function fieldName(location: string): string {
  return location
    .replace(/^(body|query|path|header|cookie)(\.|$)/, '')
    .replace(/\[\d+\]/g, '')
}

/** The message to show on a form for an error no field carries (else ""). */
export function formLevelError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.'
  if (err.status === 401) return ''
  return problemFieldErrors(err.problem).length ? '' : err.message
}
