// Sales as recording one reads and writes them: by invoice, its partner's own commission, the payment id
// filled once, the subscription's earlier payments, the late credit's claim, and the mark of fraud.
import { sql } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { everyColumn, prepare, prepareInsert } from '../kernel/db/prepared.ts'
import type { SaleTable } from '../kernel/db/schema.ts'
import { commissionsShown } from './queries.ts'

// The statements every sale runs, prepared once (kernel/db/prepared.ts): the invoice check and the row.
const saleColumns = everyColumn('sales', ['id', 'program_id', 'invoice_id', 'customer_id', 'partner_id', 'click_id', 'product_id', 'amount_minor', 'currency', 'refunded_minor', 'subscription_id', 'payment_number', 'payment_id', 'coupon_code', 'coupon_code_id', 'split_partner_id', 'split_amount_minor', 'split_refunded_minor', 'fraud_at', 'occurred_at', 'created_at'] as const)
const byInvoice = prepare<{ program_id: string; invoice_id: string }, SaleTable>((db, arg) =>
  db.selectFrom('sales').select(saleColumns).where('program_id', '=', arg('program_id')).where('invoice_id', '=', arg('invoice_id')),
)
const insertSale = prepareInsert('sales', saleColumns)

/** The program's sale with this invoice id, or undefined. */
export async function findSaleByInvoice(db: Db | Tx, programId: string, invoiceId: string): Promise<SaleTable | undefined> {
  return (await byInvoice.execute(db, { program_id: programId, invoice_id: invoiceId })).rows[0]
}

/** The program's sale with this invoice id, which the caller knows exists. */
export function saleByInvoice(tx: Tx, programId: string, invoiceId: string) {
  return tx.selectFrom('sales').selectAll().where('program_id', '=', programId).where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow()
}

/** The credited partner's own commission on a sale (not an override, not a clawback), or undefined. */
export async function ownCommissionOfSale(db: Db | Tx, sale: { id: string; program_id: string; partner_id: string | null }) {
  // The first by id, picked here: an ORDER BY id makes SQLite's planner walk the partner's (partner_id, id)
  // index instead of the sale's (migration 0029).
  const rows = await commissionsShown(db)
    .selectAll()
    .where('sale_id', '=', sale.id)
    .where('program_id', '=', sale.program_id)
    .where('partner_id', '=', sale.partner_id ?? '')
    .where('reverses_id', 'is', null)
    .execute()
  return rows.reduce<(typeof rows)[number] | undefined>((first, r) => (!first || r.id < first.id ? r : first), undefined)
}

/** Sets the sale's payment id unless it has one. Returns whether this call set it. */
export async function fillSalePaymentId(db: Db, saleId: string, paymentId: string): Promise<boolean> {
  const filled = await db.updateTable('sales').set({ payment_id: paymentId }).where('id', '=', saleId).where('payment_id', 'is', null).executeTakeFirst()
  return Number(filled.numUpdatedRows) === 1
}

export async function salePaymentId(db: Db, saleId: string): Promise<string | null> {
  return (await db.selectFrom('sales').select('payment_id').where('id', '=', saleId).executeTakeFirst())?.payment_id ?? null
}

/**
 * Postgres: sales of one subscription take turns until the transaction ends (an advisory lock), so each
 * counts the payments recorded before it: two renewals at once would both be numbered the second payment,
 * and both priced as one within a recurring rule's limit. SQLite has one writer already. Taken before the
 * sale locks anything else (its customer's row), so two of them never wait on each other's.
 */
export async function lockSubscription(tx: Tx, programId: string, subscriptionId: string): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtext(${`afflio:subscription:${programId}`}), hashtext(${subscriptionId}))`.execute(tx)
}

/** A subscription's payments recorded so far (other than `excludeSaleId`), first payment first (by when paid, then id). */
export async function subscriptionPayments(db: Db | Tx, programId: string, subscriptionId: string, excludeSaleId?: string) {
  // Sorted here, not in SQL: an ORDER BY occurred_at lets SQLite's planner, without statistics, walk the
  // program's (program_id, occurred_at) index instead of the subscription's (1 ms a renewal at 13k sales).
  let q = db.selectFrom('sales').select(['id', 'invoice_id', 'partner_id', 'click_id', 'coupon_code_id', 'occurred_at', 'amount_minor']).where('program_id', '=', programId).where('subscription_id', '=', subscriptionId)
  if (excludeSaleId) q = q.where('id', '!=', excludeSaleId)
  const rows = await q.execute()
  return rows.sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : a.id < b.id ? -1 : 1))
}

export async function insertSaleRow(tx: Tx, sale: SaleTable): Promise<void> {
  await insertSale.execute(tx, sale)
}

/** Moves the payments of the sale's subscription recorded after it but occurring later (rules.ts paymentPlace's order) up one. */
export async function renumberLaterPayments(tx: Tx, sale: Pick<SaleTable, 'id' | 'program_id' | 'subscription_id' | 'occurred_at'>): Promise<void> {
  await tx
    .updateTable('sales')
    .set((eb) => ({ payment_number: eb('payment_number', '+', 1) }))
    .where('program_id', '=', sale.program_id)
    .where('subscription_id', '=', sale.subscription_id)
    .where((eb) => eb.or([eb('occurred_at', '>', sale.occurred_at), eb.and([eb('occurred_at', '=', sale.occurred_at), eb('id', '>', sale.id)])]))
    .execute()
}

/** Credits an uncredited sale to a partner. Returns false when another credit got there first. */
export async function claimSale(tx: Tx, saleId: string, set: Pick<SaleTable, 'click_id' | 'customer_id' | 'coupon_code' | 'coupon_code_id' | 'split_partner_id' | 'split_amount_minor' | 'split_refunded_minor'> & { partner_id: string }): Promise<boolean> {
  const claimed = await tx.updateTable('sales').set(set).where('id', '=', saleId).where('partner_id', 'is', null).executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

/**
 * The program's sale, every column, locked until the transaction ends (Postgres) as a refund locks it
 * (refund-queries.ts lockSalesBy): a mark of fraud and a refund of one sale take turns.
 */
export function lockSaleById(tx: Tx, programId: string, saleId: string) {
  return tx.selectFrom('sales').selectAll().where('program_id', '=', programId).where('id', '=', saleId).$if(isPostgres(tx), (q) => q.forUpdate()).executeTakeFirst()
}

/** Marks the sale fraud at `at` unless it is already. Returns whether this call marked it. */
export async function setSaleFraud(tx: Tx, saleId: string, at: string): Promise<boolean> {
  const marked = await tx.updateTable('sales').set({ fraud_at: at }).where('id', '=', saleId).where('fraud_at', 'is', null).executeTakeFirst()
  return Number(marked.numUpdatedRows) === 1
}
