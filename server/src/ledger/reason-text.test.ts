// The English `reason` and `hold_reason` older clients read: the same words as before reasons were data.
import type { CommissionReason } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { holdReasonText, reasonText } from './reason-text.ts'

const rule = { id: 'rul_1', name: 'Partners' }

describe('the reason column', () => {
  it('says the rule, the rate or flat amount, and the tier', () => {
    const percent: CommissionReason = { kind: 'rule', basis: 'percent', rule: { id: null, name: 'program default' }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null }
    expect(reasonText(percent)).toBe('program default: 20% of sale')
    const tiered: CommissionReason = { ...percent, rule, rateBps: 3000, tier: { name: 'Gold', metric: 'paid_customers', value: 12, from: 10, currency: null, pinned: false } }
    expect(reasonText(tiered)).toBe('Partners: 30% of sale (tier Gold: 12 paid customers ≥ 10)')
    expect(reasonText({ ...tiered, tier: { name: 'Gold', metric: 'sales', value: 0, from: 10, currency: null, pinned: true } })).toBe('Partners: 30% of sale (tier Gold: set by the program)')
    expect(reasonText({ kind: 'rule', basis: 'flat', rule: { id: 'rul_2', name: 'Lead bounty' }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null })).toBe(
      'Lead bounty: flat 1000 USD minor units',
    )
  })

  it('says overrides, clawbacks and bonuses as before', () => {
    expect(reasonText({ kind: 'override', rateBps: 500, sourceCommissionId: 'com_1', sourceAmountMinor: 2000, currency: 'USD', recruitedPartnerId: 'prt_rob' })).toBe(
      'second tier: 5% of 2000 earned by recruited partner prt_rob',
    )
    expect(reasonText({ kind: 'clawback', refundedMinor: 1000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: true })).toBe('clawback after payout: 1000 of 10000 refunded')
    expect(reasonText({ kind: 'clawback', refundedMinor: 1000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false })).toBe('partial refund: 1000 of 10000 refunded')
    expect(reasonText({ kind: 'clawback', cause: 'refund', refundedMinor: 1000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false })).toBe('partial refund: 1000 of 10000 refunded')
    // Worded as when this clawback's reason was text only
    expect(reasonText({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', note: 'stolen card', afterPayout: true })).toBe(
      'clawback after payout: commission com_1 marked fraud',
    )
    expect(reasonText({ kind: 'bonus', challengeId: 'chl_1', challengeName: 'Ten in November' })).toBe('challenge Ten in November met')
    expect(reasonText({ kind: 'bonus', challengeId: 'chl_2', challengeName: 'Review us', submissionId: 'sub_1' })).toBe('bounty Review us: submission sub_1 approved')
  })
})

describe('the hold_reason column', () => {
  it('says a self-referral and an action with its note', () => {
    expect(holdReasonText({ kind: 'self_referral', match: 'company_domain', customerEmail: 'bob@acme.io', domain: 'acme.io' })).toBe(
      "self-referral suspected: customer email bob@acme.io is at the partner's company domain acme.io",
    )
    expect(holdReasonText({ kind: 'action', action: 'release', note: 'verified' })).toBe('release: verified')
  })
})
