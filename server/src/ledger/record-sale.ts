import type { AuditActor, TrackSaleInput, TrackSaleResult } from '@afflio/sdk/types'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { groupCommit } from '../kernel/group-commit.ts'
import { type CandidateClick, claimOutcomes, type CodeClaim, creditSale, customerClicks, namedClick, type NamedClickRow, occurredAtProblem, type SaleClaims, type SaleCredit, upsertCustomer, weighClicks } from '../tracking/index.ts'
import type { DecisionAttribution } from '@afflio/sdk/types'
import { badRequest, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { toCommission, toSale } from './conversions.ts'
import type { ProgramRow } from '../programs/index.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { creditClaimedSale, type SaleClaim } from './credit-claim.ts'
import { creditCommission } from './credit-commission.ts'
import { creditSplit } from './credit-split.ts'
import type { CommissionRow } from './commission-rows.ts'
import { takeBackRefunded } from './record-refund.ts'
import { leadAfterTakeOver } from './lead-commission.ts'
import { saleCode } from './sale-codes.ts'
import { saleShares, splitColumns } from './sale-credits.ts'
import { countSale } from '../stats/index.ts'
import type { SaleTable } from '../kernel/db/schema.ts'
import { readCouponPolicy } from '../coupons/index.ts'
import { paymentPlace } from './rules.ts'
import { claimSale, fillSalePaymentId, findSaleByInvoice, insertSaleRow, lockSubscription, ownCommissionOfSale, lockSaleById, renumberLaterPayments, saleByInvoice, salePaymentId, subscriptionPayments } from './sale-queries.ts'

/**
 * Records a sale once per invoiceId and credits the partner of the customer's click inside the
 * attribution window; a subscription's renewals stay with the partner of its first payment.
 * A concurrent duplicate loses on the unique index and gets the winner's result. A repeat that brings
 * attribution an earlier copy lacked (webhooks arrive out of order) credits the sale then, once.
 */
export async function recordSale(db: Db, program: ProgramRow, input: TrackSaleInput, now: Date, options: RecordSaleOptions = {}): Promise<TrackSaleResult> {
  // Every path in (the API, a won deal, Stripe's events) is held to the same times, a repeat of the invoice too.
  const timeProblem = input.occurredAt === undefined ? null : occurredAtProblem(input.occurredAt, now)
  if (timeProblem) throw badRequest(`occurredAt: ${timeProblem}`, 'occurredAt')
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordSaleOnce(db, program, input, now, options)
    } catch (err) {
      // A concurrent report of the same invoice (Stripe's checkout.session.completed and invoice.paid of one
      // payment arrive together) or of its customer inserted first: read again, and credit the sale it
      // recorded if this report brings the attribution that one lacked (creditLate), as a later repeat would.
      if (!isUniqueViolation(err) || attempt === 3) throw err
    }
  }
}

function bringsAttribution(input: TrackSaleInput, options: RecordSaleOptions): boolean {
  return !!(input.clickId || input.customerExternalId || input.couponCode || options.creditPartnerId)
}

async function recordSaleOnce(db: Db, program: ProgramRow, input: TrackSaleInput, now: Date, options: RecordSaleOptions): Promise<TrackSaleResult> {
  const existing = await findSaleResult(db, program.id, input.invoiceId)
  if (existing) existing.sale.paymentId = await fillPaymentId(db, existing.sale, input.paymentId)
  if (existing && (existing.sale.partnerId || !bringsAttribution(input, options))) return existing
  try {
    // One short transaction: the sale, its commissions and the event. Onboarding, challenges and notices
    // react to 'sale.credited' after the commit (kernel/events.ts): they can neither undo nor delay a sale.
    // Sales arriving together share it (group commit; savepoints when one fails), answered once it has committed.
    const write = async (tx: Tx) => {
      const result = await (existing ? creditLate(tx, program, input, now, options) : insertSale(tx, program, input, now, options))
      await options.inTransaction?.(tx, result)
      return result
    }
    return await (options.inTransaction ? transact(db, write) : writerOf(db)(write))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const winner = await findSaleResult(db, program.id, input.invoiceId)
    // No sale (another row was the duplicate), or one this report may still credit: recordSale tries again.
    if (!winner || (!winner.sale.partnerId && bringsAttribution(input, options))) throw err
    winner.sale.paymentId = await fillPaymentId(db, winner.sale, input.paymentId)
    return winner
  }
}

