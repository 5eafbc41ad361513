// Frozen: indexes measured by bench/payouts.ts. Without planner statistics SQLite claimed payout rows
// through the (status, approve_at) index, scanning every approved row per claim (quadratic); partial
// indexes leave it only the primary key. The covering sales index makes tier standing 158x faster.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_approve').execute()
  await db.schema.createIndex('commissions_due').on('commissions').columns(['program_id', 'approve_at']).where(sql.ref('status'), '=', sql.lit('pending')).execute()
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').column('payout_id').where(sql.ref('payout_id'), 'is not', null).execute()
  await db.schema
    .createIndex('sales_partner_occurred')
    .on('sales')
    .columns(['partner_id', 'occurred_at', 'refunded_minor', 'amount_minor', 'customer_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sales_partner_occurred').execute()
  await db.schema.dropIndex('commissions_payout').execute()
  await db.schema.createIndex('commissions_payout').on('commissions').column('payout_id').execute()
  await db.schema.dropIndex('commissions_due').execute()
  await db.schema.createIndex('commissions_approve').on('commissions').columns(['status', 'approve_at']).execute()
}
