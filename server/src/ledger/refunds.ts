// What a refund takes back from a commission: a proportional share, never more than what is left.
import { share } from '../kernel/money.ts'

export interface RefundFacts {
  saleAmountMinor: number
  /** refunded before this refund */
  alreadyRefundedMinor: number
  refundMinor: number
}

/** The refund amount actually applied: capped at what remains refundable. */
export function refundable({ saleAmountMinor, alreadyRefundedMinor, refundMinor }: RefundFacts): number {
  return Math.max(0, Math.min(refundMinor, saleAmountMinor - alreadyRefundedMinor))
}

/**
 * How much of a commission this refund reverses. Computed on the cumulative refund so that
 * rounding never drifts: after a full refund, the reversals sum to exactly the commission.
 */
export function reversalFor(commissionMinor: number, f: RefundFacts): number {
  const applied = refundable(f)
  const before = share(commissionMinor, f.alreadyRefundedMinor, f.saleAmountMinor)
  const after = share(commissionMinor, f.alreadyRefundedMinor + applied, f.saleAmountMinor)
  return after - before
}
