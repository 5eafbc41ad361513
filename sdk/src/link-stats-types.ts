// A link's performance over time and where its clicks came from: `GET /v1/portal/links/{id}/stats` (the
// partner's own links) and `GET /v1/links/{id}/stats` (any link of the program, secret key or console).
// Part of the API contract (re-exported by types.ts).
import type { Id } from './types.ts'

/**
 * `?since&until`: UTC days, both included (days only: the figures are per day; docs/api.md, "Periods");
 * default the 30 days ending `until` (default today). At most 367 days; `since` after `until` is a `400`.
 */
export interface LinkStatsQuery {
  /** First day, `YYYY-MM-DD` */
  since?: string | undefined
  /** Last day, `YYYY-MM-DD` */
  until?: string | undefined
}

export interface LinkStatsPoint {
  /** `YYYY-MM-DD` */
  date: string
  clicks: number
  /** Customers credited through the link's clicks, on the day they signed up */
  leads: number
  /** Credited sales through the link's clicks not refunded in full, on the day they were recorded */
  sales: number
  /** Those sales' amount net of refunds, in the program's currency */
  revenueMinor: number
  /** Commissions earned through the link that day, in the program's currency, as balances count them (reversed and fraud ones not) */
  earningsMinor: number
}

/**
 * One value of a breakdown: a sub-id, or a referrer's domain (`example.com`, without `www.`). `''` is
 * clicks without one; `'~other'` sums the values past the top 10 by clicks.
 */
export interface LinkBreakdownRow {
  value: string
  clicks: number
  leads: number
  /** Credited sales not refunded in full */
  sales: number
}

export interface LinkStats {
  linkId: Id
  since: string
  until: string
  /** The program's currency: the currency of `revenueMinor` and `earningsMinor` */
  currency: string
  clicks: number
  leads: number
  sales: number
  revenueMinor: number
  earningsMinor: number
  /** Every day from `since` to `until`, zeros included, oldest first */
  series: LinkStatsPoint[]
  /** By the `sub` parameter of the click, most clicks first */
  subIds: LinkBreakdownRow[]
  /** By the referring site's domain, most clicks first */
  referrers: LinkBreakdownRow[]
}