// SQLite: one batch at a time on its one connection. Postgres: a sale's transaction locks its partner's row,
// and two batches locking partners in opposite orders would deadlock and retry, so each sale keeps a
// transaction of its own there, several at once from the pool (Postgres groups their WAL flushes itself).
const writers = new WeakMap<Db, (write: (tx: Tx) => Promise<TrackSaleResult>) => Promise<TrackSaleResult>>()

function writerOf(db: Db) {
  let writer = writers.get(db)
  const options = isPostgres(db) ? { maxBatch: 1, concurrency: 8 } : { maxBatch: 64, savepoints: true }
  if (!writer) writers.set(db, (writer = groupCommit(db, (tx, write: (tx: Tx) => Promise<TrackSaleResult>) => write(tx), options)))
  return writer
}

/** Options for Afflio's own callers (a won deal), not part of the public API. */
export interface RecordSaleOptions {
  /** Program-side attribution: credit this partner (one of the program's), whatever the clicks say. */
  creditPartnerId?: string
  /**
   * With `creditPartnerId`: an approved claim's credit (credit-claim.ts): a suspended partner is refused (409),
   * and the amount the program gave, if any, is paid instead of what the rules price.
   */
  claim?: ClaimOfSale
  /**
   * Runs inside the sale's transaction when the sale is recorded or credited now (not when an earlier
   * result is answered again); throwing undoes the sale.
   */
  inTransaction?: (tx: Tx, result: TrackSaleResult) => Promise<void>
  /**
   * The caller tells the credited partner of its commission in a notice of its own (a won deal's, an
   * approved claim's, naming the commission): the sale's commission notice tells only the recruiter's override.
   */
  announced?: boolean
  /** Who reports the sale, for the audit log when it takes a customer over: the route's caller; Afflio itself (a Stripe event) when absent */
  actor?: AuditActor
}

/**
 * Gives a recorded sale the payment id an earlier report lacked (Stripe's invoice.paid after the checkout),
 * once: a sale's payment id is never replaced. Returns the sale's payment id after.
 */
export async function fillPaymentId(db: Db, sale: { id: string; paymentId: string | null }, paymentId: string | undefined): Promise<string | null> {
  if (!paymentId || sale.paymentId !== null) return sale.paymentId
  if (await fillSalePaymentId(db, sale.id, paymentId)) return paymentId
  return salePaymentId(db, sale.id) // a concurrent report filled it
}

async function findSaleResult(db: Db | Tx, programId: string, invoiceId: string): Promise<TrackSaleResult | null> {
  const sale = await findSaleByInvoice(db, programId, invoiceId)
  if (!sale) return null
  const commission = await ownCommissionOfSale(db, sale)
  // A split sale's other partner: the code's, when it earned on the sale too.
  const split = sale.split_partner_id ? await ownCommissionOfSale(db, { ...sale, partner_id: sale.split_partner_id }) : undefined
  return { sale: toSale(sale), commission: commission ? toCommission(commission) : null, ...(split && { splitCommission: toCommission(split) }), duplicate: true }
}

interface Resolved {
  customer: { id: string; email: string | null } | null
  customerEmail: string | null
  /** Who earns the sale: nobody, one partner, or a click's and a code's partners sharing it (creditSale) */
  credits: SaleCredit[]
  /** The code as reported, and the program's code it matched */
  couponCode: string | null
  couponCodeId: string | null
  paymentNumber: number
  firstPaymentAt: string
  /** The subscription's payments recorded already that occurred after this one (out of order), when this one is paid */
  laterPayments: number
  /** How the partner was chosen, for the commission's decision record */
  attribution: DecisionAttribution
  /** The click the report named, as read: the rollups and the fraud rules need not read it again */
  namedClick: NamedClickRow | null
}

