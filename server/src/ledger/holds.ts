// The holding period and holds: the status and approve_at a new commission starts with, when a pending
// one matures, what the program's hold, release and mark_fraud do (to a commission, to its family and
// to its sale), and what a release returns to. Pure: the services (credit-commission, record-refund,
// challenges/rewards, ledger-admin, approve-commissions) ask here and nothing else decides.
import type { CommissionActionInput, CommissionHoldReason, CommissionStatus } from '@afflio/sdk/types'
import { DAY_MS } from '../kernel/days.ts'
import { holdReasonText } from './reason-text.ts'
import { TOTAL_OF } from './totals.ts'

/** What a commission starts with: its status, when it matures, and why it is held (text and data). */
export interface Holding {
  status: 'pending' | 'approved' | 'on_hold'
  approve_at: string
  hold_reason: string | null
  hold_reason_data: string | null
}

/**
 * A new commission waits out the program's holding period: `pending` until `now + holdingDays`, or
 * `approved` at once with no holding period. A suspected problem (`hold`) puts it `on_hold` instead,
 * keeping the same approve_at for when it is released.
 *
 * @example holdingPeriod(new Date('2026-11-01T00:00:00Z'), 30) // { status: 'pending', approve_at: '2026-12-01T00:00:00.000Z', … }
 */
export function holdingPeriod(now: Date, holdingDays: number, hold: CommissionHoldReason | null = null): Holding {
  return {
    status: hold ? 'on_hold' : holdingDays > 0 ? 'pending' : 'approved',
    approve_at: new Date(now.getTime() + holdingDays * DAY_MS).toISOString(),
    ...holdColumns(hold),
  }
}

/** The hold_reason columns for a hold reason (both null for none). */
export function holdColumns(hold: CommissionHoldReason | null): Pick<Holding, 'hold_reason' | 'hold_reason_data'> {
  return { hold_reason: hold && holdReasonText(hold), hold_reason_data: hold && JSON.stringify(hold) }
}

/** The statuses a row is stored with: in_payout and paid are shown, derived from the payout covering it (ledger/queries.ts). */
export type StoredStatus = Exclude<CommissionStatus, 'in_payout' | 'paid'>

/**
 * A clawback's standing: of a commission in a payout (in_payout or paid), it is owed now (`approved`);
 * of an unpaid one, it takes the commission's status and approve_at, so it matures, is held or is paid
 * together with it.
 */
export function clawbackHolding(original: { status: CommissionStatus; approve_at: string | null; payout_id: string | null }): { status: StoredStatus; approve_at: string | null } {
  const { status, approve_at } = original
  return original.payout_id !== null || status === 'in_payout' || status === 'paid' ? { status: 'approved', approve_at } : { status, approve_at }
}

/** The end of the holding period: a `pending` commission whose approve_at has passed becomes `approved`. */
export const MATURES = { from: 'pending', to: 'approved' } as const

/** Whether a commission's holding period is over at `now` (approve_at reached). */
export function isDue(approveAt: string | null, now: Date): boolean {
  return approveAt !== null && approveAt <= now.toISOString()
}

/** The program's actions on a commission: the statuses each accepts. A paid commission is never edited. */
export const ACTIONS = {
  hold: ['pending', 'approved'],
  release: ['on_hold'],
  mark_fraud: ['pending', 'approved', 'on_hold'],
} as const satisfies Record<CommissionActionInput['action'], readonly StoredStatus[]>

/**
 * The status an action leaves a commission in, or null when the action does not apply to its status.
 * Released, a commission returns to its holding period: `pending`, or `approved` when approve_at has passed.
 */
export function afterAction(action: CommissionActionInput['action'], c: { status: CommissionStatus; approve_at: string | null }, now: Date): StoredStatus | null {
  if (!(ACTIONS[action] as readonly CommissionStatus[]).includes(c.status)) return null
  switch (action) {
    case 'hold':
      return 'on_hold'
    case 'mark_fraud':
      return 'fraud'
    case 'release':
      return isDue(c.approve_at, now) ? MATURES.to : MATURES.from
  }
}

