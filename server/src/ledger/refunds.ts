// What a refund takes back from a commission: a proportional share, never more than what is left.
import type { CommissionStatus } from '@afflio/sdk/types'
import { share } from '../kernel/money.ts'
import { TOTAL_OF } from './totals.ts'

export interface RefundFacts {
  saleAmountMinor: number
  /** refunded before this refund */
  alreadyRefundedMinor: number
  refundMinor: number
}

/** Whether a refund's external id is a Stripe dispute's (`dp_…`, `du_…` before 2017): a chargeback, which no charge's amount_refunded counts. */
export function isChargebackId(externalId: string | null): boolean {
  return externalId !== null && /^d[pu]_/.test(externalId)
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

/**
 * What this refund claws back from a commission: its share (`reversalFor`), but never more than is left
 * of it counting its clawbacks so far. Only an override whose sale's commission was marked fraud after
 * payout has less left than its share: that clawback took the rest, and a refund takes nothing more.
 */
export function clawbackFor(
  original: { amount_minor: number; status: CommissionStatus },
  clawbacks: ReadonlyArray<{ amount_minor: number; status: CommissionStatus }>,
  f: RefundFacts,
): number {
  const left = [original, ...clawbacks].filter((c) => TOTAL_OF[c.status] !== null).reduce((sum, c) => sum + Number(c.amount_minor), 0)
  return Math.min(reversalFor(Number(original.amount_minor), f), Math.max(0, left))
}

/**
 * What a commission is owed once the sale's refunds took their share: its amount less its take-backs (the
 * rows reversing it in `family`, negative; a won dispute's give-back, positive, undoes one). The amount a
 * partner's notice announces and the console reports on approving a claim.
 */
export function owedOf(c: { id: string; amountMinor: number }, family: ReadonlyArray<{ reversesId: string | null; amountMinor: number }>): { owedMinor: number; takenMinor: number } {
  const takenMinor = -family.filter((x) => x.reversesId === c.id).reduce((sum, x) => sum + x.amountMinor, 0)
  return { owedMinor: c.amountMinor - takenMinor, takenMinor }
}
