// A link's stats from its rollup rows: the period, the daily series, the totals and the breakdowns. Pure.
import type { LinkStats, LinkStatsPoint, LinkStatsQuery } from '@afflio/sdk/types'
import { addDays, DAY_MS, lastDays } from '../kernel/days.ts'
import { topWithOther } from './rollup-keys.ts'

/** Longest period, in days (a leap year, inclusive), as the portal overview's. */
export const MAX_LINK_DAYS = 367

/** The period asked for, defaults filled: the 30 days ending today (UTC). */
export function linkPeriod(q: LinkStatsQuery, now: Date): { since: string; until: string } {
  const until = q.until ?? now.toISOString().slice(0, 10)
  return { since: q.since ?? lastDays(until, 30).from, until }
}

/** Why the period cannot be served, or null. */
export function linkPeriodProblem(p: { since: string; until: string }): { field: 'since' | 'until'; message: string } | null {
  if (p.since > p.until) return { field: 'since', message: 'since must not be after until' }
  if ((Date.parse(p.until) - Date.parse(p.since)) / DAY_MS + 1 > MAX_LINK_DAYS) return { field: 'until', message: `a period covers at most ${MAX_LINK_DAYS} days` }
  return null
}

type Counts = { clicks: number; leads: number; sales: number }

export interface LinkFacts {
  counts: Array<{ day: string } & Counts>
  sales: Array<{ day: string; currency: string; amountMinor: number }>
  /** what the link's commissions earned (those that count towards a balance), per day and currency */
  earned: Array<{ day: string; currency: string; amountMinor: number }>
  subIds: Array<{ value: string } & Counts>
  referrers: Array<{ value: string } & Counts>
}

/** Assembles the stats; money counts only amounts in `currency` (the program's), as the portal overview's series. */
export function buildLinkStats(linkId: string, period: { since: string; until: string }, currency: string, f: LinkFacts): LinkStats {
  const series = new Map<string, LinkStatsPoint>()
  for (let day = period.since; day <= period.until; day = addDays(day, 1)) series.set(day, { date: day, clicks: 0, leads: 0, sales: 0, revenueMinor: 0, earningsMinor: 0 })
  const totals = { clicks: 0, leads: 0, sales: 0, revenueMinor: 0, earningsMinor: 0 }
  const add = (day: string, key: keyof typeof totals, n: number) => {
    const point = series.get(day)
    if (!point) return
    point[key] += n
    totals[key] += n
  }
  for (const r of f.counts) (add(r.day, 'clicks', r.clicks), add(r.day, 'leads', r.leads), add(r.day, 'sales', r.sales))
  for (const r of f.sales) if (r.currency === currency) add(r.day, 'revenueMinor', r.amountMinor)
  for (const r of f.earned) if (r.currency === currency) add(r.day, 'earningsMinor', r.amountMinor)
  return { linkId, ...period, currency, ...totals, series: [...series.values()], subIds: topWithOther(f.subIds), referrers: topWithOther(f.referrers) }
}
