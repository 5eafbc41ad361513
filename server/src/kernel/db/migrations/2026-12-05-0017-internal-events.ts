// Frozen: internal events (kernel/events.ts), written in the transaction of the change they report, and a
// marker per (event, reaction) run, written in the reaction's own transaction, so a rerun does nothing.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('internal_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute()
  await db.schema.createIndex('internal_events_due_idx').on('internal_events').columns(['status', 'next_attempt_at']).execute()

  await db.schema
    .createTable('internal_event_reactions')
    .addColumn('event_id', 'text', (c) => c.notNull().references('internal_events.id'))
    .addColumn('reaction', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('internal_event_reactions_pk', ['event_id', 'reaction'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('internal_event_reactions').execute()
  await db.schema.dropTable('internal_events').execute()
}
