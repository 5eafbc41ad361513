// Frozen: a payout run claims its commissions with UPDATE ... FROM payouts, each commission finding its
// payout by (run, partner, currency): one probe, not a walk of the run's payouts. It then checks each
// payout against what it claimed (count and sum); with the amount in the payout index that check reads the
// index alone, not a million table rows.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payouts_run').execute()
  await db.schema.createIndex('payouts_run').on('payouts').columns(['run_id', 'partner_id', 'currency']).unique().execute()
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').columns(['payout_id', 'amount_minor']).where(sql.ref('payout_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payouts_run').execute()
  await db.schema.createIndex('payouts_run').on('payouts').column('run_id').execute()
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').column('payout_id').where(sql.ref('payout_id'), 'is not', null).execute()
}
