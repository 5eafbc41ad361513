// What a partner is shown of the program's budgets on its commissions: that a budget held one or paid it at
// a lower rate, not which budget or how full it was (the program's to know; the console keeps both). Pure.
import type { Commission, CommissionHoldReason, CommissionReason } from '@afflio/sdk/types'
import { holdReasonText, reasonText } from './reason-text.ts'

/** The reason without the step-down's budget (its rate and the amount before it stay: they are the partner's money). */
export function reasonForPartner(r: CommissionReason): CommissionReason {
  if (!('stepDown' in r) || !r.stepDown) return r
  const { budgetId: _id, budgetName: _name, ...stepDown } = r.stepDown
  return { ...r, stepDown }
}

/** A budget's hold says only that a budget was reached. */
export function holdForPartner(h: CommissionHoldReason): CommissionHoldReason {
  return h.kind === 'budget' ? { kind: 'budget' } : h
}

/** A commission as its partner sees it: its budgets unnamed, in the data and in the English texts rendered from it. */
export function commissionForPartner<C extends Pick<Commission, 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>>(c: C): C {
  const reasonData = c.reasonData && reasonForPartner(c.reasonData)
  const holdReasonData = c.holdReasonData && holdForPartner(c.holdReasonData)
  return {
    ...c,
    ...(reasonData !== c.reasonData && { reasonData, reason: reasonText(reasonData!) }),
    ...(holdReasonData !== c.holdReasonData && { holdReasonData, holdReason: holdReasonText(holdReasonData!) }),
  }
}
