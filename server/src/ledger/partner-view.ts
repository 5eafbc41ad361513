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

/**
 * A recruiter's row (an override, or the clawback mark_fraud writes of one paid: the only clawback ever
 * held) in the override's own words, whatever was stored with it: rows written before those words existed
 * kept the recruited partner's hold reason (its customer's email, a click) or the program's note. A budget's
 * hold names no customer and stays the budget's.
 */
function recruiterHold(h: CommissionHoldReason): CommissionHoldReason {
  if (h.kind === 'budget' || h.kind === 'recruited') return holdForPartner(h)
  return { kind: 'recruited', action: h.kind === 'action' ? h.action : 'hold' }
}

/** A commission as its partner sees it: its budgets unnamed, nothing of its recruit's commission, in the data and in the English texts rendered from it. */
export function commissionForPartner<C extends Pick<Commission, 'kind' | 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>>(c: C): C {
  const reasonData = c.reasonData && reasonForPartner(c.reasonData)
  const recruiters = c.kind === 'override' || c.kind === 'clawback'
  const holdReasonData = c.holdReasonData && (recruiters ? recruiterHold(c.holdReasonData) : holdForPartner(c.holdReasonData))
  return {
    ...c,
    ...(reasonData !== c.reasonData && { reasonData, reason: reasonText(reasonData!) }),
    ...(holdReasonData !== c.holdReasonData && { holdReasonData, holdReason: holdReasonText(holdReasonData!) }),
  }
}
