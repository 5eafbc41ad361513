// What a (verified) Stripe event means for the ledger: a lead, a sale, a refund, a chargeback or its win, or nothing. Pure: it reads
// only the event (and an invoice Stripe answered), so the service decides nothing about Stripe's shapes.
// Field names follow Stripe's API; the pre-2025, 2025-03-31.basil and 2025-09-30.clover shapes of
// invoices and discounts are read. A sale keeps its payment's id (payment_intent) beside its invoiceId:
// refunds and disputes that name only the payment find it by that.
import { isCurrency } from '@afflio/sdk'
import type { TrackSaleInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { sha256 } from '../kernel/hash.ts'
import { email as apiEmail } from '../kernel/http/schemas.ts'
import { fromStripeAmount } from '../kernel/stripe-units.ts'
import { discountList, discountObject, discountOf, invoiceDiscount, lineDiscounts, type StripeDiscount } from './discounts.ts'

export interface StripeLead {
  customerExternalId: string
  clickId?: string
  email?: string
  name?: string
}

/**
 * What to do for one event. `saleKeys` are the invoiceIds the sale may have been recorded under, best first;
 * a refund or dispute also tries them as the sale's paymentId.
 */
export type StripeIntent =
  | { kind: 'checkout'; lead: StripeLead; sale: TrackSaleInput | null; saleKeys: string[]; discount: StripeDiscount | null }
  | { kind: 'sale'; sale: TrackSaleInput; saleKeys: string[]; discount: StripeDiscount | null }
  /** basil's invoice_payment.paid: the payment of the invoice whose sale is under `saleKeys` */
  | { kind: 'payment'; invoiceId: string; paymentId: string; saleKeys: string[] }
  | { kind: 'refund'; saleKeys: string[]; currency: string; chargeId: string; amountRefundedMinor: number; refunds: Array<{ id: string; amountMinor: number }> | null }
  | { kind: 'dispute'; saleKeys: string[]; currency: string; disputeId: string; amountMinor: number }
  /** The program won the dispute: what its chargeback took is given back */
  | { kind: 'dispute_won'; saleKeys: string[]; currency: string; disputeId: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'ignore' }

export interface StripeEventEnvelope {
  id: string
  type: string
  created: number
  object: unknown
}

const CLICK_ID = /^clk_[0-9a-z]{24}$/

// Expandable references arrive as ids in webhooks; take the id of an expanded object too.
const ref = z.union([z.string().min(1), z.object({ id: z.string().min(1) }).transform((o) => o.id)])
const optRef = ref.nullish().transform((v) => v ?? null)
const amount = z.number().int().min(0).safe()
const currency = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine(isCurrency, 'must be an active ISO 4217 currency code'))
/** Seconds since 1970, up to the last second of 9999: the dates the API's own ISO fields take (a later one has no ISO form) */
const unix = z.number().int().positive().max(253_402_300_799)

const envelope = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event'),
  type: z.string().min(1).max(255),
  created: unix,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
})

