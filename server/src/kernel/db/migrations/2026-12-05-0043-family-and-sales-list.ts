// Frozen: two reads that walked a program's whole ledger.
// - A commission action locks the commission's family, whose clawbacks only reverses_id names: with no index
//   on it, each hold, release or mark_fraud read every commission of the program (68 ms a hold at 210k
//   commissions). Partial: only clawbacks carry one, so no other commission writes into it.
// - Each page of the program's sales list sorted all of the program's sales: no index of sales was ordered by
//   id within a program, as commissions_program_id is for commissions. With one, SQLite's planner (no
//   statistics) walks it, to skip a sort, for every read by program and payment or customer ordered by id
//   (a refund by payment id, a customer's sales): those two indexes end in id as well, so each such read is
//   one range already in order. Rebuilt, not added: a sale writes as many b-trees as before plus the new one.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('commissions_reverses').on('commissions').column('reverses_id').where(sql.ref('reverses_id'), 'is not', null).execute()
  await db.schema.createIndex('sales_program_id').on('sales').columns(['program_id', 'id']).execute()
  for (const [index, column] of [['sales_payment', 'payment_id'], ['sales_customer', 'customer_id']] as const) {
    await db.schema.dropIndex(index).execute()
    await db.schema.createIndex(index).on('sales').columns(['program_id', column, 'id']).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [index, column] of [['sales_payment', 'payment_id'], ['sales_customer', 'customer_id']] as const) {
    await db.schema.dropIndex(index).execute()
    await db.schema.createIndex(index).on('sales').columns(['program_id', column]).execute()
  }
  await db.schema.dropIndex('sales_program_id').execute()
  await db.schema.dropIndex('commissions_reverses').execute()
}
