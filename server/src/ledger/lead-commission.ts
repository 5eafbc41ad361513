// A customer's lead commission, written: credited once per customer (lead-rules.ts leadCredited), and moved
// with the customer when the server takes it over from browsers (lead-rules.ts takenLeadStep), the take-over
// recorded in the audit log.
import type { AuditActor } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { linkOfClick } from '../stats/index.ts'
import type { TakenFrom } from '../tracking/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { leadStatuses, ledgerShare, lockCommissionFamily, reverseUnpaid, standingLead } from './commission-queries.ts'
import type { ReadCommission } from './commission-rows.ts'
import { toCommission } from './conversions.ts'
import { creditCommission } from './credit-commission.ts'
import { leadCredited, takenLeadStep } from './lead-rules.ts'
import { extended } from '../kernel/extended.ts'

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
 * The lead of a customer the server has just taken over from browsers (its new partner set; `from`: the
 * partner and click the browsers had given it), decided under ledgerShare and the lead family's locks, as a
 * refund is (a payout run covered it first, or waits): an unpaid lead commission of another partner is
 * reversed with its override (a `commission.reversed` event each), and the new partner credited
 * (takenLeadStep). A take-over that changed the customer's partner is recorded in the audit log
 * (`customer.taken_over`: from which partner and click to which, and the commissions reversed), by `actor`,
 * the caller whose lead or sale named the click (Afflio itself for a Stripe event). `now`: the clock, not a
 * sale's occurredAt (the lead earns its holding period from now).
 */
export async function leadAfterTakeOver(tx: Tx, program: ProgramRow, customer: LeadCustomer, from: TakenFrom, now: Date, actor: AuditActor = SYSTEM): Promise<void> {
  const reversed = await moveLeadCommission(tx, program, customer, now)
  if (from.partnerId === customer.partner_id) return // the same partner's click: nothing moved
  await recordAudit(tx, program.id, { actor, at: now }, {
    action: 'customer.taken_over',
    subject: { type: 'customer', id: customer.id },
    before: { partnerId: from.partnerId, clickId: from.clickId },
    after: { partnerId: customer.partner_id, clickId: customer.click_id, ...(reversed.length && { reversed }) },
  })
}

/** takenLeadStep done: the ids of the commissions it reversed. */
async function moveLeadCommission(tx: Tx, program: ProgramRow, customer: LeadCustomer, now: Date): Promise<string[]> {
  const standing = await standingLead(tx, customer.id)
  let family: ReadCommission[] = []
  if (standing) {
    await ledgerShare(tx, program.id)
    family = await lockCommissionFamily(tx, program.id, standing.id)
  }
  const lead = family.find((c) => c.id === standing?.id)
  const step = takenLeadStep(lead ? extended(lead, { inPayout: family.some((c) => c.payout_id !== null) }) : null, customer.partner_id)
  if (step === 'keep') return []
  let live: ReadCommission[] = []
  if (lead && (step === 'move' || step === 'reverse')) {
    live = family.filter((c) => c.status !== 'reversed' && c.status !== 'fraud')
    const at = now.toISOString()
    await reverseUnpaid(tx, live.map((c) => c.id), at)
    for (const c of live) await emitEvent(tx, program.id, 'commission.reversed', toCommission({ ...c, status: 'reversed', updated_at: at }), now)
  }
  await creditLeadOnce(tx, program, customer, now)
  return live.map((c) => c.id)
}
