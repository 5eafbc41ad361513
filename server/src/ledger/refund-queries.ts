// What recording a refund reads and writes besides commissions: the sale it names (locked), the refunds
// already recorded, and the sale's refunded total.
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { RefundTable, SaleTable } from '../kernel/db/schema.ts'
import { isChargebackId } from './refunds.ts'

/**
 * Up to two of the program's sales whose `column` is `value`, oldest first, locked until the transaction
 * ends (Postgres), so refunds of one sale take turns. Two: the caller tells "one" from "ambiguous".
 */
export function lockSalesBy(tx: Tx, programId: string, column: 'invoice_id' | 'payment_id', value: string) {
  return tx
    .selectFrom('sales')
    .selectAll()
    .where('program_id', '=', programId)
    .where(column, '=', value)
    .orderBy('id')
    .limit(2)
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute()
}

/** The program's refund with this provider refund id (its sale, and what it took off it), or undefined. */
export function findRefundByExternalId(tx: Tx, programId: string, externalId: string) {
  return tx.selectFrom('refunds').select(['id', 'sale_id', 'amount_minor']).where('program_id', '=', programId).where('external_id', '=', externalId).executeTakeFirst()
}

export async function insertRefund(tx: Tx, refund: RefundTable): Promise<void> {
  await tx.insertInto('refunds').values(refund).execute()
}

/** The sale's refunded total, and its split partner's part of it. */
export async function setSaleRefunded(tx: Tx, saleId: string, refunded: Pick<SaleTable, 'refunded_minor' | 'split_refunded_minor'>): Promise<void> {
  await tx.updateTable('sales').set({ refunded_minor: refunded.refunded_minor, split_refunded_minor: refunded.split_refunded_minor }).where('id', '=', saleId).execute()
}

/**
 * What the sale's chargebacks took off it: its refunds recorded under a Stripe dispute id (isChargebackId), by
 * the webhook or by hand (docs/stripe.md). A Stripe charge's `amount_refunded` counts its
 * refunds only, so the refunded total it is compared with must leave these out.
 */
export async function chargebackMinor(db: Db | Tx, saleId: string): Promise<number> {
  const rows = await db.selectFrom('refunds').select(['external_id', 'amount_minor']).where('sale_id', '=', saleId).execute()
  return rows.filter((r) => isChargebackId(r.external_id)).reduce((sum, r) => sum + Number(r.amount_minor), 0)
}
