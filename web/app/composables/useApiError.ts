interface FormLike {
  setErrors: (errors: { name?: string, message: string }[], name?: any) => void
}

/**
 * Shows an API failure: field errors go onto the form (when one is given), the problem's
 * detail goes into an error toast. Returns the message shown.
 */
export function useApiError() {
  const toast = useToast()

  function show(err: unknown, opts: { form?: FormLike | null, title?: string, fields?: string[] } = {}): string {
    const apiErr = err instanceof ApiError ? err : new ApiError(0, { detail: String((err as Error)?.message ?? err) })
    // A 401 is handled by the session guard (redirect + "session ended" toast); don't stack another.
    if (apiErr.status === 401) return apiErr.message
    const message = apiErr.message
    let fieldErrors = problemFieldErrors(apiErr.problem)
    if (opts.fields) fieldErrors = fieldErrors.filter(f => opts.fields!.includes(f.name))
    if (opts.form && fieldErrors.length) opts.form.setErrors(fieldErrors)
    toast.add({ title: opts.title ?? 'Could not complete the request', description: message, color: 'error', icon: 'i-lucide-circle-alert' })
    return message
  }

  return { show }
}
