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
