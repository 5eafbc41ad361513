import type { Commission, FraudFlag } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { commissionForPartner, holdForPartner } from './partner-view.ts'

type Shown = Pick<Commission, 'kind' | 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>

describe('commissionForPartner', () => {
  it('a recruiter fraud clawback stored with the program note shows neither the note nor the note hold', () => {
    const stored: Shown = {
      kind: 'clawback',
      reason: 'stored words with the note: card stolen from bee@victim.test',
      reasonData: { kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', afterPayout: true, note: 'card stolen from bee@victim.test' },
      holdReason: 'mark fraud: card stolen from bee@victim.test',
      holdReasonData: { kind: 'action', action: 'mark_fraud', note: 'card stolen from bee@victim.test' },
    }
    const shown = commissionForPartner(stored)
    expect(JSON.stringify(shown)).not.toMatch(/victim/)
    expect(shown.holdReasonData).toEqual({ kind: 'recruited', action: 'mark_fraud' })
    expect(shown.reasonData).toEqual({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 2000, currency: 'USD', afterPayout: true })
  })

  it('a program hold on the partner own commission keeps its words', () => {
    const own: Shown = { kind: 'sale', reason: 'r', reasonData: null, holdReason: 'hold: checking', holdReasonData: { kind: 'action', action: 'hold', note: 'checking' } }
    expect(commissionForPartner(own)).toEqual(own)
  })

  it('rows written before the override had words of its own show none of the recruit’s hold: an override, an early fraud clawback', () => {
    const override: Shown = {
      kind: 'override',
      reason: '10% of USD 20.00 earned by a partner you recruited',
      reasonData: null,
      holdReason: 'self-referral suspected: customer email bee@victim.test',
      holdReasonData: { kind: 'self_referral', customerEmail: 'bee@victim.test', matched: 'partner_email' } as unknown as Commission['holdReasonData'],
    }
    expect(commissionForPartner(override)).toMatchObject({ holdReasonData: { kind: 'recruited', action: 'hold' }, holdReason: "held with the recruited partner's commission it is a share of" })
    const early: Shown = { kind: 'clawback', reason: 'r', reasonData: null, holdReason: 'mark fraud: card stolen from bee@victim.test', holdReasonData: { kind: 'action', action: 'mark_fraud', note: 'card stolen from bee@victim.test' } }
    expect(JSON.stringify(commissionForPartner(early))).not.toMatch(/victim/)
    const released: Shown = { ...override, holdReasonData: { kind: 'action', action: 'release', note: 'bee@victim.test is real' } }
    expect(commissionForPartner(released).holdReasonData).toEqual({ kind: 'recruited', action: 'release' })
    const budget: Shown = { ...override, holdReason: 'budget', holdReasonData: { kind: 'budget', budgetId: 'bud_1', budgetName: 'Pot' } as unknown as Commission['holdReasonData'] }
    expect(commissionForPartner(budget).holdReasonData).toEqual({ kind: 'budget' })
  })

  it('a decision record shows its fraud hold to its own partner, and none of the recruit’s to the recruiter an override is explained to', () => {
    const held: FraudFlag = { kind: 'self_referral', match: 'own_address', customerEmail: 'bee@victim.test', domain: null }
    expect(holdForPartner('sale', held, 'record')).toBe(held)
    // A clawback is explained by the commission it takes back: its partner's own
    expect(holdForPartner('clawback', held, 'record')).toBe(held)
    expect(holdForPartner('override', held, 'record')).toBeNull()
  })
})
