// What a partner is shown of the program's budgets on its commissions: that a budget held one or paid it at
// a lower rate, not which budget or how full it was (the program's to know; the console keeps both); and of
// its recruit's commission, that it was held or marked fraud, never why (holdForPartner). Pure.
import type { Commission, CommissionHoldReason, CommissionKind, CommissionReason, FraudFlag } from '@afflio/sdk/types'
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

/** Where a partner sees a hold: on its row, or in the decision record the row is explained by (an override's is its recruit's). */
type Seen = 'row' | 'record'

/**
 * What a partner is shown of a hold on its commission of `kind` (null: nothing). A budget's says only that a
 * budget was reached. Of its recruit's commission a recruiter learns only that its own row was held,
 * released or marked fraud with it, never why (a customer's email, a click, the program's note): a recruiter's
 * row (an override, or the clawback mark_fraud writes of one paid: the only clawback ever held) is told in the
 * override's own words, whatever was stored with it (rows written before those words existed kept the
 * recruit's reason), and the recruit's record an override is explained by shows no fraud rule's hold.
 */
export function holdForPartner(kind: CommissionKind, h: CommissionHoldReason, seen?: 'row'): CommissionHoldReason
export function holdForPartner(kind: CommissionKind, h: FraudFlag, seen: 'record'): FraudFlag | null
export function holdForPartner(kind: CommissionKind, h: CommissionHoldReason, seen: Seen = 'row'): CommissionHoldReason | null {
  if (h.kind === 'budget') return { kind: 'budget' }
  // A clawback's record is the commission it takes back: the partner's own (an override keeps none)
  const recruits = kind === 'override' || (kind === 'clawback' && seen === 'row')
  if (!recruits || h.kind === 'recruited') return h
  return seen === 'record' ? null : { kind: 'recruited', action: h.kind === 'action' ? h.action : 'hold' }
}

/** A commission as its partner sees it: its budgets unnamed, nothing of its recruit's commission, in the data and in the English texts rendered from it. */
export function commissionForPartner<C extends Pick<Commission, 'kind' | 'reason' | 'reasonData' | 'holdReason' | 'holdReasonData'>>(c: C): C {
  const reasonData = c.reasonData && reasonForPartner(c.reasonData)
  const holdReasonData = c.holdReasonData && holdForPartner(c.kind, c.holdReasonData)
  return {
    ...c,
    ...(reasonData !== c.reasonData && { reasonData, reason: reasonText(reasonData!) }),
    ...(holdReasonData !== c.holdReasonData && { holdReasonData, holdReason: holdReasonText(holdReasonData!) }),
  }
}
