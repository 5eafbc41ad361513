import type { TrackRefundInput, TrackRefundResult } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../db/connect.ts'
import type { CommissionTable } from '../db/schema.ts'
import { refundable, reversalFor } from '../domain/refunds.ts'
import { notFound } from '../http/errors.ts'
import { isUniqueViolation } from '../lib/db-errors.ts'
import { newId } from '../lib/ids.ts'
import { emitEvent } from './events.ts'
import { toCommission, toSale } from '../repos/conversions.ts'

type CommissionRow = Selectable<CommissionTable>

/**
 * Takes back the refunded share of the sale's commissions. Unpaid and fully refunded: the commission
 * (and any partial clawbacks) become `reversed`. Otherwise a negative commission is added; a paid one
 * is never edited, so a refund after payout is carried into the next payout as a negative balance.
 */
export async function recordRefund(db: Db, programId: string, input: TrackRefundInput, now: Date): Promise<TrackRefundResult> {
  try {
    return await db.transaction().execute((tx) => applyRefund(tx, programId, input, now))
  } catch (err) {
    if (!isUniqueViolation(err) || !input.refundId) throw err
    return db.transaction().execute((tx) => applyRefund(tx, programId, input, now)) // the concurrent twin won: replay
  }
}

async function applyRefund(tx: Tx, programId: string, input: TrackRefundInput, now: Date): Promise<TrackRefundResult> {
  const at = now.toISOString()
  const sale = await tx.selectFrom('sales').selectAll().where('program_id', '=', programId).where('invoice_id', '=', input.invoiceId).executeTakeFirst()
  if (!sale) throw notFound(`Sale with invoiceId ${input.invoiceId}`)
  const saleAmount = Number(sale.amount_minor)
  const already = Number(sale.refunded_minor)
  if (input.refundId) {
    const seen = await tx.selectFrom('refunds').select('id').where('program_id', '=', programId).where('external_id', '=', input.refundId).executeTakeFirst()
    if (seen) return { sale: toSale(sale), commissions: [], duplicate: true }
  }
  const facts = { saleAmountMinor: saleAmount, alreadyRefundedMinor: already, refundMinor: input.amountMinor ?? saleAmount - already }
  const applied = refundable(facts)
  if (applied === 0) return { sale: toSale(sale), commissions: [], duplicate: true }

  await tx
    .insertInto('refunds')
    .values({ id: newId('ref', now.getTime()), program_id: programId, sale_id: sale.id, external_id: input.refundId ?? null, amount_minor: applied, created_at: at })
    .execute()
  const updatedSale = { ...sale, refunded_minor: already + applied }
  await tx.updateTable('sales').set({ refunded_minor: updatedSale.refunded_minor }).where('id', '=', sale.id).execute()

  const all = await tx.selectFrom('commissions').selectAll().where('sale_id', '=', sale.id).orderBy('id').execute()
  const changed: CommissionRow[] = []
  const fullyRefunded = updatedSale.refunded_minor >= saleAmount
  for (const original of all.filter((c) => c.reverses_id === null && c.status !== 'reversed' && c.status !== 'fraud')) {
    const clawbacks = all.filter((c) => c.reverses_id === original.id)
    const unpaid = original.status !== 'paid' && clawbacks.every((c) => c.status !== 'paid')
    if (unpaid && fullyRefunded) {
      const ids = [original.id, ...clawbacks.map((c) => c.id)]
      await tx.updateTable('commissions').set({ status: 'reversed', updated_at: at }).where('id', 'in', ids).execute()
      changed.push({ ...original, status: 'reversed', updated_at: at })
      continue
    }
    const amount = reversalFor(Number(original.amount_minor), facts)
    if (amount === 0) continue
    const row: CommissionRow = {
      id: newId('com', now.getTime()),
      program_id: programId,
      partner_id: original.partner_id,
      sale_id: sale.id,
      reverses_id: original.id,
      amount_minor: -amount,
      currency: original.currency,
      kind: 'clawback',
      rule_id: original.rule_id,
      tier: null,
      source_id: null,
      customer_id: original.customer_id,
      approve_at: original.approve_at,
      hold_reason: null,
      payout_id: null,
      // A clawback of a paid commission is owed now; of an unpaid one, it matures with the original.
      status: original.status === 'paid' ? 'approved' : original.status,
      reason: `${original.status === 'paid' ? 'clawback after payout' : 'partial refund'}: ${applied} of ${saleAmount} refunded`,
      created_at: at,
      updated_at: at,
    }
    await tx.insertInto('commissions').values(row).execute()
    changed.push(row)
  }
  const commissions = changed.map(toCommission)
  for (const c of commissions) await emitEvent(tx, programId, 'commission.reversed', c, now)
  return { sale: toSale(updatedSale), commissions, duplicate: false }
}
