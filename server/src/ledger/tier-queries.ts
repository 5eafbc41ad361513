import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'

export interface TierCounts {
  /** distinct buyers (a sale without a customer counts as its own) */
  customers: number
  sales: number
  /** minor units, net of refunds */
  revenue: number
}

/**
 * A partner's credited sales not fully refunded, occurred in [`from`, `at`] (`from` null: since ever),
 * other than `excludeSaleId`: counted three ways, for tier metrics (tier-metric.ts).
 */
export async function tierCounts(db: Db | Tx, partnerId: string, at: string, from: string | null, excludeSaleId: string | null): Promise<TierCounts> {
  let q = db
    .selectFrom('sales')
    .where('partner_id', '=', partnerId)
    .where('occurred_at', '<=', at)
    .whereRef('refunded_minor', '<', 'amount_minor')
  if (excludeSaleId) q = q.where('id', '!=', excludeSaleId)
  if (from) q = q.where('occurred_at', '>=', from)
  const row = await q
    .select([
      sql<number>`count(distinct coalesce(customer_id, id))`.as('customers'),
      sql<number>`count(*)`.as('sales'),
      sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('revenue'),
    ])
    .executeTakeFirstOrThrow()
  return { customers: Number(row.customers), sales: Number(row.sales), revenue: Number(row.revenue) }
}
