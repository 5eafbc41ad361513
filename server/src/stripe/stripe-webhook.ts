// Incoming Stripe events (already verified by the route): leads, sales, refunds, chargebacks and their wins, once each.
import type { TrackSaleInput } from '@afflio/sdk/types'
import type { z } from 'zod'
import type { Db } from '../kernel/db/connect.ts'
import { interpretStripeEvent, StripeEventShapeError, type StripeEventEnvelope, type StripeIntent } from './events.ts'
import { discountCode } from './discount-code.ts'
import { ApiError, badRequest, conflict } from '../kernel/http/errors.ts'
import { parse } from '../kernel/http/validate.ts'
import type { StripeEndpoint } from '../kernel/stripe-api.ts'
import type { ProgramRow } from '../programs/index.ts'
import { recordLead, trackingSchemas } from '../tracking/index.ts'
import { chargebackMinor, ledgerSchemas, recordChargebackWon, recordRefund } from '../ledger/index.ts'
import { fillPaymentId, recordSale, subscriptionPayments } from '../ledger/index.ts'
import { clickExists, markStripeEvent, salesByInvoiceId, salesByPaymentId, stripeEventSeen } from './queries.ts'

/** The webhook's answer. Stripe only reads the status; the body shows in its delivery log. */
export interface StripeWebhookResult {
  received: true
  /** this event id was processed before: nothing was done */
  duplicate?: true
  /** nothing to record for this event (see reason) */
  ignored?: true
  reason?: string
  customerId?: string
  saleId?: string
  /**
   * Discounts the event names by id alone that Afflio could not look up (no Stripe key, or Stripe refused):
   * the sale is recorded without their code, and the event is not remembered, so resending it credits the code
   */
  discountUnresolved?: string
  /** the payment (payment_intent) now known for the sale */
  paymentId?: string | null
  commissionId?: string | null
  refundedMinor?: number
}

type Outcome = { result: StripeWebhookResult; mark: boolean }

/**
 * Applies one Stripe event to the program's ledger, at most once per event id.
 *
 * Why process first and mark after, not both in one transaction: the sale, lead and refund services open
 * their own transactions (they must, to stay race-safe for direct API callers), so the mark cannot share
 * one with them. Marking first would turn a failure halfway into a lost event (Stripe's retry would be
 * answered "duplicate"). Marking after means a failure leaves the event unmarked and Stripe's retry runs it
 * again; what ran before the failure is idempotent by key (sale: invoiceId; refund: refundId, the Stripe
 * refund/dispute id; customer: its external id; a sale's payment id is only ever filled in once), so running
 * it twice records it once. The same holds when two deliveries of one event race past the check.
 *
 * @example
 * await handleStripeEvent(db, program, { id: 'evt_1', type: 'invoice.paid', created: 1767225600, object: invoice }, new Date())
 * // { received: true, saleId: 'sal_…', commissionId: 'com_…' }
 */
export async function handleStripeEvent(db: Db, program: ProgramRow, event: StripeEventEnvelope, now: Date, stripe: StripeEndpoint = {}): Promise<StripeWebhookResult> {
  if (await stripeEventSeen(db, program.id, event.id)) return { received: true, duplicate: true }

  let intent: StripeIntent
  try {
    intent = heldToTheApi(interpretStripeEvent(event))
  } catch (err) {
    if (err instanceof StripeEventShapeError) throw badRequest(err.message)
    throw err
  }
  const { result, mark } = await apply(db, program, intent, now, stripe)
  // Only events that changed (or tried to change) the ledger are remembered: an ignored type costs no row,
  // and an event whose sale is not here yet can be resent from Stripe's dashboard once it is.
  if (mark) await markStripeEvent(db, program.id, event, now)
  return result
}

