import { describe, expect, it } from 'vitest'
import { addDays, addMonths, clampedDayOfMonth, lastDays } from './days.ts'

describe('UTC days', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
  })

  it('takes the last N days with the last one: 30 days end on 6 December, start on 7 November', () => {
    expect(lastDays('2026-12-06', 30)).toEqual({ from: '2026-11-07', to: '2026-12-06' })
    expect(lastDays('2026-12-06', 1)).toEqual({ from: '2026-12-06', to: '2026-12-06' })
  })
})

describe('month arithmetic', () => {
  it('keeps the day of the month, or the month’s last when it is shorter', () => {
    const plus = (at: string, n: number) => addMonths(new Date(at), n).toISOString()
    expect(plus('2027-01-31T10:00:00.000Z', 1)).toBe('2027-02-28T10:00:00.000Z')
    expect(plus('2028-01-31T10:00:00.000Z', 1)).toBe('2028-02-29T10:00:00.000Z')
    expect(plus('2027-01-15T10:00:00.000Z', 1)).toBe('2027-02-15T10:00:00.000Z')
    expect(plus('2026-08-31T00:00:00.000Z', 3)).toBe('2026-11-30T00:00:00.000Z')
    expect(plus('2026-12-31T23:59:59.999Z', 14)).toBe('2028-02-29T23:59:59.999Z')
    expect(plus('2027-03-31T00:00:00.000Z', -1)).toBe('2027-02-28T00:00:00.000Z')
  })
  it('clamps a day of the month to the month’s length', () => {
    expect(clampedDayOfMonth(2026, 1, 31)).toBe(28)
    expect(clampedDayOfMonth(2028, 1, 31)).toBe(29)
    expect(clampedDayOfMonth(2026, 3, 31)).toBe(30)
    expect(clampedDayOfMonth(2026, 0, 15)).toBe(15)
    expect(clampedDayOfMonth(2026, 12, 31)).toBe(31) // January 2027
  })
})
