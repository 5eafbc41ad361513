// Frozen: a partner's totals by status read one index and never the commission rows. The partner list's
// earnings index (partner, currency, status, amount) gains the approval number and the creation time:
// a partner's stored sums over a period are read from it alone, and each payout's covered commissions are
// a range of it (partner, currency, approved, approval_seq in the payout's range). Same number of indexes a
// sale writes; the partner list's sort by earnings still reads index ranges. The program's totals read its
// payouts first: payouts_program finds them (only a payout run writes payouts).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_partner_earned').execute()
  await db.schema
    .createIndex('commissions_partner_earned')
    .on('commissions')
    .columns(['partner_id', 'currency', 'status', 'approval_seq', 'created_at', 'amount_minor'])
    .execute()
  await db.schema.createIndex('payouts_program').on('payouts').columns(['program_id', 'partner_id', 'currency']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payouts_program').execute()
  await db.schema.dropIndex('commissions_partner_earned').execute()
  await db.schema.createIndex('commissions_partner_earned').on('commissions').columns(['partner_id', 'currency', 'status', 'amount_minor']).execute()
}
