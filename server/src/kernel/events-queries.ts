// Internal events as rows (`internal_events`, the outbox of kernel/events.ts) and their reactions' markers
// (`internal_event_reactions`: one per (event, reaction) that ran, committed with the reaction's writes).
import { type Insertable, type Selectable, sql } from 'kysely'
import type { Db, Tx } from './db/connect.ts'
import type { InternalEventTable } from './db/schema.ts'
import type { AfterTry } from './retry-schedule.ts'

export type InternalEventRow = Selectable<InternalEventTable>

export async function insertEvent(tx: Tx, row: Insertable<InternalEventTable>): Promise<void> {
  await tx.insertInto('internal_events').values(row).execute()
}

/**
 * Marks the reaction run for the event: true when this is its first run; false when an earlier run (or one
 * in flight: the insert waits for it) has the marker.
 */
export async function insertReactionMarker(tx: Tx, eventId: string, reaction: string, at: string): Promise<boolean> {
  const first = await tx
    .insertInto('internal_event_reactions')
    .values({ event_id: eventId, reaction, done_at: at })
    .onConflict((oc) => oc.columns(['event_id', 'reaction']).doNothing())
    .returning('event_id')
    .executeTakeFirst()
  return first !== undefined
}

/** A savepoint in the event's transaction: each reaction runs in one, so one that throws is undone alone. */
export async function savepoint(tx: Tx, name: string): Promise<void> {
  await sql`savepoint ${sql.id(name)}`.execute(tx)
}

export async function releaseSavepoint(tx: Tx, name: string): Promise<void> {
  await sql`release savepoint ${sql.id(name)}`.execute(tx)
}

export async function rollbackToSavepoint(tx: Tx, name: string): Promise<void> {
  await sql`rollback to savepoint ${sql.id(name)}`.execute(tx)
}

export async function markEventDone(db: Db | Tx, id: string, now: Date): Promise<void> {
  await db.updateTable('internal_events').set({ status: 'done', next_attempt_at: null, last_error: null, done_at: now.toISOString() }).where('id', '=', id).execute()
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
