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

/**
 * The id a won dispute is recorded under among the sale's refunds (`dp_…:won`, a refund of minus what its
 * chargeback took, 0 when the win came first): a chargeback id still (isChargebackId), so the sale's
 * chargebacks net to what Stripe kept, and the one record that makes a second win, or the chargeback
 * arriving after its win, a no-op.
 */
export function wonDisputeId(disputeId: string): string {
  return `${disputeId}:won`
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
 * What is left of a commission once its sale's refunds took their share: the commission less the clawbacks
 * of those refunds (`reversalFor` of the refunded total), nothing once the sale is refunded in full. What a
 * backtest counts of a past sale's commission, so that it says what the ledger says the partner is owed.
 *
 * @example leftAfterRefunds(667, { amountMinor: 3333, refundedMinor: 1111 }) // 445
 */
export function leftAfterRefunds(commissionMinor: number, sale: { amountMinor: number; refundedMinor: number }): number {
  return commissionMinor - reversalFor(commissionMinor, { saleAmountMinor: sale.amountMinor, alreadyRefundedMinor: 0, refundMinor: sale.refundedMinor })
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
export function owedOf(c: { id: string; amountMinor: number }, family: ReadonlyArray<{ reversesId: string | null; amountMinor: number; status: CommissionStatus }>): { owedMinor: number; takenMinor: number } {
  // Standing take-backs only, as clawbackFor and giveBackFor count them: a voided one took nothing
  const takenMinor = family.filter((x) => x.reversesId === c.id && TOTAL_OF[x.status] !== null).reduce((taken, x) => taken - x.amountMinor, 0)
  return { owedMinor: c.amountMinor - takenMinor, takenMinor }
}

/**
 * What a won dispute gives back to a commission: what the sale's chargebacks took beyond its refunds' share,
 * so that the commission is owed again what it was before the chargeback (its amount less the share of the
 * refunds that stand: `refundedMinor`, the sale's refunded total without the won dispute). Cumulative, as
 * refunds are (reversalFor): exactly what the chargeback took, by a clawback or by reversing the
 * commission, and no drift whatever refunds came between. Counting the commission's rows that stand only:
 * reversed or fraud ones count nothing.
 */
export function giveBackFor(
  original: { amount_minor: number; status: CommissionStatus },
  family: ReadonlyArray<{ amount_minor: number; status: CommissionStatus }>,
  f: { saleAmountMinor: number; refundedMinor: number },
): number {
  const standing = [original, ...family].filter((c) => TOTAL_OF[c.status] !== null).reduce((sum, c) => sum + Number(c.amount_minor), 0)
  const owed = Number(original.amount_minor) - share(Number(original.amount_minor), f.refundedMinor, f.saleAmountMinor)
  return Math.max(0, owed - standing)
}
