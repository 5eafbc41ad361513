// What a backtest reads: the program's partners (placement and recruiter), and its credited sales of a
// period a page at a time, oldest first, with the first payment of each renewal's subscription.
import type { Db } from '../kernel/db/connect.ts'

export interface BacktestSaleRow {
  id: string
  partner_id: string
  customer_id: string | null
  product_id: string | null
  amount_minor: number
  refunded_minor: number
  currency: string
  payment_number: number | null
  occurred_at: string
  first_payment_at: string | null
}

/** The program's partners as pricing reads them (ledger/partner-queries.ts's lockPartnerForPricing), unlocked: a backtest writes nothing. */
export function pricingPartners(db: Db, programId: string) {
  return db.selectFrom('partners').select(['id', 'group_id', 'referred_by_id', 'status', 'tier_override']).where('program_id', '=', programId).execute()
}

/**
 * Credited sales that occurred in [from, to], after `after` (keyset: occurred_at, then id), oldest first,
 * at most `limit`. Through the (program_id, occurred_at) index.
 */
export function creditedSalesPage(db: Db, programId: string, from: string, to: string, after: { occurredAt: string; id: string } | null, limit: number): Promise<BacktestSaleRow[]> {
  return db
    .selectFrom('sales as s')
    .select(['s.id', 's.customer_id', 's.product_id', 's.amount_minor', 's.refunded_minor', 's.currency', 's.payment_number', 's.occurred_at'])
    .select((eb) => eb.ref('s.partner_id').$notNull().as('partner_id'))
    .select((eb) =>
      eb
        .case()
        .when('s.payment_number', '>', 1)
        .then(eb.selectFrom('sales as f').select((f) => f.fn.min<string>('f.occurred_at').as('m')).where('f.program_id', '=', programId).whereRef('f.subscription_id', '=', 's.subscription_id'))
        .else(null)
        .end()
        .as('first_payment_at'),
    )
    .where('s.program_id', '=', programId)
    .where('s.partner_id', 'is not', null)
    .where('s.occurred_at', '>=', from)
    .where('s.occurred_at', '<=', to)
    // The range first (the index seeks to it), then the tie-break within the instant of the page's last sale
    .$if(after !== null, (q) => q.where('s.occurred_at', '>=', after!.occurredAt).where((eb) => eb.or([eb('s.occurred_at', '>', after!.occurredAt), eb('s.id', '>', after!.id)])))
    .orderBy('s.occurred_at')
    .orderBy('s.id')
    .limit(limit)
    .execute()
}
