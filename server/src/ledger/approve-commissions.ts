import type { Db } from '../kernel/db/connect.ts'
import { approvalTick, matureDue, programsWithDue } from './commission-queries.ts'
import { MATURES } from './holds.ts'

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved, each program's
 * numbered by one approval tick. Run before anything reads balances (payout runs) and periodically by the
 * server. Idempotent.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    let approved = 0
    // holds.ts's rule (MATURES, isDue), applied in bulk.
    for (const id of await programsWithDue(tx, programId, at)) approved += await matureDue(tx, id, at, MATURES, await approvalTick(tx, id))
    return approved
  })
}
