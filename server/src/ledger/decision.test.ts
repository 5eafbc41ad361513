// The decision record's parts, each returned by the pure function that decides (attribution's clicks,
// the rules), put together by decisionRecord; and the history and the partner's view of an explanation.
import type { CommissionExplanation } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { weighClicks } from '../tracking/index.ts'
import { decisionRecord } from './decision.ts'
import { commissionHistory, explanationForPartner } from './explanation.ts'
import { quoteCommission, type Rule, weighRules } from './rules.ts'

const click = (id: string, partnerId: string, createdAt: string) => ({ id, partnerId, createdAt })
const rule = (over: Partial<Rule>): Rule => ({
  id: 'rul_a', name: 'Base', version: 1, versionCreatedAt: '2026-01-01T00:00:00.000Z', groupId: null, partnerId: null, productId: null, event: 'sale', type: 'percent', value: 2000,
  currency: null, recurring: 'none', recurringLimit: null, tiers: [], tierMetric: null, tierPeriod: null, createdAt: '2026-01-01T00:00:00.000Z', ...over,
})

describe('weighClicks', () => {
  it('says why each click won or lost, oldest first, and credits what attribute credits', () => {
    const clicks = [click('c3', 'B', '2026-01-18T00:00:00Z'), click('c1', 'A', '2025-11-01T00:00:00Z'), click('c2', 'A', '2026-01-10T00:00:00Z'), click('c4', 'A', '2026-01-25T00:00:00Z')]
    const last = weighClicks(clicks, '2026-01-20T00:00:00Z', { windowDays: 30, model: 'last_click', namedClickId: 'c2' })
    expect(last.credited?.id).toBe('c3')
    expect(last.weighed.map((c) => [c.id, c.outcome, c.named])).toEqual([
      ['c1', 'outside_window', false],
      ['c2', 'not_chosen', true],
      ['c3', 'credited', false],
      ['c4', 'outside_window', false], // after the sale
    ])
    const first = weighClicks(clicks, '2026-01-20T00:00:00Z', { windowDays: 30, model: 'first_click' })
    expect(first.weighed.filter((c) => c.outcome === 'credited').map((c) => c.id)).toEqual(['c2'])
    expect(weighClicks([], '2026-01-20T00:00:00Z', { windowDays: 30, model: 'last_click' })).toEqual({ credited: null, weighed: [] })
  })
})

describe('weighRules', () => {
  it('names the rule that applied and why each other did not', () => {
    const rules = [
      rule({ id: 'rul_base' }),
      rule({ id: 'rul_group', groupId: 'grp_1', createdAt: '2026-01-02T00:00:00.000Z' }),
      rule({ id: 'rul_group2', groupId: 'grp_1', createdAt: '2026-01-03T00:00:00.000Z' }),
      rule({ id: 'rul_bob', partnerId: 'prt_bob' }),
      rule({ id: 'rul_vip', groupId: 'grp_vip' }),
      rule({ id: 'rul_book', productId: 'book', groupId: 'grp_1' }),
    ]
    const w = weighRules(rules, { event: 'sale', partnerId: 'prt_ann', groupId: 'grp_1', productId: 'pen' })
    expect(w.rule?.id).toBe('rul_group2')
    expect(Object.fromEntries(w.weighed.map((x) => [x.rule.id, x.outcome]))).toEqual({
      rul_base: 'less_specific',
      rul_group: 'older',
      rul_group2: 'applied',
      rul_bob: 'other_partner',
      rul_vip: 'other_group',
      rul_book: 'other_product',
    })
    expect(weighRules([rule({ id: 'rul_lead', event: 'lead' })], { event: 'sale', partnerId: 'p', groupId: null, productId: null })).toEqual({ rule: null, weighed: [] })
  })
})

