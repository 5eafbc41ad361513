// The validator of a referral reward (program settings, groups), checked against the SDK's contract type.
import type { CreateRewardCouponInput, ReferralRewardInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { id, minor, text } from '../kernel/http/schemas.ts'

const label = text(60).nullable().optional()
// Stripe's coupon ids: letters, digits, _ and -; kept on the server, never shown to visitors.
const stripeCouponId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a Stripe coupon id').nullable().optional()

export const referralReward = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), percentOffBps: z.number().int().min(100, 'at least 100 basis points (1%)').max(10_000, 'at most 10000 basis points (100%)'), label, stripeCouponId }),
  z.strictObject({ kind: z.literal('amount'), amountOffMinor: minor.min(1), currency, label, stripeCouponId }),
  // A trial is not a coupon: checkout sets the trial's length (sdk withReferralReward), so no coupon id.
  z.strictObject({ kind: z.literal('trial'), trialDays: z.number().int().min(1).max(365), label }),
]) satisfies z.ZodType<ReferralRewardInput, any>

/** `POST /v1/rewards/stripe-coupon`: the program's reward, or a group's own with `groupId`. */
export const rewardCoupon = z.strictObject({ groupId: id('grp').optional() }) satisfies z.ZodType<CreateRewardCouponInput, any>
