import type { Db } from '../db/connect.ts'

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved.
 * Run before anything reads balances (payout runs) and periodically by the server. Idempotent.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  const at = now.toISOString()
  let q = db.updateTable('commissions').set({ status: 'approved', updated_at: at })
  if (programId) q = q.where('program_id', '=', programId)
  const result = await q
    .where('status', '=', 'pending')
    .where('approve_at', '<=', at)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Approves due commissions of every program every `everyMs` while the server runs. */
export function startApprovalLoop(db: Db, everyMs = 60_000, now = () => new Date()): { stop: () => void } {
  const tick = () => void approveDue(db, null, now()).catch((err) => console.error('approving due commissions failed:', err))
  tick()
  const timer = setInterval(tick, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
