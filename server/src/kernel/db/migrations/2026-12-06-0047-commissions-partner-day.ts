// Frozen: commissions_partner_day (partner_id, substr(created_at, 1, 10), status, currency, amount_minor,
// created_at) served one read, the ledger totals over whole days (the portal overview's earnings by status).
// That read now filters a range of created_at and the stored status (ledger/queries.ts), which both
// databases plan through commissions_partner_earned or a scan of the partner, never through this index. No
// other read names the expression: one b-tree fewer for every commission written and every status changed.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_partner_day').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('commissions_partner_day')
    .on('commissions')
    .expression(sql.raw('partner_id, substr(created_at, 1, 10), status, currency, amount_minor, created_at'))
    .execute()
}
