// UTC days as `YYYY-MM-DD`, the form periods and rollups use. Pure.

/** A day in milliseconds. */
export const DAY_MS = 86_400_000

/**
 * The day `n` days after `day` (before it, for a negative `n`).
 *
 * @example addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The last `n` UTC days ending on `to`, inclusive: "the last 30 days" on 6 December are 7 November to
 * 6 December. Every "last N days" of the portal, the console and a link's stats is this period.
 *
 * @example lastDays('2026-12-06', 30) // { from: '2026-11-07', to: '2026-12-06' }
 */
export function lastDays(to: string, n: number): { from: string; to: string } {
  return { from: addDays(to, -(n - 1)), to }
}

/** The day `dayOfMonth` of a UTC month (`month` 0-11, may overflow into the next years), or the month's last day when it is shorter. */
export function clampedDayOfMonth(year: number, month: number, dayOfMonth: number): number {
  return Math.min(dayOfMonth, new Date(Date.UTC(year, month + 1, 0)).getUTCDate())
}

/**
 * `at` plus `n` calendar months (UTC), on the same day of the month or the month's last when it is shorter,
 * never rolling over into the month after (Date's setUTCMonth makes Jan 31 + 1 month Mar 3).
 *
 * @example addMonths(new Date('2027-01-31T10:00:00Z'), 1) // 2027-02-28T10:00:00.000Z
 */
export function addMonths(at: Date, n: number): Date {
  const [year, month] = [at.getUTCFullYear(), at.getUTCMonth() + n]
  const out = new Date(at)
  out.setUTCFullYear(year, month, clampedDayOfMonth(year, month, at.getUTCDate()))
  return out
}
