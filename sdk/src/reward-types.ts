// Double-sided rewards: what a referred customer gets when they arrive through a partner's link.

/** The value of a reward: a percentage off, a fixed amount off, or extra trial days. */
export type RewardValue =
  /** 100-10000 basis points: 2000 is 20% off */
  | { kind: 'percent'; percentOffBps: number }
  /** An amount off in integer minor units of an ISO 4217 currency: 1000 USD is $10.00 off */
  | { kind: 'amount'; amountOffMinor: number; currency: string }
  /** 1-365 days of trial */
  | { kind: 'trial'; trialDays: number }

/**
 * A program's (or a partner group's) reward for the customers its partners refer, as the program reads it
 * (`GET /v1/program/settings`, `GET /v1/groups`). A group's reward replaces the program's for its partners.
 */
export type ReferralReward = RewardValue & {
  /** A short text for the host page ("20% off"): the program's own, or derived from the value when it set none */
  label: string
  /** Whether the program wrote `label`; false: it is derived, and follows the value when that changes */
  labelSet: boolean
  /** A Stripe coupon that grants this reward at checkout (the program's own, or made by `POST …/stripe-coupon`); null: none */
  stripeCouponId: string | null
}

/** Sets a reward: the value, and optionally a label (at most 60 characters) and a Stripe coupon id. */
export type ReferralRewardInput = RewardValue & {
  label?: string | null | undefined
  stripeCouponId?: string | null | undefined
}

/**
 * The reward as a referred visitor sees it: in the click answer (`POST /v1/track/click`), as `afflio.reward`
 * and the `afflio:reward` event of the tracking script, and on the marketplace. Nothing private: the
 * partner appears by first name only, and the Stripe coupon stays on the server.
 */
export type ReferralOffer = RewardValue & {
  label: string
  /** The referring partner's first name; null on the marketplace (no partner yet) or when it has none */
  partnerName: string | null
}

/** `PATCH /v1/groups/:id`: rename a group, or set (null clears) its reward. */
export interface UpdateGroupInput {
  name?: string | undefined
  referralReward?: ReferralRewardInput | null | undefined
}

/** `GET /v1/clicks/:id/reward`: the reward a click's visitor is owed, for the host's checkout (secret key). */
export interface ClickReward {
  clickId: string
  partnerId: string
  /** null when neither the partner's group nor the program offers one */
  reward: ReferralReward | null
  partnerName: string | null
}

/**
 * `POST /v1/rewards/stripe-coupon`: makes the Stripe coupon that grants the program's reward (or, with
 * `groupId`, that group's own) with the program's Stripe key, and keeps its id in the reward. Answers the reward.
 */
export interface CreateRewardCouponInput {
  groupId?: string | undefined
}
