// The one formatter of "Why this amount?": an explanation in labelled lines, the same in the portal and the
// console (the console adds the fraud rules in words and the partners' names).
import type { CommissionDecision, CommissionExplanation } from '@afflio/sdk/types'
import { describe, expect, test } from 'vitest'
import { translator as consoleTranslator } from './console/messages.ts'
import { explanationRows } from './explanation.ts'
import { translator } from './portal/messages.ts'
import { fraudInWords } from './reason.ts'

const plain = (rows: [string, string[]][]) => rows.map(([l, lines]) => [l, lines.map((s) => s.replace(/[\u00a0\u202f]/g, ' '))])
const reason = { kind: 'rule', basis: 'percent', rule: { id: 'rul_1', name: 'Partners', version: 2 }, rateBps: 2500, saleAmountMinor: 10_000, currency: 'USD', tier: null } as const
const decision: CommissionDecision = {
  version: 1,
  decidedAt: '2026-10-31T12:00:00.000Z',
  event: 'sale',
  sale: { id: 'sal_1', amountMinor: 10_000, currency: 'USD', occurredAt: '2026-10-31T12:00:00.000Z', paymentNumber: 1 },
  attribution: {
    by: 'click',
    model: 'last_click',
    windowDays: 30,
    clickId: 'clk_2',
    customer: { id: 'cus_1', externalId: 'user-42' },
    clicks: [
      { id: 'clk_1', partnerId: 'prt_bob', createdAt: '2026-10-29T12:00:00.000Z', outcome: 'not_chosen', named: false },
      { id: 'clk_2', partnerId: 'prt_ann', createdAt: '2026-10-30T12:00:00.000Z', outcome: 'credited', named: false },
    ],
  },
  rules: {
    considered: [
      { id: 'rul_0', name: 'Bob special', version: 1, outcome: 'other_partner' },
      { id: 'rul_1', name: 'Partners', version: 2, outcome: 'applied' },
    ],
    applied: { id: 'rul_1', name: 'Partners', version: 2 },
  },
  tier: { metric: 'sales', period: 'month', value: 12, name: 'Gold', pinned: false },
  fraud: { hold: null, flags: [{ kind: 'fast_conversion', clickId: 'clk_2', seconds: 3, minSeconds: 10 }] },
  holding: { status: 'pending', approveAt: '2026-11-30T12:00:00.000Z', holdingDays: 30 },
  amount: reason,
}
const explanation: CommissionExplanation = {
  commissionId: 'com_1',
  kind: 'sale',
  amountMinor: 2500,
  currency: 'USD',
  status: 'paid',
  reason,
  decision,
  decisionOf: 'com_1',
  history: [
    { kind: 'created', at: '2026-10-31T12:00:00.000Z', status: 'pending' },
    { kind: 'held', at: '2026-11-01T12:00:00.000Z', note: 'checking' },
    { kind: 'released', at: '2026-11-02T12:00:00.000Z', note: 'fine' },
    { kind: 'approved', at: '2026-11-30T12:00:00.000Z' },
    { kind: 'paid', at: '2026-12-01T12:00:00.000Z', payoutId: 'pay_1' },
    { kind: 'clawback', at: '2026-12-02T12:00:00.000Z', commissionId: 'com_2', amountMinor: -500, currency: 'USD' },
  ],
}