const checkoutSession = z.object({
  id: z.string().min(1),
  mode: z.enum(['payment', 'subscription', 'setup']),
  client_reference_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  customer: optRef,
  customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  payment_intent: optRef,
  invoice: optRef,
  subscription: optRef,
  amount_total: amount.nullish(),
  currency: currency.nullish(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  discounts: discountList,
})

const invoice = z.object({
  id: z.string().min(1),
  customer: optRef,
  amount_paid: amount,
  currency,
  subscription: optRef.optional(), // until 2025-03-31.basil
  parent: z.object({ subscription_details: z.object({ subscription: ref }).nullish() }).nullish(), // from basil on
  payment_intent: optRef.optional(), // until basil; from basil on, see invoicePayment
  charge: optRef.optional(), // until basil: a payment without a payment_intent (invoices before 2019)
  status_transitions: z.object({ paid_at: unix.nullish() }).nullish(),
  created: unix,
  discount: discountObject.nullish(), // until basil: the one discount, its promotion code by id
  discounts: discountList,
  lines: lineDiscounts,
})

// From basil on, an invoice no longer names its payment: an InvoicePayment (event invoice_payment.paid) does.
const invoicePayment = z.object({
  id: z.string().min(1),
  invoice: ref,
  amount_paid: amount.nullish(),
  currency,
  // type payment_intent, or charge for a charge without one; a payment_record (paid outside Stripe) has neither
  payment: z.object({ type: z.string(), payment_intent: optRef.optional(), charge: optRef.optional() }),
})

const charge = z.object({
  id: z.string().min(1),
  amount_refunded: amount,
  currency,
  invoice: optRef.optional(), // until basil
  payment_intent: optRef,
  // Only in API versions before 2022-11-15; newer ones leave the refunds out of the charge.
  refunds: z
    .object({ data: z.array(z.object({ id: z.string().min(1), amount, status: z.string().nullish(), created: unix })) })
    .nullish(),
})

const dispute = z.object({
  id: z.string().min(1),
  amount,
  currency,
  charge: ref,
  payment_intent: optRef,
  status: z.string().nullish(),
})

export type ParsedEnvelope = { ok: true; event: StripeEventEnvelope } | { ok: false; message: string }

/** Checks the event's outer shape: `{ id, object: 'event', type, created, data: { object } }`. */
export function parseStripeEnvelope(json: unknown): ParsedEnvelope {
  const r = envelope.safeParse(json)
  if (!r.success) return { ok: false, message: `Not a Stripe event: ${describe(r.error)}` }
  return { ok: true, event: { id: r.data.id, type: r.data.type, created: r.data.created, object: r.data.data.object } }
}

/**
 * The ledger intent of an event. Throws a StripeEventShapeError when a handled type's object lacks a field
 * Afflio needs (the caller answers 400, which shows in Stripe's delivery log).
 *
 * @example
 * interpretStripeEvent({ id: 'evt_1', type: 'invoice.paid', created: 1767225600, object: invoiceObject })
 * // { kind: 'sale', sale: { invoiceId: 'in_…', amountMinor: 1999, currency: 'USD', … }, saleKeys: ['in_…', 'pi_…'] }
 */
export function interpretStripeEvent(event: StripeEventEnvelope): StripeIntent {
  const occurredAt = isoFromUnix(event.created)
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return checkoutIntent(parseObject(checkoutSession, event), occurredAt)
    case 'invoice.paid':
      return invoiceIntent(parseObject(invoice, event))
    case 'invoice_payment.paid':
      return invoicePaymentIntent(parseObject(invoicePayment, event))
    case 'charge.refunded':
      return refundIntent(parseObject(charge, event))
    case 'charge.dispute.created':
    case 'charge.dispute.funds_withdrawn':
      return disputeIntent(parseObject(dispute, event), event.type)
    case 'charge.dispute.funds_reinstated':
    case 'charge.dispute.closed':
      return disputeClosedIntent(parseObject(dispute, event), event.type)
    default:
      return { kind: 'ignore' }
  }
}

