// Which partners a sale credits, and what each one counts of it: the one rule behind every figure of a
// partner's performance (challenges, tiers, segments, the partner list, the rollups and the portal). Pure.
//
// Who: the partner attribution chose (sales.partner_id) and, when a click of one partner and a code of
// another split the sale (tracking's creditSale under the `split` policy), the code's partner as well
// (sales.split_partner_id). What: each credited partner counts the sale once (a sale, a paying customer);
// its revenue is its share of the amount, the click side's share rounded by the one rule and the code side
// the rest (split.ts shareBetween), so the two always sum to the sale's amount; refunds are shared in the
// same proportion, so a sale refunded in full is refunded in full for both. The parts are stored on the
// sale when it is credited, so a later change of the coupon policy changes no history; queries read them
// through credited-sales-queries.ts. A sale marked fraud (one of its partners' own commissions was:
// holds.ts marksSaleFraud, stored as sales.fraud_at) credits no partner: it counts nowhere as performance,
// neither as a sale nor as revenue, for either partner of a split.
import { share } from '../kernel/money.ts'
import type { SaleTable } from '../kernel/db/schema.ts'
import type { SaleCredit } from '../tracking/index.ts'
import { shareBetween } from './split.ts'

export type SplitColumns = Pick<SaleTable, 'split_partner_id' | 'split_amount_minor' | 'split_refunded_minor'>

/** What a sale stores of creditSale's answer: its second partner, if any, and that partner's parts. */
export function splitColumns(credits: readonly SaleCredit[], amountMinor: number, refundedMinor: number): SplitColumns {
  const [click, code] = credits
  if (!click || !code) return { split_partner_id: null, split_amount_minor: 0, split_refunded_minor: 0 }
  const part = shareBetween(amountMinor, click.shareBps).codeMinor
  return { split_partner_id: code.partnerId, split_amount_minor: part, split_refunded_minor: splitRefunded({ amount_minor: amountMinor, split_amount_minor: part }, refundedMinor) }
}

/** The second partner's part of a sale's refunded total: in proportion to its part of the amount. */
export function splitRefunded(sale: Pick<SaleTable, 'amount_minor' | 'split_amount_minor'>, refundedMinor: number): number {
  return share(refundedMinor, Number(sale.split_amount_minor), Number(sale.amount_minor))
}

/** One credited partner's count of a sale. */
export interface SaleShare {
  partnerId: string
  /** The click it was credited through: the sale's, for its first partner; none for a split's second */
  clickId: string | null
  amountMinor: number
  refundedMinor: number
  /** true for a split's second partner: the sale is its first partner's too, and is counted once in a program's totals */
  shared: boolean
}

type CountedSale = Pick<SaleTable, 'partner_id' | 'click_id' | 'amount_minor' | 'refunded_minor' | 'split_partner_id' | 'split_amount_minor' | 'split_refunded_minor' | 'fraud_at'>

/**
 * Whether a sale counts at all: not marked fraud. A sale marked fraud is nobody's sale: no partner's
 * performance (countsAsPerformance) and no customer's purchase (the customers lists), whoever it credited.
 * Its SQL form is credited-sales-queries.ts's notFraud (creditedSales applies it).
 */
export function countsAsSale(sale: Pick<SaleTable, 'fraud_at'>): boolean {
  return sale.fraud_at === null
}

/**
 * Whether a sale counts in any partner's performance (tiers, challenges, segments, the partner list, the
 * rollups behind every overview): credited to a partner and not marked fraud. Whether it counts as a sale
 * as well (not refunded in full) is the figures' own: its money stays counted, net of refunds, until then.
 * Its SQL forms are credited-sales-queries.ts's creditedSales and backtest-queries.ts's creditedSalesPage.
 */
export function countsAsPerformance(sale: Pick<SaleTable, 'partner_id' | 'fraud_at'>): boolean {
  return sale.partner_id !== null && countsAsSale(sale)
}

/**
 * Every partner the sale credits with what it counts, the sale's own partner first; none for a sale nobody
 * was credited with, nor for one marked fraud (`countsAsPerformance`).
 *
 * @example saleShares({ partner_id: 'A', click_id: 'c', amount_minor: 1001, refunded_minor: 0, split_partner_id: 'B', split_amount_minor: 500, split_refunded_minor: 0, fraud_at: null })
 * // [{ partnerId: 'A', clickId: 'c', amountMinor: 501, refundedMinor: 0, shared: false }, { partnerId: 'B', clickId: null, amountMinor: 500, refundedMinor: 0, shared: true }]
 */
export function saleShares(sale: CountedSale): SaleShare[] {
  if (!countsAsPerformance(sale) || !sale.partner_id) return []
  const [part, refundedPart] = [Number(sale.split_amount_minor), Number(sale.split_refunded_minor)]
  const own = { partnerId: sale.partner_id, clickId: sale.click_id, amountMinor: Number(sale.amount_minor) - part, refundedMinor: Number(sale.refunded_minor) - refundedPart, shared: false }
  if (!sale.split_partner_id) return [own]
  return [own, { partnerId: sale.split_partner_id, clickId: null, amountMinor: part, refundedMinor: refundedPart, shared: true }]
}
