import { describe, expect, it } from 'vitest'
import { partnerFirstName, readReward, rewardInForce, rewardLabel, storedReward, toOffer } from './reward-rules.ts'

describe('referral reward rules', () => {
  it('labels each kind when the program gave no label', () => {
    expect(rewardLabel({ kind: 'percent', percentOffBps: 2000 })).toBe('20% off')
    expect(rewardLabel({ kind: 'percent', percentOffBps: 1250 })).toBe('12.5% off')
    expect(rewardLabel({ kind: 'amount', amountOffMinor: 1000, currency: 'USD' })).toBe('10.00 USD off')
    expect(rewardLabel({ kind: 'amount', amountOffMinor: 500, currency: 'JPY' })).toBe('500 JPY off')
    expect(rewardLabel({ kind: 'trial', trialDays: 30 })).toBe('30 days free')
    expect(rewardLabel({ kind: 'trial', trialDays: 1 })).toBe('1 day free')
  })

  it('stores only the fields of its kind, and reads back the label in force', () => {
    const json = storedReward({ kind: 'percent', percentOffBps: 2000, amountOffMinor: 5, label: null } as never)
    expect(JSON.parse(json!)).toEqual({ kind: 'percent', percentOffBps: 2000, label: null, stripeCouponId: null })
    expect(readReward(json)).toEqual({ kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: null })
    expect(readReward(storedReward({ kind: 'trial', trialDays: 14, label: 'Two weeks on us' }))!.label).toBe('Two weeks on us')
    expect(storedReward(null)).toBeNull()
    expect(readReward(null)).toBeNull()
  })

  it("takes the group's reward over the program's", () => {
    const program = storedReward({ kind: 'percent', percentOffBps: 1000 })
    const group = storedReward({ kind: 'trial', trialDays: 60 })
    expect(rewardInForce(group, program)!.kind).toBe('trial')
    expect(rewardInForce(null, program)!.kind).toBe('percent')
    expect(rewardInForce(undefined, null)).toBeNull()
  })

  it('names the partner by first name only and keeps the coupon off the offer', () => {
    expect(partnerFirstName('  Alice   Martin ')).toBe('Alice')
    expect(partnerFirstName('')).toBeNull()
    expect(partnerFirstName(null)).toBeNull()
    const offer = toOffer(readReward(storedReward({ kind: 'amount', amountOffMinor: 1000, currency: 'EUR', stripeCouponId: 'REF10' })), 'Alice')
    expect(offer).toEqual({ kind: 'amount', amountOffMinor: 1000, currency: 'EUR', label: '10.00 EUR off', partnerName: 'Alice' })
  })
})
