// The partner overview, from daily rows to the API shape: periods, buckets, currencies. Pure.
import type { LedgerTotals, PartnerTierStanding, PortalEarnings, PortalInterval, PortalOverview, PortalSeriesPoint, PortalTier } from '@afflio/sdk/types'

import { addDays, DAY_MS, lastDays } from '../kernel/days.ts'
import { emptyTotals, orderByCurrency } from '../ledger/index.ts'

/** Longest period one overview covers, in days (a leap year, inclusive). */
export const MAX_PERIOD_DAYS = 367

export interface Period {
  /** `YYYY-MM-DD`, inclusive */
  from: string
  /** `YYYY-MM-DD`, inclusive */
  to: string
  interval: PortalInterval
}

/** Defaults: the 30 days ending today (UTC), by day. */
export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined; interval?: PortalInterval | undefined }, now: Date): Period {
  const to = q.to ?? now.toISOString().slice(0, 10)
  const from = q.from ?? lastDays(to, 30).from
  return { from, to, interval: q.interval ?? 'day' }
}

/** Why the period cannot be served, or null. */
export function periodProblem(p: Period): { field: 'from' | 'to'; message: string } | null {
  if (p.from > p.to) return { field: 'from', message: 'from must not be after to' }
  if (daysBetween(p.from, p.to) + 1 > MAX_PERIOD_DAYS) return { field: 'to', message: `a period covers at most ${MAX_PERIOD_DAYS} days` }
  return null
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
}

/** The start of the bucket holding `day`: itself, its ISO week's Monday, or the 1st; never before `from`. */
export function bucketOf(day: string, interval: PortalInterval, from: string): string {
  let start = day
  if (interval === 'week') {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 = Sunday
    start = addDays(day, -((dow + 6) % 7))
  } else if (interval === 'month') {
    start = `${day.slice(0, 7)}-01`
  }
  return start < from ? from : start
}

/** Daily facts, as the aggregate queries return them (`day` is `YYYY-MM-DD`). */
export interface DailyFacts {
  clicks: Array<{ day: string; n: number }>
  leads: Array<{ day: string; n: number }>
  sales: Array<{ day: string; currency: string; n: number; amountMinor: number }>
  /** what the partner's commissions earned per day and currency (those that count towards a balance) */
  earned: Array<{ day: string; currency: string; amountMinor: number }>
  /** the period's commissions by status now, per currency */
  earnings: LedgerTotals[]
}

/** The partner's standing on a tiered rule, as the portal shows it. */
export function toPortalTier(s: PartnerTierStanding): PortalTier {
  const value = s.tier?.value ?? s.baseValue
  return {
    name: s.tier?.name ?? null,
    ...(s.type === 'percent' ? { rateBps: value } : { amountMinor: value, currency: s.currency! }),
    metric: s.metric,
    period: s.period,
    progress: { current: s.current, nextThreshold: s.next?.from ?? null, nextName: s.next?.name ?? null },
  }
}

/** Assembles the overview. `currency` is the program's: it leads `earnings` and measures revenue. */
export function buildOverview(p: Period, currency: string, facts: DailyFacts, tier: PortalTier | null = null): PortalOverview {
  const series = new Map<string, PortalSeriesPoint>()
  for (let day = p.from; day <= p.to; day = addDays(day, 1)) {
    const date = bucketOf(day, p.interval, p.from)
    if (!series.has(date)) series.set(date, { date, clicks: 0, leads: 0, sales: 0, earningsMinor: 0 })
  }
  const point = (day: string) => series.get(bucketOf(day, p.interval, p.from))

  let clicks = 0
  let leads = 0
  let sales = 0
  let revenueMinor = 0
  for (const r of facts.clicks) {
    clicks += r.n
    const pt = point(r.day)
    if (pt) pt.clicks += r.n
  }
  for (const r of facts.leads) {
    leads += r.n
    const pt = point(r.day)
    if (pt) pt.leads += r.n
  }
  for (const r of facts.sales) {
    sales += r.n
    if (r.currency === currency) revenueMinor += r.amountMinor
    const pt = point(r.day)
    if (pt) pt.sales += r.n
  }
  // The period's earnings by status now, the program's currency always present.
  const earnings: PortalEarnings[] = facts.earnings.some((e) => e.currency === currency) ? facts.earnings : [emptyTotals(currency), ...facts.earnings]
  for (const r of facts.earned) {
    const pt = point(r.day)
    if (pt && r.currency === currency) pt.earningsMinor += r.amountMinor
  }

  return {
    from: p.from,
    to: p.to,
    interval: p.interval,
    currency,
    earnings: orderByCurrency(earnings, currency),
    clicks,
    leads,
    sales,
    revenueMinor,
    conversionRate: clicks === 0 ? 0 : sales / clicks,
    series: [...series.values()],
    tier,
  }
}
