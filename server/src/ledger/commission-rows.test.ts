import { describe, expect, it } from 'vitest'
import { bonusRow, clawbackRow, type CommissionRow, earnedRows, type EarnedInput, fraudClawbackRow, recruiterShare } from './commission-rows.ts'
import { quoteCommission, type Rule } from './rules.ts'

const now = new Date('2026-11-01T12:00:00.000Z')
const at = now.toISOString()
const inThirtyDays = '2026-12-01T12:00:00.000Z'

function rule(r: Partial<Rule> = {}): Rule {
  return {
    id: 'rul_1',
    name: 'Partners',
    groupId: null,
    partnerId: null,
    productId: null,
    event: 'sale',
    type: 'percent',
    value: 2000,
    currency: null,
    recurring: 'forever',
    recurringLimit: null,
    tiers: [],
    tierMetric: null,
    tierPeriod: null,
    version: 1,
    versionCreatedAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...r,
  }
}

function earned(over: Partial<EarnedInput> & { rule?: Rule; sale?: { amountMinor: number; currency: string } } = {}): CommissionRow[] {
  const r = over.rule ?? rule()
  let n = 0
  return earnedRows({
    program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 0 },
    partner: { id: 'prt_ada', recruiter: null },
    credit: { event: r.event, saleId: r.event === 'sale' ? 'sal_1' : null, customerId: 'cus_1', linkId: 'lnk_1', paymentNumber: 1 },
    rule: r,
    quote: quoteCommission(r, over.sale ?? { amountMinor: 10_000, currency: 'USD' }, 0, 'USD'),
    fraud: { hold: null, flags: [] },
    now,
    ids: () => `com_${++n}`,
    ...over,
  })
}

describe('a credited sale or lead', () => {
  it('is one pending row with its rule, amount, reason as data and text, and its holding period', () => {
    expect(earned()).toEqual([
      {
        id: 'com_1',
        program_id: 'prg_1',
        partner_id: 'prt_ada',
        sale_id: 'sal_1',
        customer_id: 'cus_1',
        reverses_id: null,
        amount_minor: 2000,
        currency: 'USD',
        kind: 'sale',
        rule_id: 'rul_1',
        rule_version: 1,
        tier: null,
        source_id: null,
        link_id: 'lnk_1',
        challenge_id: null,
        status: 'pending',
        approve_at: inThirtyDays,
        hold_reason: null,
        hold_reason_data: null,
        fraud_data: null,
        reason: 'Partners: 20% of sale',
        reason_data: JSON.stringify({ kind: 'rule', basis: 'percent', rule: { id: 'rul_1', name: 'Partners', version: 1 }, tier: null, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD' }),
        created_at: at,
        updated_at: at,
      },
    ])
  })

  it('pays a lead bounty per lead, in the rule’s currency', () => {
    const [lead] = earned({ rule: rule({ name: 'Lead bounty', event: 'lead', type: 'flat', value: 1000, currency: 'USD' }), sale: { amountMinor: 0, currency: 'USD' } })
    expect(lead).toMatchObject({ kind: 'lead', sale_id: null, amount_minor: 1000, currency: 'USD', reason: 'Lead bounty: flat 1000 USD minor units' })
    expect(JSON.parse(lead!.reason_data!)).toEqual({ kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Lead bounty', version: 1 }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null })
  })

  it('says when a flat amount was capped at a smaller sale', () => {
    const [row] = earned({ rule: rule({ type: 'flat', value: 5000 }), sale: { amountMinor: 3000, currency: 'USD' } })
    expect(row!.amount_minor).toBe(3000)
    expect(JSON.parse(row!.reason_data!)).toMatchObject({ basis: 'flat', event: 'sale', amountMinor: 5000, capped: true })
  })

  it('is recurring from a subscription’s second payment, and approved at once without a holding period', () => {
    const [row] = earned({ credit: { event: 'sale', saleId: 'sal_2', customerId: null, linkId: null, paymentNumber: 2 }, program: { id: 'prg_1', holdingDays: 0, secondTierRateBps: 0 } })
    expect(row).toMatchObject({ kind: 'recurring', status: 'approved', approve_at: at })
  })

  it('prices at a tier and keeps where the partner stood', () => {
    const tiered = rule({ tiers: [{ name: 'Gold', from: 10, value: 3000 }], tierMetric: 'paid_customers', tierPeriod: 'lifetime' })
    const [row] = earned({ rule: tiered, quote: quoteCommission(tiered, { amountMinor: 10_000, currency: 'USD' }, 12, 'USD') })
    expect(row).toMatchObject({ amount_minor: 3000, tier: 'Gold', reason: 'Partners: 30% of sale (tier Gold: 12 paid customers ≥ 10)' })
    expect(JSON.parse(row!.reason_data!).tier).toEqual({ name: 'Gold', metric: 'paid_customers', value: 12, from: 10, currency: null, pinned: false })
    const [pinned] = earned({ rule: tiered, quote: quoteCommission(tiered, { amountMinor: 10_000, currency: 'USD' }, 0, 'USD', 'Gold') })
    expect(JSON.parse(pinned!.reason_data!).tier).toMatchObject({ name: 'Gold', value: 0, pinned: true })
  })

  it('gives the recruiter an override beside it, sharing the holding period and the hold, held in words of its own', () => {
    const hold = { kind: 'self_referral', match: 'company_domain', customerEmail: 'bob@acme.io', domain: 'acme.io' } as const
    const rows = earned({ partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'active' } }, program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 500 }, fraud: { hold, flags: [hold] } })
    expect(rows).toHaveLength(2)
    const [own, override] = rows
    expect(override).toMatchObject({ id: 'com_2', partner_id: 'prt_rita', kind: 'override', amount_minor: 100, source_id: 'com_1', rule_id: null, sale_id: 'sal_1', status: 'on_hold', approve_at: inThirtyDays })
    // The sale came through the recruited partner's link: its row names the link, the recruiter's share none.
    expect([own!.link_id, override!.link_id]).toEqual(['lnk_1', null])
    // The recruit's customer is not the recruiter's to read: the override says only that it follows the recruit's commission
    expect(override!.hold_reason).toBe("held with the recruited partner's commission it is a share of")
    expect(JSON.parse(override!.hold_reason_data!)).toEqual({ kind: 'recruited', action: 'hold' })
    expect(override!.reason).toBe('second tier: 5% of 2000 earned by recruited partner prt_rob')
    expect(JSON.parse(override!.reason_data!)).toEqual({ kind: 'override', rateBps: 500, sourceCommissionId: 'com_1', sourceAmountMinor: 2000, currency: 'USD', recruitedPartnerId: 'prt_rob' })
    expect(JSON.parse(own!.hold_reason_data!)).toEqual(hold)
    expect(JSON.parse(override!.fraud_data!)).toEqual([hold])
  })

  it('gives a suspended recruiter no override: a suspended partner earns no new commissions', () => {
    const rows = earned({ partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'suspended' } }, program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 500 } })
    expect(rows.map((r) => [r.partner_id, r.kind])).toEqual([['prt_rob', 'sale']])
    expect(recruiterShare(2000, { id: 'prt_rita', status: 'suspended' }, 500)).toBe(0)
    expect(recruiterShare(2000, { id: 'prt_rita', status: 'approved' }, 500)).toBe(100)
  })

  it('writes nothing for a zero amount, and no override that rounds to 0 or without a second tier', () => {
    expect(earned({ sale: { amountMinor: 0, currency: 'USD' } })).toEqual([])
    expect(earned({ partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'active' } } })).toHaveLength(1)
    expect(earned({ partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'active' } }, program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 1 }, sale: { amountMinor: 10, currency: 'USD' } })).toHaveLength(1)
  })
})

