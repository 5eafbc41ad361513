// Segment rules as values: period bounds, the top-N% cut, dormancy and condition normalisation.
// The service turns a normalised definition into SQL; everything decided here is tested without a database.
import type { SegmentCondition, SegmentDefinition, SegmentPeriod } from '@afflio/sdk/types'
import { DAY_MS, lastDays } from '../kernel/days.ts'

/** Half-open [start, end) in ISO UTC; null start: since the beginning, null end: up to now (and after). */
export interface PeriodBounds {
  start: string | null
  end: string | null
}

/**
 * The bounds of a period at `now`, in UTC. `last_N_days` are the last N whole UTC days, today included
 * (`lastDays`, the console's, the portal's and a link's stats' "last N days"); `this_*` run from the start
 * of the current calendar month, quarter or year; `last_*` are the whole previous one.
 *
 * @example periodBounds('last_quarter', new Date('2026-05-10T00:00:00Z'))
 * // { start: '2026-01-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' }
 * @example periodBounds('last_7_days', new Date('2026-05-10T15:30:00Z')) // { start: '2026-05-04T00:00:00.000Z', end: null }
 */
export function periodBounds(period: SegmentPeriod, now: Date): PeriodBounds {
  const y = now.getUTCFullYear()
  const m = now.getUTCMonth()
  const q = m - (m % 3)
  const at = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString() // Date.UTC rolls months over years
  const back = (days: number) => ({ start: `${lastDays(now.toISOString().slice(0, 10), days).from}T00:00:00.000Z`, end: null })
  switch (period) {
    case 'last_7_days':
      return back(7)
    case 'last_30_days':
      return back(30)
    case 'last_90_days':
      return back(90)
    case 'last_365_days':
      return back(365)
    case 'this_month':
      return { start: at(y, m), end: null }
    case 'last_month':
      return { start: at(y, m - 1), end: at(y, m) }
    case 'this_quarter':
      return { start: at(y, q), end: null }
    case 'last_quarter':
      return { start: at(y, q - 3), end: at(y, q) }
    case 'this_year':
      return { start: at(y, 0), end: null }
    case 'last_year':
      return { start: at(y - 1, 0), end: at(y, 0) }
    case 'lifetime':
      return { start: null, end: null }
  }
}

/**
 * The UTC days a period covers, [from, to) as `YYYY-MM-DD` (null: open), for the counts kept per day
 * (clicks, from the rollups: raw clicks are deleted after the program's retention). Every period starts
 * and ends at midnight, so its days are exact.
 *
 * @example periodDays('last_7_days', new Date('2026-05-10T12:00:00Z')) // { from: '2026-05-04', to: null }
 */
export function periodDays(period: SegmentPeriod, now: Date): { from: string | null; to: string | null } {
  const { start, end } = periodBounds(period, now)
  return { from: start?.slice(0, 10) ?? null, to: end?.slice(0, 10) ?? null }
}

/**
 * How many partners make the top `percent`% of `withRevenue` partners (those with revenue > 0):
 * the ceiling, so any positive percent of a non-empty field takes at least one. Exact for percents
 * with up to two decimals (computed in hundredths of a percent, in integers).
 *
 * @example topCount(10, 25) // 3
 */
export function topCount(percent: number, withRevenue: number): number {
  const hundredths = Math.round(percent * 100)
  return Math.floor((hundredths * withRevenue + 9_999) / 10_000)
}

/**
 * The least revenue that puts a partner in the top `percent`%: the revenue of the last partner inside
 * the cut. Everyone tied with that partner is in too, so a tie can make the segment larger than the
 * cut. Null when no partner has revenue above zero (the segment is empty).
 *
 * @example topPercentThreshold([900, 500, 500, 100], 50) // 500: three partners (the tie at 500 is kept)
 */
export function topPercentThreshold(revenues: readonly number[], percent: number): number | null {
  const positive = revenues.filter((r) => r > 0).sort((a, b) => b - a)
  const k = topCount(percent, positive.length)
  if (k === 0) return null
  return positive[Math.min(k, positive.length) - 1]!
}

/**
 * A dormant partner's last click (if any) is older than this: no click at or after it. A click exactly
 * `days` days old is not older than `days` days, so it keeps the partner out of the dormant segment.
 */
export function dormantCutoff(days: number, now: Date): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString()
}

/**
 * A definition made canonical: lists sorted and deduplicated, country codes upper case, dates as full
 * ISO timestamps, an empty `any` dropped. Two definitions meaning the same thing compare equal.
 */
export function normalizeDefinition(def: SegmentDefinition): SegmentDefinition {
  const any = (def.any ?? []).map(normalizeCondition)
  return any.length ? { conditions: def.conditions.map(normalizeCondition), any } : { conditions: def.conditions.map(normalizeCondition) }
}

const uniqSorted = <T extends string>(xs: readonly T[]): T[] => [...new Set(xs)].sort()

export function normalizeCondition(c: SegmentCondition): SegmentCondition {
  switch (c.type) {
    case 'group':
    case 'tier':
      return { type: c.type, in: uniqSorted(c.in ?? []), none: c.none ?? false }
    case 'country':
      return { type: 'country', in: uniqSorted((c.in ?? []).map((x) => x.toUpperCase())), none: c.none ?? false }
    case 'status':
      return { type: 'status', in: uniqSorted(c.in) }
    case 'joined':
      return {
        type: 'joined',
        ...(c.after !== undefined && { after: new Date(c.after).toISOString() }),
        ...(c.before !== undefined && { before: new Date(c.before).toISOString() }),
      }
    case 'revenueAtLeast':
      return { ...c, currency: c.currency.toUpperCase() }
    case 'revenueTopPercent':
      return c.currency === undefined ? { ...c } : { ...c, currency: c.currency.toUpperCase() }
    default:
      return { ...c }
  }
}

/** Whether a definition can be evaluated at all: a clear reason when not (the service answers 400). */
export function definitionProblem(def: SegmentDefinition): string | null {
  for (const c of [...def.conditions, ...(def.any ?? [])]) {
    if ((c.type === 'group' || c.type === 'tier' || c.type === 'country') && !(c.in?.length || c.none)) return `${c.type}: give \`in\` values or \`none: true\``
    if (c.type === 'joined') {
      if (c.after === undefined && c.before === undefined) return 'joined: give `after` or `before`'
      if (c.after !== undefined && c.before !== undefined && Date.parse(c.after) >= Date.parse(c.before)) return 'joined: `after` must be before `before`'
    }
  }
  return null
}
