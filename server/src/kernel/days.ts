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
