import { sql } from 'kysely'
import type { Db, Tx } from '../db/connect.ts'
import { nextTier, periodStart, type Rule, tierFor } from '../domain/commission-rules.ts'

/**
 * A partner's performance on the rule's metric in the period containing `at`, counting only what came
 * before `at` (pricing a sale) or up to it (standing now): credited sales not fully refunded.
 * Paid customers are distinct buyers.
 */
export async function tierMetric(db: Db | Tx, partnerId: string, rule: Pick<Rule, 'tierMetric' | 'tierPeriod'>, at: string, upTo: '<' | '<=' = '<'): Promise<number> {
  if (!rule.tierMetric) return 0
  let q = db
    .selectFrom('sales')
    .where('partner_id', '=', partnerId)
    .where('occurred_at', upTo, at)
    .whereRef('refunded_minor', '<', 'amount_minor')
  const start = periodStart(rule.tierPeriod, at)
  if (start) q = q.where('occurred_at', '>=', start)
  const row = await q
    .select([
      sql<number>`count(distinct coalesce(customer_id, id))`.as('customers'),
      sql<number>`count(*)`.as('sales'),
      sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('revenue'),
    ])
    .executeTakeFirstOrThrow()
  const value = rule.tierMetric === 'paid_customers' ? row.customers : rule.tierMetric === 'sales' ? row.sales : row.revenue
  return Number(value)
}

export interface TierStanding {
  ruleId: string | null
  metric: Rule['tierMetric']
  current: number
  tier: { name: string; value: number; from: number } | null
  next: { name: string; value: number; from: number } | null
}

/** Where a partner stands on a tiered rule now: its tier and the next one up. */
export async function tierStanding(db: Db | Tx, partnerId: string, rule: Rule, now: Date): Promise<TierStanding> {
  const current = await tierMetric(db, partnerId, rule, now.toISOString(), '<=')
  return { ruleId: rule.id, metric: rule.tierMetric, current, tier: tierFor(rule.tiers, current), next: nextTier(rule.tiers, current) }
}
