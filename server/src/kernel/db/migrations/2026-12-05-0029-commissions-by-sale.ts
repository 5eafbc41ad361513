// Frozen: a sale's commissions are read on every sale (its notices, a replayed invoice) by program and sale.
// With only (sale_id) and (program_id, id) to choose from, SQLite's planner (no statistics) took the
// program's index and walked every commission of the program: a sale cost grew with the ledger. Two equal
// columns make this index the obvious choice on both databases.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_sale').execute()
  await db.schema.createIndex('commissions_sale').on('commissions').columns(['sale_id', 'program_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_sale').execute()
  await db.schema.createIndex('commissions_sale').on('commissions').column('sale_id').execute()
}
