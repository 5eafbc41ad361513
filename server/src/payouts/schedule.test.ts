import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { choosePayees } from './payees.ts'
import { isPayoutDay, nextPayoutDate, scheduledRunDue } from './schedule.ts'

const monthly = (dayOfMonth: number) => ({ frequency: 'monthly' as const, dayOfMonth, currencies: null })
const weekly = (dayOfWeek: number) => ({ frequency: 'weekly' as const, dayOfWeek, currencies: null })
const at = (iso: string) => new Date(`${iso}T15:30:00.000Z`)

describe('nextPayoutDate', () => {
  it('is the day itself when today is a payout day with no run yet, else the next one', () => {
    expect(nextPayoutDate(monthly(15), at('2026-03-15'))).toBe('2026-03-15')
    expect(nextPayoutDate(monthly(15), at('2026-03-16'))).toBe('2026-04-15')
    expect(nextPayoutDate(monthly(1), at('2026-12-31'))).toBe('2027-01-01')
  })

  it('skips a day that already had a run', () => {
    expect(nextPayoutDate(monthly(15), at('2026-03-15'), '2026-03-15')).toBe('2026-04-15')
    // A run on another day (by hand) does not move the schedule
    expect(nextPayoutDate(monthly(15), at('2026-03-10'), '2026-03-09')).toBe('2026-03-15')
  })

  it('pays on the last day of months shorter than the day', () => {
    expect(nextPayoutDate(monthly(31), at('2026-02-10'))).toBe('2026-02-28')
    expect(nextPayoutDate(monthly(31), at('2028-02-10'))).toBe('2028-02-29')
    expect(nextPayoutDate(monthly(30), at('2026-03-31'))).toBe('2026-04-30')
    expect(nextPayoutDate(monthly(31), at('2026-04-01'))).toBe('2026-04-30')
  })

  it('pays weekly on the ISO weekday (1 Monday … 7 Sunday)', () => {
    // 2026-12-05 is a Saturday
    expect(nextPayoutDate(weekly(6), at('2026-12-05'))).toBe('2026-12-05')
    expect(nextPayoutDate(weekly(7), at('2026-12-05'))).toBe('2026-12-06')
    expect(nextPayoutDate(weekly(1), at('2026-12-05'))).toBe('2026-12-07')
    expect(nextPayoutDate(weekly(6), at('2026-12-05'), '2026-12-05')).toBe('2026-12-12')
  })

  it('is always a payout day, on or after today, within two months', () => {
    const schedule = fc.oneof(fc.integer({ min: 1, max: 31 }).map(monthly), fc.integer({ min: 1, max: 7 }).map(weekly))
    const day = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t))
    fc.assert(
      fc.property(schedule, day, fc.boolean(), (s, now, ranToday) => {
        const today = now.toISOString().slice(0, 10)
        const next = nextPayoutDate(s, now, ranToday ? today : null)
        expect(isPayoutDay(s, new Date(`${next}T00:00:00Z`))).toBe(true)
        expect(next >= today && (!ranToday || next > today)).toBe(true)
        expect(Date.parse(next) - Date.parse(today)).toBeLessThanOrEqual(62 * 86_400_000)
      }),
    )
  })
})

