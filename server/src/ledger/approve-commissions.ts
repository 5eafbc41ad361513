import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { MATURES } from './holds.ts'

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved.
 * Run before anything reads balances (payout runs) and periodically by the server. Idempotent.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  const at = now.toISOString()
  // holds.ts's rule (MATURES, isDue), applied in bulk.
  let q = db.updateTable('commissions').set({ status: MATURES.to, updated_at: at })
  if (programId) q = q.where('program_id', '=', programId)
  const result = await q
    // A literal, not a parameter: only then can SQLite use the partial index on pending rows.
    .where('status', '=', sql.lit(MATURES.from))
    .where('approve_at', '<=', at)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