describe('a challenge bonus', () => {
  it('has no sale, waits out the holding period, and names the challenge', () => {
    const row = bonusRow({ programId: 'prg_1', holdingDays: 30, partnerId: 'prt_ada', challenge: { id: 'chl_1', name: 'Spring sprint', rewardMinor: 5000, rewardCurrency: 'EUR' }, now, ids: () => 'com_9' })
    expect(row).toMatchObject({ id: 'com_9', kind: 'bonus', sale_id: null, challenge_id: 'chl_1', amount_minor: 5000, currency: 'EUR', status: 'pending', approve_at: inThirtyDays, reason: 'challenge Spring sprint met' })
    expect(JSON.parse(row.reason_data!)).toEqual({ kind: 'bonus', challengeId: 'chl_1', challengeName: 'Spring sprint' })
    expect(bonusRow({ programId: 'prg_1', holdingDays: 0, partnerId: 'prt_ada', challenge: { id: 'chl_1', name: 'x', rewardMinor: 1, rewardCurrency: 'USD' }, now }).status).toBe('approved')
  })
})

describe('a clawback', () => {
  const [original] = earned()
  const refund = { appliedMinor: 2500, saleAmountMinor: 10_000, saleCurrency: 'USD' }

  it('of an unpaid commission matures with it', () => {
    const row = clawbackRow({ original: { ...original!, payout_id: null }, amountMinor: 500, refund, now, ids: () => 'com_c' })
    expect(row).toMatchObject({ id: 'com_c', kind: 'clawback', amount_minor: -500, reverses_id: 'com_1', partner_id: 'prt_ada', rule_id: 'rul_1', rule_version: 1, status: 'pending', approve_at: inThirtyDays, hold_reason: null, reason: 'partial refund: 2500 of 10000 refunded' })
    expect(JSON.parse(row.reason_data!)).toEqual({ kind: 'clawback', cause: 'refund', refundedMinor: 2500, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false })
  })

  it('of a paid commission is owed now', () => {
    const row = clawbackRow({ original: { ...original!, status: 'paid', payout_id: 'po_1' }, amountMinor: 500, refund, now })
    expect(row).toMatchObject({ status: 'approved', reason: 'clawback after payout: 2500 of 10000 refunded' })
    expect(row).not.toHaveProperty('payout_id') // a new row is in no payout: payouts cover rows, rows name none
    expect(JSON.parse(row.reason_data!)).toMatchObject({ afterPayout: true })
  })
})

describe('a fraud clawback', () => {
  it('takes back what is left of a paid override, owed now, and says why as data: the commission marked fraud, not the program’s note about it', () => {
    const [, override] = earned({ partner: { id: 'prt_rob', recruiter: { id: 'prt_rita', status: 'active' } }, program: { id: 'prg_1', holdingDays: 30, secondTierRateBps: 1000 } })
    const paid = { ...override!, status: 'paid' as const, payout_id: 'po_1' }
    const row = fraudClawbackRow({ original: paid, amountMinor: 150, fraud: { commissionId: 'com_1', amountMinor: 2000 }, now, ids: () => 'com_f' })
    expect(row).toMatchObject({ id: 'com_f', kind: 'clawback', amount_minor: -150, currency: 'USD', reverses_id: override!.id, partner_id: 'prt_rita', status: 'approved' })
    expect(row.reason).toBe('clawback after payout: commission com_1 marked fraud')
    expect(JSON.parse(row.reason_data!)).toEqual({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', afterPayout: true })
    expect(JSON.parse(row.hold_reason_data!)).toEqual({ kind: 'recruited', action: 'mark_fraud' })
  })
})
