import type { Db, Tx } from '../kernel/db/connect.ts'
import { nextTier, periodStart, type Rule, tierInForce } from './rules.ts'
import { type TierCounts, tierCounts, tierCountsByPartner } from './tier-queries.ts'

/**
 * A partner's performance on the rule's metric in the period containing `at`, up to `at`: credited
 * sales not fully refunded, other than the sale being priced (`excludeSaleId`). Paid customers are
 * distinct buyers; revenue is of the sales in `currency` (the program's, which tier thresholds are in) only.
 * Sales at the same instant count as earlier: pricing runs under the partner's lock
 * (see creditCommission), so what is visible was recorded first.
 */
export async function tierMetric(db: Db | Tx, partnerId: string, rule: Pick<Rule, 'tierMetric' | 'tierPeriod'>, currency: string, at: string, excludeSaleId: string | null = null): Promise<number> {
  if (!rule.tierMetric) return 0
  return metricOf(rule, await tierCounts(db, partnerId, currency, at, periodStart(rule.tierPeriod, at), excludeSaleId))
}

/** `tierMetric` for every partner of the program at once, up to and including `at`; partners without sales are absent. */
export async function tierMetrics(db: Db | Tx, program: { id: string; currency: string }, rule: Pick<Rule, 'tierMetric' | 'tierPeriod'>, at: string): Promise<Map<string, number>> {
  const counts = await tierCountsByPartner(db, program.id, program.currency, at, periodStart(rule.tierPeriod, at))
  return new Map([...counts].map(([partnerId, c]) => [partnerId, metricOf(rule, c)]))
}

function metricOf(rule: Pick<Rule, 'tierMetric'>, c: TierCounts): number {
  return rule.tierMetric === 'paid_customers' ? c.customers : rule.tierMetric === 'sales' ? c.sales : rule.tierMetric === 'revenue' ? c.revenue : 0
}

export interface TierStanding {
  ruleId: string | null
  metric: Rule['tierMetric']
  current: number
  tier: { name: string; value: number; from: number } | null
  next: { name: string; value: number; from: number } | null
}

/** Where a partner stands on a tiered rule now (revenue in `currency`, the program's): the tier in force (a pinned one wins) and the next one up. */
export async function tierStanding(db: Db | Tx, partnerId: string, rule: Rule, currency: string, now: Date, pinned: string | null = null): Promise<TierStanding> {
  const current = await tierMetric(db, partnerId, rule, currency, now.toISOString())
  const tier = tierInForce(rule.tiers, current, pinned)
  return { ruleId: rule.id, metric: rule.tierMetric, current, tier, next: nextTier(rule.tiers, current, tier) }
}
