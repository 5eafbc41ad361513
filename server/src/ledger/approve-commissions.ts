import type { Db } from '../kernel/db/connect.ts'
import { matureDue } from './commission-queries.ts'
import { MATURES } from './holds.ts'

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved.
 * Run before anything reads balances (payout runs) and periodically by the server. Idempotent.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  // holds.ts's rule (MATURES, isDue), applied in bulk.
  return matureDue(db, programId, now.toISOString(), MATURES)
}
