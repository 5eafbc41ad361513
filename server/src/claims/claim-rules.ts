// Missing-commission claims, decided: how a claim moves, and how an approval credits it. Pure.
import type { ClaimStatus } from '@afflio/sdk/types'

/** pending → approved | rejected; a decided claim stays decided. */
export function claimTransition(from: ClaimStatus, action: 'approve' | 'reject'): { to: ClaimStatus } | { error: string } {
  if (from === 'pending') return { to: action === 'approve' ? 'approved' : 'rejected' }
  return { error: `This claim was already ${from}` }
}

/** A recorded sale's partners: the one attribution chose, and a split sale's coupon-code partner (sales.split_partner_id). */
export interface CreditedSale {
  partnerId: string | null
  splitPartnerId: string | null
}

/**
 * Who got the sale, seen from the claim's partner: the evidence shows it and the approval goes by it. A split
 * sale is its code partner's too, who already earned a share of it.
 */
export function saleCredited(sale: CreditedSale, claimPartnerId: string): 'claimant' | 'other_partner' | 'nobody' {
  if (sale.partnerId === null) return 'nobody'
  return sale.partnerId === claimPartnerId || sale.splitPartnerId === claimPartnerId ? 'claimant' : 'other_partner'
}

/**
 * How an approval credits the claim's partner:
 * - `credit_sale`: the sale is recorded and no partner got it: credit it to the claim's partner through
 *   the ledger, whose rules price it unless the program set an `amount`, which then wins. Either way the
 *   sale is the partner's after, so a late click and other claims find it credited, not free to pay again;
 * - `amount`: the program's amount, as a commission of its own (on the sale when one is recorded and
 *   another partner got it, or without a sale);
 * - an error: the partner already got the sale (`saleCredited`), or there is no amount to pay.
 */
export type ApprovalPlan =
  | { by: 'credit_sale'; amount: { amountMinor: number; currency: string } | null }
  | { by: 'amount'; amountMinor: number; currency: string }
  | { error: string; field: string; status: 400 | 409 }

export function approvalPlan(
  sale: CreditedSale | null,
  claimPartnerId: string,
  input: { amountMinor?: number | undefined; currency?: string | undefined },
  programCurrency: string,
): ApprovalPlan {
  if (sale && saleCredited(sale, claimPartnerId) === 'claimant') return { error: 'The sale is already credited to this partner', field: 'invoiceId', status: 409 }
  const amount = input.amountMinor === undefined ? null : { amountMinor: input.amountMinor, currency: input.currency ?? programCurrency }
  if (sale && sale.partnerId === null) return { by: 'credit_sale', amount }
  if (amount) return { by: 'amount', ...amount }
  return {
    error: sale ? 'Another partner was credited with this sale: give the amount to pay this partner' : 'No sale with this invoice id is recorded: give the amount to pay',
    field: 'amountMinor',
    status: 400,
  }
}

/** What the partner is told when the program decides. */
export function claimNotice(c: { invoiceId: string; status: 'approved' | 'rejected'; reason: string | null }): { subject: string; body: string } {
  return c.status === 'approved'
    ? { subject: `Claim approved: order ${c.invoiceId}`, body: `Your claim for order ${c.invoiceId} was approved.` }
    : { subject: `Claim not approved: order ${c.invoiceId}`, body: `Your claim for order ${c.invoiceId} was not approved: ${c.reason}` }
}
