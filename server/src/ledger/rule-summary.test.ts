import { describe, expect, it } from 'vitest'
import type { Rule } from './rules.ts'
import { percent, summarizeCommission } from './rule-summary.ts'

const percentDefault = { type: 'percent' as const, value: 2000, currency: null, recurring: 'forever' as const, recurringLimit: null }

function rule(r: Partial<Rule>): Rule {
  return {
    id: 'rul_1',
    name: 'r',
    groupId: null,
    partnerId: null,
    productId: null,
    event: 'sale',
    type: 'percent',
    value: 1000,
    currency: null,
    recurring: 'none',
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

describe('summarizeCommission', () => {
  it("states the program's default", () => {
    expect(summarizeCommission({ currency: 'USD', defaultRule: percentDefault, rules: [] })).toBe('20% of every sale, recurring')
    expect(summarizeCommission({ currency: 'EUR', defaultRule: { ...percentDefault, type: 'flat', value: 1500 }, rules: [] })).toBe('15.00 EUR per sale, recurring')
  })

  it('prefers the newest program-wide sale rule, with its recurrence', () => {
    const rules = [rule({ value: 2500, recurring: 'months', recurringLimit: 12 }), rule({ value: 1000, createdAt: '2025-01-01T00:00:00.000Z' })]
    expect(summarizeCommission({ currency: 'USD', defaultRule: percentDefault, rules })).toBe('25% of every sale, recurring for 12 months')
    expect(summarizeCommission({ currency: 'USD', defaultRule: percentDefault, rules: [rule({ value: 1250, recurring: 'payments', recurringLimit: 1 })] })).toBe(
      '12.5% of every sale, on the first 1 payment',
    )
  })

  it('says "up to" the best product, group or tier rate, and adds a lead bounty', () => {
    const rules = [rule({ productId: 'pro', value: 3000 }), rule({ groupId: 'grp_vip', value: 2000, tiers: [{ name: 'Gold', from: 10, value: 3500 }] }), rule({ event: 'lead', type: 'flat', value: 500 })]
    expect(summarizeCommission({ currency: 'USD', defaultRule: percentDefault, rules })).toBe('20% of every sale (up to 35%), recurring; 5.00 USD per signup')
  })

  it('says a lead bounty per signup, never with a recurrence: a lead pays once per customer', () => {
    const lead = rule({ event: 'lead', type: 'flat', value: 1000, currency: 'USD', recurring: 'forever' })
    expect(summarizeCommission({ currency: 'USD', defaultRule: { ...percentDefault, recurring: 'none' }, rules: [lead] })).toBe('20% of every sale; 10.00 USD per signup')
  })

  it("ignores a rule made for one partner: it is a private deal", () => {
    expect(summarizeCommission({ currency: 'USD', defaultRule: percentDefault, rules: [rule({ partnerId: 'prt_x', value: 5000 })] })).toBe('20% of every sale, recurring')
  })
})

describe('percent', () => {
  it('drops trailing zeros', () => {
    expect([percent(2000), percent(1250), percent(1234), percent(10_000), percent(5)]).toEqual(['20%', '12.5%', '12.34%', '100%', '0.05%'])
  })
})
