import type { Commission } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { commissionForPartner } from './partner-view.ts'

type Shown = Pick<Commission, 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>

describe('commissionForPartner', () => {
  it('a recruiter fraud clawback stored with the program note shows neither the note nor the note hold', () => {
    const stored: Shown = {
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
    const own: Shown = { reason: 'r', reasonData: null, holdReason: 'hold: checking', holdReasonData: { kind: 'action', action: 'hold', note: 'checking' } }
    expect(commissionForPartner(own)).toEqual(own)
  })
})