/**
 * Why the program's action cannot apply to a commission, or null when it can. A clawback moves only with
 * its commission: held, released or voided alone, it would cancel or release what the partner owes back.
 * Otherwise the action must accept the commission's status (`afterAction`).
 */
export function actionRefusal(action: CommissionActionInput['action'], c: { status: CommissionStatus; approve_at: string | null; reverses_id: string | null }, now: Date): string | null {
  if (c.reverses_id !== null) return `A clawback moves only with its commission: act on commission ${c.reverses_id}`
  if (afterAction(action, c, now) === null) return `Cannot ${action.replace('_', ' ')} a commission that is ${c.status}`
  return null
}

/**
 * Whether marking this commission fraud marks its sale fraud with it: a credited partner's own commission of
 * a sale (`sale`, `recurring`, of the partner the sale credits or of its split partner) says the sale was
 * fraudulent, and from then on the sale counts in no partner's performance (sale-credits.ts
 * countsAsPerformance), a split's other partner included. An override (the recruiter's share), a lead's
 * commission, a bonus, a clawback, or a claim the program paid another partner on a sale it credits marks no
 * sale: that sale is still its credited partner's. Fraud is final (`ACTIONS` has no way out of it), so
 * neither is a sale's mark. What was already priced or paid from the sale's count (a later sale's tier, a
 * challenge's bonus) stays as it was.
 */
export function marksSaleFraud(
  c: { kind: string; partner_id: string; sale_id: string | null; reverses_id: string | null },
  sale: { id: string; partner_id: string | null; split_partner_id: string | null },
): boolean {
  const own = c.partner_id === sale.partner_id || c.partner_id === sale.split_partner_id
  return (c.kind === 'sale' || c.kind === 'recurring') && c.reverses_id === null && c.sale_id === sale.id && own
}

/** A commission as an action on its family reads it. */
export interface FamilyMember {
  id: string
  status: CommissionStatus
  approve_at: string | null
  payout_id: string | null
  amount_minor: number
  source_id: string | null
  reverses_id: string | null
}

export interface ActionPlan {
  /** The commissions that change status, and the status each takes */
  moves: Array<{ id: string; to: StoredStatus }>
  /** Overrides in a payout that mark_fraud takes back: what is left of each (positive), to claw back */
  takeBacks: Array<{ id: string; amountMinor: number }>
}

/**
 * What an action on a commission does to its family (the commission, its overrides, and the clawbacks of
 * each). The commission and its clawbacks take the action's status (`afterAction`), and so does each of
 * its overrides with the override's own clawbacks: a held sale holds the recruiter's share, and a
 * fraudulent one pays no override. An override in a payout (or with a clawback in one: its money has left
 * or is leaving) is never edited: mark_fraud claws back what is left of it, owed at once, as a refund
 * after payout does; hold and release leave it as it is. A clawback moves only with its commission.
 */
export function planAction(action: CommissionActionInput['action'], target: FamilyMember, family: readonly FamilyMember[], now: Date): ActionPlan {
  const moves: ActionPlan['moves'] = []
  const takeBacks: ActionPlan['takeBacks'] = []
  const withClawbacks = (c: FamilyMember) => [c, ...family.filter((x) => x.reverses_id === c.id)]
  const move = (group: FamilyMember[]) => {
    if (afterAction(action, group[0]!, now) === null) return // the commission stays: so do its clawbacks
    for (const c of group) {
      const to = afterAction(action, c, now)
      if (to) moves.push({ id: c.id, to })
    }
  }
  // Decided on the locked rows: a commission a payout run claimed meanwhile takes no action, nor its family.
  if (actionRefusal(action, target, now) !== null) return { moves, takeBacks }
  move(withClawbacks(target))
  for (const override of family.filter((c) => c.source_id === target.id)) {
    const group = withClawbacks(override)
    if (action === 'mark_fraud' && group.some((c) => c.payout_id !== null)) {
      const left = group.filter((c) => TOTAL_OF[c.status] !== null).reduce((sum, c) => sum + Number(c.amount_minor), 0)
      if (left > 0) takeBacks.push({ id: override.id, amountMinor: left })
    } else move(group)
  }
  return { moves, takeBacks }
}
