// Internal events as rows (`internal_events`, the outbox of kernel/events.ts) and their reactions' markers
// (`internal_event_reactions`: one per (event, reaction) that ran, committed with the reaction's writes).
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from './db/connect.ts'
import { prepare, type Prepared, prepareInsert } from './db/prepared.ts'
import { savepointStatements } from './db/savepoint.ts'
import type { InternalEventTable } from './db/schema.ts'
import type { AfterTry } from './retry-schedule.ts'

export type InternalEventRow = Selectable<InternalEventTable>

const eventColumns = ['id', 'program_id', 'type', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'done_at'] as const
// Prepared (kernel/db/prepared.ts): every credited sale and approved partner's click writes an event, and
// each event's reactions take their markers (one statement), a savepoint per reaction, then mark it done.
const insertEventRow = prepareInsert('internal_events', eventColumns)

/** A statement prepared once per number of values it takes: an event type's reactions, a batch's events. */
function byCount<R>(build: (n: number) => Prepared<Record<string, string>, R>): (n: number) => Prepared<Record<string, string>, R> {
  const made = new Map<number, Prepared<Record<string, string>, R>>()
  return (n) => {
    let statement = made.get(n)
    if (!statement) made.set(n, (statement = build(n)))
    return statement
  }
}

const insertMarkers = byCount((n) =>
  prepare<Record<string, string>, { reaction: string }>((db, arg) =>
    db
      .insertInto('internal_event_reactions')
      .values(Array.from({ length: n }, (_, i) => ({ event_id: arg('event_id'), reaction: arg(`reaction_${i}`), done_at: arg('done_at') })))
      .onConflict((oc) => oc.columns(['event_id', 'reaction']).doNothing())
      .returning('reaction'),
  ),
)
const markDone = byCount((n) =>
  prepare<Record<string, string>, never>((db, arg) =>
    db
      .updateTable('internal_events')
      .set({ status: 'done', next_attempt_at: null, last_error: null, done_at: arg('done_at') })
      .where('id', 'in', Array.from({ length: n }, (_, i) => arg(`id_${i}`))),
  ),
)
const deleteMarker = prepare<{ event_id: string; reaction: string }, never>((db, arg) =>
  db.deleteFrom('internal_event_reactions').where('event_id', '=', arg('event_id')).where('reaction', '=', arg('reaction')),
)

export async function insertEvent(tx: Tx, row: Insertable<InternalEventTable>): Promise<void> {
  await insertEventRow.execute(tx, row)
}

/**
 * Marks the reactions run for the event, in one statement; returns those this run marked, its to run. The
 * others an earlier run (or one in flight: the insert waits for it) has marked.
 */
export async function insertReactionMarkers(tx: Tx, eventId: string, reactions: readonly string[], at: string): Promise<Set<string>> {
  if (reactions.length === 0) return new Set()
  const args: Record<string, string> = { event_id: eventId, done_at: at }
  reactions.forEach((r, i) => (args[`reaction_${i}`] = r))
  const { rows } = await insertMarkers(reactions.length).execute(tx, args)
  return new Set(rows.map((r) => r.reaction))
}

/** Takes back a reaction's marker: its run failed and was undone, a later run does it. */
export async function deleteReactionMarker(tx: Tx, eventId: string, reaction: string): Promise<void> {
  await deleteMarker.execute(tx, { event_id: eventId, reaction })
}

/** A savepoint in the event's transaction: each reaction runs in one, so one that throws is undone alone. */
export async function savepoint(tx: Tx, name: string): Promise<void> {
  await savepointStatements(name).save.execute(tx)
}

export async function releaseSavepoint(tx: Tx, name: string): Promise<void> {
  await savepointStatements(name).release.execute(tx)
}

export async function rollbackToSavepoint(tx: Tx, name: string): Promise<void> {
  await savepointStatements(name).rollback.execute(tx)
}

/** Marks the events done, in one statement. */
export async function markEventsDone(db: Db | Tx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return
  const args: Record<string, string> = { done_at: now.toISOString() }
  ids.forEach((id, i) => (args[`id_${i}`] = id))
  await markDone(ids.length).execute(db, args)
}

/** Records a failed run: pending again after the backoff, or failed (kernel/retry-schedule.ts decides). Only a pending event moves. */
export async function recordEventFailure(db: Db | Tx, id: string, step: AfterTry<'done'>, error: string): Promise<void> {
  await db
    .updateTable('internal_events')
    .set({ status: step.status, attempts: step.attempts, next_attempt_at: step.nextAttemptAt, last_error: error })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute()
}

/** Events due (pending, lease or backoff over), oldest first. */
export function dueEvents(db: Db, now: Date, batch: number): Promise<InternalEventRow[]> {
  return db
    .selectFrom('internal_events')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(batch)
    .execute()
}

/**
 * Claims a due event by moving its next run to `until`, if it is still as read (a conditional update):
 * false when another process has it.
 */
export async function claimEvent(db: Db, event: { id: string; next_attempt_at: string | null }, until: string): Promise<boolean> {
  const claimed = await db
    .updateTable('internal_events')
    .set({ next_attempt_at: until })
    .where('id', '=', event.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', event.next_attempt_at)
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

/** Deletes the events done before `before`, with their reactions' markers; returns how many events. */
export async function deleteDoneEvents(tx: Tx, before: string): Promise<number> {
  const old = tx.selectFrom('internal_events').select('id').where('status', '=', 'done').where('done_at', '<', before)
  await tx.deleteFrom('internal_event_reactions').where('event_id', 'in', old).execute()
  const deleted = await tx.deleteFrom('internal_events').where('status', '=', 'done').where('done_at', '<', before).executeTakeFirst()
  return Number(deleted.numDeletedRows)
}