describe('explanationRows', () => {
  test('the console: every click, every rule, the checks in words, the history', () => {
    const t = consoleTranslator()
    const names = { prt_bob: 'bob@b.test', prt_ann: 'ann@a.test' } as Record<string, string>
    expect(plain(explanationRows(explanation, t, 'en-US', (f) => fraudInWords(f, t, 'en-US'), (id) => names[id]!))).toEqual([
      ['Amount', ['Partners v2: 25% of a $100.00 sale']],
      ['Partner', ['Click clk_2 on Oct 30, 2026: the last click in the 30-day window']],
      ['Clicks weighed', ['Click clk_1 (bob@b.test) on Oct 29, 2026: in the window, another was chosen', 'Click clk_2 (ann@a.test) on Oct 30, 2026: credited']],
      ['Customer', ['user-42']],
      ['Rule', ['Partners v2: applied', 'Bob special v1: for another partner']],
      ['Tier', ['Gold at 12 sales']],
      ['Checks', ['Converted 3 s after the click (under 10 s)']],
      ['Holding period', ['30 days, until Nov 30, 2026']],
      [
        'Since',
        [
          'Oct 31, 2026: created',
          'Nov 1, 2026: held (checking)',
          'Nov 2, 2026: released (fine)',
          'Nov 30, 2026: approved',
          'Dec 1, 2026: paid',
          'Dec 2, 2026: $5.00 taken back',
        ],
      ],
    ])
  })

  test('the portal: no checks unless held; a claim, a renewal, the default rule; a commission without a record', () => {
    const t = translator()
    const rows = (d: Partial<CommissionDecision>) => new Map(plain(explanationRows({ ...explanation, decision: { ...decision, ...d } }, t, 'en-US')) as [string, string[]][])
    expect(rows({ fraud: { hold: null, flags: [] } }).has('Checks')).toBe(false)
    const held = { kind: 'bot', clickId: 'c', userAgent: 'x' } as const
    expect(rows({ fraud: { hold: held, flags: [held] } }).get('Checks')).toEqual(['Held for review'])
    expect(rows({ attribution: { ...decision.attribution, by: 'program', claimId: 'clm_1', clicks: [] }, rules: null }).get('Partner')).toEqual(['Credited by the program on your missing-commission claim'])
    expect(rows({ attribution: { ...decision.attribution, by: 'program', claimId: 'clm_1', clicks: [] }, rules: null }).get('Rule')).toEqual(['No rule: an amount the program set'])
    expect(rows({ attribution: { ...decision.attribution, by: 'renewal' } }).get('Partner')).toEqual(['A renewal: credited to whoever brought the first payment'])
    expect(rows({ rules: { considered: [], applied: { id: null, name: 'program default', version: null } } }).get('Rule')).toEqual(['Program default (no rule applied)'])
    expect(rows({ holding: { status: 'approved', approveAt: 'x', holdingDays: 0 }, tier: null }).get('Holding period')).toEqual(['None: approved at once'])
    // Revenue is counted in the program's currency (KWD), not the sale's (USD); an older decision without it reads the reason's.
    const revenue = { metric: 'revenue', period: 'lifetime', value: 20_123, name: 'Gold', pinned: false } as const
    const kwdTier = { name: 'Gold', metric: 'revenue', value: 20_123, from: 5000, currency: 'KWD', pinned: false } as const
    expect(rows({ tier: { ...revenue, currency: 'KWD' } }).get('Tier')?.[0]).toContain('KWD 20.123')
    expect(rows({ tier: revenue, amount: { ...reason, tier: kwdTier } }).get('Tier')?.[0]).toContain('KWD 20.123')
    expect(plain(explanationRows({ ...explanation, decision: null, decisionOf: null }, t, 'en-US'))).toEqual([
      ['Amount', ['Partners v2: 25% of a $100.00 sale']],
      ['Since', ['No record was kept for this commission: it was created before explanations were.']],
    ])
  })
})

describe('a sale credited by a coupon code', () => {
  test('says the code, and a split credit says the share', () => {
    const t = translator()
    const byCode = { ...explanation, decision: { ...decision, attribution: { ...decision.attribution, by: 'code' as const, clickId: null, couponCode: 'BO-SPRING', clicks: [], shareBps: 5000 } } }
    const rows = plain(explanationRows(byCode, t, 'en'))
    expect(rows.find(([label]) => label === t('why.partner'))?.[1]).toEqual(['The sale’s coupon code BO-SPRING', 'Shared: 50% of the commission (a click and a code of two partners)'])
  })
})

