import { describe, expect, it } from 'vitest'
import { afterTry, leaseEnd, maxTries, retryDelayMs } from './retry-schedule.ts'

const backoff = [1, 5, 30]
const now = new Date('2026-01-01T00:00:00.000Z')

describe('retryDelayMs', () => {
  it('waits by the schedule after each failure, then gives up', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(backoff, n))).toEqual([60_000, 300_000, 1_800_000, null, null])
    expect(maxTries(backoff)).toBe(4)
  })

  it('reads no failure yet as the first', () => {
    expect(retryDelayMs(backoff, 0)).toBe(60_000)
  })
})

describe('afterTry', () => {
  it('marks a try that worked done, counting it, with no next try', () => {
    expect(afterTry({ backoff, attempts: 2, outcome: 'ok', now, done: 'sent' })).toEqual({ status: 'sent', attempts: 3, nextAttemptAt: null })
  })

  it('schedules a failed try again after the wait for its count', () => {
    expect(afterTry({ backoff, attempts: 0, outcome: 'failed', now, done: 'sent' })).toEqual({ status: 'pending', attempts: 1, nextAttemptAt: '2026-01-01T00:01:00.000Z' })
    expect(afterTry({ backoff, attempts: 2, outcome: 'failed', now, done: 'sent' })).toEqual({ status: 'pending', attempts: 3, nextAttemptAt: '2026-01-01T00:30:00.000Z' })
  })

  it('gives up after the last try, or at once when it failed for good', () => {
    expect(afterTry({ backoff, attempts: 3, outcome: 'failed', now, done: 'sent' })).toEqual({ status: 'failed', attempts: 4, nextAttemptAt: null })
    expect(afterTry({ backoff, attempts: 0, outcome: 'failed_for_good', now, done: 'sent' })).toEqual({ status: 'failed', attempts: 1, nextAttemptAt: null })
  })
})

describe('leaseEnd', () => {
  it('moves the next try ahead by the lease', () => {
    expect(leaseEnd(now, 60_000)).toBe('2026-01-01T00:01:00.000Z')
  })
})
