import { describe, expect, it } from 'vitest'
import { bucketOf, buildOverview, periodProblem, resolvePeriod } from './overview-rules.ts'

describe('periods and buckets', () => {
  it('defaults to the 30 days ending today, UTC', () => {
    expect(resolvePeriod({}, new Date('2026-03-01T23:59:00Z'))).toEqual({ from: '2026-01-31', to: '2026-03-01', interval: 'day' })
    expect(resolvePeriod({ to: '2026-01-10' }, new Date())).toMatchObject({ from: '2025-12-12', to: '2026-01-10' })
  })

  it('refuses backwards and over-long periods', () => {
    expect(periodProblem({ from: '2026-01-02', to: '2026-01-01', interval: 'day' })?.field).toBe('from')
    expect(periodProblem({ from: '2024-01-01', to: '2024-12-31', interval: 'day' })).toBeNull() // 366 days
    expect(periodProblem({ from: '2024-01-01', to: '2025-01-02', interval: 'day' })?.field).toBe('to')
  })

  it('starts weeks on Monday and months on the 1st, never before `from`', () => {
    expect(bucketOf('2026-11-01', 'week', '2026-10-01')).toBe('2026-10-26') // a Sunday
    expect(bucketOf('2026-11-02', 'week', '2026-10-01')).toBe('2026-11-02') // a Monday
    expect(bucketOf('2026-11-01', 'week', '2026-10-28')).toBe('2026-10-28')
    expect(bucketOf('2026-02-28', 'month', '2026-01-01')).toBe('2026-02-01')
    expect(bucketOf('2026-02-28', 'month', '2026-02-10')).toBe('2026-02-10')
    expect(bucketOf('2026-02-28', 'day', '2026-01-01')).toBe('2026-02-28')
  })
})

describe('buildOverview', () => {
  const period = { from: '2026-01-01', to: '2026-01-14', interval: 'week' as const }

  it('sums days into buckets, program currency first, the series earning only in it', () => {
    const o = buildOverview(period, 'USD', {
      clicks: [
        { day: '2026-01-01', n: 10 },
        { day: '2026-01-05', n: 30 },
      ],
      leads: [{ day: '2026-01-05', n: 4 }],
      sales: [
        { day: '2026-01-05', currency: 'USD', n: 2, amountMinor: 5000 },
        { day: '2026-01-13', currency: 'EUR', n: 1, amountMinor: 900 },
      ],
      earned: [
        { day: '2026-01-05', currency: 'USD', amountMinor: 700 },
        { day: '2026-01-06', currency: 'USD', amountMinor: 350 }, // after a clawback
        { day: '2026-01-13', currency: 'EUR', amountMinor: 180 },
      ],
      earnings: [
        { currency: 'EUR', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 180 },
        { currency: 'USD', pendingMinor: 600, onHoldMinor: 100, approvedMinor: 350, inPayoutMinor: 0, paidMinor: 0 },
      ],
    })
    expect(o).toMatchObject({ clicks: 40, leads: 4, sales: 3, revenueMinor: 5000, conversionRate: 3 / 40, tier: null })
    expect(o.earnings).toEqual([
      { currency: 'USD', pendingMinor: 600, onHoldMinor: 100, approvedMinor: 350, inPayoutMinor: 0, paidMinor: 0 },
      { currency: 'EUR', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 180 },
    ])
    expect(o.series).toEqual([
      { date: '2026-01-01', clicks: 10, leads: 0, sales: 0, earningsMinor: 0 },
      { date: '2026-01-05', clicks: 30, leads: 4, sales: 2, earningsMinor: 1050 },
      { date: '2026-01-12', clicks: 0, leads: 0, sales: 1, earningsMinor: 0 },
    ])
  })

  it('answers zeros, with the program currency, when nothing happened', () => {
    const o = buildOverview({ from: '2026-01-01', to: '2026-01-03', interval: 'day' }, 'JPY', { clicks: [], leads: [], sales: [], earned: [], earnings: [] })
    expect(o.earnings).toEqual([{ currency: 'JPY', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 }])
    expect(o.conversionRate).toBe(0)
    expect(o.series.map((p) => p.date)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03'])
  })
})
