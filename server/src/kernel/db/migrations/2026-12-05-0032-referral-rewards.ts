// Frozen: what a referred customer gets (issue 14, double-sided rewards), on the program and optionally on
// a partner group, whose reward replaces the program's. JSON ReferralReward as rewards/reward-rules.ts stores it.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').addColumn('referral_reward', 'text').execute()
  await db.schema.alterTable('partner_groups').addColumn('referral_reward', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partner_groups').dropColumn('referral_reward').execute()
  await db.schema.alterTable('programs').dropColumn('referral_reward').execute()
}
