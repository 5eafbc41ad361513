// What the payout schedule reads and writes: the day of a program's latest run (or scheduled day), the
// programs whose schedule the server runs, and the payout days it handled.
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { utcDay } from './schedule.ts'

/** The later of the latest run's day and the latest scheduled day: a payout day on or before it is done. */
const laterDay = (runAt: string | null | undefined, scheduledDay: string | null | undefined): string | null => {
  const runDay = runAt ? utcDay(new Date(runAt)) : null
  return !scheduledDay || (runDay && runDay > scheduledDay) ? runDay : scheduledDay
}

/** The UTC day (YYYY-MM-DD) of the program's latest payout run or scheduled payout day, or null before its first. */
export async function latestRunDay(db: Db | Tx, programId: string): Promise<string | null> {
  const run = await db.selectFrom('payout_runs').select('created_at').where('program_id', '=', programId).orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  const day = await db.selectFrom('scheduled_payout_days').select('payout_day').where('program_id', '=', programId).orderBy('payout_day', 'desc').limit(1).executeTakeFirst()
  return laterDay(run?.created_at, day?.payout_day)
}

/** Every program with a payout schedule the server runs (automatic_payout_runs), with its latest run day: one query. */
export async function automaticSchedules(db: Db): Promise<Array<{ program: ProgramRow; lastRunDay: string | null }>> {
  const rows = await db
    .selectFrom('programs')
    .selectAll('programs')
    .select((eb) => [
      eb.selectFrom('payout_runs').select((e) => e.fn.max('created_at').as('at')).whereRef('payout_runs.program_id', '=', 'programs.id').as('last_run_at'),
      eb.selectFrom('scheduled_payout_days').select((e) => e.fn.max('payout_day').as('day')).whereRef('scheduled_payout_days.program_id', '=', 'programs.id').as('last_scheduled_day'),
    ])
    .where('payout_schedule', 'is not', null)
    .where('automatic_payout_runs', '=', 1)
    .execute()
  return rows.map(({ last_run_at, last_scheduled_day, ...program }) => ({ program, lastRunDay: laterDay(last_run_at, last_scheduled_day) }))
}

/** Records that the server handled a program's payout day: the run it started, or null when nobody could be paid. */
export async function insertScheduledDay(tx: Tx, row: { program_id: string; payout_day: string; run_id: string | null; created_at: string }): Promise<void> {
  await tx.insertInto('scheduled_payout_days').values(row).execute()
}
