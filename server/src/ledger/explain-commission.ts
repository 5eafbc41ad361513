// GET /v1/commissions/:id/explanation and the portal's: a commission, its decision record (its own, or for
// an override or a clawback the record of the commission it derives from) and its history since.
import type { CommissionExplanation } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { findCommission, findDecision, saleCommissions } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { commissionHistory, explanationForPartner } from './explanation.ts'
import { commissionActions, payoutDates } from './explanation-queries.ts'

const ACTION = { 'commission.held': 'held', 'commission.released': 'released', 'commission.marked_fraud': 'marked_fraud' } as const

/** One of the program's commissions explained; with `partnerId`, only that partner's, as it sees it. */
export async function explainCommission(db: Db, programId: string, commissionId: string, now: Date, partnerId?: string): Promise<CommissionExplanation> {
  const row = await findCommission(db, programId, commissionId)
  if (!row || (partnerId !== undefined && row.partner_id !== partnerId)) throw notFound('Commission')
  const c = toCommission(row)
  const decisionOf = c.reversesId ?? c.sourceId ?? c.id
  const decision = (await findDecision(db, programId, decisionOf)) ?? null
  const family = c.saleId ? await saleCommissions(db, programId, c.saleId) : []
  const audit = await commissionActions(db, programId, c.id)
  const actions = audit.map((a) => ({ at: a.at, action: ACTION[a.action as keyof typeof ACTION], note: noteOf(a.after) }))
  const payout = c.payoutId ? await payoutDates(db, programId, c.payoutId) : undefined
  const firstBefore = audit[0]?.before ? (JSON.parse(audit[0].before) as { status?: CommissionExplanation['status'] }).status : undefined
  const history = commissionHistory({
    commission: { ...c, updatedAt: row.updated_at },
    createdStatus: decisionOf === c.id && decision ? decision.holding.status : (firstBefore ?? c.status),
    clawbacks: family.filter((k) => k.reversesId === c.id),
    actions,
    payout: payout ? { id: payout.id, createdAt: payout.created_at, paidAt: payout.paid_at } : null,
    now,
  })
  const explanation: CommissionExplanation = {
    commissionId: c.id,
    kind: c.kind,
    amountMinor: c.amountMinor,
    currency: c.currency,
    status: c.status,
    reason: c.reasonData,
    decision,
    decisionOf: decision ? decisionOf : null,
    history,
  }
  return partnerId === undefined ? explanation : explanationForPartner(explanation, partnerId)
}

/** The note of a hold, release or mark_fraud: the audit keeps the hold reason's English ("hold: <note>") */
function noteOf(after: string | null): string | null {
  const reason = after ? (JSON.parse(after) as { holdReason?: string | null }).holdReason : null
  return reason ? reason.replace(/^[a-z ]+: /, '') : null
}
