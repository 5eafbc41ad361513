// Frozen: the server starts a program's payout run on its scheduled day. `programs.automatic_payout_runs`
// (1, the default, or 0: runs only by hand) says whether it may. `scheduled_payout_days` holds one row per
// program and payout day the server handled, written in the transaction of the run it started (`run_id`),
// or with none when nobody could be paid: its key is what makes a day's scheduled run happen once, however
// many servers tick. Every tick reads each scheduled program's latest run: (program_id, created_at) finds
// it in the index instead of scanning every program's runs.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').addColumn('automatic_payout_runs', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await db.schema
    .createTable('scheduled_payout_days')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    // YYYY-MM-DD, UTC
    .addColumn('payout_day', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.references('payout_runs.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheduled_payout_days_pk', ['program_id', 'payout_day'])
    .execute()
  await db.schema.createIndex('payout_runs_program_created').on('payout_runs').columns(['program_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payout_runs_program_created').execute()
  await db.schema.dropTable('scheduled_payout_days').execute()
  await db.schema.alterTable('programs').dropColumn('automatic_payout_runs').execute()
}
