// The reads an explanation needs beyond the commission itself: the payout covering it and the program's
// actions on it (the audit log). The decision record is commission-queries.ts's findDecision.
import type { Db } from '../kernel/db/connect.ts'

export function payoutDates(db: Db, programId: string, payoutId: string) {
  return db.selectFrom('payouts').select(['id', 'created_at', 'paid_at']).where('program_id', '=', programId).where('id', '=', payoutId).executeTakeFirst()
}

/** The program's hold, release and mark_fraud on a commission, oldest first. */
export function commissionActions(db: Db, programId: string, commissionId: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'action', 'before', 'after'])
    .where('program_id', '=', programId)
    .where('subject_type', '=', 'commission')
    .where('subject_id', '=', commissionId)
    .where('action', 'in', ['commission.held', 'commission.released', 'commission.marked_fraud'])
    .orderBy('id')
    .execute()
}
