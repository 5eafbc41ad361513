import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nextTier, overrideAmount, periodStart, quoteCommission, recurringAllows, type Rule, selectRule, tierFor, tierInForce } from './rules.ts'

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: 'r',
  name: 'rule',
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
  ...over,
})
const sale = { amountMinor: 10_000, currency: 'USD' }
const tiers = [
  { name: 'Silver', from: 10, value: 2500 },
  { name: 'Gold', from: 50, value: 3000 },
]

describe('selectRule: the most specific rule wins', () => {
  const programWide = rule({ id: 'program' })
  const group = rule({ id: 'group', groupId: 'g1' })
  const partner = rule({ id: 'partner', partnerId: 'p1' })
  const product = rule({ id: 'product', productId: 'pro' })
  const groupProduct = rule({ id: 'group-product', groupId: 'g1', productId: 'pro' })
  const all = [programWide, group, partner, product, groupProduct]
  const m = (over: Partial<Parameters<typeof selectRule>[1]> = {}) => ({ event: 'sale' as const, partnerId: 'p9', groupId: null, productId: null, ...over })

  it('ranks partner over group over program, and product within a scope', () => {
    expect(selectRule(all, m())?.id).toBe('program')
    expect(selectRule(all, m({ productId: 'pro' }))?.id).toBe('product')
    expect(selectRule(all, m({ groupId: 'g1' }))?.id).toBe('group')
    expect(selectRule(all, m({ groupId: 'g1', productId: 'pro' }))?.id).toBe('group-product')
    expect(selectRule(all, m({ partnerId: 'p1', groupId: 'g1', productId: 'pro' }))?.id).toBe('partner')
  })

  it('never applies a rule narrowed to someone else, nor one for the other event', () => {
    expect(selectRule([partner, group], m())).toBeNull()
    expect(selectRule([rule({ event: 'lead' })], m())).toBeNull()
  })

  it('prefers the newest of equally specific rules, whatever the order', () => {
    const newer = rule({ id: 'newer', createdAt: '2026-02-01T00:00:00.000Z' })
    expect(selectRule([programWide, newer], m())?.id).toBe('newer')
    expect(selectRule([newer, programWide], m())?.id).toBe('newer')
  })
})