/** Who earns the sale `saleId` (recorded already, or the id it is about to be recorded with), and its place in its subscription. */
async function resolve(tx: Tx, program: ProgramRow, input: TrackSaleInput, occurredAt: string, now: Date, saleId: string, options: RecordSaleOptions): Promise<Resolved> {
  const { creditPartnerId } = options
  if (input.subscriptionId) await lockSubscription(tx, program.id, input.subscriptionId)
  let customer: Resolved['customer'] = null
  let clicks: CandidateClick[] = []
  const click = input.clickId ? await namedClick(tx, program, input.clickId, now) : null
  if (input.customerExternalId) {
    const upserted = await upsertCustomer(tx, program, { customerExternalId: input.customerExternalId, clickId: click?.id, email: input.customerEmail }, new Date(occurredAt), click ?? undefined)
    customer = upserted.customer
    clicks = upserted.clicks ?? (await customerClicks(tx, customer.id))
    // The browsers' lead follows a customer the server takes over, on the clock (the customer goes by occurredAt)
    if (upserted.takenFrom) await leadAfterTakeOver(tx, program, upserted.customer, upserted.takenFrom, now, options.actor)
  } else if (click) {
    clicks = [{ id: click.id, partnerId: click.partner_id, createdAt: click.created_at }]
  }
  const weighed = weighClicks(clicks, occurredAt, { windowDays: program.attribution_window_days, model: program.attribution_model, namedClickId: click?.id })
  let credited: CandidateClick | null = weighed.credited
  let code: CodeClaim | null = await saleCode(tx, program.id, { couponCode: input.couponCode })
  const attribution: DecisionAttribution = {
    by: 'click',
    model: program.attribution_model,
    windowDays: Number(program.attribution_window_days),
    clicks: [],
    clickId: credited?.id ?? null,
    customer: customer && { id: customer.id, externalId: input.customerExternalId! },
  }
  let paymentNumber = 1
  let firstPaymentAt = occurredAt
  let laterPayments = 0
  if (input.subscriptionId) {
    const others = await subscriptionPayments(tx, program.id, input.subscriptionId, saleId)
    const place = paymentPlace(others, { id: saleId, occurredAt, amountMinor: input.amountMinor })
    ;({ paymentNumber, firstPaidAt: firstPaymentAt, movesUp: laterPayments } = place)
    const first = place.first
    if (first) {
      // Renewals belong to whoever brought the subscription, long after the click window closed: its click
      // and its code (a code disabled since included), shared as the first payment was.
      const firstCode = first.coupon_code_id ? await saleCode(tx, program.id, { couponCodeId: first.coupon_code_id }) : null
      if (first.partner_id) {
        const byCodeAlone = !first.click_id && firstCode?.partnerId === first.partner_id
        credited = byCodeAlone ? null : { id: first.click_id ?? '', partnerId: first.partner_id, createdAt: first.occurred_at }
        code = firstCode
        Object.assign(attribution, { by: 'renewal', clickId: first.click_id, firstSaleId: first.id })
      }
    }
  }
  // Program-side attribution (a won deal) names the partner: no click, and it outranks the clicks and codes
  // (its code is not kept as matched either, so its renewals do not share with the code's partner).
  if (creditPartnerId) {
    code = null
    Object.assign(attribution, { by: 'program', clickId: null })
  }
  const claims: SaleClaims = creditPartnerId
    ? { credits: [{ partnerId: creditPartnerId, via: 'click', clickId: null, shareBps: 10_000 }], click: null, code: null, conflict: null }
    : creditSale(credited, code, readCouponPolicy(program.coupon_policy))
  // The record says what creditSale decided of each click and code, not a judgement of its own
  const { clicks: weighedClicks, codes } = claimOutcomes(weighed.weighed, credited?.id || null, code, claims)
  Object.assign(attribution, { clicks: weighedClicks, ...(codes.length && { codes }), ...(claims.conflict && { conflict: claims.conflict }) })
  const couponCode = input.couponCode?.trim() || null
  return { customer, customerEmail: customer?.email ?? input.customerEmail ?? null, credits: claims.credits, couponCode, couponCodeId: code?.codeId ?? null, paymentNumber, firstPaymentAt, laterPayments, attribution, namedClick: click }
}

