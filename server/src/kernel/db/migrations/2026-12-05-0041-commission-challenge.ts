// Frozen: a bonus names the challenge that paid it (a target met, or a bounty submission approved), so a
// challenge's budget sums its spend from the commissions alone, whatever paid them. Bonuses written before
// are named from their reward or submission. No foreign key, as link_id has none (SQLite could not drop the
// column again); a partial index: only bonuses carry one.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commissions').addColumn('challenge_id', 'text').execute()
  await sql`
    update commissions set challenge_id = coalesce(
      (select r.challenge_id from challenge_rewards r where r.commission_id = commissions.id),
      (select s.challenge_id from challenge_submissions s where s.commission_id = commissions.id)
    )
    where kind = 'bonus'`.execute(db)
  await db.schema.createIndex('commissions_challenge').on('commissions').columns(['challenge_id', 'id']).where(sql.ref('challenge_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_challenge').execute()
  await db.schema.alterTable('commissions').dropColumn('challenge_id').execute()
}
