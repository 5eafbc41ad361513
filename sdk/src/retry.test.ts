import { describe, expect, test } from 'vitest'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.ts'

describe('backoffDelay', () => {
  test('doubles from 200 ms with equal jitter: between half and all of the step', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, () => 0))).toEqual([100, 200, 400, 800])
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, () => 0.999999))).toEqual([200, 400, 800, 1600])
  })

  test('is capped at 5 s', () => {
    expect(backoffDelay(5, () => 0.999999)).toBe(5000)
    expect(backoffDelay(30, () => 0.999999)).toBe(5000)
    expect(backoffDelay(30, () => 0)).toBe(2500)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  test('delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })
  test('an HTTP-date, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
  })
  test('absent or garbage is undefined', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-1', now)).toBeUndefined()
  })
})

test('isRetryableStatus: 429 and 5xx only', () => {
  expect([400, 401, 404, 409, 413, 422, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([429, 500, 502, 503])
})
