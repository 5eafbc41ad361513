// The partner overview, from daily rows to the API shape: periods, buckets, currencies. Pure.
import type { CommissionStatus, PartnerTierStanding, PortalEarnings, PortalInterval, PortalOverview, PortalSeriesPoint, PortalTier } from '@afflio/sdk/types'

const DAY_MS = 86_400_000
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
  const from = q.from ?? addDays(to, -29)
  return { from, to, interval: q.interval ?? 'day' }
}

/** Why the period cannot be served, or null. */
export function periodProblem(p: Period): { field: 'from' | 'to'; message: string } | null {
  if (p.from > p.to) return { field: 'from', message: 'from must not be after to' }
  if (daysBetween(p.from, p.to) + 1 > MAX_PERIOD_DAYS) return { field: 'to', message: `a period covers at most ${MAX_PERIOD_DAYS} days` }
  return null
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
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
  commissions: Array<{ day: string; currency: string; status: CommissionStatus; amountMinor: number }>
}

/** Where a commission counts for the partner: on hold is still pending; reversed and fraud not at all. */
export function earningsBucket(status: CommissionStatus): 'pendingMinor' | 'approvedMinor' | 'paidMinor' | null {
  switch (status) {
    case 'pending':
    case 'on_hold':
      return 'pendingMinor'
    case 'approved':
      return 'approvedMinor'
    case 'paid':
      return 'paidMinor'
    default:
      return null
  }
}

/** Statuses that never count as earnings: the queries leave them out. */
export const NOT_EARNED: CommissionStatus[] = ['reversed', 'fraud']

/** The partner's standing on a tiered rule, as the portal shows it. */
export function toPortalTier(s: PartnerTierStanding): PortalTier {
  const value = s.tier?.value ?? s.baseValue
  return {
    name: s.tier?.name ?? null,
    ...(s.type === 'percent' ? { rateBps: value } : { amountMinor: value }),
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
  const earnings = new Map<string, PortalEarnings>([[currency, emptyEarnings(currency)]])
  for (const r of facts.commissions) {
    const bucket = earningsBucket(r.status)
    if (!bucket) continue
    const e = earnings.get(r.currency) ?? emptyEarnings(r.currency)
    earnings.set(r.currency, e)
    e[bucket] += r.amountMinor
    const pt = point(r.day)
    if (pt && r.currency === currency) pt.earningsMinor += r.amountMinor
  }

  return {
    from: p.from,
    to: p.to,
    interval: p.interval,
    currency,
    earnings: orderByCurrency([...earnings.values()], currency),
    clicks,
    leads,
    sales,
    revenueMinor,
    conversionRate: clicks === 0 ? 0 : sales / clicks,
    series: [...series.values()],
    tier,
  }
}

function emptyEarnings(currency: string): PortalEarnings {
  return { pendingMinor: 0, approvedMinor: 0, paidMinor: 0, currency }
}

/** The program's currency first, the others alphabetically. */
export function orderByCurrency<T extends { currency: string }>(rows: T[], first: string): T[] {
  return rows.sort((a, b) => (a.currency === first ? -1 : b.currency === first ? 1 : a.currency.localeCompare(b.currency)))
}
