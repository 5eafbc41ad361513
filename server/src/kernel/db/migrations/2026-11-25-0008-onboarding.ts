// Frozen: onboarding checklists, partners' progress through them, and resources (assets and rules documents).
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('group_id', 'text', (c) => c.references('partner_groups.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('url', 'text')
    .addColumn('content', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('version_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .execute()
  await db.schema.createIndex('resources_program').on('resources').columns(['program_id', 'id']).execute()

  // One row per program ('program') and per group with its own checklist (the group's id); steps are JSON.
  await db.schema
    .createTable('onboarding_checklists')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('onboarding_checklists_pk', ['program_id', 'scope'])
    .execute()

  // What a partner has done, keyed by the event (not the step), so it survives checklist edits and group moves.
  await db.schema
    .createTable('onboarding_progress')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('onboarding_progress_pk', ['partner_id', 'step_key'])
    .execute()

  // What partners had already done before checklists existed.
  await db
    .insertInto('onboarding_progress')
    .columns(['program_id', 'partner_id', 'step_key', 'completed_at'])
    .expression(db.selectFrom('partner_payout_details').select(['program_id', 'partner_id', sql.lit('add_payout_details').as('step_key'), 'updated_at']))
    .execute()
  await db
    .insertInto('onboarding_progress')
    .columns(['program_id', 'partner_id', 'step_key', 'completed_at'])
    .expression(
      db
        .selectFrom('sales')
        .where('partner_id', 'is not', null)
        .groupBy(['program_id', 'partner_id'])
        .select(['program_id', 'partner_id', sql.lit('first_sale').as('step_key'), (eb) => eb.fn.min('created_at').as('completed_at')]),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('onboarding_progress').execute()
  await db.schema.dropTable('onboarding_checklists').execute()
  await db.schema.dropTable('resources').execute()
}
