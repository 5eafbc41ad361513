// Frozen: a commission in a payout that has not been sent is `in_payout`, no longer `paid` (the portal
// said "In payout" while the console said "Paid" for the same money). Rows move with their payout's state.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('commissions')
    .set({ status: 'in_payout' })
    .where('status', '=', 'paid')
    .where('payout_id', 'in', db.selectFrom('payouts').select('id').where('status', 'in', ['pending', 'processing']))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('commissions').set({ status: 'paid' }).where('status', '=', 'in_payout').execute()
}
