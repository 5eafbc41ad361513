// Raw clicks past their program's retention are deleted in small batches (a short transaction each, so
// clicks being written never wait long); the daily rollups keep their counts. Run by serve's maintenance loop.
import type { Db } from '../kernel/db/connect.ts'
import { idFloor } from '../kernel/ids.ts'
import { retentionCutoff } from './retention-rules.ts'
import { deleteExpiredClicks, programRetentions } from './retention-queries.ts'

const BATCH = 500

/**
 * One pass: for each program, deletes expired clicks batch by batch until none is left or `budget` batches
 * ran (the next pass goes on). Returns how many clicks it deleted.
 */
export async function pruneClicks(db: Db, now: Date, budget = 20): Promise<number> {
  let deleted = 0
  for (const program of await programRetentions(db)) {
    const before = idFloor('clk', retentionCutoff(now, Number(program.click_retention_days)).getTime())
    let after = ''
    while (budget-- > 0) {
      const batch = await deleteExpiredClicks(db, program.id, after, before, BATCH)
      deleted += batch.deleted
      if (!batch.last) break
      after = batch.last
    }
    if (budget <= 0) break
  }
  return deleted
}
