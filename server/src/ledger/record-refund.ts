import type { AuditActor, TrackRefundInput, TrackRefundResult } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { clawbackFor, isChargebackId, refundable, reversalFor, wonDisputeId } from './refunds.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { emitEvent } from '../webhooks/index.ts'
import { countRefund } from '../stats/index.ts'
import { toCommission, toSale } from './conversions.ts'
import { type CommissionRow, type ReadCommission, clawbackRow } from './commission-rows.ts'
import { insertCommissions, ledgerShare, lockSaleCommissions, reverseUnpaid } from './commission-queries.ts'
import { chargebackMinor, findRefundByExternalId, insertRefund, lockSalesBy, setSaleRefunded } from './refund-queries.ts'
import { saleShares, splitRefunded } from './sale-credits.ts'
import type { SaleTable } from '../kernel/db/schema.ts'

/** Options for Afflio's own callers (the Stripe webhook), not part of the public API. */
export interface RefundOptions {
  /**
   * Raise the sale's refunded total, chargebacks left out, to this (a Stripe charge's cumulative
   * amount_refunded, which counts no dispute), instead of refunding `input.amountMinor`: a refund delivered
   * after a dispute of the rest of the charge is still taken. The amount is worked out inside the
   * transaction, from the locked sale, so two such refunds of one sale at the same moment never both apply
   * the same difference.
   */
  refundedTotalMinor?: number
  /** Who reports the refund, for the audit log: the route's caller; Afflio itself (a Stripe event) when absent */
  actor?: AuditActor
}

/**
 * Takes back the refunded share of the sale's commissions. Unpaid and fully refunded: the commission
 * (and any partial clawbacks) become `reversed`. Otherwise a negative commission is added; a paid one
 * is never edited, so a refund after payout is carried into the next payout as a negative balance.
 * Refunds of one sale take turns: each reads the refunded total the previous one left.
 */
export async function recordRefund(db: Db, programId: string, input: TrackRefundInput, now: Date, options: RefundOptions = {}): Promise<TrackRefundResult> {
  try {
    return await db.transaction().execute((tx) => applyRefund(tx, programId, input, now, options))
  } catch (err) {
    if (!isUniqueViolation(err) || !input.refundId) throw err
    return db.transaction().execute((tx) => applyRefund(tx, programId, input, now, options)) // the concurrent twin won: replay
  }
}

async function applyRefund(tx: Tx, programId: string, input: TrackRefundInput, now: Date, options: RefundOptions): Promise<TrackRefundResult> {
  const at = now.toISOString()
  const sale = await lockSale(tx, programId, input)
  const saleAmount = Number(sale.amount_minor)
  const already = Number(sale.refunded_minor)
  if (input.refundId) {
    const seen = await findRefundByExternalId(tx, programId, input.refundId)
    // A retry of this refund is answered as one; the id of another sale's refund is a mistake, never a no-op.
    if (seen && seen.sale_id !== sale.id) throw conflict(`refundId ${input.refundId} is the id of a refund of another sale`, 'refundId')
    // Answered with what that refund took off the sale when it was recorded.
    if (seen) return { sale: toSale(sale), commissions: [], appliedMinor: Number(seen.amount_minor), duplicate: true }
    // A chargeback whose dispute was won first (Stripe's events out of order): the funds came back, nothing to take
    if (isChargebackId(input.refundId) && (await findRefundByExternalId(tx, programId, wonDisputeId(input.refundId)))) {
      return { sale: toSale(sale), commissions: [], appliedMinor: 0, duplicate: true }
    }
  }
  const refundMinor =
    options.refundedTotalMinor !== undefined
      ? Math.max(0, options.refundedTotalMinor - (already - (await chargebackMinor(tx, sale.id))))
      : (input.amountMinor ?? saleAmount - already)
  const facts = { saleAmountMinor: saleAmount, alreadyRefundedMinor: already, refundMinor }
  // More than is left of the sale is taken as the rest of it (a refund that includes tax the sale did not, a
  // dispute after a partial refund), never refused: the answer's appliedMinor says what was taken.
  const applied = refundable(facts)
  if (applied === 0) return { sale: toSale(sale), commissions: [], appliedMinor: 0, duplicate: true }

  await insertRefund(tx, { id: newId('ref', now.getTime()), program_id: programId, sale_id: sale.id, external_id: input.refundId ?? null, amount_minor: applied, created_at: at })
  const updatedSale = { ...sale, refunded_minor: already + applied, split_refunded_minor: splitRefunded(sale, already + applied) }
  await setSaleRefunded(tx, sale.id, updatedSale)
  // Each partner the sale credits counts its part of the refund (sale-credits.ts).
  const after = saleShares(updatedSale)
  for (const [i, before] of saleShares(sale).entries()) {
    await countRefund(tx, sale, before, after[i]!.refundedMinor - before.refundedMinor, already < saleAmount && updatedSale.refunded_minor >= saleAmount ? 1 : 0)
  }

  // Decided under ledgerShare: a payout run covering one of these rows finishes first (and the refund then
  // sees it in the payout and claws back) or waits for the refund (and its plan then finds it reversed).
  await ledgerShare(tx, programId)
  const all = await lockSaleCommissions(tx, sale.id)
  const changed: ReadCommission[] = []
  const fullyRefunded = updatedSale.refunded_minor >= saleAmount
  const standing = (c: ReadCommission) => c.status !== 'reversed' && c.status !== 'fraud'
  // A commission a chargeback reversed stands again by what its won dispute gave back: a refund takes from that
  const live = (c: ReadCommission) => standing(c) || (c.status === 'reversed' && all.some((k) => k.reverses_id === c.id && standing(k)))
  for (const original of all.filter((c) => c.reverses_id === null && live(c))) {
    const clawbacks = all.filter((c) => c.reverses_id === original.id)
    const inPayout = (c: { payout_id: string | null }) => c.payout_id !== null // in_payout or paid: the money has left or is leaving
    const unpaid = !inPayout(original) && !clawbacks.some(inPayout)
    if (unpaid && fullyRefunded) {
      // The commission and its standing clawbacks: each one whose status this changes is answered and evented,
      // so a webhook consumer that mirrors statuses drops the clawbacks' negative amounts with the commission.
      const reversing = [original, ...clawbacks].filter(standing)
      await reverseUnpaid(tx, reversing.map((c) => c.id), at)
      changed.push(...reversing.map((c) => ({ ...c, status: 'reversed' as const, payout_id: null, updated_at: at })))
      continue
    }
    const amount = clawbackFor(original, clawbacks, facts)
    if (amount === 0) continue
    // A commission reversed by a chargeback stands by what its won dispute gave back: the take-back matures with that
    const givenBack = original.status === 'reversed' ? clawbacks.find((c) => standing(c) && c.amount_minor > 0) : undefined
    const holder = givenBack ? { ...original, status: givenBack.status, approve_at: givenBack.approve_at, payout_id: givenBack.payout_id } : original
    const row = clawbackRow({ original: holder, amountMinor: amount, refund: { appliedMinor: applied, saleAmountMinor: saleAmount, saleCurrency: sale.currency }, now })
    await insertCommissions(tx, [row])
    changed.push({ payout_id: null, ...row })
  }
  const commissions = changed.map(toCommission)
  for (const c of commissions) await emitEvent(tx, programId, 'commission.reversed', c, now)
  await recordAudit(tx, programId, { actor: options.actor ?? SYSTEM, at: now }, {
    action: 'sale.refunded',
    subject: { type: 'sale', id: sale.id },
    before: { refundedMinor: already },
    after: { refundedMinor: updatedSale.refunded_minor, refundId: input.refundId ?? null, commissions: commissions.map((c) => ({ id: c.id, kind: c.kind, status: c.status, amountMinor: c.amountMinor })) },
  })
  return { sale: toSale(updatedSale), commissions, appliedMinor: applied, duplicate: false }
}

