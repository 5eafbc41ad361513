import { sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { creditedSales, netRevenueIn, type SalesQuery, unrefunded } from './credited-sales-queries.ts'

export interface TierCounts {
  /** distinct buyers (a sale without a customer counts as its own) */
  customers: number
  sales: number
  /** minor units, net of refunds, of the sales in the currency asked for (the program's) only: amounts in other currencies do not add up */
  revenue: number
}

const FIELDS = ['sale_id', 'customer_id', 'currency', 'amount_minor', 'refunded_minor'] as const

/** Every sale counts as a sale and a buyer; only those in `currency` add to revenue. */
const counted = (currency: string) =>
  [
    sql<number>`count(distinct coalesce(customer_id, sale_id))`.as('customers'),
    sql<number>`count(*)`.as('sales'),
    netRevenueIn(currency).as('revenue'),
  ] as const

const toCounts = (r: { customers: number | string; sales: number | string; revenue: number | string }): TierCounts => ({ customers: Number(r.customers), sales: Number(r.sales), revenue: Number(r.revenue) })

/** Credited sales not fully refunded, occurred in [`from`, `at`] (`from` null: since ever). */
const inPeriod = (q: SalesQuery, at: string, from: string | null) => {
  const upTo = unrefunded(q).where('sales.occurred_at', '<=', at)
  return from ? upTo.where('sales.occurred_at', '>=', from) : upTo
}

/**
 * A partner's credited sales (credited-sales-queries.ts: a split sale is each of its partners') not fully refunded,
 * occurred in [`from`, `at`] (`from` null: since ever), other than `excludeSaleId`: counted three ways,
 * for tier metrics (tier-metric.ts); revenue in `currency` (the program's) only.
 */
export async function tierCounts(db: Db | Tx, partnerId: string, currency: string, at: string, from: string | null, excludeSaleId: string | null): Promise<TierCounts> {
  const rows = creditedSales(db, FIELDS, (q, partner) => {
    const own = inPeriod(q.where(partner, '=', partnerId), at, from)
    return excludeSaleId ? own.where('sales.id', '!=', excludeSaleId) : own
  })
  return toCounts(await db.selectFrom(rows.as('s')).select(counted(currency)).executeTakeFirstOrThrow())
}

/** `tierCounts` for every partner of the program with a credited sale in the period, at once. */
export async function tierCountsByPartner(db: Db | Tx, programId: string, currency: string, at: string, from: string | null): Promise<Map<string, TierCounts>> {
  const rows = creditedSales(db, FIELDS, (q) => inPeriod(q.where('sales.program_id', '=', programId), at, from))
  const out = await db.selectFrom(rows.as('s')).select(['partner_id', ...counted(currency)]).groupBy('partner_id').execute()
  return new Map(out.map((r) => [r.partner_id, toCounts(r)]))
}
