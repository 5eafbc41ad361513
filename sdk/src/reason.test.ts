// The one renderer of a commission's reason: the reader brings words and money; the steps add up to what was paid.
import { describe, expect, it } from 'vitest'
import { inEnglish, type ReasonFormat, reasonInWords, reasonSteps } from './reason.ts'
import type { CommissionReason } from './types.ts'

// A reader with its own money format: the renderer formats no money itself
const f: ReasonFormat = { t: inEnglish, money: (minor, currency) => `${minor}m ${currency}`, rate: (bps) => `${bps}bps`, count: String }
const bonus: CommissionReason = { kind: 'bonus', challengeId: 'chl_1', challengeName: 'Spring sprint' }

describe('a reason in words', () => {
  it('fills the English words, leaving a placeholder it was not given', () => {
    expect(inEnglish('reason.bonus', { name: 'Spring sprint' })).toBe('Bonus: challenge “Spring sprint” met')
    expect(inEnglish('reason.perLead')).toBe('{amount} per lead')
  })

  it('a bonus stepped down by a named budget, then unnamed: each step with the reader’s money, the last what was paid', () => {
    const stepped: CommissionReason = { ...bonus, stepDown: { budgetId: 'bud_1', budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 2000 } }
    const paid = { amountMinor: 1000, currency: 'EUR' }
    expect(reasonSteps(stepped, f, paid)).toEqual(['Bonus: challenge “Spring sprint” met = 2000m EUR', 'Budget Monthly reached: 5000bps of 2000m EUR = 1000m EUR'])
    const { budgetId: _, budgetName: __, ...unnamed } = stepped.stepDown!
    expect(reasonInWords({ ...bonus, stepDown: unnamed }, f, paid)).toBe(
      'Bonus: challenge “Spring sprint” met = 2000m EUR. The program’s commission budget for this period is reached: 5000bps of 2000m EUR = 1000m EUR',
    )
    expect(reasonSteps(bonus, f, paid)).toEqual(['Bonus: challenge “Spring sprint” met'])
  })

  it('a bounty’s bonus says its submission was approved, not that a target was met', () => {
    expect(reasonInWords({ ...bonus, challengeName: 'Review us', submissionId: 'sub_1' }, f, { amountMinor: 500, currency: 'USD' })).toBe('Bonus: bounty “Review us”, submission approved')
  })
})

describe('a split sale’s reason', () => {
  const flat: CommissionReason = { kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Flat USD', version: 1 }, event: 'sale', amountMinor: 500, currency: 'USD', capped: false, tier: null }

  it('shares the lower of two commissions in one currency', () => {
    const r: CommissionReason = { ...flat, split: { via: 'code', shareBps: 5000, poolMinor: 400, ruleMinor: 500 } }
    expect(reasonSteps(r, f, { amountMinor: 200, currency: 'USD' })).toEqual([
      'Flat USD v1: 500m USD per sale = 500m USD',
      'Shared with another partner: 5000bps of 400m USD, the lower of the two partners’ commissions = 200m USD',
    ])
  })

  it('in two currencies: the rule alone in its own currency, and which partner’s commission was shared, never its rule', () => {
    const code: CommissionReason = { ...flat, split: { via: 'code', shareBps: 6667, poolMinor: 200, ruleMinor: 500, poolCurrency: 'JPY' } }
    expect(reasonSteps(code, f, { amountMinor: 133, currency: 'JPY' })).toEqual([
      'Flat USD v1: 500m USD per sale = 500m USD',
      'Shared with another partner: 6667bps of 200m JPY, the commission of the partner whose link brought the sale (yours is in another currency, so the two were not compared) = 133m JPY',
    ])
    const click: CommissionReason = { kind: 'rule', basis: 'percent', rule: { id: 'rul_2', name: 'Tiers', version: 1 }, rateBps: 2000, saleAmountMinor: 1000, currency: 'JPY', tier: null, split: { via: 'click', shareBps: 3333, poolMinor: 200, ruleMinor: 200, poolCurrency: 'JPY' } }
    expect(reasonSteps(click, f, { amountMinor: 67, currency: 'JPY' })[1]).toBe('Shared with another partner: 3333bps of 200m JPY, your own commission (the other partner’s is in another currency, so the two were not compared) = 67m JPY')
  })
})
