// A chargeback the program won: Stripe gave the disputed funds back (charge.dispute.funds_reinstated, or
// charge.dispute.closed with status won), so what the chargeback took from the sale's commissions is owed
// again. Nothing recorded is edited: the win is a refund of minus what the chargeback took off the sale,
// and each commission gets a positive clawback row giving back what the chargeback took from it.
import type { Commission, Sale } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { countRefund } from '../stats/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { giveBackRow } from './commission-rows.ts'
import { insertCommissions, ledgerShare, lockSaleCommissions } from './commission-queries.ts'
import { toCommission, toSale } from './conversions.ts'
import { findRefundByExternalId, insertRefund, lockSalesBy, setSaleRefunded } from './refund-queries.ts'
import { giveBackFor, wonDisputeId } from './refunds.ts'
import { saleShares, splitRefunded } from './sale-credits.ts'

export interface ChargebackWon {
  /** The sale's invoiceId */
  invoiceId: string
  /** The dispute's id (`dp_…`), which its chargeback was recorded under */
  disputeId: string
}

export interface ChargebackWonResult {
  sale: Sale
  /** The rows giving back what the chargeback took */
  commissions: Commission[]
  /** What the chargeback had taken off the sale, given back (0: it was never recorded, the win came first) */
  givenBackMinor: number
  /** The win was recorded before: nothing was done */
  duplicate: boolean
}

/**
 * Gives back what the dispute's chargeback took, once per dispute (a second win, the other of Stripe's two
 * events, is answered as a duplicate). A win before its chargeback is recorded as giving back nothing, and
 * the chargeback arriving after it then takes nothing (record-refund.ts). A commission marked fraud since
 * stays so and gets nothing back; a recruiter's override follows its recruit's commission.
 */
export async function recordChargebackWon(db: Db, programId: string, input: ChargebackWon, now: Date): Promise<ChargebackWonResult> {
  try {
    return await transact(db, (tx) => applyWin(tx, programId, input, now))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    return transact(db, (tx) => applyWin(tx, programId, input, now)) // the concurrent twin won: replay
  }
}

async function applyWin(tx: Tx, programId: string, input: ChargebackWon, now: Date): Promise<ChargebackWonResult> {
  const [sale] = await lockSalesBy(tx, programId, 'invoice_id', input.invoiceId)
  if (!sale) throw notFound(`Sale with invoiceId ${input.invoiceId}`)
  const won = wonDisputeId(input.disputeId)
  const [seen, chargeback] = [await findRefundByExternalId(tx, programId, won), await findRefundByExternalId(tx, programId, input.disputeId)]
  for (const r of [seen, chargeback]) if (r && r.sale_id !== sale.id) throw conflict(`Dispute ${input.disputeId} is of another sale`, 'refundId')
  if (seen) return { sale: toSale(sale), commissions: [], givenBackMinor: -Number(seen.amount_minor), duplicate: true }

  const given = chargeback ? Number(chargeback.amount_minor) : 0
  await insertRefund(tx, { id: newId('ref', now.getTime()), program_id: programId, sale_id: sale.id, external_id: won, amount_minor: -given, created_at: now.toISOString() })
  if (given === 0) return { sale: toSale(sale), commissions: [], givenBackMinor: 0, duplicate: false }

  const saleAmount = Number(sale.amount_minor)
  const already = Number(sale.refunded_minor)
  const refunded = already - given
  const updatedSale = { ...sale, refunded_minor: refunded, split_refunded_minor: splitRefunded(sale, refunded) }
  await setSaleRefunded(tx, sale.id, updatedSale)
  const after = saleShares(updatedSale)
  for (const [i, before] of saleShares(sale).entries()) {
    await countRefund(tx, sale, before, after[i]!.refundedMinor - before.refundedMinor, already >= saleAmount && refunded < saleAmount ? -1 : 0)
  }

  // Under ledgerShare, as a refund: a payout run planning now sees these rows or none of them
  await ledgerShare(tx, programId)
  const all = await lockSaleCommissions(tx, sale.id)
  const fraud = new Set(all.filter((c) => c.status === 'fraud').map((c) => c.id))
  const rows = all
    .filter((c) => c.reverses_id === null && c.status !== 'fraud' && !(c.source_id !== null && fraud.has(c.source_id)))
    .flatMap((original) => {
      const amount = giveBackFor(original, all.filter((c) => c.reverses_id === original.id), { saleAmountMinor: saleAmount, refundedMinor: refunded })
      return amount > 0 ? [giveBackRow({ original, amountMinor: amount, dispute: { disputedMinor: given, saleAmountMinor: saleAmount, saleCurrency: sale.currency }, now })] : []
    })
  if (rows.length) await insertCommissions(tx, rows)
  const commissions = rows.map((r) => toCommission({ ...r, payout_id: null }))
  for (const c of commissions) {
    await emitEvent(tx, programId, 'commission.created', c, now)
    await recordEvent(tx, programId, 'commission.reinstated', { commissionId: c.id, partnerId: c.partnerId, amountMinor: c.amountMinor, currency: c.currency, owedNow: c.status === 'approved' }, now)
  }
  await recordAudit(tx, programId, { actor: SYSTEM, at: now }, {
    action: 'sale.refunded',
    subject: { type: 'sale', id: sale.id },
    before: { refundedMinor: already },
    after: { refundedMinor: refunded, refundId: won, commissions: commissions.map((c) => ({ id: c.id, kind: c.kind, status: c.status, amountMinor: c.amountMinor })) },
  })
  return { sale: toSale(updatedSale), commissions, givenBackMinor: given, duplicate: false }
}
