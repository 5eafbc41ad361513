import { AfflioApiError, AfflioNetworkError } from '@afflio/sdk/portal'
import { describe, expect, test } from 'vitest'
import { apiErrors } from './api-errors.ts'

const FALLBACK = 'Something went wrong.'

describe('apiErrors', () => {
  test('the server’s message, on its field when the form has it, else on the form', () => {
    const invalid = new AfflioApiError({ status: 400, code: 'invalid_request', message: 'code: must be 2 to 64 characters', field: 'code' })
    expect(apiErrors(invalid, ['code'], FALLBACK)).toEqual({ code: 'must be 2 to 64 characters' })
    expect(apiErrors(invalid, [], FALLBACK)).toEqual({ form: 'code: must be 2 to 64 characters' })
    const limited = new AfflioApiError({ status: 429, code: 'rate_limited', message: 'Too many requests' })
    expect(apiErrors(limited, [], FALLBACK)).toEqual({ form: 'Too many requests' })
  })

  test('no answer from the server, or one that is not its (a proxy’s 502 page): the fallback, not the raw page', () => {
    expect(apiErrors(new AfflioNetworkError('Network error: POST https://x/v1/portal/links: Failed to fetch'), [], FALLBACK)).toEqual({ form: FALLBACK })
    // What the SDK makes of a response without the server's error body
    const proxy = new AfflioApiError({ status: 502, code: 'internal', message: 'HTTP 502 Bad Gateway: <h1>Bad gateway</h1>' })
    expect(apiErrors(proxy, ['code'], FALLBACK)).toEqual({ form: FALLBACK })
    const tooLarge = new AfflioApiError({ status: 413, code: 'payload_too_large', message: 'HTTP 413: <html><body>413 Request Entity Too Large</body></html>' })
    expect(apiErrors(tooLarge, [], FALLBACK)).toEqual({ form: FALLBACK })
  })
})