describe('scheduledRunDue', () => {
  const due = (s: Parameters<typeof scheduledRunDue>[0], iso: string, last: string | null = null, automatic = true) => scheduledRunDue(s, automatic, new Date(iso), last)

  it('is due on the payout day (UTC) from its first minute to its last, until the day has a run', () => {
    expect(due(monthly(15), '2026-03-14T23:59:59.999Z')).toBeNull()
    expect(due(monthly(15), '2026-03-15T00:00:00.000Z')).toBe('2026-03-15')
    expect(due(monthly(15), '2026-03-15T23:59:59.999Z', '2026-02-15')).toBe('2026-03-15')
    expect(due(monthly(15), '2026-03-15T10:00:00.000Z', '2026-03-15')).toBeNull()
    expect(due(monthly(15), '2026-03-16T00:00:00.000Z')).toBeNull() // a missed day is not caught up
  })

  it('takes month ends: 29 to 31 fall on the last day of shorter months, leap years included', () => {
    expect(due(monthly(31), '2026-02-28T00:01:00Z', '2026-01-31')).toBe('2026-02-28')
    expect(due(monthly(30), '2026-02-28T00:01:00Z')).toBe('2026-02-28')
    expect(due(monthly(29), '2028-02-28T00:01:00Z')).toBeNull()
    expect(due(monthly(29), '2028-02-29T00:01:00Z')).toBe('2028-02-29')
    expect(due(monthly(31), '2026-04-30T00:01:00Z')).toBe('2026-04-30')
    expect(due(monthly(31), '2026-05-30T00:01:00Z')).toBeNull()
    expect(due(monthly(31), '2026-05-31T00:01:00Z')).toBe('2026-05-31')
  })

  it('is due weekly on the ISO weekday', () => {
    // 2026-12-05 is a Saturday (6), 2026-12-06 a Sunday (7)
    expect(due(weekly(6), '2026-12-05T08:00:00Z', '2026-11-28')).toBe('2026-12-05')
    expect(due(weekly(7), '2026-12-05T08:00:00Z')).toBeNull()
    expect(due(weekly(7), '2026-12-06T08:00:00Z')).toBe('2026-12-06')
    expect(due(weekly(1), '2026-12-07T00:00:00Z')).toBe('2026-12-07')
  })

  it('reads days in UTC whatever the server’s zone or daylight saving: a US evening is the next UTC day', () => {
    // 2026-03-08 is the US switch to daylight time; 20:30 in New York that day is 00:30 UTC on the 9th
    expect(due(monthly(9), '2026-03-08T20:30:00-04:00')).toBe('2026-03-09')
    expect(due(monthly(8), '2026-03-08T20:30:00-04:00')).toBeNull()
    // 2026-10-25, Europe's switch back: 00:30 in Berlin (UTC+2 then) is still the 24th in UTC
    expect(due(monthly(25), '2026-10-25T00:30:00+02:00')).toBeNull()
    expect(due(monthly(24), '2026-10-25T00:30:00+02:00')).toBe('2026-10-24')
  })

  it('is never due without a schedule, or when the program starts its runs by hand', () => {
    expect(due(null, '2026-03-15T00:01:00Z')).toBeNull()
    expect(due(monthly(15), '2026-03-15T00:01:00Z', null, false)).toBeNull()
  })

  it('is due exactly when the next payout date is today', () => {
    const schedule = fc.oneof(fc.integer({ min: 1, max: 31 }).map(monthly), fc.integer({ min: 1, max: 7 }).map(weekly))
    const time = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t))
    const last = fc.option(fc.integer({ min: 0, max: 40 }), { nil: null })
    fc.assert(
      fc.property(schedule, time, last, (s, now, daysAgo) => {
        const lastRunDay = daysAgo === null ? null : new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10)
        const today = now.toISOString().slice(0, 10)
        const got = scheduledRunDue(s, true, now, lastRunDay)
        expect(got).toBe(isPayoutDay(s, new Date(`${today}T00:00:00Z`)) && (lastRunDay === null || lastRunDay < today) ? today : null)
        expect(got === null || got === nextPayoutDate(s, now, lastRunDay)).toBe(true)
      }),
    )
  })
})

describe('choosePayees with a schedule’s currencies', () => {
  it('leaves a balance in a currency the schedule does not pay, and says why', () => {
    const facts = { hasDetails: new Set(['prt_a']), suspended: new Set<string>(), minimums: { USD: 5000 }, currencies: ['USD'] }
    const { payees, skipped } = choosePayees(
      [
        { partnerId: 'prt_a', currency: 'USD', amountMinor: 6000 },
        { partnerId: 'prt_a', currency: 'EUR', amountMinor: 9000 },
        { partnerId: 'prt_a', currency: 'GBP', amountMinor: 0 },
      ],
      facts,
    )
    expect(payees).toEqual([{ partnerId: 'prt_a', currency: 'USD', amountMinor: 6000 }])
    expect(skipped).toEqual([{ partnerId: 'prt_a', currency: 'EUR', approvedMinor: 9000, reason: 'currency_not_scheduled' }])
  })
})
