import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { choosePayees } from './payees.ts'
import { isPayoutDay, nextPayoutDate } from './schedule.ts'

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