async function insertSale(tx: Tx, program: ProgramRow, input: TrackSaleInput, now: Date, options: RecordSaleOptions): Promise<TrackSaleResult> {
  const at = now.toISOString()
  const occurredAt = input.occurredAt ?? at
  const id = newId('sal', now.getTime())
  const r = await resolve(tx, program, input, occurredAt, now, id, options)
  const sale = {
    id,
    program_id: program.id,
    invoice_id: input.invoiceId,
    customer_id: r.customer?.id ?? null,
    partner_id: r.credits[0]?.partnerId ?? null,
    click_id: r.credits[0]?.clickId ?? null,
    product_id: input.productId ?? null,
    amount_minor: input.amountMinor,
    currency: input.currency,
    refunded_minor: 0,
    subscription_id: input.subscriptionId ?? null,
    payment_number: input.subscriptionId ? r.paymentNumber : null,
    payment_id: input.paymentId ?? null,
    coupon_code: r.couponCode,
    coupon_code_id: r.couponCodeId,
    ...splitColumns(r.credits, input.amountMinor, 0),
    fraud_at: null,
    occurred_at: occurredAt,
    created_at: at,
  }
  await insertSaleRow(tx, sale)
  // An earlier payment arriving after later ones takes its place: they move up one, their commissions as
  // they were written (priced when they arrived; not priced again).
  if (r.laterPayments > 0) await renumberLaterPayments(tx, sale)
  if (r.credits.length === 0) return { sale: toSale(sale), commission: null, duplicate: false }
  return credit(tx, program, sale, r, now, options)
}

type ClaimOfSale = Omit<SaleClaim, 'sale'>

/** Credits a sale's partner (or both partners of a split), counts it and records `sale.credited`. */
async function credit(tx: Tx, program: ProgramRow, sale: SaleTable, r: Resolved, now: Date, options: RecordSaleOptions): Promise<TrackSaleResult> {
  const { claim, announced } = options
  const [first, second] = r.credits as [SaleCredit, SaleCredit | undefined]
  // Counted for each partner it credits (sale-credits.ts): a split sale is both partners' sale.
  const [firstShare, secondShare] = saleShares(sale)
  const linkId = await countSale(tx, sale, firstShare!, r.namedClick)
  if (secondShare) await countSale(tx, sale, secondShare)
  if (!second) {
    const c = creditable(sale, r, first, linkId)
    const [commission] = claim
      ? await creditClaimedSale(tx, program, { ...claim, sale: { id: sale.id, customerId: sale.customer_id, amountMinor: Number(sale.amount_minor), currency: sale.currency, occurredAt: sale.occurred_at } }, c, now)
      : await creditCommission(tx, program, c, now)
    const reversed = await refundedBefore(tx, program.id, sale, commission ? [commission] : [], now)
    await saleCredited(tx, program.id, sale, now, announced)
    return { sale: toSale(sale), commission: commission ? toCommission(reversed(commission)) : null, duplicate: false }
  }
  const [own, split] = await creditSplit(tx, program, creditable(sale, r, first, linkId), { ...creditable(sale, r, second, null), clickId: null }, first.shareBps, now)
  const reversed = await refundedBefore(tx, program.id, sale, [...own, ...split], now)
  await saleCredited(tx, program.id, sale, now)
  // The code's partner made the sale too (its share forfeited or not, as the first partner's sale counts
  // without a commission): its onboarding step, challenges and notice react to an event of its own.
  await saleCredited(tx, program.id, { ...sale, partner_id: second.partnerId }, now)
  const commission = own[0] ? toCommission(reversed(own[0])) : null
  return { sale: toSale(sale), commission, ...(split[0] && { splitCommission: toCommission(reversed(split[0])) }), duplicate: false }
}

/**
 * A sale credited after it was refunded (creditLate, a claim): the refunds so far take their share of the
 * commissions just written (takeBackRefunded). Answers how to read a written row now: reversed, when the
 * sale was refunded in full.
 */