describe('decisionRecord', () => {
  const program = { attribution_model: 'last_click' as const, attribution_window_days: 30, holding_days: 14, currency: 'USD' }
  const now = new Date('2026-01-20T00:00:00.000Z')

  it('keeps the clicks, the rules, the tier at that moment, the fraud verdict and the holding period', () => {
    const tiered = rule({ id: 'rul_t', name: 'Tiers', version: 3, tiers: [{ name: 'Gold', from: 5, value: 3000 }], tierMetric: 'sales', tierPeriod: 'month' })
    const weighed = weighRules([tiered], { event: 'sale', partnerId: 'prt_a', groupId: null, productId: null })
    const quote = quoteCommission(tiered, { amountMinor: 10_000, currency: 'USD' }, 7, 'USD')
    const clicks = weighClicks([click('clk_1', 'prt_a', '2026-01-19T00:00:00.000Z')], now.toISOString(), { windowDays: 30, model: 'last_click' })
    const flag = { kind: 'fast_conversion' as const, clickId: 'clk_1', seconds: 3, minSeconds: 10 }
    const d = decisionRecord({
      program,
      credit: {
        event: 'sale', saleId: 'sal_1', clickId: 'clk_1', customerId: 'cus_1', amountMinor: 10_000, currency: 'USD', occurredAt: now.toISOString(), paymentNumber: 1,
        attribution: { by: 'click', model: 'last_click', windowDays: 30, clicks: clicks.weighed, clickId: 'clk_1', customer: { id: 'cus_1', externalId: 'u1' } },
      },
      rules: { weighed: weighed.weighed, applied: tiered },
      metric: 7,
      quote,
      fraud: { hold: null, flags: [flag] },
      holding: { status: 'pending', approve_at: '2026-02-03T00:00:00.000Z' },
      now,
    })
    expect(d).toEqual({
      version: 1,
      decidedAt: now.toISOString(),
      event: 'sale',
      sale: { id: 'sal_1', amountMinor: 10_000, currency: 'USD', occurredAt: now.toISOString(), paymentNumber: 1 },
      attribution: { by: 'click', model: 'last_click', windowDays: 30, clicks: [{ ...clicks.weighed[0], outcome: 'credited', named: false }], clickId: 'clk_1', customer: { id: 'cus_1', externalId: 'u1' } },
      rules: { considered: [{ id: 'rul_t', name: 'Tiers', version: 3, outcome: 'applied' }], applied: { id: 'rul_t', name: 'Tiers', version: 3 } },
      tier: { metric: 'sales', period: 'month', value: 7, currency: null, name: 'Gold', pinned: false },
      fraud: { hold: null, flags: [flag] },
      holding: { status: 'pending', approveAt: '2026-02-03T00:00:00.000Z', holdingDays: 14 },
      amount: quote.reasonData,
    })
  })

  it('keeps the credited click and the latest others, at most 50', () => {
    const many = Array.from({ length: 80 }, (_, i) => click(`c${String(i).padStart(2, '0')}`, 'prt_a', new Date(Date.parse('2026-01-19T00:00:00.000Z') - (80 - i) * 60_000).toISOString()))
    const w = weighClicks(many, now.toISOString(), { windowDays: 30, model: 'first_click' })
    const credit = { event: 'sale' as const, saleId: 's', clickId: 'c00', customerId: null, amountMinor: 1, currency: 'USD', occurredAt: now.toISOString(), paymentNumber: 1 }
    const d = decisionRecord({
      program,
      credit: { ...credit, attribution: { by: 'click', model: 'first_click', windowDays: 30, clicks: w.weighed, clickId: 'c00', customer: null } },
      rules: null, metric: null, quote: { reasonData: { kind: 'bonus', challengeId: 'x', challengeName: 'x' }, tier: null }, fraud: { hold: null, flags: [] }, holding: { status: 'pending', approve_at: null }, now,
    })
    expect(d.attribution.clicks).toHaveLength(50)
    expect(d.attribution.clicks[0]).toMatchObject({ id: 'c00', outcome: 'credited' })
    expect(d.attribution.clicks[1]!.id).toBe('c31')
    expect(d.attribution.clicksLeftOut).toBe(30)
  })

  it('a lead without weighed clicks is credited through its click; no rule, no tiers', () => {
    const d = decisionRecord({
      program,
      credit: { event: 'lead', saleId: null, clickId: 'clk_9', customerId: 'cus_9', amountMinor: 0, currency: 'USD', occurredAt: now.toISOString(), paymentNumber: 1 },
      rules: null,
      metric: null,
      quote: { reasonData: { kind: 'claim', claimId: 'clm_1', invoiceId: 'in_1', amountMinor: 500, currency: 'USD' }, tier: null },
      fraud: { hold: null, flags: [] },
      holding: { status: 'approved', approve_at: null },
      now,
    })
    expect(d.attribution).toEqual({ by: 'lead', model: 'last_click', windowDays: 30, clicks: [], clickId: 'clk_9', customer: { id: 'cus_9', externalId: null } })
    expect(d).toMatchObject({ sale: null, rules: null, tier: null, holding: { status: 'approved', approveAt: now.toISOString() } })
  })
})

