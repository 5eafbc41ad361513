import { describe, expect, it } from 'vitest'
import { formatMoney } from '../kernel/money.ts'
import { challengeStatus, clickDays, createProblem, describeTarget, inWindow, isMet, percentOf, rankStandings, updateProblem } from './challenge-rules.ts'

const nov = { name: 'November', metric: 'sales' as const, target: 10, currency: null, startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z', archivedAt: null }

describe('challenge time', () => {
  it('is scheduled, active in [startsAt, endsAt), then ended; archived wins', () => {
    expect(challengeStatus(nov, new Date('2026-10-31T23:59:59.999Z'))).toBe('scheduled')
    expect(challengeStatus(nov, new Date('2026-11-01T00:00:00.000Z'))).toBe('active')
    expect(challengeStatus(nov, new Date('2026-11-30T23:59:59.999Z'))).toBe('active')
    expect(challengeStatus(nov, new Date('2026-12-01T00:00:00.000Z'))).toBe('ended')
    expect(challengeStatus({ ...nov, archivedAt: '2026-11-02T00:00:00.000Z' }, new Date('2026-11-05T00:00:00Z'))).toBe('archived')
  })

  it('counts a fact at the start and not at the end', () => {
    expect(inWindow(nov, '2026-11-01T00:00:00.000Z')).toBe(true)
    expect(inWindow(nov, '2026-12-01T00:00:00.000Z')).toBe(false)
    expect(inWindow(nov, '2026-10-31T23:59:59.999Z')).toBe(false)
  })

  it('counts clicks by the UTC days the window touches', () => {
    expect(clickDays(nov)).toEqual({ from: '2026-11-01', to: '2026-12-01' })
    expect(clickDays({ startsAt: '2026-11-01T15:00:00.000Z', endsAt: '2026-11-03T00:00:00.001Z' })).toEqual({ from: '2026-11-01', to: '2026-11-04' })
    expect(clickDays({ startsAt: '2026-11-01T15:00:00.000Z', endsAt: '2026-11-01T16:00:00.000Z' })).toEqual({ from: '2026-11-01', to: '2026-11-02' })
  })
})

describe('progress', () => {
  it('is met at the target, and shown as a whole percentage rounded down', () => {
    expect(isMet(10, 9)).toBe(false)
    expect(isMet(10, 10)).toBe(true)
    expect(isMet(10, 11)).toBe(true)
    expect(percentOf(999, 1000)).toBe(99)
    expect(percentOf(3, 10)).toBe(30)
    expect(percentOf(25, 10)).toBe(100)
    expect(percentOf(-5, 10)).toBe(0)
  })

  it('ranks by progress, then who met the target first, then partner id', () => {
    const ranked = rankStandings([
      { partnerId: 'b', progress: 5, metAt: null },
      { partnerId: 'a', progress: 5, metAt: null },
      { partnerId: 'c', progress: 12, metAt: '2026-11-03T00:00:00.000Z' },
      { partnerId: 'd', progress: 12, metAt: '2026-11-02T00:00:00.000Z' },
      { partnerId: 'e', progress: 12, metAt: null },
    ])
    expect(ranked.map((r) => r.partnerId)).toEqual(['d', 'c', 'e', 'a', 'b'])
  })
})

describe('words', () => {
  it('names the amounts and the target', () => {
    expect(formatMoney(125000, 'USD')).toBe('USD 1,250.00')
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05')
    expect(formatMoney(500, 'JPY')).toBe('JPY 500')
    expect(describeTarget({ metric: 'sales', target: 1, currency: null })).toBe('1 sale')
    expect(describeTarget({ metric: 'clicks', target: 500, currency: null })).toBe('500 clicks')
    expect(describeTarget({ metric: 'revenue', target: 500000, currency: 'USD' })).toBe('USD 5,000.00 in sales')
  })
})

describe('checks', () => {
  it('wants a currency for revenue only, and an end after the start', () => {
    expect(createProblem({ metric: 'revenue', startsAt: nov.startsAt, endsAt: nov.endsAt })).toMatchObject({ field: 'currency' })
    expect(createProblem({ metric: 'sales', currency: 'USD', startsAt: nov.startsAt, endsAt: nov.endsAt })).toMatchObject({ field: 'currency' })
    expect(createProblem({ metric: 'clicks', startsAt: nov.endsAt, endsAt: nov.startsAt })).toMatchObject({ field: 'endsAt' })
    expect(createProblem({ metric: 'revenue', currency: 'USD', startsAt: nov.startsAt, endsAt: nov.endsAt })).toBeNull()
  })

  it('lets anything change before the start, and only name, description and a future end after', () => {
    const before = new Date('2026-10-15T00:00:00Z')
    const during = new Date('2026-11-15T00:00:00Z')
    expect(updateProblem(nov, { target: 5, reward: { amountMinor: 1, currency: 'USD' } }, before)).toBeNull()
    expect(updateProblem(nov, { startsAt: '2026-12-02T00:00:00.000Z' }, before)).toMatchObject({ field: 'endsAt' })
    expect(updateProblem(nov, { target: 5 }, during)).toMatchObject({ field: 'target', conflict: true })
    expect(updateProblem(nov, { segmentId: null }, during)).toMatchObject({ field: 'segmentId', conflict: true })
    expect(updateProblem(nov, { name: 'Renamed', endsAt: '2026-12-15T00:00:00.000Z' }, during)).toBeNull()
    expect(updateProblem(nov, { endsAt: '2026-11-10T00:00:00.000Z' }, during)).toMatchObject({ field: 'endsAt' })
    expect(updateProblem({ ...nov, archivedAt: '2026-11-02T00:00:00.000Z' }, { name: 'x' }, before)).toMatchObject({ conflict: true })
  })
})