describe('a commission held by a budget', () => {
  const held = (budget: NonNullable<CommissionDecision['holding']['budget']>) => ({ ...explanation, decision: { ...decision, holding: { ...decision.holding, status: 'on_hold' as const, budget } } })

  test('the console says which budget and what it had left, before the holding period', () => {
    const t = consoleTranslator()
    const rows = new Map(plain(explanationRows(held({ kind: 'budget', budgetId: 'bud_1', budgetName: 'November', capMinor: 10_000, spentMinor: 9_900, currency: 'USD' }), t, 'en')) as [string, string[]][])
    expect(rows.get('Holding period')).toEqual(['Held: budget November reached ($1.00 of $100.00 left)', '30 days, until Nov 30, 2026'])
  })

  test('the portal, told neither, says the program’s budget for the period is reached', () => {
    const rows = new Map(plain(explanationRows(held({ kind: 'budget' }), translator(), 'en')) as [string, string[]][])
    expect(rows.get('Holding period')).toEqual(['Held: the program’s commission budget for this period is reached', '30 days, until Nov 30, 2026'])
  })
})

describe('a click and a coupon code of two partners', () => {
  const names = { prt_ann: 'ann@a.test', prt_bob: 'bob@b.test' } as Record<string, string>
  const annClick = { id: 'clk_a', partnerId: 'prt_ann', createdAt: '2026-10-30T12:00:00.000Z', named: false }
  const bobCode = { code: 'BOB10', codeId: 'cpn_1', partnerId: 'prt_bob' }
  const base = { by: 'click' as const, model: 'last_click' as const, windowDays: 30, clickId: 'clk_a', customer: null }
  const console_ = (attribution: CommissionDecision['attribution'], e: Partial<CommissionExplanation> = {}) => {
    const t = consoleTranslator()
    return new Map(plain(explanationRows({ ...explanation, ...e, decision: { ...decision, attribution } }, t, 'en-US', (f) => fraudInWords(f, t, 'en-US'), (id) => names[id]!)) as [string, string[]][])
  }

  test('policy click: the click’s record says the code lost to it', () => {
    const rows = console_({ ...base, clicks: [{ ...annClick, outcome: 'credited' }], codes: [{ ...bobCode, outcome: 'lost_to_click' }], conflict: { policy: 'click', clickShareBps: 10_000 } })
    expect(rows.get('Partner')).toEqual(['Click clk_a on Oct 30, 2026: the last click in the 30-day window', 'A click and a coupon code of two partners claimed the sale: this program credits the click'])
    expect(rows.get('Coupon codes')).toEqual(['Code BOB10 (bob@b.test): lost to the click'])
  })

  test('policy code: the code’s record says the click lost to it', () => {
    const rows = console_({ ...base, by: 'code', clickId: null, couponCode: 'bob10', clicks: [{ ...annClick, outcome: 'lost_to_code' }], codes: [{ ...bobCode, outcome: 'credited' }], conflict: { policy: 'code', clickShareBps: 0 } })
    expect(rows.get('Partner')).toEqual(['The sale’s coupon code bob10', 'A click and a coupon code of two partners claimed the sale: this program credits the code'])
    expect(rows.get('Clicks weighed')).toEqual(['Click clk_a (ann@a.test) on Oct 30, 2026: lost to the coupon code'])
    expect(rows.has('Coupon codes')).toBe(false) // named above
  })

  test('a split, stepped down: the amount in steps that add up, and the click side names the code', () => {
    const stepped = { ...reason, rule: { id: 'rul_1', name: 'Performance tiers', version: 1 }, rateBps: 3500, split: { via: 'click' as const, shareBps: 5000, poolMinor: 3000, ruleMinor: 3500 }, stepDown: { budgetId: 'bud_1', budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 1500 } }
    const attribution = { ...base, shareBps: 5000, clicks: [{ ...annClick, outcome: 'shared' as const }], codes: [{ ...bobCode, outcome: 'shared' as const }], conflict: { policy: 'split' as const, clickShareBps: 5000 } }
    const rows = console_(attribution, { amountMinor: 750, reason: stepped })
    expect(rows.get('Amount')).toEqual([
      'Performance tiers v1: 35% of a $100.00 sale = $35.00',
      'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
      'Budget Monthly reached: 50% of $15.00 = $7.50',
    ])
    expect(rows.get('Partner')).toEqual([
      'Click clk_a on Oct 30, 2026: the last click in the 30-day window',
      'A click and a coupon code of two partners claimed the sale: this program shares it, 50% to the click’s partner and 50% to the code’s',
    ])
    expect(rows.get('Coupon codes')).toEqual(['Code BOB10 (bob@b.test): shared with the click'])

    // The portal: the other partner's code counted, the budget unnamed.
    const { budgetId: _, budgetName: __, ...unnamed } = stepped.stepDown
    const portal = new Map(
      plain(explanationRows({ ...explanation, amountMinor: 750, reason: { ...stepped, stepDown: unnamed }, decision: { ...decision, attribution: { ...attribution, codes: [], otherCodes: 1 } } }, translator(), 'en-US')) as [string, string[]][],
    )
    expect(portal.get('Amount')![2]).toBe('The program’s commission budget for this period is reached: 50% of $15.00 = $7.50')
    expect(portal.get('Coupon codes')).toEqual(['Other partners’ codes: 1'])
  })

  test('the partner’s own code beside its click: credited once, by the click', () => {
    const rows = console_({ ...base, clicks: [{ ...annClick, outcome: 'credited' }], codes: [{ ...bobCode, partnerId: 'prt_ann', outcome: 'same_partner' }] })
    expect(rows.get('Partner')).toEqual(['Click clk_a on Oct 30, 2026: the last click in the 30-day window'])
    expect(rows.get('Coupon codes')).toEqual(['Code BOB10 (ann@a.test): the click’s partner’s own code: credited once, by the click'])
  })
})

