// The one renderer of a commission's reason: words from the shared ledger table, money by ISO 4217 digits
// in the reader's locale, the same in the portal and the console.
import type { CommissionReason, CommissionReasonPercent } from '@afflio/sdk/types'
import { describe, expect, test } from 'vitest'
import { translator as consoleTranslator } from './console/messages.ts'
import { translator } from './portal/messages.ts'
import { commissionReason, holdReason, reasonInWords, reasonSteps } from './reason.ts'

const t = translator()
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')
// What was paid says the last step of a reason in several (a split, a step-down); a single step does not use it
const paid = { amountMinor: 0, currency: 'USD' }
const say = (r: CommissionReason, locale = 'en-US', amount = paid) => plain(reasonInWords(r, t, locale, amount))

const percent = (currency: string, saleAmountMinor: number): CommissionReasonPercent => ({
  kind: 'rule',
  basis: 'percent',
  rule: { id: null, name: 'program default' },
  rateBps: 2000,
  saleAmountMinor,
  currency,
  tier: null,
})

describe('a rule’s reason', () => {
  test('says which version of an edited rule priced it; reasons stored before versions say none', () => {
    const v = (version?: number): CommissionReason => ({ ...percent('USD', 10_000), rule: { id: 'rul_1', name: 'Standard', ...(version && { version }) } })
    expect(say(v(2))).toBe('Standard v2: 20% of a $100.00 sale')
    expect(say(v(1))).toBe('Standard v1: 20% of a $100.00 sale')
    expect(say(v())).toBe('Standard: 20% of a $100.00 sale')
    const de = consoleTranslator({ 'reason.ruleVersion': '{rule} (Version {version}): {reason}' })
    expect(plain(reasonInWords(v(3), de, 'de-DE', paid))).toBe('Standard (Version 3): 20 % of a 100,00 $ sale')
  })

  test('a percentage of a sale in USD, JPY and KWD, each by its own digits', () => {
    expect(say(percent('USD', 12_345))).toBe('Program default: 20% of a $123.45 sale')
    expect(say(percent('JPY', 12_345))).toBe('Program default: 20% of a ¥12,345 sale')
    expect(say(percent('KWD', 12_345))).toBe('Program default: 20% of a KWD 12.345 sale')
    expect(say(percent('EUR', 12_345), 'de-DE')).toBe('Program default: 20 % of a 123,45 € sale')
    expect(say({ ...percent('USD', 10_000), rateBps: 1234 })).toBe('Program default: 12.34% of a $100.00 sale')
  })

  test('money in a currency Intl shows without decimals still counts ISO 4217 minor units', () => {
    expect(say(percent('HUF', 12_345))).toBe('Program default: 20% of a HUF 123.45 sale')
  })

  test('a lead bounty: $10.00 per lead', () => {
    const bounty: CommissionReason = { kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Lead bounty' }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null }
    expect(say(bounty)).toBe('Lead bounty: $10.00 per lead')
    expect(say({ ...bounty, event: 'sale', capped: true })).toBe('Lead bounty: $10.00 per sale, up to the sale’s amount')
  })

  test('a tier: where the partner stood, or that the program set it', () => {
    const gold = { ...percent('USD', 10_000), rule: { id: 'rul_2', name: 'Partners' }, rateBps: 3000 } as const
    expect(say({ ...gold, tier: { name: 'Gold', metric: 'paid_customers', value: 1200, from: 1000, currency: null, pinned: false } })).toBe(
      'Partners: 30% of a $100.00 sale (tier Gold: 1,200 paying customers, from 1,000)',
    )
    expect(say({ ...gold, tier: { name: 'Gold', metric: 'revenue', value: 250_000, from: 100_000, currency: 'USD', pinned: false } })).toBe(
      'Partners: 30% of a $100.00 sale (tier Gold: $2,500.00 revenue, from $1,000.00)',
    )
    expect(say({ ...gold, tier: { name: 'Gold', metric: 'sales', value: 0, from: 10, currency: null, pinned: true } })).toBe('Partners: 30% of a $100.00 sale (tier Gold, set by the program)')
  })
})

describe('other reasons', () => {
  test('a clawback, before and after payout', () => {
    const clawback: CommissionReason = { kind: 'clawback', refundedMinor: 2500, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false }
    expect(say(clawback)).toBe('Refund of $25.00 on a $100.00 sale')
    expect(say({ ...clawback, afterPayout: true })).toBe('Refund of $25.00 on a $100.00 sale, after payout')
    // Reasons stored since fraud clawbacks say their cause; those before have none and are refunds alike
    expect(say({ ...clawback, cause: 'refund' })).toBe('Refund of $25.00 on a $100.00 sale')
  })

  test('a clawback of an override whose source was marked fraud after payout, with the program’s note', () => {
    const fraud: CommissionReason = { kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 12_345, currency: 'EUR', note: 'stolen card', afterPayout: true }
    expect(say(fraud)).toBe('€123.45 earned by a partner you recruited, marked fraud after payout: stolen card')
    expect(say(fraud, 'de-DE')).toBe('123,45 € earned by a partner you recruited, marked fraud after payout: stolen card')
    expect(reasonInWords(fraud, consoleTranslator(), 'en-US', paid)).toBe(reasonInWords(fraud, t, 'en-US', paid))
  })

  test('an override', () => {
    expect(say({ kind: 'override', rateBps: 1000, sourceCommissionId: 'com_1', sourceAmountMinor: 2000, currency: 'USD', recruitedPartnerId: 'prt_1' })).toBe(
      '10% of $20.00 earned by a partner you recruited',
    )
  })

  test('a bonus', () => {
    expect(say({ kind: 'bonus', challengeId: 'chl_1', challengeName: 'Spring sprint' })).toBe('Bonus: challenge “Spring sprint” met')
  })
})

describe('a reason in steps that add up to what was paid', () => {
  // The reviewer's sale: Alice 35% and Carol 30% of a $100 sale split 50/50, then a budget's step-down to 50%
  const alice: CommissionReason = {
    ...percent('USD', 10_000),
    rule: { id: 'rul_1', name: 'Performance tiers', version: 1 },
    rateBps: 3500,
    split: { via: 'click', shareBps: 5000, poolMinor: 3000, ruleMinor: 3500 },
    stepDown: { budgetId: 'bud_1', budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 1500 },
  }
  const paid750 = { amountMinor: 750, currency: 'USD' }

  test('the rule’s amount, the pool and why, the share, the step-down: the console names the budget', () => {
    expect(plain(reasonInWords(alice, consoleTranslator(), 'en-US', paid750))).toBe(
      'Performance tiers v1: 35% of a $100.00 sale = $35.00. ' +
        'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00. ' +
        'Budget Monthly reached: 50% of $15.00 = $7.50',
    )
    expect(reasonSteps(alice, t, 'en-US', paid750).map(plain)).toEqual([
      'Performance tiers v1: 35% of a $100.00 sale = $35.00',
      'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
      'Budget Monthly reached: 50% of $15.00 = $7.50',
    ])
  })

  test('the portal is not told which budget', () => {
    const { budgetId: _, budgetName: __, ...unnamed } = alice.stepDown!
    expect(say({ ...alice, stepDown: unnamed }, 'en-US', paid750)).toBe(
      'Performance tiers v1: 35% of a $100.00 sale = $35.00. ' +
        'Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00. ' +
        'The program’s commission budget for this period is reached: 50% of $15.00 = $7.50',
    )
  })

  test('a split alone; a split stored before its rule’s amount was kept; a step-down alone', () => {
    const { stepDown: _, ...split } = alice
    expect(say(split, 'en-US', { amountMinor: 1500, currency: 'USD' })).toBe(
      'Performance tiers v1: 35% of a $100.00 sale = $35.00. Shared with another partner: 50% of $30.00, the lower of the two partners’ commissions = $15.00',
    )
    expect(say({ ...split, split: { via: 'code', shareBps: 3000, poolMinor: 2000 } }, 'en-US', { amountMinor: 600, currency: 'USD' })).toBe(
      'Performance tiers v1: 35% of a $100.00 sale. Shared with another partner: 30% of $20.00, the lower of the two partners’ commissions = $6.00',
    )
    const { split: __, ...stepped } = alice
    expect(say({ ...stepped, stepDown: { ...alice.stepDown!, fullAmountMinor: 3500 } }, 'en-US', { amountMinor: 1750, currency: 'USD' })).toBe(
      'Performance tiers v1: 35% of a $100.00 sale = $35.00. Budget Monthly reached: 50% of $35.00 = $17.50',
    )
  })

  test('a bonus stepped down by a budget', () => {
    const bonus: CommissionReason = { kind: 'bonus', challengeId: 'chl_1', challengeName: 'Spring sprint', stepDown: { budgetId: 'bud_2', budgetName: 'Bonuses', stepDownBps: 2500, fullAmountMinor: 10_000 } }
    expect(say(bonus, 'en-US', { amountMinor: 2500, currency: 'EUR' })).toBe('Bonus: challenge “Spring sprint” met = €100.00. Budget Bonuses reached: 25% of €100.00 = €25.00')
    expect(say({ ...bonus, stepDown: { stepDownBps: 2500, fullAmountMinor: 10_000 } }, 'de-DE', { amountMinor: 2500, currency: 'EUR' })).toBe(
      'Bonus: challenge “Spring sprint” met = 100,00 €. The program’s commission budget for this period is reached: 25 % of 100,00 € = 25,00 €',
    )
  })

  test('the list row says the same from the commission', () => {
    expect(plain(commissionReason({ reason: 'x', reasonData: alice, ...paid750 }, t, 'en-US'))).toBe(say(alice, 'en-US', paid750))
  })
})

describe('why a commission is held', () => {
  const ft = consoleTranslator()
  test('a budget: the console names it and says what it had left in money, never in minor units', () => {
    const c = { holdReason: 'budget reached: Monthly had 0 of 5000 USD minor units left', holdReasonData: { kind: 'budget' as const, budgetId: 'bud_1', budgetName: 'Monthly', capMinor: 5000, spentMinor: 5200, currency: 'USD' } }
    expect(plain(holdReason(c, ft, 'en-US')!)).toBe('Budget Monthly reached: $0.00 of $50.00 left')
    expect(holdReason({ holdReason: "budget reached: the program's commission budget for this period", holdReasonData: { kind: 'budget' } }, ft, 'en-US')).toBe('The program’s commission budget for this period is reached')
  })

  test('an override held with its recruit’s commission: that it follows it, not why', () => {
    expect(holdReason({ holdReason: 'x', holdReasonData: { kind: 'recruited', action: 'release' } }, ft, 'en-US')).toBe('Released with the recruited partner’s commission it is a share of')
  })
})

describe('a commission’s reason', () => {
  test('renders the data, or says the English text of one recorded before reasons were data', () => {
    expect(commissionReason({ reason: 'Lead bounty: flat 1000 USD minor units', reasonData: percent('USD', 100), ...paid }, t, 'en-US')).toBe('Program default: 20% of a $1.00 sale')
    expect(commissionReason({ reason: 'program default: 20% of sale', reasonData: null, ...paid }, t, 'en-US')).toBe('program default: 20% of sale')
  })

  test('the console says it in the same words', () => {
    const r: CommissionReason = { kind: 'clawback', refundedMinor: 2500, saleAmountMinor: 10_000, currency: 'USD', afterPayout: true }
    expect(reasonInWords(r, consoleTranslator(), 'en-US', paid)).toBe(reasonInWords(r, t, 'en-US', paid))
  })

  test('a translation of the words is used', () => {
    const de = translator({ 'reason.perLead': '{amount} pro Lead', 'reason.rule': '{rule}: {reason}' })
    const bounty: CommissionReason = { kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Prämie' }, event: 'lead', amountMinor: 1000, currency: 'EUR', capped: false, tier: null }
    expect(plain(reasonInWords(bounty, de, 'de-DE', paid))).toBe('Prämie: 10,00 € pro Lead')
  })
})
