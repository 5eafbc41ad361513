import type { Partner, ReferralOffer } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { groupReward } from './queries.ts'
import { partnerFirstName, rewardInForce, toOffer } from './reward-rules.ts'

/** What a partner's referred customers get, as they see it: for the partner's portal. */
export async function partnerOffer(db: Db, program: ProgramRow, partner: Pick<Partner, 'groupId' | 'name'>): Promise<ReferralOffer | null> {
  const group = partner.groupId ? await groupReward(db, program.id, partner.groupId) : null
  return toOffer(rewardInForce(group, program.referral_reward), partnerFirstName(partner.name))
}

/** The program's reward as the marketplace shows it: no partner yet. */
export const programOffer = (program: Pick<ProgramRow, 'referral_reward'>): ReferralOffer | null => toOffer(rewardInForce(null, program.referral_reward), null)
