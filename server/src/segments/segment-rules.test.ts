import { describe, expect, it } from 'vitest'
import { isCountryCode } from '../kernel/countries.ts'
import { lastDays } from '../kernel/days.ts'
import { definitionProblem, dormantCutoff, normalizeDefinition, periodBounds, periodDays, topCount, topPercentThreshold } from './segment-rules.ts'

describe('periodBounds', () => {
  const now = new Date('2026-05-10T15:30:00.000Z')
  it('takes "last N days" as the N whole UTC days ending today, as every screen does (lastDays)', () => {
    expect(periodBounds('last_30_days', now)).toEqual({ start: `${lastDays('2026-05-10', 30).from}T00:00:00.000Z`, end: null })
    expect(periodBounds('last_30_days', now)).toEqual({ start: '2026-04-11T00:00:00.000Z', end: null })
    expect(periodBounds('last_7_days', now)).toEqual({ start: '2026-05-04T00:00:00.000Z', end: null })
    expect(periodBounds('last_7_days', new Date('2026-05-10T00:00:00.000Z'))).toEqual({ start: '2026-05-04T00:00:00.000Z', end: null })
    expect(periodBounds('last_365_days', now)).toEqual({ start: '2025-05-11T00:00:00.000Z', end: null })
  })
  it('uses whole UTC calendar periods', () => {
    expect(periodBounds('this_month', now)).toEqual({ start: '2026-05-01T00:00:00.000Z', end: null })
    expect(periodBounds('last_month', now)).toEqual({ start: '2026-04-01T00:00:00.000Z', end: '2026-05-01T00:00:00.000Z' })
    expect(periodBounds('this_quarter', now)).toEqual({ start: '2026-04-01T00:00:00.000Z', end: null })
    expect(periodBounds('last_quarter', now)).toEqual({ start: '2026-01-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' })
    expect(periodBounds('this_year', now)).toEqual({ start: '2026-01-01T00:00:00.000Z', end: null })
    expect(periodBounds('last_year', now)).toEqual({ start: '2025-01-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' })
    expect(periodBounds('lifetime', now)).toEqual({ start: null, end: null })
  })
  it('crosses year boundaries in January and on the first instant of a quarter', () => {
    const jan = new Date('2026-01-15T00:00:00.000Z')
    expect(periodBounds('last_month', jan)).toEqual({ start: '2025-12-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' })
    expect(periodBounds('last_quarter', jan)).toEqual({ start: '2025-10-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' })
    const q3 = new Date('2026-07-01T00:00:00.000Z')
    expect(periodBounds('last_quarter', q3)).toEqual({ start: '2026-04-01T00:00:00.000Z', end: '2026-07-01T00:00:00.000Z' })
    expect(periodBounds('this_quarter', q3).start).toBe('2026-07-01T00:00:00.000Z')
  })
})

describe('periodDays', () => {
  const now = new Date('2026-05-10T15:30:00.000Z')
  it('covers every period day for day', () => {
    expect(periodDays('last_month', now)).toEqual({ from: '2026-04-01', to: '2026-05-01' })
    expect(periodDays('this_year', now)).toEqual({ from: '2026-01-01', to: null })
    expect(periodDays('last_7_days', now)).toEqual({ from: '2026-05-04', to: null })
    expect(periodDays('lifetime', now)).toEqual({ from: null, to: null })
  })
})

describe('top N%', () => {
  it('takes the ceiling of N% of partners with revenue, at least one', () => {
    expect(topCount(10, 30)).toBe(3)
    expect(topCount(10, 31)).toBe(4)
    expect(topCount(10, 1)).toBe(1)
    expect(topCount(10, 0)).toBe(0)
    expect(topCount(100, 7)).toBe(7)
    expect(topCount(0.01, 10_000)).toBe(1)
    expect(topCount(12.5, 8)).toBe(1)
    expect(topCount(12.5, 9)).toBe(2)
    // 0.1 × 30 is 3.0000000000000004 in floating point: computed in integers, it is 3
    expect(topCount(10, 30)).toBe(3)
    expect(topCount(7, 100)).toBe(7)
  })
  it('is the revenue of the last partner inside the cut, ties included, zero revenue never', () => {
    expect(topPercentThreshold([100, 900, 500, 300, 700, 200, 800, 400, 600, 1000], 10)).toBe(1000)
    expect(topPercentThreshold([100, 900, 500, 300, 700, 200, 800, 400, 600, 1000], 20)).toBe(900)
    expect(topPercentThreshold([100, 900, 500, 300, 700, 200, 800, 400, 600, 1000, 50], 10)).toBe(900) // ceil(1.1) = 2
    expect(topPercentThreshold([900, 500, 500, 100], 50)).toBe(500)
    expect(topPercentThreshold([0, 0, -50, 300], 10)).toBe(300) // only positive revenue counts toward the field
    expect(topPercentThreshold([0, -5], 50)).toBeNull()
    expect(topPercentThreshold([], 50)).toBeNull()
  })
})

describe('dormantCutoff', () => {
  it('is N×24h before now', () => {
    expect(dormantCutoff(30, new Date('2026-03-31T12:00:00.000Z'))).toBe('2026-03-01T12:00:00.000Z')
  })
})

describe('definitions', () => {
  it('normalises lists, case and dates', () => {
    expect(
      normalizeDefinition({
        conditions: [
          { type: 'country', in: ['de', 'US', 'DE'] },
          { type: 'joined', after: '2026-01-01T00:00:00+02:00' },
          { type: 'status', in: ['suspended', 'active', 'active'] },
        ],
        any: [],
      }),
    ).toEqual({
      conditions: [
        { type: 'country', in: ['DE', 'US'], none: false },
        { type: 'joined', after: '2025-12-31T22:00:00.000Z' },
        { type: 'status', in: ['active', 'suspended'] },
      ],
    })
  })
  it('explains a definition that cannot be evaluated', () => {
    expect(definitionProblem({ conditions: [{ type: 'group' }] })).toMatch(/group/)
    expect(definitionProblem({ conditions: [], any: [{ type: 'tier', in: [] }] })).toMatch(/tier/)
    expect(definitionProblem({ conditions: [{ type: 'joined' }] })).toMatch(/joined/)
    expect(definitionProblem({ conditions: [{ type: 'joined', after: '2026-02-01', before: '2026-01-01' }] })).toMatch(/before/)
    expect(definitionProblem({ conditions: [{ type: 'group', none: true }, { type: 'joined', before: '2026-01-01' }] })).toBeNull()
  })
})

describe('isCountryCode', () => {
  it('knows assigned ISO 3166-1 alpha-2 codes only', () => {
    expect(isCountryCode('DE')).toBe(true)
    expect(isCountryCode('GB')).toBe(true)
    expect(isCountryCode('UK')).toBe(false)
    expect(isCountryCode('EU')).toBe(false)
    expect(isCountryCode('de')).toBe(false)
    expect(isCountryCode('ZZ')).toBe(false)
  })
})
