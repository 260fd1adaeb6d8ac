import { describe, expect, it } from 'vitest'
import { ApiError, fieldName, problemFieldErrors, problemMessage, toApiError } from '../../app/utils/problem'

describe('problemMessage', () => {
  it('prefers the detail', () => {
    expect(problemMessage({ status: 401, title: 'Unauthorized', detail: 'Invalid email or password' })).toBe('Invalid email or password')
  })

  it('falls back to a field message, the title, then a message by status', () => {
    expect(problemMessage({ status: 422, errors: [{ message: 'expected string', location: 'body.name' }] })).toBe('expected string')
    expect(problemMessage({ status: 409, title: 'Conflict' })).toBe('Conflict')
    expect(problemMessage({}, 429)).toMatch(/Too many requests/)
    expect(problemMessage({ status: 500, title: 'Internal Server Error' })).toMatch(/Something went wrong/)
  })
})

describe('problemFieldErrors', () => {
  it('maps error locations onto form field names', () => {
    const errors = problemFieldErrors({
      status: 422,
      detail: 'validation failed',
      errors: [
        { message: 'Enter a valid email', location: 'body.email' },
        { message: 'Admin email taken', location: 'body.admin.email' },
        { message: 'Too long', location: 'body.expertise[1]' },
        { message: 'Bad closing time', location: 'body.business_hours.mon.end' },
        { message: 'no location' },
        { message: 'Whole body', location: 'body' }
      ]
    })
    expect(errors).toEqual([
      { name: 'email', message: 'Enter a valid email' },
      { name: 'admin.email', message: 'Admin email taken' },
      { name: 'expertise', message: 'Too long' },
      { name: 'business_hours.mon.end', message: 'Bad closing time' }
    ])
  })

  it('handles a problem without errors', () => {
    expect(problemFieldErrors({ status: 403, errors: null })).toEqual([])
  })

  it('strips the parameter kind', () => {
    expect(fieldName('query.q')).toBe('q')
    expect(fieldName('path.id')).toBe('id')
  })
})

describe('toApiError', () => {
  it('keeps status, code and detail of a problem body', () => {
    const e = toApiError(403, { status: 403, code: 'forbidden', detail: 'This company is suspended' })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(403)
    expect(e.code).toBe('forbidden')
    expect(e.message).toBe('This company is suspended')
  })

  it('turns a text or empty body into a message', () => {
    expect(toApiError(502, 'Bad gateway').message).toBe('Bad gateway')
    expect(toApiError(0, undefined).message).toMatch(/Cannot reach the server/)
  })
})
