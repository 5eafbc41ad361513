// A customer's lead commission, written: credited once per customer (lead-rules.ts leadCredited), and moved
// with the customer when the server takes it over from browsers (lead-rules.ts takenLeadStep).
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { linkOfClick } from '../stats/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { leadStatuses, ledgerShare, lockCommissionFamily, reverseUnpaid, standingLead } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { creditCommission } from './credit-commission.ts'
import { leadCredited, takenLeadStep } from './lead-rules.ts'

/** The customer as a lead commission reads it: its partner, the click that gave it, and the email the fraud rules weigh. */
export interface LeadCustomer {
  id: string
  partner_id: string | null
  click_id: string | null
  email: string | null
}

/** Credits the customer's partner a lead commission, if a lead rule pays one and the customer's lead is not paid for already. */
export async function creditLeadOnce(tx: Tx, program: ProgramRow, customer: LeadCustomer, now: Date): Promise<void> {
  if (!customer.partner_id) return
  if (leadCredited(await leadStatuses(tx, customer.id))) return
  const at = now.toISOString()
  await creditCommission(tx, program, {
    event: 'lead',
    partnerId: customer.partner_id,
    saleId: null,
    clickId: customer.click_id,
    linkId: await linkOfClick(tx, customer.click_id),
    customerId: customer.id,
    customerEmail: customer.email,
    amountMinor: 0,
    currency: program.currency,
    productId: null,
    paymentNumber: 1,
    firstPaymentAt: at,
    occurredAt: at,
  }, now)
}

/**
 * The lead of a customer the server has just taken over from browsers (its new partner set): an unpaid lead
 * commission of another partner is reversed with its override (one `commission.reversed` event each), and
 * the new partner credited (takenLeadStep).
 */
export async function leadAfterTakeOver(tx: Tx, program: ProgramRow, customer: LeadCustomer, now: Date): Promise<void> {
  const lead = await standingLead(tx, customer.id)
  const step = takenLeadStep(lead, customer.partner_id)
  if (step === 'keep') return
  if (lead && (step === 'move' || step === 'reverse')) {
    // Under ledgerShare and the family's locks, as a refund: a payout run either covered it first (then it
    // is no longer unpaid, and stands) or waits for this.
    await ledgerShare(tx, program.id)
    const family = await lockCommissionFamily(tx, program.id, lead.id)
    if (family.some((c) => c.payout_id !== null)) return
    const live = family.filter((c) => c.status !== 'reversed' && c.status !== 'fraud')
    const at = now.toISOString()
    await reverseUnpaid(tx, live.map((c) => c.id), at)
    for (const c of live) await emitEvent(tx, program.id, 'commission.reversed', toCommission({ ...c, status: 'reversed', updated_at: at }), now)
  }
  await creditLeadOnce(tx, program, customer, now)
}