/**
 * The sale the refund names, by invoiceId or by paymentId. Postgres: locked until the transaction ends, so
 * refunds of one sale take turns and none reads a refunded total another is about to change (SQLite
 * transactions already run one at a time).
 */
async function lockSale(tx: Tx, programId: string, input: TrackRefundInput) {
  const [key, column, value] = input.paymentId !== undefined ? (['paymentId', 'payment_id', input.paymentId] as const) : (['invoiceId', 'invoice_id', input.invoiceId] as const)
  const rows = await lockSalesBy(tx, programId, column, value)
  if (rows.length === 0) throw notFound(`Sale with ${key} ${value}`)
  if (rows.length > 1) throw conflict(`More than one sale has paymentId ${value}: name the sale by its invoiceId`, 'paymentId')
  return rows[0]!
}

/**
 * Commissions written on a sale after it was refunded (credited late: a click named after the refund, a
 * claim approved): the refunds so far take their share at once, as each refund would have had the
 * commissions been there (refunds.ts): reversed when the sale is refunded in full, else a clawback of the
 * refunded share each, maturing with its commission. So a later refund takes the rest by the same rule, and
 * a sale refunded in full leaves nothing, whenever its commissions were written. `written`: the rows just
 * inserted (the recruiter's override of each is found by its source). Answers the rows this changed or wrote.
 */
export async function takeBackRefunded(
  tx: Tx,
  programId: string,
  sale: Pick<SaleTable, 'id' | 'amount_minor' | 'refunded_minor' | 'currency'>,
  written: readonly Pick<CommissionRow, 'id'>[],
  now: Date,
): Promise<ReadCommission[]> {
  const refunded = Number(sale.refunded_minor)
  const saleAmount = Number(sale.amount_minor)
  if (refunded <= 0 || written.length === 0) return []
  const ids = new Set(written.map((r) => r.id))
  const fresh = (await lockSaleCommissions(tx, sale.id)).filter(
    (c) => (ids.has(c.id) || (c.source_id !== null && ids.has(c.source_id))) && c.reverses_id === null && c.status !== 'reversed' && c.status !== 'fraud',
  )
  if (fresh.length === 0) return []
  const at = now.toISOString()
  let changed: ReadCommission[]
  if (refunded >= saleAmount) {
    await reverseUnpaid(tx, fresh.map((c) => c.id), at)
    changed = fresh.map((c) => ({ ...c, status: 'reversed' as const, updated_at: at }))
  } else {
    const facts = { saleAmountMinor: saleAmount, alreadyRefundedMinor: 0, refundMinor: refunded }
    const rows = fresh.flatMap((original) => {
      const amount = reversalFor(Number(original.amount_minor), facts)
      return amount > 0 ? [clawbackRow({ original, amountMinor: amount, refund: { appliedMinor: refunded, saleAmountMinor: saleAmount, saleCurrency: sale.currency }, now })] : []
    })
    if (rows.length) await insertCommissions(tx, rows)
    changed = rows.map((r) => ({ payout_id: null, ...r }))
  }
  for (const c of changed) await emitEvent(tx, programId, 'commission.reversed', toCommission(c), now)
  return changed
}
