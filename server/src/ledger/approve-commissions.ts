import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { pruneIdempotencyKeys } from '../kernel/http/idempotency.ts'
import { settleChallenges } from '../challenges/rewards.ts'

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved.
 * Run before anything reads balances (payout runs) and periodically by the server. Idempotent.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  const at = now.toISOString()
  let q = db.updateTable('commissions').set({ status: 'approved', updated_at: at })
  if (programId) q = q.where('program_id', '=', programId)
  const result = await q
    // A literal, not a parameter: only then can SQLite use the partial index on pending rows.
    .where('status', '=', sql.lit('pending'))
    .where('approve_at', '<=', at)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * The server's housekeeping, every `everyMs` while it runs: holding periods end (pending commissions
 * past approve_at become approved), stored Idempotency-Key answers past their day are forgotten, and
 * challenges are settled (met click targets paid; a last pass after each challenge ends).
 */
export function startMaintenanceLoop(db: Db, everyMs = 60_000, now = () => new Date()): { stop: () => void } {
  const tick = () =>
    void Promise.all([approveDue(db, null, now()), pruneIdempotencyKeys(db, now()), settleChallenges(db, now())]).catch((err) => console.error('maintenance failed:', err))
  tick()
  const timer = setInterval(tick, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
