// Frozen: a payout run checks each payout against the commissions it claimed (count and sum per payout);
// with the amount in the payout index that check reads the index alone, not a million table rows.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').columns(['payout_id', 'amount_minor']).where(sql.ref('payout_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').column('payout_id').where(sql.ref('payout_id'), 'is not', null).execute()
}
