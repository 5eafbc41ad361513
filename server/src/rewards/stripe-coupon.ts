import type { ReferralReward } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { sha256 } from '../kernel/hash.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { openSecret } from '../kernel/secrets.ts'
import type { ProgramRow } from '../programs/index.ts'
import { forgetProgram } from '../programs/index.ts'
import { setRewardCoupon, storedRewardOf } from './queries.ts'
import { readReward, storedReward, stripeCouponForm } from './reward-rules.ts'

export interface StripeApi {
  /** Default `https://api.stripe.com`; tests point it at a local fake */
  baseUrl?: string | undefined
  fetch?: typeof fetch | undefined
}

/**
 * Makes the Stripe coupon that grants the program's reward (or a group's own) with the program's Stripe
 * key, and keeps its id in the reward. The Idempotency-Key is the reward itself, so a retry makes no
 * second coupon; a reward edited meanwhile is a 409 and keeps no coupon of the old value.
 */
export async function createRewardCoupon(db: Db, program: ProgramRow, groupId: string | null, audit: AuditContext, stripe: StripeApi = {}): Promise<ReferralReward> {
  if (!program.stripe_api_key) throw conflict('Connect Stripe first: set stripeApiKey with PATCH /v1/program/settings', 'stripeApiKey')
  const stored = await storedRewardOf(db, program.id, groupId)
  if (stored === undefined) throw notFound(`Group ${groupId}`)
  const reward = readReward(stored)
  if (!reward || !stored) throw conflict(groupId ? 'This group has no reward of its own' : 'The program has no referral reward', 'referralReward')
  const form = stripeCouponForm(reward, program.id, groupId)
  if (!form) throw badRequest('A trial reward needs no coupon: checkout sets the trial length', 'referralReward')

  const base = (stripe.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '')
  const doFetch = stripe.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let res: Response
  let body: { id?: unknown; error?: { message?: unknown } } = {}
  try {
    res = await doFetch(`${base}/v1/coupons`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${openSecret(db, program.stripe_api_key)}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': `afflio_coupon_${sha256(`${program.id}|${groupId}|${stored}`).slice(0, 32)}`,
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(30_000),
    })
    body = await res.json().catch(() => ({}))
  } catch (err) {
    throw new ApiError(503, 'unavailable', `Stripe unreachable: ${err instanceof Error ? err.message : String(err)}`)
  }
  const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`
  if (res.status >= 500) throw new ApiError(503, 'unavailable', `Stripe: ${message}`)
  if (!res.ok || typeof body.id !== 'string') throw conflict(`Stripe refused the coupon: ${message}`, 'stripeApiKey')

  const { label, labelSet, stripeCouponId: _old, ...value } = reward
  const next = storedReward({ ...value, label: labelSet ? label : null, stripeCouponId: body.id })!
  await db.transaction().execute(async (tx) => {
    if (!(await setRewardCoupon(tx, program.id, groupId, stored, next))) throw conflict('The reward changed meanwhile: make the coupon again', 'referralReward')
    const subject = groupId ? { type: 'group' as const, id: groupId } : { type: 'program' as const, id: program.id }
    await recordAudit(tx, program.id, audit, { action: groupId ? 'group.changed' : 'program.settings_changed', subject, before: { referralReward: reward }, after: { referralReward: readReward(next) } })
  })
  if (!groupId) forgetProgram(db, program.id)
  return readReward(next)!
}
