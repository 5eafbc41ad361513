// Payout runs the server starts by itself on a program's payout day (the maintenance tick, serve.ts). Each
// is the run a manager starts by hand (runPayouts), recorded as the schedule's in the audit log, and happens
// once per program and day however many servers tick: the day is decided again under the run's lock, and
// written with the run (scheduled_payout_days' key).
import type { CreatedPayoutRun } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import { approveDue, lockLedgerForRun } from '../ledger/index.ts'
import { findProgram } from '../programs/index.ts'
import { runPayouts, skipCounts } from './run-payouts.ts'
import { automaticSchedules, insertScheduledDay, latestRunDay } from './schedule-queries.ts'
import { readSchedule, scheduledRunDue } from './schedule.ts'

/** What the server did for one program's payout day: the run it started, or null when nobody could be paid. */
export interface ScheduledOutcome {
  programId: string
  payoutDay: string
  run: CreatedPayoutRun | null
}

/**
 * Starts the payout run of every program whose schedule says one is due now (scheduledRunDue). One
 * program's failure is logged and leaves the others; it is tried again on the next tick of the day.
 */
export async function startDueScheduledRuns(db: Db, now: Date, log: (line: string, err: unknown) => void = console.error): Promise<ScheduledOutcome[]> {
  const outcomes: ScheduledOutcome[] = []
  for (const { program, lastRunDay } of await automaticSchedules(db)) {
    const day = scheduledRunDue(readSchedule(program.payout_schedule), true, now, lastRunDay)
    if (!day) continue
    try {
      const outcome = await startScheduledRun(db, program.id, day, now)
      if (outcome) outcomes.push(outcome)
    } catch (err) {
      log(`the scheduled payout run of program ${program.id} for ${day} failed:`, err)
    }
  }
  return outcomes
}

/**
 * The run of `programId`'s payout day `day`, unless, under the run's lock, it is no longer due: another
 * server started it, a run by hand paid the day, or the schedule changed (then undefined). A day when nobody
 * can be paid is recorded too (audited as `payout_run.nothing_to_pay`), so it is not tried again all day.
 */
export async function startScheduledRun(db: Db, programId: string, day: string, now: Date): Promise<ScheduledOutcome | undefined> {
  const audit = { actor: SYSTEM, at: now }
  await approveDue(db, programId, now)
  return db.transaction().execute(async (tx) => {
    await lockLedgerForRun(tx, programId)
    const program = await findProgram(tx, programId)
    if (!program) return undefined
    const due = scheduledRunDue(readSchedule(program.payout_schedule), Number(program.automatic_payout_runs) === 1, now, await latestRunDay(tx, programId))
    if (due !== day) return undefined
    const { run, skipped } = await runPayouts(tx, program, audit, { scheduledFor: day })
    await insertScheduledDay(tx, { program_id: programId, payout_day: day, run_id: run?.id ?? null, created_at: now.toISOString() })
    if (!run) {
      await recordAudit(tx, programId, audit, { action: 'payout_run.nothing_to_pay', subject: { type: 'program', id: programId }, before: null, after: { scheduledFor: day, skipped: skipCounts(skipped) } })
    }
    return { programId, payoutDay: day, run }
  })
}
