// What a partner is shown of the program's budgets on its commissions: that a budget held one or paid it at
// a lower rate, not which budget or how full it was (the program's to know; the console keeps both); and of
// its recruit's commission marked fraud, not the program's note. Pure.
import type { Commission, CommissionHoldReason, CommissionReason } from '@afflio/sdk/types'
import { holdReasonText, reasonText } from './reason-text.ts'

/**
 * The reason without the step-down's budget (its rate and the amount before it stay: they are the partner's
 * money), and a recruiter's fraud clawback without the program's note on its recruit's commission (stored
 * on clawbacks written before fraudClawbackRow left it out).
 */
export function reasonForPartner(r: CommissionReason): CommissionReason {
  if (r.kind === 'clawback' && r.cause === 'fraud' && 'note' in r) {
    const { note: _note, ...rest } = r
    return rest
  }
  if (!('stepDown' in r) || !r.stepDown) return r
  const { budgetId: _id, budgetName: _name, ...stepDown } = r.stepDown
  return { ...r, stepDown }
}

/** A budget's hold says only that a budget was reached. */
export function holdForPartner(h: CommissionHoldReason): CommissionHoldReason {
  return h.kind === 'budget' ? { kind: 'budget' } : h
}

/** A commission as its partner sees it: its budgets unnamed, no note on its recruit's commission, in the data and in the English texts rendered from it. */
export function commissionForPartner<C extends Pick<Commission, 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>>(c: C): C {
  const reasonData = c.reasonData && reasonForPartner(c.reasonData)
  // A recruiter's fraud clawback is held in the override's words (recruitedHold), whatever was stored with it
  const fraudClawback = c.reasonData?.kind === 'clawback' && c.reasonData.cause === 'fraud'
  const holdReasonData = c.holdReasonData && (fraudClawback && c.holdReasonData.kind === 'action' ? { kind: 'recruited' as const, action: 'mark_fraud' as const } : holdForPartner(c.holdReasonData))
  return {
    ...c,
    ...(reasonData !== c.reasonData && { reasonData, reason: reasonText(reasonData!) }),
    ...(holdReasonData !== c.holdReasonData && { holdReasonData, holdReason: holdReasonText(holdReasonData!) }),
  }
}
