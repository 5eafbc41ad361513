// What the payout schedule reads: the day of the program's latest run.
import type { Db } from '../kernel/db/connect.ts'

/** The UTC day (YYYY-MM-DD) of the program's latest payout run, or null before its first. */
export async function latestRunDay(db: Db, programId: string): Promise<string | null> {
  const row = await db.selectFrom('payout_runs').select('created_at').where('program_id', '=', programId).orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  return row ? row.created_at.slice(0, 10) : null
}