describe('tiers', () => {
  it('moves up as soon as the threshold is reached', () => {
    expect(tierFor(tiers, 9)).toBeNull()
    expect(tierFor(tiers, 10)?.name).toBe('Silver')
    expect(tierFor(tiers, 49)?.name).toBe('Silver')
    expect(tierFor(tiers, 50)?.name).toBe('Gold')
    expect(nextTier(tiers, 12)).toMatchObject({ name: 'Gold', from: 50 })
    expect(nextTier(tiers, 50)).toBeNull()
  })

  it('pays the tier rate and says why', () => {
    const r = rule({ tiers, tierMetric: 'paid_customers', tierPeriod: 'lifetime' })
    expect(quoteCommission(r, sale, 9, 'USD')).toMatchObject({ amountMinor: 2000, tier: null })
    const q = quoteCommission(r, sale, 10, 'USD')
    expect(q).toMatchObject({ amountMinor: 2500, tier: 'Silver' })
    expect(q.reason).toBe('rule: 25% of sale (tier Silver: 10 paid customers ≥ 10)')
    expect(quoteCommission(r, sale, 51, 'USD').amountMinor).toBe(3000)
  })

  it('counts per calendar period in UTC', () => {
    expect(periodStart('month', '2026-05-17T10:00:00.000Z')).toBe('2026-05-01T00:00:00.000Z')
    expect(periodStart('quarter', '2026-05-17T10:00:00.000Z')).toBe('2026-04-01T00:00:00.000Z')
    expect(periodStart('year', '2026-05-17T10:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z')
    expect(periodStart('lifetime', '2026-05-17T10:00:00.000Z')).toBeNull()
  })
})

describe('recurring commissions', () => {
  const first = '2026-01-15T00:00:00.000Z'
  const pay = (paymentNumber: number, occurredAt: string) => ({ paymentNumber, firstPaymentAt: first, occurredAt })
  it('pays the first payment under every setting', () => {
    for (const recurring of ['none', 'forever', 'months', 'payments'] as const) expect(recurringAllows({ recurring, recurringLimit: 0 }, pay(1, first))).toBe(true)
  })
  it('limits renewals by count or by months since the first payment', () => {
    expect(recurringAllows({ recurring: 'none', recurringLimit: null }, pay(2, '2026-02-15T00:00:00.000Z'))).toBe(false)
    expect(recurringAllows({ recurring: 'forever', recurringLimit: null }, pay(60, '2031-01-15T00:00:00.000Z'))).toBe(true)
    expect(recurringAllows({ recurring: 'payments', recurringLimit: 12 }, pay(12, '2026-12-15T00:00:00.000Z'))).toBe(true)
    expect(recurringAllows({ recurring: 'payments', recurringLimit: 12 }, pay(13, '2027-01-15T00:00:00.000Z'))).toBe(false)
    expect(recurringAllows({ recurring: 'months', recurringLimit: 3 }, pay(3, '2026-03-15T00:00:00.000Z'))).toBe(true)
    expect(recurringAllows({ recurring: 'months', recurringLimit: 3 }, pay(4, '2026-04-15T00:00:00.000Z'))).toBe(false)
  })
  it('ends a months limit on a shorter month’s last day, never in the month after', () => {
    // Jan 31 + 1 month is Feb 28 (Date's setUTCMonth made it Mar 3): a Feb 28 renewal at the same time is past it.
    const from = (firstPaymentAt: string, occurredAt: string) => recurringAllows({ recurring: 'months', recurringLimit: 1 }, { paymentNumber: 2, firstPaymentAt, occurredAt })
    expect(from('2027-01-31T10:00:00.000Z', '2027-02-28T10:00:00.000Z')).toBe(false)
    expect(from('2027-01-28T10:00:00.000Z', '2027-02-28T10:00:00.000Z')).toBe(false)
    expect(from('2027-01-31T10:00:00.000Z', '2027-02-28T09:59:59.999Z')).toBe(true)
    expect(from('2028-01-31T10:00:00.000Z', '2028-02-29T09:00:00.000Z')).toBe(true) // a leap year's Feb 29
  })
})

describe('quoteCommission', () => {
  it('takes a percentage in the sale currency and a flat amount in the rule or program currency', () => {
    expect(quoteCommission(rule(), { amountMinor: 4999, currency: 'EUR' }, 0, 'USD')).toMatchObject({ amountMinor: 1000, currency: 'EUR', reason: 'rule: 20% of sale' })
    expect(quoteCommission(rule({ type: 'flat', value: 5000 }), { amountMinor: 3000, currency: 'USD' }, 0, 'USD').amountMinor).toBe(3000)
    expect(quoteCommission(rule({ type: 'flat', value: 5000 }), { amountMinor: 3000, currency: 'JPY' }, 0, 'USD')).toMatchObject({ amountMinor: 5000, currency: 'USD' })
    expect(quoteCommission(rule({ type: 'flat', value: 500, event: 'lead', currency: 'EUR' }), { amountMinor: 0, currency: 'USD' }, 0, 'USD')).toMatchObject({ amountMinor: 500, currency: 'EUR' })
  })

  it('pays nothing for a sale of nothing, whatever the flat amount’s currency (a trial or fully discounted invoice)', () => {
    // Zero is zero in every currency: the cap applies across currencies too, as it does within one
    expect(quoteCommission(rule({ type: 'flat', value: 300, currency: 'USD' }), { amountMinor: 0, currency: 'USD' }, 0, 'JPY')).toMatchObject({ amountMinor: 0, currency: 'USD' })
    expect(quoteCommission(rule({ type: 'flat', value: 300, currency: 'USD' }), { amountMinor: 0, currency: 'JPY' }, 0, 'JPY')).toMatchObject({ amountMinor: 0, currency: 'USD', reasonData: { capped: true } })
    expect(quoteCommission(rule({ type: 'flat', value: 300, currency: 'USD' }), { amountMinor: 1, currency: 'JPY' }, 0, 'JPY').amountMinor).toBe(300)
  })

  it('properties: never negative, never above a same-currency sale, deterministic', () => {
    const anyRule = fc.record({
      type: fc.constantFrom('percent' as const, 'flat' as const),
      value: fc.integer({ min: 0, max: 10_000_000 }),
      tiers: fc.array(fc.record({ name: fc.string(), from: fc.integer({ min: 0, max: 100 }), value: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 3 }),
    })
    fc.assert(
      fc.property(anyRule, fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 200 }), (r, amountMinor, metric) => {
        const capped = { ...r, tiers: r.type === 'percent' ? r.tiers.map((t) => ({ ...t, value: t.value % 10_001 })) : r.tiers }
        const full = rule({ ...capped, value: r.type === 'percent' ? r.value % 10_001 : r.value })
        const q = quoteCommission(full, { amountMinor, currency: 'USD' }, metric, 'USD')
        expect(q.amountMinor).toBeGreaterThanOrEqual(0)
        expect(q.amountMinor).toBeLessThanOrEqual(amountMinor)
        expect(Number.isInteger(q.amountMinor)).toBe(true)
        expect(quoteCommission(full, { amountMinor, currency: 'USD' }, metric, 'USD')).toEqual(q)
      }),
    )
  })

  it('computes the two-tier override with the one rounding rule', () => {
    expect(overrideAmount(2500, 500)).toBe(125)
    expect(overrideAmount(10, 500)).toBe(1) // 0.5 rounds away from zero
  })
})

describe('a pinned tier (bulk set_tier)', () => {
  const tiers = [
    { name: 'Silver', from: 2, value: 2500 },
    { name: 'Gold', from: 4, value: 3000 },
  ]
  it('wins over the metric when the rule has it, and is ignored when it does not', () => {
    expect(tierInForce(tiers, 0, 'Gold')?.name).toBe('Gold')
    expect(tierInForce(tiers, 5, 'Silver')?.name).toBe('Silver')
    expect(tierInForce(tiers, 3, 'Platinum')?.name).toBe('Silver')
    expect(tierInForce(tiers, 0, null)).toBeNull()
  })
  it('prices the sale at the pinned tier and says so', () => {
    const tiered = rule({ type: 'percent', value: 2000, tiers, tierMetric: 'sales' })
    expect(quoteCommission(tiered, { amountMinor: 10_000, currency: 'USD' }, 0, 'USD', 'Gold')).toMatchObject({ amountMinor: 3000, tier: 'Gold', reason: expect.stringContaining('set by the program') })
    expect(quoteCommission(tiered, { amountMinor: 10_000, currency: 'USD' }, 4, 'USD', 'Gold').reason).toContain('≥ 4')
  })
})
