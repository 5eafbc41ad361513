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