describe('commissionHistory', () => {
  const base = { status: 'paid' as const, approveAt: '2026-02-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', payoutId: 'pay_1', updatedAt: '2026-01-01T00:00:00.000Z' }
  it('derives approval, actions, clawbacks and the payout, oldest first', () => {
    const h = commissionHistory({
      commission: base,
      createdStatus: 'pending',
      clawbacks: [{ id: 'com_k', amountMinor: -500, currency: 'USD', createdAt: '2026-03-05T00:00:00.000Z' }],
      actions: [{ at: '2026-01-10T00:00:00.000Z', action: 'held', note: 'checking' }, { at: '2026-01-12T00:00:00.000Z', action: 'released', note: 'fine' }],
      payout: { id: 'pay_1', createdAt: '2026-02-02T00:00:00.000Z', paidAt: '2026-02-03T00:00:00.000Z' },
      now: new Date('2026-04-01T00:00:00.000Z'),
    })
    expect(h.map((e) => e.kind)).toEqual(['created', 'held', 'released', 'approved', 'in_payout', 'paid', 'clawback'])
    expect(h[3]).toEqual({ kind: 'approved', at: '2026-02-01T00:00:00.000Z' })
  })

  it('a commission approved at once, or reversed, says so', () => {
    const now = new Date('2026-04-01T00:00:00.000Z')
    expect(commissionHistory({ commission: { ...base, status: 'approved', payoutId: null }, createdStatus: 'approved', clawbacks: [], actions: [], payout: null, now }).map((e) => e.kind)).toEqual(['created'])
    const reversed = commissionHistory({ commission: { ...base, status: 'reversed', payoutId: null, updatedAt: '2026-01-05T00:00:00.000Z' }, createdStatus: 'pending', clawbacks: [], actions: [], payout: null, now })
    expect(reversed).toEqual([{ kind: 'created', at: base.createdAt, status: 'pending' }, { kind: 'reversed', at: '2026-01-05T00:00:00.000Z' }])
  })
})

describe('explanationForPartner', () => {
  it("leaves out other partners' clicks, the rules that did not apply and the fraud flags", () => {
    const flag = { kind: 'fast_conversion' as const, clickId: 'c2', seconds: 3, minSeconds: 10 }
    const e: CommissionExplanation = {
      commissionId: 'com_1', kind: 'sale', amountMinor: 100, currency: 'USD', status: 'pending', reason: null, decisionOf: 'com_1', history: [],
      decision: {
        version: 1, decidedAt: 'x', event: 'sale', sale: null, tier: null, amount: { kind: 'bonus', challengeId: 'c', challengeName: 'n' },
        holding: { status: 'pending', approveAt: 'x', holdingDays: 1 },
        attribution: { by: 'click', model: 'last_click', windowDays: 30, clickId: 'c2', customer: null, clicks: [
          { id: 'c1', partnerId: 'prt_other', createdAt: 'a', outcome: 'not_chosen', named: false },
          { id: 'c2', partnerId: 'prt_me', createdAt: 'b', outcome: 'credited', named: false },
        ] },
        rules: { considered: [{ id: 'r1', name: 'Bob only', version: 1, outcome: 'other_partner' }, { id: 'r2', name: 'Base', version: 2, outcome: 'applied' }], applied: { id: 'r2', name: 'Base', version: 2 } },
        fraud: { hold: null, flags: [flag] },
      },
    }
    const mine = explanationForPartner(e, 'prt_me').decision!
    expect(mine.attribution.clicks.map((c) => c.id)).toEqual(['c2'])
    expect(mine.attribution.otherClicks).toBe(1)
    expect(mine.rules!.considered.map((r) => r.id)).toEqual(['r2'])
    expect(mine.fraud).toEqual({ hold: null, flags: [] })
  })

  it("counts other partners' codes, and leaves out which budget held or stepped it down", () => {
    const stepped = { kind: 'rule', basis: 'percent', rule: { id: null, name: 'program default' }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null, stepDown: { budgetId: 'bud_1', budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 2000 } } as const
    const e: CommissionExplanation = {
      commissionId: 'com_1', kind: 'sale', amountMinor: 1000, currency: 'USD', status: 'on_hold', reason: stepped, decisionOf: 'com_1', history: [],
      decision: {
        version: 1, decidedAt: 'x', event: 'sale', sale: null, tier: null, rules: null, amount: stepped, fraud: { hold: null, flags: [] },
        holding: { status: 'on_hold', approveAt: 'x', holdingDays: 1, budget: { kind: 'budget', budgetId: 'bud_2', budgetName: 'Hard', capMinor: 5000, spentMinor: 5000, currency: 'USD' } },
        attribution: { by: 'click', model: 'last_click', windowDays: 30, clickId: 'c1', customer: null, clicks: [{ id: 'c1', partnerId: 'prt_me', createdAt: 'a', outcome: 'credited', named: false }],
          codes: [{ code: 'BOB10', codeId: 'cpn_1', partnerId: 'prt_bob', outcome: 'lost_to_click' }], conflict: { policy: 'click', clickShareBps: 10_000 } },
      },
    }
    const mine = explanationForPartner(e, 'prt_me')
    expect(mine.decision!.attribution).toMatchObject({ codes: [], otherCodes: 1, conflict: { policy: 'click', clickShareBps: 10_000 } })
    expect(mine.decision!.holding.budget).toEqual({ kind: 'budget' })
    const unnamed = { ...stepped, stepDown: { stepDownBps: 5000, fullAmountMinor: 2000 } }
    expect([mine.reason, mine.decision!.amount]).toEqual([unnamed, unnamed])
    expect(JSON.stringify(mine)).not.toMatch(/bud_|Monthly|Hard|BOB10|prt_bob/)
  })
})