function checkoutIntent(s: z.infer<typeof checkoutSession>, occurredAt: string): StripeIntent {
  const clickId = [s.client_reference_id, s.metadata?.afflio_click_id].find((v): v is string => typeof v === 'string' && CLICK_ID.test(v))
  const email = normaliseEmail(s.customer_details?.email)
  const name = s.customer_details?.name?.trim().slice(0, 200) || undefined
  const lead: StripeLead = { customerExternalId: s.customer ?? guestKey(s.customer_details?.email) ?? s.id, ...(clickId && { clickId }), ...(email && { email }), ...(name && { name }) }

  // No sale for an unpaid session (a delayed payment method: async_payment_succeeded follows), a trial or a
  // setup. A subscription session without an invoice id (old API versions) leaves the sale to invoice.paid,
  // which then finds the customer tied to the click by this lead.
  const paid = s.payment_status === 'paid' && (s.amount_total ?? 0) > 0 && s.currency
  const discount = discountOf(s.discounts, null)
  if (!paid || s.mode === 'setup') return { kind: 'checkout', lead, sale: null, saleKeys: [], discount }
  if (s.mode === 'subscription') {
    if (!s.invoice) return { kind: 'checkout', lead, sale: null, saleKeys: [], discount }
    const sale = saleInput(s.invoice, s.amount_total!, s.currency!, lead, s.subscription, occurredAt)
    return { kind: 'checkout', lead, sale, saleKeys: [s.invoice], discount }
  }
  // A one-off payment with invoice_creation also produces an invoice.paid for s.invoice, which from basil on
  // names no payment_intent: only the invoice id is known to both events, so the sale is keyed by it, as
  // invoiceIntent keys it, and whichever arrives second is the same sale. Without an invoice: the
  // payment_intent, or the session. saleKeys try the payment_intent too: a sale keyed by it before the invoice
  // was the key, or reported so through track.sale.
  const invoiceId = s.invoice ?? s.payment_intent ?? s.id
  const sale = { ...saleInput(invoiceId, s.amount_total!, s.currency!, lead, null, occurredAt), ...(s.payment_intent && { paymentId: s.payment_intent }) }
  return { kind: 'checkout', lead, sale, saleKeys: compact([invoiceId, s.payment_intent]), discount }
}

function invoiceIntent(i: z.infer<typeof invoice>): StripeIntent {
  if (i.amount_paid === 0) return { kind: 'skip', reason: 'invoice.paid for a zero amount (trial or fully discounted): no sale' }
  const subscription = i.parent?.subscription_details?.subscription ?? i.subscription ?? null
  const paymentId = i.payment_intent ?? i.charge ?? null // null from basil on: invoice_payment.paid brings it
  const sale: TrackSaleInput = {
    invoiceId: i.id,
    amountMinor: fromStripeAmount(i.amount_paid, i.currency),
    currency: i.currency,
    ...(i.customer && { customerExternalId: i.customer }),
    ...(subscription && { subscriptionId: subscription }),
    ...(paymentId && { paymentId }),
    occurredAt: isoFromUnix(i.status_transitions?.paid_at ?? i.created),
  }
  return { kind: 'sale', sale, saleKeys: compact([i.id, i.payment_intent]), discount: invoiceDiscount(i) }
}

function invoicePaymentIntent(p: z.infer<typeof invoicePayment>): StripeIntent {
  if (!p.amount_paid) return { kind: 'skip', reason: 'invoice_payment.paid for a zero amount: no sale' }
  const paymentId = p.payment.payment_intent ?? p.payment.charge ?? null
  if (!paymentId) return { kind: 'skip', reason: `invoice_payment.paid of type ${p.payment.type}: no Stripe payment to tie to the sale` }
  // The payment_intent too: a one-off Checkout payment's sale recorded under it (before its invoice was the key).
  return { kind: 'payment', invoiceId: p.invoice, paymentId, saleKeys: compact([p.invoice, p.payment.payment_intent]) }
}

function refundIntent(c: z.infer<typeof charge>): StripeIntent {
  const refunds = c.refunds?.data
    .filter((r) => r.status !== 'failed' && r.status !== 'canceled' && r.amount > 0)
    .sort((a, b) => a.created - b.created)
    .map((r) => ({ id: r.id, amountMinor: fromStripeAmount(r.amount, c.currency) }))
  return {
    kind: 'refund',
    saleKeys: compact([c.invoice, c.payment_intent, c.id]),
    currency: c.currency,
    chargeId: c.id,
    amountRefundedMinor: fromStripeAmount(c.amount_refunded, c.currency),
    refunds: refunds?.length ? refunds : null,
  }
}

