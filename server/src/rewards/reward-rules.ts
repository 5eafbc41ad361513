// Double-sided rewards, pure: how a reward is stored, its default label, which one a partner's visitor gets
// (the group's, else the program's), and how the partner is named to that visitor.
import type { ReferralOffer, ReferralReward, ReferralRewardInput, RewardValue } from '@afflio/sdk/types'
import { formatMinorCode, formatPercent } from '../kernel/money.ts'
import { toStripeAmount } from '../kernel/stripe-units.ts'
import { extended } from '../kernel/extended.ts'

/** The stored JSON: the value with its own label and coupon, each null when not set. */
type StoredReward = RewardValue & { label: string | null; stripeCouponId: string | null }

function valueOf(r: RewardValue): RewardValue {
  if (r.kind === 'percent') return { kind: 'percent', percentOffBps: r.percentOffBps }
  if (r.kind === 'amount') return { kind: 'amount', amountOffMinor: r.amountOffMinor, currency: r.currency }
  return { kind: 'trial', trialDays: r.trialDays }
}

/** The column's value for a validated input; null clears. */
export function storedReward(input: ReferralRewardInput | null): string | null {
  if (!input) return null
  const stored: StoredReward = { ...valueOf(input), label: input.label ?? null, stripeCouponId: input.stripeCouponId ?? null }
  return JSON.stringify(stored)
}

/**
 * What a reward says when the program gave it no label.
 *
 * @example rewardLabel({ kind: 'percent', percentOffBps: 2000 }) // '20% off'
 * @example rewardLabel({ kind: 'amount', amountOffMinor: 1000, currency: 'USD' }) // '10.00 USD off'
 * @example rewardLabel({ kind: 'trial', trialDays: 30 }) // '30 days free'
 */
export function rewardLabel(value: RewardValue): string {
  if (value.kind === 'percent') return `${formatPercent(value.percentOffBps)} off`
  if (value.kind === 'amount') return `${formatMinorCode(value.amountOffMinor, value.currency)} off`
  return `${value.trialDays} day${value.trialDays === 1 ? '' : 's'} free`
}

/** A stored reward as the API answers it; null when none is set. */
export function readReward(json: string | null): ReferralReward | null {
  if (!json) return null
  const stored = JSON.parse(json) as StoredReward
  return { ...valueOf(stored), label: stored.label ?? rewardLabel(stored), labelSet: stored.label !== null, stripeCouponId: stored.stripeCouponId }
}

/** The reward in force for a partner's visitors: its group's when the group has one, else the program's. */
export function rewardInForce(groupReward: string | null | undefined, programReward: string | null): ReferralReward | null {
  return readReward(groupReward ?? programReward)
}

/**
 * How a partner is named to the customers it refers: the first word of its name only (no surname, no
 * email), at most 40 characters; null when it has no name.
 *
 * @example partnerFirstName('Alice Martin') // 'Alice'
 */
export function partnerFirstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0]
  return first ? first.slice(0, 40) : null
}

/** The reward as a visitor sees it: the label in force, no coupon id, the partner by first name. */
export function toOffer(reward: ReferralReward | null, partnerName: string | null): ReferralOffer | null {
  if (!reward) return null
  const { stripeCouponId: _coupon, labelSet: _set, ...offer } = reward
  return extended(offer, { partnerName })
}

/**
 * Stripe's `POST /v1/coupons` form for a discount reward: once, named by its label (Stripe allows 40
 * characters), tagged with our ids, its amount as Stripe counts it (throws AmountNotInStripeUnits for one
 * Stripe cannot take). Null for a trial, which is no coupon.
 *
 * @example stripeCouponForm(reward, 'prg_1', null) // { percent_off: '12.5', duration: 'once', name: '12.5% off', … }
 */
export function stripeCouponForm(reward: ReferralReward, programId: string, groupId: string | null): Record<string, string> | null {
  if (reward.kind === 'trial') return null
  const value: Record<string, string> = reward.kind === 'percent' ? { percent_off: String(reward.percentOffBps / 100) } : { amount_off: String(toStripeAmount(reward.amountOffMinor, reward.currency)), currency: reward.currency.toLowerCase() }
  return { ...value, duration: 'once', name: reward.label.slice(0, 40), 'metadata[afflio_program_id]': programId, ...(groupId && { 'metadata[afflio_group_id]': groupId }) }
}