async function apply(db: Db, program: ProgramRow, intent: StripeIntent, now: Date, stripe: StripeEndpoint): Promise<Outcome> {
  switch (intent.kind) {
    case 'ignore':
      return { result: { received: true, ignored: true }, mark: false }
    case 'skip':
      return { result: { received: true, ignored: true, reason: intent.reason }, mark: false }

    case 'checkout': {
      // A click id from another program, or made up, is dropped: the sale still counts, unattributed.
      const clickId = intent.lead.clickId && (await clickExists(db, program.id, intent.lead.clickId)) ? intent.lead.clickId : undefined
      const lead = { ...intent.lead, clickId }
      const customer = await recordLead(db, program, lead, now)
      if (!intent.sale) return { result: { received: true, customerId: customer.id }, mark: true }
      const found = await findSale(db, program.id, intent.saleKeys)
      const { couponCode, unresolved } = await discountCode(db, program, intent.discount, { lookUp: true, stripe })
      const sold = await recordSale(db, program, { ...intent.sale, invoiceId: found?.invoice_id ?? intent.sale.invoiceId, clickId, ...(couponCode && { couponCode }) }, now)
      return { result: { received: true, customerId: customer.id, saleId: sold.sale.id, commissionId: sold.commission?.id ?? null, ...(unresolved && { discountUnresolved: unresolved }) }, mark: !unresolved }
    }

    case 'sale': {
      // A checkout payment with invoice_creation is recorded under this invoice; one recorded under its
      // payment_intent (before the invoice was its key) is found by that, when the invoice names it.
      const found = await findSale(db, program.id, intent.saleKeys)
      const lookUp = !!intent.discount?.unexpanded && !(await creditSettled(db, program.id, intent.sale, found))
      const { couponCode, unresolved } = await discountCode(db, program, intent.discount, { lookUp, stripe })
      const sold = await recordSale(db, program, { ...intent.sale, invoiceId: found?.invoice_id ?? intent.sale.invoiceId, ...(couponCode && { couponCode }) }, now)
      return { result: { received: true, saleId: sold.sale.id, commissionId: sold.commission?.id ?? null, ...(unresolved && { discountUnresolved: unresolved }) }, mark: !unresolved }
    }

    case 'payment': {
      // basil's invoice.paid names no payment; this event ties it to the invoice's sale, so that a refund or
      // dispute naming only the payment_intent finds the sale. It is sent beside invoice.paid, not after it:
      // when it wins the race, it is answered 409 (and not remembered) so that Stripe retries it later.
      const sale = await findSale(db, program.id, intent.saleKeys)
      if (!sale) throw conflict(`No sale recorded for invoice ${intent.invoiceId} yet (its invoice.paid comes first): retry this event later`)
      const { paymentId: id } = heldTo(ledgerSchemas.trackSale.pick({ paymentId: true }), { paymentId: intent.paymentId }, "payment's id", 'track.sale')
      const paymentId = await fillPaymentId(db, { id: sale.id, paymentId: sale.payment_id }, id)
      return { result: { received: true, saleId: sale.id, paymentId }, mark: true }
    }

    case 'refund': {
      const sale = await findSale(db, program.id, intent.saleKeys, { byPayment: true })
      const missing = unmatched(sale, intent.currency)
      if (missing) return missing
      let recorded = Number(sale!.refunded_minor)
      const target = intent.amountRefundedMinor
      // amount_refunded counts the charge's refunds, no dispute: one recorded first takes no refund's place.
      const chargebacks = await chargebackMinor(db, sale!.id)
      if (intent.refunds) {
        // Each listed refund under its own id, oldest first, never past Stripe's total: a replay or a
        // second event listing the same refunds records nothing twice. All are checked before the first is written.
        const refunds = intent.refunds.map((r) => heldTo(ledgerSchemas.trackRefund, { invoiceId: sale!.invoice_id, amountMinor: r.amountMinor, refundId: r.id }, 'refund', 'track.refund'))
        for (const r of refunds) {
          if (recorded - chargebacks >= target) break
          const done = await recordRefund(db, program.id, { ...r, amountMinor: Math.min(r.amountMinor!, target - (recorded - chargebacks)) }, now)
          recorded = done.sale.refundedMinor
        }
      } else if (target > recorded - chargebacks) {
        // API versions since 2022-11-15 leave refunds out of the charge: bring the sale up to the charge's
        // cumulative amount_refunded, keyed by that total. Events arriving out of order then do nothing. The
        // difference is taken inside the refund's transaction: two events for one charge at the same moment
        // (two refunds) would otherwise both apply it from the same old total.
        const refund = heldTo(ledgerSchemas.trackRefund, { invoiceId: sale!.invoice_id, refundId: `${intent.chargeId}:${target}` }, 'refund', 'track.refund')
        const done = await recordRefund(db, program.id, refund, now, { refundedTotalMinor: target })
        recorded = done.sale.refundedMinor
      }
      return { result: { received: true, saleId: sale!.id, refundedMinor: recorded }, mark: true }
    }

    case 'dispute': {
      const sale = await findSale(db, program.id, intent.saleKeys, { byPayment: true })
      const missing = unmatched(sale, intent.currency)
      if (missing) return missing
      const chargeback = heldTo(ledgerSchemas.trackRefund, { invoiceId: sale!.invoice_id, amountMinor: intent.amountMinor, refundId: intent.disputeId }, 'dispute', 'track.refund')
      const done = await recordRefund(db, program.id, chargeback, now)
      return { result: { received: true, saleId: sale!.id, refundedMinor: done.sale.refundedMinor }, mark: true }
    }

    case 'dispute_won': {
      const sale = await findSale(db, program.id, intent.saleKeys, { byPayment: true })
      const missing = unmatched(sale, intent.currency)
      if (missing) return missing
      // The dispute's id under the same limits as its chargeback's (track.refund's refundId)
      const { refundId } = heldTo(ledgerSchemas.trackRefund, { invoiceId: sale!.invoice_id, refundId: intent.disputeId }, 'dispute', 'track.refund')
      const done = await recordChargebackWon(db, program.id, { invoiceId: sale!.invoice_id, disputeId: refundId! }, now)
      return { result: { received: true, saleId: sale!.id, refundedMinor: done.sale.refundedMinor }, mark: true }
    }
  }
}

