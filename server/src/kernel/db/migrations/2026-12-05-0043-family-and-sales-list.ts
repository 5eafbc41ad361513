// Frozen: reads that walked a program's whole ledger.
// - A commission action locks the commission's family, whose clawbacks only reverses_id names: with no index
//   on it, each hold, release or mark_fraud read every commission of the program (68 ms a hold at 210k
//   commissions). Partial: only clawbacks carry one, so no other commission writes into it.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('commissions_reverses').on('commissions').column('reverses_id').where(sql.ref('reverses_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_reverses').execute()
}
