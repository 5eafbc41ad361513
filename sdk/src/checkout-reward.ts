// Applies a referred customer's reward to Stripe Checkout: a coupon as `discounts`, or trial days.
// Structural types only: the SDK does not depend on the `stripe` package, and Stripe's own
// `Stripe.Checkout.SessionCreateParams` fits them.
import type { RewardValue } from './reward-types.ts'

/** What `withReferralReward` reads and writes of a Checkout Session's create params. */
export interface CheckoutSessionParamsLike {
  mode?: string
  discounts?: Array<{ coupon?: string; promotion_code?: string }> | null
  allow_promotion_codes?: boolean | null
  subscription_data?: { trial_period_days?: number | null } | null
}

/** What the reward may set: the params come back with these typed, whatever type they were given as. */
export type RewardedParams = Pick<CheckoutSessionParamsLike, 'discounts' | 'subscription_data'>

/** A reward as the API gives it: `ReferralReward` (server, with its coupon) or `ReferralOffer` (browser). */
export type RewardLike = RewardValue & { stripeCouponId?: string | null }

export interface ReferralRewardOptions {
  /** The Stripe coupon granting a `percent` or `amount` reward; default: the reward's `stripeCouponId` */
  couponId?: string | null | undefined
}

/**
 * Returns Checkout Session create params with the referred customer's reward applied; `params` is not
 * changed. A `percent` or `amount` reward becomes `discounts: [{ coupon }]` (Checkout takes only coupons,
 * so without a coupon id the params come back as they were), unless the params already carry a discount
 * of their own, which wins; `allow_promotion_codes` is dropped beside it, as Stripe refuses both. A `trial`
 * reward adds its days to `subscription_data.trial_period_days` of a subscription. No reward, no change.
 *
 * Read the reward on your server (`afflio.track.reward(clickId)`): a reward the browser sends can be forged.
 *
 * @example
 * const { reward } = await afflio.track.reward(clickId)
 * const session = await stripe.checkout.sessions.create(withReferralReward({ mode: 'subscription', line_items, success_url, client_reference_id: clickId }, reward))
 */
export function withReferralReward<P extends CheckoutSessionParamsLike>(params: P, reward: RewardLike | null | undefined, options: ReferralRewardOptions = {}): P & RewardedParams {
  if (!reward) return params
  if (reward.kind === 'trial') {
    if (params.mode !== 'subscription') return params
    const current = params.subscription_data?.trial_period_days ?? 0
    return { ...params, subscription_data: { ...params.subscription_data, trial_period_days: current + reward.trialDays } }
  }
  const coupon = options.couponId ?? reward.stripeCouponId
  if (!coupon || (params.discounts && params.discounts.length > 0)) return params
  const { allow_promotion_codes: _dropped, ...rest } = params
  return { ...rest, discounts: [{ coupon }] } as P & RewardedParams
}
