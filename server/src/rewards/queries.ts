// Rewards' SQL: a click's partner with the rewards that may apply to its visitor.
import type { Db } from '../kernel/db/connect.ts'

/** A click of the program with its partner's name and its group's reward (null when it has no group or the group none). */
export function clickWithReward(db: Db, programId: string, clickId: string) {
  return db
    .selectFrom('clicks')
    .innerJoin('partners', 'partners.id', 'clicks.partner_id')
    .leftJoin('partner_groups', 'partner_groups.id', 'partners.group_id')
    .select(['clicks.id', 'clicks.partner_id', 'partners.name', 'partner_groups.referral_reward as group_reward'])
    .where('clicks.program_id', '=', programId)
    .where('clicks.id', '=', clickId)
    .executeTakeFirst()
}

/** A group's own reward (JSON), or null when it has none or is not the program's. */
export async function groupReward(db: Db, programId: string, groupId: string): Promise<string | null> {
  const row = await db.selectFrom('partner_groups').select('referral_reward').where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst()
  return row?.referral_reward ?? null
}

/** The stored reward of the program, or of one of its groups (undefined: no such group). */
export async function storedRewardOf(db: Db, programId: string, groupId: string | null): Promise<string | null | undefined> {
  if (!groupId) return (await db.selectFrom('programs').select('referral_reward').where('id', '=', programId).executeTakeFirstOrThrow()).referral_reward
  return (await db.selectFrom('partner_groups').select('referral_reward').where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst())?.referral_reward
}

/** Sets the coupon id into the stored reward, only while the reward is still `expected` (0 rows: it changed meanwhile). */
export async function setRewardCoupon(db: Db, programId: string, groupId: string | null, expected: string, next: string): Promise<boolean> {
  const result = groupId
    ? await db.updateTable('partner_groups').set({ referral_reward: next }).where('program_id', '=', programId).where('id', '=', groupId).where('referral_reward', '=', expected).executeTakeFirst()
    : await db.updateTable('programs').set({ referral_reward: next }).where('id', '=', programId).where('referral_reward', '=', expected).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
