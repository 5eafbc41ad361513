import { describe, expect, test } from 'vitest'
import { withReferralReward } from './checkout-reward.ts'
import type { ReferralOffer, ReferralReward } from './types.ts'

const base = { mode: 'payment', line_items: [{ price: 'price_1', quantity: 1 }], success_url: 'https://shop.test/thanks' }
const percent: ReferralReward = { kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: 'AFF20' }

describe('withReferralReward', () => {
  test('a percent or amount reward becomes the coupon discount, leaving the params given untouched', () => {
    const params = { ...base, allow_promotion_codes: true }
    expect(withReferralReward(params, percent)).toEqual({ ...base, discounts: [{ coupon: 'AFF20' }] })
    expect(params).toEqual({ ...base, allow_promotion_codes: true })
    const amount: ReferralReward = { kind: 'amount', amountOffMinor: 1000, currency: 'USD', label: '10.00 USD off', labelSet: false, stripeCouponId: null }
    expect(withReferralReward(base, amount, { couponId: 'TENOFF' }).discounts).toEqual([{ coupon: 'TENOFF' }])
  })

  test('an offer from the browser has no coupon: one is given as an option, else nothing changes', () => {
    const offer: ReferralOffer = { kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: 'Alice' }
    expect(withReferralReward(base, offer)).toBe(base)
    expect(withReferralReward(base, offer, { couponId: 'AFF20' }).discounts).toEqual([{ coupon: 'AFF20' }])
  })

  test("the params' own discount wins", () => {
    const params = { ...base, discounts: [{ promotion_code: 'promo_1' }] }
    expect(withReferralReward(params, percent)).toBe(params)
  })

  test("a trial reward extends a subscription's trial, and leaves one-off payments alone", () => {
    const trial: ReferralReward = { kind: 'trial', trialDays: 30, label: '30 days free', labelSet: false, stripeCouponId: null }
    const sub = { ...base, mode: 'subscription' }
    expect(withReferralReward(sub, trial)).toEqual({ ...sub, subscription_data: { trial_period_days: 30 } })
    const withTrial = { ...sub, subscription_data: { trial_period_days: 14, metadata: { plan: 'pro' } } }
    expect(withReferralReward(withTrial, trial).subscription_data).toEqual({ trial_period_days: 44, metadata: { plan: 'pro' } })
    expect(withReferralReward(base, trial)).toBe(base)
  })

  test('no reward, no change', () => {
    expect(withReferralReward(base, null)).toBe(base)
    expect(withReferralReward(base, undefined)).toBe(base)
  })
})