describe('a bonus', () => {
  const bonusReason = { kind: 'bonus', challengeId: 'chl_1', challengeName: 'Review us' } as const
  const bonus = (b: CommissionDecision['bonus']): CommissionExplanation => ({
    ...explanation,
    kind: 'bonus',
    reason: bonusReason,
    decision: { ...decision, event: 'bonus', bonus: b, sale: null, tier: null, rules: null, attribution: { by: 'program', model: 'last_click', windowDays: 30, clicks: [], clickId: null, customer: null }, fraud: { hold: null, flags: [] }, amount: bonusReason },
  })
  const reward = { challengeId: 'chl_1', challengeName: 'Review us', rewardMinor: 2500, rewardCurrency: 'USD' }

  test('says what earned it: the submission approved and, in the console, by whom; a target met at the partner’s count', () => {
    const submission = { ...reward, kind: 'submission', submissionId: 'sub_1', submittedAt: '2026-11-09T12:00:00.000Z', approvedAt: '2026-11-10T12:00:00.000Z' } as const
    const approved = bonus({ ...submission, approvedBy: { kind: 'console', id: 'mgr_1', label: 'maria@acme.test' } })
    expect(new Map(plain(explanationRows(approved, consoleTranslator(), 'en-US')) as [string, string[]][]).get('Earned by')).toEqual(['Bounty “Review us”: submission approved on Nov 10, 2026', 'Approved by maria@acme.test'])
    // The portal's record has no approver
    expect(new Map(plain(explanationRows(bonus({ ...submission, approvedBy: null }), translator(), 'en-US')) as [string, string[]][]).get('Earned by')).toEqual(['Bounty “Review us”: submission approved on Nov 10, 2026'])
    const met = bonus({ ...reward, kind: 'target', metric: 'revenue', target: 1_000_000, currency: 'USD', progress: 1_250_000, metAt: '2026-11-20T10:00:00.000Z' })
    expect(new Map(plain(explanationRows(met, translator(), 'en-US')) as [string, string[]][]).get('Earned by')).toEqual(['Challenge “Review us”: target of $10,000.00 in revenue met on Nov 20, 2026 (at $12,500.00)'])
  })

  test('a bonus without a record says bonuses were not explained then; another commission, that explanations were not', () => {
    const rows = (e: CommissionExplanation) => plain(explanationRows({ ...e, decision: null, decisionOf: null }, translator(), 'en-US')).at(-1)
    expect(rows(bonus(undefined))).toEqual(['Since', ['No record was kept for this bonus: it was created before bonuses were explained.']])
    expect(rows(explanation)).toEqual(['Since', ['No record was kept for this commission: it was created before explanations were.']])
  })
})
