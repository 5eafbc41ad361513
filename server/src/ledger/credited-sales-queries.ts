// Sales as the partners they credit count them (sale-credits.ts's rule), for SQL that sums a partner's
// performance: one row per sale and credited partner, so a split sale is a row of each of its two partners,
// each with its own part of the amount and of the refunds, and none for a sale marked fraud
// (countsAsPerformance). Every figure of a partner's sales reads these rows rather than sales.partner_id.
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'

export type SalesQuery = SelectQueryBuilder<Database, 'sales', object>

/** The column naming the credited partner on one side: the sale's own partner, or a split's second. */
export type CreditedColumn = 'sales.partner_id' | 'sales.split_partner_id'

/** A credited row: the partner, and the sale as that partner counts it (amounts: the partner's parts). */
export interface CreditedRow {
  partner_id: string
  sale_id: string
  customer_id: string | null
  currency: string
  occurred_at: string
  amount_minor: number
  refunded_minor: number
}

/** A field a figure may ask of credited rows */
export type CreditedField = Exclude<keyof CreditedRow, 'partner_id'>

/** Each field's SQL on one side; the amounts are the side's part. */
const FIELDS: Record<CreditedField, (split: boolean) => string> = {
  sale_id: () => 'sales.id',
  customer_id: () => 'sales.customer_id',
  currency: () => 'sales.currency',
  occurred_at: () => 'sales.occurred_at',
  amount_minor: (split) => (split ? 'sales.split_amount_minor' : 'sales.amount_minor - sales.split_amount_minor'),
  refunded_minor: (split) => (split ? 'sales.split_refunded_minor' : 'sales.refunded_minor - sales.split_refunded_minor'),
}

/**
 * The credited rows, with partner_id and the `fields` asked for (only those: a figure then reads a covering
 * index). `narrow` filters each side on the sales table before the two are put together, so every filter
 * (a partner on `partner`, a window, `unrefunded`) finds its rows through an index.
 *
 * @example db.selectFrom(creditedSales(db, ['amount_minor'], (q, partner) => q.where(partner, '=', partnerId)).as('s')).select(sql`sum(amount_minor)`.as('gross'))
 */
export function creditedSales<F extends CreditedField>(db: Db | Tx, fields: readonly F[], narrow: (q: SalesQuery, partner: CreditedColumn) => SalesQuery = (q) => q) {
  const side = (partner: CreditedColumn) =>
    notFraud(narrow(db.selectFrom('sales'), partner)) // countsAsPerformance: a sale marked fraud credits nobody
      .where(partner, 'is not', null)
      .select([sql.ref<string>(partner).as('partner_id'), ...fields.map((f) => sql.raw(FIELDS[f](partner === 'sales.split_partner_id')).as(f))]) as unknown as SelectQueryBuilder<
      Database,
      'sales',
      Pick<CreditedRow, F | 'partner_id'>
    >
  return side('sales.partner_id').unionAll(side('sales.split_partner_id'))
}

/**
 * Sales not marked fraud: countsAsSale (sale-credits.ts) in SQL, for creditedSales and for what reads sales
 * whoever they credit (a customer's purchases).
 */
export function notFraud(q: SalesQuery): SalesQuery {
  return q.where('sales.fraud_at', 'is', null)
}

/** Sales not refunded in full: what counts as a sale, for each partner it credits alike. */
export const unrefunded = (q: SalesQuery): SalesQuery => q.whereRef('sales.refunded_minor', '<', 'sales.amount_minor')

/** A partner's net revenue over its credited rows: its parts of the amounts, less its parts of the refunds. */
export const netRevenue = sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`

/**
 * When the partner's first credited sale not marked fraud occurred (a split's second partner's too), or
 * null: whether it has made a sale at all, as every figure counts one (onboarding's first_sale).
 */
export async function firstCreditedSaleAt(db: Db | Tx, partnerId: string): Promise<string | null> {
  // Each side walks its partner index in occurred_at order and stops at the first sale not marked fraud
  // (a min over the union read all of a partner's sales: 53 ms at 300,000, on every checklist read).
  const first = (partner: CreditedColumn) =>
    notFraud(db.selectFrom('sales')).where(partner, '=', partnerId).select('sales.occurred_at').orderBy('sales.occurred_at').limit(1).executeTakeFirst()
  const at = [await first('sales.partner_id'), await first('sales.split_partner_id')].flatMap((r) => (r ? [r.occurred_at] : []))
  return at.length ? at.reduce((a, b) => (b < a ? b : a)) : null
}

/**
 * `netRevenue` of the rows in `currency` only (the rows need `currency`), for a figure that counts every row
 * but sums money: amounts in different currencies do not add up.
 */
export const netRevenueIn = (currency: string) => sql<number>`coalesce(sum(case when currency = ${currency} then amount_minor - refunded_minor else 0 end), 0)`