/**
 * The event's sale and lead as the API takes them from a direct caller: through track.sale's and
 * track.lead's own schemas (refunds and payment ids go through track.refund's and track.sale's where they
 * are built, in apply), so one owner decides every limit: an amount up to 10^13 minor units (an MGA amount
 * is Stripe's times 100), ids up to 200 characters. Stripe's own events never come near them: one past
 * them is malformed, a 400 before anything is written, like an event lacking a field (docs/stripe.md).
 */
function heldToTheApi(intent: StripeIntent): StripeIntent {
  switch (intent.kind) {
    case 'checkout':
      return {
        ...intent,
        lead: heldTo(trackingSchemas.trackLead, intent.lead, 'customer', 'track.lead'),
        sale: intent.sale && heldTo(ledgerSchemas.trackSale, intent.sale, 'sale', 'track.sale'),
      }
    case 'sale':
      return { ...intent, sale: heldTo(ledgerSchemas.trackSale, intent.sale, 'sale', 'track.sale') }
    default:
      return intent
  }
}

/** `value` through the API's schema, or a 400 saying what of the event is past which endpoint's limits. */
function heldTo<T>(schema: z.ZodType<T>, value: unknown, what: string, endpoint: string): T {
  try {
    return parse(schema, value)
  } catch (err) {
    if (err instanceof ApiError) throw badRequest(`The event's ${what} is not one ${endpoint} takes: ${err.message}`)
    throw err
  }
}

/**
 * Whether the sale's partner is settled whatever code it carries: a credited sale keeps its partner, and a
 * renewal follows its subscription's first payment when that one was credited (ledger/record-sale.ts).
 * Then Stripe need not be asked what the invoice's discounts are.
 */
async function creditSettled(db: Db, programId: string, sale: TrackSaleInput, found: { partner_id: string | null } | null): Promise<boolean> {
  if (found?.partner_id) return true
  if (!sale.subscriptionId) return false
  const [first] = await subscriptionPayments(db, programId, sale.subscriptionId)
  return !!first?.partner_id && first.invoice_id !== sale.invoiceId
}

/**
 * The sale recorded under the first of `keys` that has one (an invoice id, a payment_intent, a charge id).
 * `byPayment`: failing that, the one sale whose payment id is the first of `keys` that names one (a
 * subscription invoice's sale, to a refund or dispute that names only its payment_intent or charge).
 */
async function findSale(db: Db, programId: string, keys: string[], { byPayment = false } = {}) {
  if (keys.length === 0) return null
  const rows = await salesByInvoiceId(db, programId, keys)
  for (const key of keys) {
    const row = rows.find((r) => r.invoice_id === key)
    if (row) return row
  }
  if (!byPayment) return null
  const paid = await salesByPaymentId(db, programId, keys)
  for (const key of keys) {
    const matches = paid.filter((r) => r.payment_id === key)
    if (matches.length === 1) return matches[0]! // several (sales reported by hand with one paymentId): none is certain
  }
  return null
}

// A refund or dispute for a payment Afflio never recorded (made outside checkout, or before Afflio), or
// one whose sale does not know its payment yet: answered 200, or Stripe would retry it for days and then
// disable the endpoint.
function unmatched(sale: Awaited<ReturnType<typeof findSale>>, currency: string): Outcome | null {
  if (!sale) return { result: { received: true, ignored: true, reason: 'no sale recorded for this payment' }, mark: false }
  if (sale.currency !== currency) return { result: { received: true, ignored: true, reason: `sale is in ${sale.currency}, event in ${currency}` }, mark: false }
  return null
}
