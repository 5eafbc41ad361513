// What a backtest reads: the program's partners (placement and recruiter), and its credited sales of a
// period (but those marked fraud) a page at a time, oldest first, with the first payment of each renewal's
// subscription, the partner of its coupon code, and how the ledger split the sales it shared.
import type { CommissionReasonSplit } from '@afflio/sdk/types'
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
  /** The partner of the coupon code the sale matched; with another partner than the sale's, it may have shared the sale */
  code_partner_id: string | null
  /** A split sale's second partner and its parts of the amount and the refunds, as the sale stores them (sale-credits.ts) */
  split_partner_id: string | null
  split_amount_minor: number
  split_refunded_minor: number
}

/** The program's partners as pricing reads them (ledger/partner-queries.ts's lockPartnerForPricing), unlocked: a backtest writes nothing; and their names. */
export function pricingPartners(db: Db, programId: string) {
  return db.selectFrom('partners').select(['id', 'group_id', 'referred_by_id', 'status', 'tier_override', 'name', 'email']).where('program_id', '=', programId).execute()
}

/**
 * The click partner's share (basis points) of each sale among `saleIds` that the ledger split between a
 * click's and a code's partner, as the sale's commissions record it (their reason's `split`): the policy
 * then, whatever it is now.
 */
export async function recordedSplits(db: Db, programId: string, saleIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (saleIds.length === 0) return out
  const rows = await db
    .selectFrom('commissions')
    .select(['sale_id', 'reason_data'])
    .where('sale_id', 'in', saleIds)
    .where('program_id', '=', programId)
    .where('kind', 'in', ['sale', 'recurring'])
    .execute()
  for (const r of rows) {
    const split = r.reason_data ? (JSON.parse(r.reason_data) as { split?: CommissionReasonSplit }).split : undefined
    if (split) out.set(r.sale_id!, split.via === 'click' ? split.shareBps : 10_000 - split.shareBps)
  }
  return out
}

/**
 * Credited sales that occurred in [from, to], after `after` (keyset: occurred_at, then id), oldest first,
 * at most `limit`: those that count as performance (sale-credits.ts countsAsPerformance, in SQL: credited,
 * and not marked fraud, which pays nothing and counts in no tier). Through the (program_id, occurred_at) index.
 */
export function creditedSalesPage(db: Db, programId: string, from: string, to: string, after: { occurredAt: string; id: string } | null, limit: number): Promise<BacktestSaleRow[]> {
  return db
    .selectFrom('sales as s')
    .leftJoin('coupon_codes as cc', 'cc.id', 's.coupon_code_id')
    .select(['s.id', 's.customer_id', 's.product_id', 's.amount_minor', 's.refunded_minor', 's.currency', 's.payment_number', 's.occurred_at', 'cc.partner_id as code_partner_id', 's.split_partner_id', 's.split_amount_minor', 's.split_refunded_minor'])
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
    // countsAsPerformance
    .where('s.partner_id', 'is not', null)
    .where('s.fraud_at', 'is', null)
    .where('s.occurred_at', '>=', from)
    .where('s.occurred_at', '<=', to)
    // The range first (the index seeks to it), then the tie-break within the instant of the page's last sale
    .$if(after !== null, (q) => q.where('s.occurred_at', '>=', after!.occurredAt).where((eb) => eb.or([eb('s.occurred_at', '>', after!.occurredAt), eb('s.id', '>', after!.id)])))
    .orderBy('s.occurred_at')
    .orderBy('s.id')
    .limit(limit)
    .execute()
}
