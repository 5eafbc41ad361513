// Retries of the rows the loops send (webhook deliveries, emails, internal events): when a failed try is
// made again, and when the row is given up. Pure; each loop claims its rows and records the answer in its
// own table, with its own schedule.

/** The waits, in minutes, after the first, second, … failed try; a failure after the last wait gives up. */
export type Backoff = readonly number[]

/** Tries a schedule allows in all: the first, and one after each wait. */
export function maxTries(backoff: Backoff): number {
  return backoff.length + 1
}

/**
 * The wait before the next try after `failedTries` failures; null when it is time to give up.
 *
 * @example retryDelayMs([1, 5], 1) // 60_000
 * @example retryDelayMs([1, 5], 3) // null: three tries in all
 */
export function retryDelayMs(backoff: Backoff, failedTries: number): number | null {
  const minutes = backoff[Math.max(1, failedTries) - 1]
  return minutes === undefined ? null : minutes * 60_000
}

/** How a try went: it worked; it failed and may work later; it failed for good (no retry can help). */
export type TryOutcome = 'ok' | 'failed' | 'failed_for_good'

/** What a row becomes after a try: its status, tries counted, and when it is tried next (null: never). */
export interface AfterTry<Done extends string> {
  status: Done | 'pending' | 'failed'
  attempts: number
  nextAttemptAt: string | null
}

/**
 * The row after one more try: `done` when it worked, `pending` again after the schedule's wait when it
 * failed, `failed` when it failed for good or the schedule is used up.
 *
 * @example afterTry({ backoff: [1, 5], attempts: 0, outcome: 'failed', now, done: 'sent' })
 * // { status: 'pending', attempts: 1, nextAttemptAt: now + 1 minute }
 */
export function afterTry<Done extends string>(opts: { backoff: Backoff; attempts: number; outcome: TryOutcome; now: Date; done: Done }): AfterTry<Done> {
  const attempts = opts.attempts + 1
  if (opts.outcome === 'ok') return { status: opts.done, attempts, nextAttemptAt: null }
  const delay = opts.outcome === 'failed' ? retryDelayMs(opts.backoff, attempts) : null
  if (delay === null) return { status: 'failed', attempts, nextAttemptAt: null }
  return { status: 'pending', attempts, nextAttemptAt: new Date(opts.now.getTime() + delay).toISOString() }
}

/** Until when a claimed row is left to the process that claimed it (its next_attempt_at, moved ahead). */
export function leaseEnd(now: Date, leaseMs: number): string {
  return new Date(now.getTime() + leaseMs).toISOString()
}
