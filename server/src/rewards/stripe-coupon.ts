import type { ReferralReward } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { sha256 } from '../kernel/hash.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, badRequest, conflict } from '../kernel/http/errors.ts'
import { programStripeApi, type StripeEndpoint, stripePost } from '../kernel/stripe-api.ts'
import { AmountNotInStripeUnits } from '../kernel/stripe-units.ts'
import type { ProgramRow } from '../programs/index.ts'
import { forgetProgram } from '../programs/index.ts'
import { setRewardCoupon, storedRewardOf } from './queries.ts'
import { readReward, storedReward, stripeCouponForm } from './reward-rules.ts'
import { unknownReference } from '../kernel/http/references.ts'

/**
 * Makes the Stripe coupon that grants the program's reward (or a group's own) with the program's Stripe
 * key, and keeps its id in the reward. The Idempotency-Key is the reward itself, so a retry makes no
 * second coupon; a reward edited meanwhile is a 409 and keeps no coupon of the old value.
 */
export async function createRewardCoupon(db: Db, program: ProgramRow, groupId: string | null, audit: AuditContext, stripe: StripeEndpoint = {}): Promise<ReferralReward> {
  // The group is checked first: a request naming none of the program's groups is wrong whatever the program's state.
  const stored = await storedRewardOf(db, program.id, groupId)
  if (stored === undefined) throw unknownReference('group', groupId ?? '', 'groupId')
  const api = programStripeApi(db, program, stripe)
  if (!api) throw conflict('Connect Stripe first: set stripeApiKey with PATCH /v1/program/settings', 'stripeApiKey')
  const reward = readReward(stored)
  if (!reward || !stored) throw conflict(groupId ? 'This group has no reward of its own' : 'The program has no referral reward', 'referralReward')
  let form: Record<string, string> | null
  try {
    form = stripeCouponForm(reward, program.id, groupId)
  } catch (err) {
    if (err instanceof AmountNotInStripeUnits) throw badRequest(`${err.message}: give the reward an amount in whole units`, 'referralReward')
    throw err
  }
  if (!form) throw badRequest('A trial reward needs no coupon: checkout sets the trial length', 'referralReward')

  const key = `afflio_coupon_${sha256(`${program.id}|${groupId}|${stored}`).slice(0, 32)}`
  const made = await stripePost(api, '/v1/coupons', new URLSearchParams(form), key)
  if (made.kind === 'unreachable') throw new ApiError(503, 'unavailable', made.message)
  if (made.kind === 'refused') throw conflict(`Stripe refused the coupon: ${made.message}`, 'stripeApiKey')

  const { label, labelSet, stripeCouponId: _old, ...value } = reward
  const next = storedReward({ ...value, label: labelSet ? label : null, stripeCouponId: made.id })!
  await db.transaction().execute(async (tx) => {
    if (!(await setRewardCoupon(tx, program.id, groupId, stored, next))) throw conflict('The reward changed meanwhile: make the coupon again', 'referralReward')
    const subject = groupId ? { type: 'group' as const, id: groupId } : { type: 'program' as const, id: program.id }
    await recordAudit(tx, program.id, audit, { action: groupId ? 'group.changed' : 'program.settings_changed', subject, before: { referralReward: reward }, after: { referralReward: readReward(next) } })
  })
  if (!groupId) forgetProgram(db, program.id)
  return readReward(next)!
}
