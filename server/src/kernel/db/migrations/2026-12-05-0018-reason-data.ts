// Frozen: why a commission has its amount, and why it is held, stored as data (JSON text) beside the
// English `reason` and `hold_reason`, so every surface can say it in the reader's language and money format.
// Rows written before stay null: their English text is all there is.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commissions').addColumn('reason_data', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('hold_reason_data', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commissions').dropColumn('hold_reason_data').execute()
  await db.schema.alterTable('commissions').dropColumn('reason_data').execute()
}