/**
 * A chargeback: the disputed amount left the merchant. An inquiry (status `warning_…`, Stripe's "retrieval
 * request") takes no money, so it takes no commission; if it becomes a chargeback, Stripe withdraws the funds
 * then (`charge.dispute.funds_withdrawn`), and that event records it. A chargeback sends both events: the
 * dispute id recorded as the refund's id makes the second one a retry.
 */
function disputeIntent(d: z.infer<typeof dispute>, type: string): StripeIntent {
  if (d.amount === 0) return { kind: 'skip', reason: `${type} for a zero amount: nothing to reverse` }
  if (d.status?.startsWith('warning_')) return { kind: 'skip', reason: `${type} of an inquiry (${d.status}): no funds were withdrawn` }
  return { kind: 'dispute', saleKeys: compact([d.payment_intent, d.charge]), currency: d.currency, disputeId: d.id, amountMinor: fromStripeAmount(d.amount, d.currency) }
}

/**
 * A dispute closed. Won (`status` `won`): Stripe gives the disputed funds back, with
 * `charge.dispute.funds_reinstated` and `charge.dispute.closed` both, so what the chargeback took is given
 * back (once per dispute, whichever comes first). Anything else takes nothing more: lost (the chargeback
 * stands), an inquiry closed (`warning_closed`: no funds moved), or lost with funds reinstated, which Stripe
 * does for a dispute of a partly refunded payment (the refunded part, which the chargeback never took twice:
 * a refund takes at most what is left of the sale).
 */
function disputeClosedIntent(d: z.infer<typeof dispute>, type: string): StripeIntent {
  if (d.status !== 'won') return { kind: 'skip', reason: `${type} of a dispute ${d.status ?? 'without a status'}: only a won dispute gives back what its chargeback took` }
  return { kind: 'dispute_won', saleKeys: compact([d.payment_intent, d.charge]), currency: d.currency, disputeId: d.id }
}

/** `amount` as Stripe counts it (kernel/stripe-units.ts), like every amount of an event. */
function saleInput(invoiceId: string, amount: number, currency: string, lead: StripeLead, subscriptionId: string | null, occurredAt: string): TrackSaleInput {
  return {
    invoiceId,
    amountMinor: fromStripeAmount(amount, currency),
    currency,
    customerExternalId: lead.customerExternalId,
    ...(lead.clickId && { clickId: lead.clickId }),
    ...(subscriptionId && { subscriptionId }),
    occurredAt,
  }
}

/** A handled event type whose object is missing a field Afflio needs. */
export class StripeEventShapeError extends Error {}

function parseObject<T>(schema: z.ZodType<T>, event: StripeEventEnvelope): T {
  const r = schema.safeParse(event.object)
  if (!r.success) throw new StripeEventShapeError(`${event.type} ${event.id}: data.object.${describe(r.error)}`)
  return r.data
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!
  const path = issue.path.join('.')
  return path ? `${path}: ${issue.message}` : issue.message
}

/** The customer's email as the API takes one (kernel/http/schemas.ts), or none: an address it would refuse is dropped, not the event. */
function normaliseEmail(raw: string | null | undefined): string | undefined {
  const e = apiEmail.safeParse(raw)
  return e.success ? e.data : undefined
}

/**
 * A guest's (no Stripe customer) key: the address as given, lower-cased, whatever the API would say of it
 * as an email (`jörg@example.de` is a guest's all the same), so the same guest's checkouts are one customer;
 * past track.lead's 200 characters, its hash. None for what is no address at all: then the session is the key.
 */
function guestKey(raw: string | null | undefined): string | undefined {
  const e = raw?.trim().toLowerCase()
  if (!e || e.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(e)) return undefined
  return e.length <= 200 ? e : `email-sha256:${sha256(e)}`
}

const isoFromUnix = (seconds: number) => new Date(seconds * 1000).toISOString()
const compact = (xs: ReadonlyArray<string | null | undefined>) => [...new Set(xs.filter((x): x is string => !!x))]
