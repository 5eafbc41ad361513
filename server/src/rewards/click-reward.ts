import type { ClickReward } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { clickWithReward } from './queries.ts'
import { partnerFirstName, rewardInForce } from './reward-rules.ts'

/**
 * The reward a click's visitor is owed, with its Stripe coupon: what the host's checkout applies
 * (sdk `withReferralReward`). Read on the server with the secret key, so a visitor cannot change it.
 */
export async function clickReward(db: Db, program: ProgramRow, clickId: string): Promise<ClickReward> {
  const row = await clickWithReward(db, program.id, clickId)
  if (!row) throw notFound(`Click ${clickId}`)
  return { clickId: row.id, partnerId: row.partner_id, reward: rewardInForce(row.group_reward, program.referral_reward), partnerName: partnerFirstName(row.name) }
}
