// Frozen: indexes for two reads on the hot paths that walked the ledger (ledger/hot-path-plans.test.ts).
// - A sale's commissions are read on every sale (its notices, a replayed invoice) by program and sale. With
//   only (sale_id) and (program_id, id) to choose from, SQLite's planner (no statistics) took the program's
//   index to skip a sort and walked every commission of the program. Two equal columns decide it.
// - Whether a customer earned a lead commission is read on every lead: no index had customer_id, so each
//   lead scanned the whole commissions table.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_sale').execute()
  await db.schema.createIndex('commissions_sale').on('commissions').columns(['sale_id', 'program_id']).execute()
  await db.schema.createIndex('commissions_customer').on('commissions').columns(['customer_id', 'kind']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_customer').execute()
  await db.schema.dropIndex('commissions_sale').execute()
  await db.schema.createIndex('commissions_sale').on('commissions').column('sale_id').execute()
}
