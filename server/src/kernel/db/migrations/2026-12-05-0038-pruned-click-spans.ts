// Frozen: what the raw-click retention deletes of a partner's clicks that readers still show: the earliest
// and the latest deleted click's time (onboarding's first shared link, the partner list's last activity,
// a dormant segment). With the clicks kept, they give the same first and last click as before the delete.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pruned_click_spans')
    .addColumn('partner_id', 'text', (c) => c.primaryKey().references('partners.id'))
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pruned_click_spans').execute()
}
