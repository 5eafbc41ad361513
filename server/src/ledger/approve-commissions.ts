import type { Db } from '../kernel/db/connect.ts'
import { emitEvents, subscribers } from '../webhooks/index.ts'
import { approvalTick, matureDue, matureDueIds, maturedRows, programsWithDue } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { MATURES } from './holds.ts'

// Commissions read back and written as events at a time: a day's backlog of a large program stays a few MB.
const EVENTS_AT_ONCE = 1000

/**
 * Ends the holding period: pending commissions whose `approve_at` has passed become approved, each program's
 * numbered by one approval tick, with a `commission.approved` webhook event for each. Run before anything
 * reads balances (payout runs) and periodically by the server. Idempotent: a commission matures, and its
 * event is written, once.
 */
export async function approveDue(db: Db, programId: string | null, now: Date): Promise<number> {
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    let approved = 0
    // holds.ts's rule (MATURES, isDue), applied in bulk.
    for (const id of await programsWithDue(tx, programId, at)) {
      const seq = await approvalTick(tx, id)
      // The rows are read back only for a program with an endpoint that wants their events.
      const targets = await subscribers(tx, id, 'commission.approved')
      if (targets.length === 0) {
        approved += await matureDue(tx, id, at, MATURES, seq)
        continue
      }
      const ids = await matureDueIds(tx, id, at, MATURES, seq)
      for (let i = 0; i < ids.length; i += EVENTS_AT_ONCE) {
        const rows = await maturedRows(tx, ids.slice(i, i + EVENTS_AT_ONCE), MATURES)
        await emitEvents(tx, id, 'commission.approved', rows.map(toCommission), now, targets)
      }
      approved += ids.length
    }
    return approved
  })
}
