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
