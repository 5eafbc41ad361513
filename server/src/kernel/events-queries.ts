// Internal events as rows (`internal_events`, the outbox of kernel/events.ts) and their reactions' markers
// (`internal_event_reactions`: one per (event, reaction) that ran, committed with the reaction's writes).
import type { Insertable, Selectable } from 'kysely'
import type { Db, Tx } from './db/connect.ts'
import { prepare, prepareInsert } from './db/prepared.ts'
import { savepointStatements } from './db/savepoint.ts'
import type { InternalEventTable } from './db/schema.ts'
import type { AfterTry } from './retry-schedule.ts'

export type InternalEventRow = Selectable<InternalEventTable>

const eventColumns = ['id', 'program_id', 'type', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'done_at'] as const
// Prepared (kernel/db/prepared.ts): every credited sale and approved partner's click writes an event, and
// each event's reactions take a marker and a savepoint per reaction, then mark the event done.
const insertEventRow = prepareInsert('internal_events', eventColumns)
const insertMarker = prepare<{ event_id: string; reaction: string; done_at: string }, { event_id: string }>((db, arg) =>
  db
    .insertInto('internal_event_reactions')
    .values({ event_id: arg('event_id'), reaction: arg('reaction'), done_at: arg('done_at') })
    .onConflict((oc) => oc.columns(['event_id', 'reaction']).doNothing())
    .returning('event_id'),
)
const markDone = prepare<{ id: string; done_at: string }, never>((db, arg) =>
  db.updateTable('internal_events').set({ status: 'done', next_attempt_at: null, last_error: null, done_at: arg('done_at') }).where('id', '=', arg('id')),
)

export async function insertEvent(tx: Tx, row: Insertable<InternalEventTable>): Promise<void> {
  await insertEventRow.execute(tx, row)
}

/**
 * Marks the reaction run for the event: true when this is its first run; false when an earlier run (or one
 * in flight: the insert waits for it) has the marker.
 */
export async function insertReactionMarker(tx: Tx, eventId: string, reaction: string, at: string): Promise<boolean> {
  const { rows } = await insertMarker.execute(tx, { event_id: eventId, reaction, done_at: at })
  return rows.length > 0
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

export async function markEventDone(db: Db | Tx, id: string, now: Date): Promise<void> {
  await markDone.execute(db, { id, done_at: now.toISOString() })
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