async function refundedBefore(tx: Tx, programId: string, sale: SaleTable, written: CommissionRow[], now: Date): Promise<(row: CommissionRow) => CommissionRow> {
  const changed = await takeBackRefunded(tx, programId, sale, written, now)
  const reversed = new Set(changed.filter((c) => c.status === 'reversed').map((c) => c.id))
  return (row) => (reversed.has(row.id) ? { ...row, status: 'reversed', updated_at: now.toISOString() } : row)
}

/** An unattributed sale, repeated with a click: credit it now if the click was in the window at the sale. */
async function creditLate(tx: Tx, program: ProgramRow, input: TrackSaleInput, now: Date, options: RecordSaleOptions): Promise<TrackSaleResult> {
  // Who earns it is resolved from what never changes of a sale (its id, subscription, when it occurred) ...
  const recorded = await saleByInvoice(tx, program.id, input.invoiceId)
  const r = await resolve(tx, program, { ...input, subscriptionId: recorded.subscription_id ?? undefined }, recorded.occurred_at, now, recorded.id, options)
  // ... and the rest read under the sale's lock, as a refund locks it (refund-queries.ts lockSalesBy), taken
  // where the credit took it before (after the subscription's and the customer's locks): a refund committed
  // meanwhile is in refunded_minor, and takeBackRefunded takes its share of the commission written here.
  // A claim's approval locks its claim after this (claims.ts), as its amount path does: sale, then claim.
  const sale = (await lockSaleById(tx, program.id, recorded.id))!
  const first = r.credits[0]
  if (!first || sale.partner_id) return (await findSaleResult(tx, program.id, input.invoiceId))!
  const set = {
    partner_id: first.partnerId,
    click_id: first.clickId,
    customer_id: sale.customer_id ?? r.customer?.id ?? null,
    coupon_code: sale.coupon_code ?? r.couponCode,
    coupon_code_id: sale.coupon_code_id ?? r.couponCodeId,
    ...splitColumns(r.credits, Number(sale.amount_minor), Number(sale.refunded_minor)),
  }
  const claimed = await claimSale(tx, sale.id, set)
  if (!claimed) return (await findSaleResult(tx, program.id, input.invoiceId))!
  return credit(tx, program, { ...sale, ...set }, { ...r, paymentNumber: sale.payment_number ?? 1 }, now, options)
}

/** The event other features react to after the commit (the partner's first sale, challenge progress). */
function saleCredited(tx: Tx, programId: string, sale: { id: string; partner_id: string | null; amount_minor: number; currency: string; occurred_at: string }, now: Date, announced?: boolean) {
  const data = { saleId: sale.id, partnerId: sale.partner_id!, amountMinor: Number(sale.amount_minor), currency: sale.currency, occurredAt: sale.occurred_at, ...(announced && { announced }) }
  return recordEvent(tx, programId, 'sale.credited', data, now)
}

function creditable(
  sale: { id: string; click_id: string | null; amount_minor: number; currency: string; product_id: string | null; occurred_at: string },
  r: Resolved,
  { partnerId, via, shareBps }: SaleCredit,
  linkId: string | null,
) {
  // The decision record says how this partner came to it: the sale's click, or its coupon code, and its share.
  const attribution: DecisionAttribution = {
    ...r.attribution,
    ...(via === 'code' && { by: 'code', clickId: null, couponCode: r.couponCode ?? undefined }),
    ...(shareBps < 10_000 && { shareBps }),
  }
  return {
    event: 'sale' as const,
    partnerId,
    saleId: sale.id,
    clickId: sale.click_id,
    clickRow: r.namedClick,
    linkId,
    customerId: r.customer?.id ?? null,
    customerEmail: r.customerEmail,
    amountMinor: Number(sale.amount_minor),
    currency: sale.currency,
    productId: sale.product_id,
    paymentNumber: r.paymentNumber,
    firstPaymentAt: r.firstPaymentAt,
    occurredAt: sale.occurred_at,
    attribution,
  }
}
