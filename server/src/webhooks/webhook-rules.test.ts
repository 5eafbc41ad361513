import { describe, expect, it } from 'vitest'
import { subscribes, WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from './webhook-rules.ts'

describe('webhookRetryDelayMs', () => {
  it('backs off 1m, 5m, 30m, 2h, 8h, 24h, 24h, then gives up', () => {
    const minutes = Array.from({ length: WEBHOOK_MAX_ATTEMPTS }, (_, i) => webhookRetryDelayMs(i + 1)).map((ms) => (ms === null ? null : ms / 60_000))
    expect(minutes).toEqual([1, 5, 30, 120, 480, 1440, 1440, null])
    expect(webhookRetryDelayMs(9)).toBeNull()
  })
})

describe('subscribes', () => {
  it('matches listed types and the wildcard', () => {
    expect(subscribes('commission.created,payout.paid', 'payout.paid')).toBe(true)
    expect(subscribes('commission.created', 'commission.reversed')).toBe(false)
    expect(subscribes('*', 'commission.reversed')).toBe(true)
  })
})
