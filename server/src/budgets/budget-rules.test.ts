import { describe, expect, it } from 'vitest'
import { budgetPeriod, type BudgetCharge, capDecision, pace } from './budget-rules.ts'

const budget = (over: Partial<BudgetCharge['budget']> = {}): BudgetCharge['budget'] => ({ id: 'bud_1', name: 'November', amountMinor: 1000, currency: 'USD', overCap: 'hold', stepDownBps: null, ...over })

describe('budgetPeriod', () => {
  const now = new Date('2026-05-20T10:00:00Z')
  it('is the calendar month, quarter or year containing now (UTC), or since creation for a total', () => {
    expect(budgetPeriod('month', '2026-01-10T00:00:00.000Z', now)).toEqual({ start: '2026-05-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' })
    expect(budgetPeriod('quarter', '2026-01-10T00:00:00.000Z', now)).toEqual({ start: '2026-04-01T00:00:00.000Z', end: '2026-07-01T00:00:00.000Z' })
    expect(budgetPeriod('year', '2026-01-10T00:00:00.000Z', now)).toEqual({ start: '2026-01-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' })
    expect(budgetPeriod('total', '2026-01-10T00:00:00.000Z', now)).toEqual({ start: '2026-01-10T00:00:00.000Z', end: null })
    expect(budgetPeriod('month', '2026-01-10T00:00:00.000Z', new Date('2026-12-31T23:59:59Z')).end).toBe('2027-01-01T00:00:00.000Z')
  })
})

describe('pace', () => {
  const period = { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' }
  it('forecasts the period at the rate so far and dates the day the cap is reached', () => {
    expect(pace({ capMinor: 100_000, spentMinor: 50_000, ...period, now: new Date('2026-11-11T00:00:00Z') })).toEqual({
      dailyRateMinor: 5000,
      forecastMinor: 150_000,
      runsOutAt: '2026-11-21T00:00:00.000Z',
      reached: false,
    })
  })
  it('does not run out when the rate stays under the cap to the end of the period', () => {
    expect(pace({ capMinor: 100_000, spentMinor: 10_000, ...period, now: new Date('2026-11-16T00:00:00Z') })).toMatchObject({ forecastMinor: 20_000, runsOutAt: null, reached: false })
  })
  it('nothing spent: no rate, no run-out date', () => {
    expect(pace({ capMinor: 100, spentMinor: 0, ...period, now: new Date('2026-11-16T00:00:00Z') })).toEqual({ dailyRateMinor: 0, forecastMinor: 0, runsOutAt: null, reached: false })
  })
  it('reached: it ran out now', () => {
    expect(pace({ capMinor: 100, spentMinor: 100, ...period, now: new Date('2026-11-16T00:00:00Z') })).toMatchObject({ runsOutAt: '2026-11-16T00:00:00.000Z', reached: true })
  })
  it('a total budget has no forecast, but a run-out date at its rate', () => {
    expect(pace({ capMinor: 3000, spentMinor: 1000, start: '2026-11-01T00:00:00.000Z', end: null, now: new Date('2026-11-11T00:00:00Z') })).toEqual({
      dailyRateMinor: 100,
      forecastMinor: null,
      runsOutAt: '2026-12-01T00:00:00.000Z',
      reached: false,
    })
  })
  it('figures the rate in whole numbers, as the exact fractions round by the one rule', () => {
    // 141 fils in the first 3 days of a 30-day month: 47 a day, 1410 by the month's end (a float rate said 46 and 1409)
    expect(pace({ capMinor: 1_000_000, spentMinor: 141, ...period, now: new Date('2026-11-04T00:00:00Z') })).toMatchObject({ dailyRateMinor: 47, forecastMinor: 1410 })
    expect(pace({ capMinor: 1_000_000, spentMinor: 127, ...period, now: new Date('2026-11-04T00:00:00Z') })).toMatchObject({ dailyRateMinor: 42, forecastMinor: 1270 })
    // 100 over 3 days: 33.33 a day, 1000 in the month; 200 over 3: 66.67 a day rounds to 67
    expect(pace({ capMinor: 1_000_000, spentMinor: 100, ...period, now: new Date('2026-11-04T00:00:00Z') })).toMatchObject({ dailyRateMinor: 33, forecastMinor: 1000 })
    expect(pace({ capMinor: 1_000_000, spentMinor: 200, ...period, now: new Date('2026-11-04T00:00:00Z') })).toMatchObject({ dailyRateMinor: 67, forecastMinor: 2000 })
    // The cap of 150 is reached at the first millisecond the rate gets there: 3 days × 9/141 after now, rounded up
    expect(pace({ capMinor: 150, spentMinor: 141, ...period, now: new Date('2026-11-04T00:00:00Z') }).runsOutAt).toBe(new Date(Date.parse('2026-11-04T00:00:00Z') + Math.ceil((9 * 3 * 86_400_000) / 141)).toISOString())
  })
  it('the first minutes of a period count as an hour: one sale does not forecast a fortune', () => {
    expect(pace({ capMinor: 1_000_000, spentMinor: 100, ...period, now: new Date('2026-11-01T00:01:00Z') }).dailyRateMinor).toBe(2400)
  })
})

describe('capDecision', () => {
  it('pays what fits whole, up to the cap exactly', () => {
    expect(capDecision([{ budget: budget(), spentMinor: 700, chargeMinor: 300 }])).toEqual({ kind: 'pay' })
    expect(capDecision([])).toEqual({ kind: 'pay' })
  })
  it('holds a commission partly over the cap whole, saying what was left', () => {
    expect(capDecision([{ budget: budget(), spentMinor: 900, chargeMinor: 200 }])).toEqual({
      kind: 'hold',
      hold: { kind: 'budget', budgetId: 'bud_1', budgetName: 'November', capMinor: 1000, spentMinor: 900, currency: 'USD' },
    })
  })
  it('steps down past a step-down budget, at the lowest rate of those it is over; a hold wins over a step down', () => {
    const half = budget({ id: 'bud_half', overCap: 'step_down', stepDownBps: 5000 })
    const quarter = budget({ id: 'bud_quarter', overCap: 'step_down', stepDownBps: 2500 })
    expect(capDecision([{ budget: half, spentMinor: 1000, chargeMinor: 1 }, { budget: quarter, spentMinor: 0, chargeMinor: 1 }])).toEqual({
      kind: 'step_down',
      stepDown: { budgetId: 'bud_half', budgetName: 'November', stepDownBps: 5000 },
    })
    expect(capDecision([{ budget: half, spentMinor: 1000, chargeMinor: 1 }, { budget: quarter, spentMinor: 1000, chargeMinor: 1 }])).toMatchObject({ stepDown: { budgetId: 'bud_quarter' } })
    expect(capDecision([{ budget: half, spentMinor: 1000, chargeMinor: 1 }, { budget: budget({ id: 'bud_h' }), spentMinor: 1000, chargeMinor: 1 }])).toMatchObject({ kind: 'hold', hold: { budgetId: 'bud_h' } })
  })
  it('a budget this commission does not charge (nothing of it counts there) never stops it', () => {
    expect(capDecision([{ budget: budget(), spentMinor: 5000, chargeMinor: 0 }])).toEqual({ kind: 'pay' })
  })
})
