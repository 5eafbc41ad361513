// A commission's explanation from what the ledger holds: its decision record (kept once, at insert) and
// what happened since, derived at read time from the rows (status, clawbacks, the payout covering it, the
// program's actions in the audit log) rather than written into the record. Pure.
import type { Commission, CommissionDecision, CommissionExplanation, CommissionHistoryEntry } from '@afflio/sdk/types'
import { maskEmail } from '../kernel/mask-email.ts'
import { holdForPartner, reasonForPartner } from './partner-view.ts'

export interface HistoryFacts {
  commission: Pick<Commission, 'status' | 'approveAt' | 'createdAt' | 'payoutId'> & { updatedAt: string }
  /** The status it was created with: the decision's, else the first action's `before`, else its status now */
  createdStatus: Commission['status']
  /** Negative commissions taking part of it back (reversesId is it) */
  clawbacks: ReadonlyArray<Pick<Commission, 'id' | 'amountMinor' | 'currency' | 'createdAt'>>
  /** The program's hold, release and mark_fraud on it (audit log), oldest first */
  actions: ReadonlyArray<{ at: string; action: 'held' | 'released' | 'marked_fraud'; note: string | null }>
  /** The payout covering it (in_payout or paid) */
  payout: { id: string; createdAt: string; paidAt: string | null } | null
  now: Date
}

/** What happened to a commission since it was created, oldest first. */
export function commissionHistory(f: HistoryFacts): CommissionHistoryEntry[] {
  const c = f.commission
  const out: CommissionHistoryEntry[] = [{ kind: 'created', at: c.createdAt, status: f.createdStatus }]
  for (const a of f.actions) out.push({ kind: a.action, at: a.at, note: a.note })
  // The holding period ended: it was approved at approve_at (or on its release after that)
  const approvedSince = c.status === 'approved' || c.status === 'in_payout' || c.status === 'paid'
  if (approvedSince && f.createdStatus !== 'approved' && c.approveAt && c.approveAt <= f.now.toISOString()) {
    const release = f.actions.findLast((a) => a.action === 'released')
    out.push({ kind: 'approved', at: release && release.at > c.approveAt ? release.at : c.approveAt })
  }
  if (c.status === 'reversed') out.push({ kind: 'reversed', at: c.updatedAt })
  for (const k of f.clawbacks) out.push({ kind: 'clawback', at: k.createdAt, commissionId: k.id, amountMinor: k.amountMinor, currency: k.currency })
  if (f.payout) {
    out.push({ kind: 'in_payout', at: f.payout.createdAt, payoutId: f.payout.id })
    if (f.payout.paidAt) out.push({ kind: 'paid', at: f.payout.paidAt, payoutId: f.payout.id })
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/**
 * The explanation as its partner sees it: which fraud rules a commission tripped is the program's to know
 * (a partner told which checks it failed learns how to pass them; the hold that holds it is shown, as in
 * the portal's list), and so are the other partners' clicks and codes, the rules meant for others,
 * which budget held or stepped it down (partner-view.ts) and who approved a bounty submission.
 */
/** The host's id of a customer as its partner sees it: an email masked, as the partner's customer list shows it; any other id as it is. */
const customerIdForPartner = (id: string | null) => (id?.includes('@') ? maskEmail(id) : id)

export function explanationForPartner(e: CommissionExplanation, partnerId: string): CommissionExplanation {
  const reason = e.reason && reasonForPartner(e.reason)
  const d = e.decision
  if (!d) return { ...e, reason }
  const a = d.attribution
  const own = a.clicks.filter((c) => c.partnerId === partnerId)
  // An override's record is its recruit's: what of its fraud hold the recruiter sees is partner-view.ts's
  const hold = d.fraud.hold && holdForPartner(e.kind, d.fraud.hold, 'record')
  const codes = a.codes && { codes: a.codes.filter((c) => c.partnerId === partnerId), otherCodes: a.codes.filter((c) => c.partnerId !== partnerId).length }
  const decision: CommissionDecision = {
    ...d,
    // An override is explained by the recruited partner's record: whose customer it was is not the recruiter's to know
    attribution: { ...a, clicks: own, otherClicks: a.clicks.length - own.length, ...codes, customer: e.decisionOf !== e.commissionId ? null : a.customer && { ...a.customer, externalId: customerIdForPartner(a.customer.externalId) } },
    rules: d.rules && { considered: d.rules.considered.filter((r) => r.outcome === 'applied'), applied: d.rules.applied },
    fraud: hold ? { hold, flags: [hold] } : { hold: null, flags: [] },
    holding: { ...d.holding, ...(d.holding.budget && { budget: { kind: 'budget' } }) },
    amount: reasonForPartner(d.amount),
    // Who approved a bounty submission is the program's to know, as its audit log is
    ...(d.bonus?.kind === 'submission' && { bonus: { ...d.bonus, approvedBy: null } }),
  }
  return { ...e, reason, decision }
}
