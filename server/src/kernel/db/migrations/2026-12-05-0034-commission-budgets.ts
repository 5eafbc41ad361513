// Frozen: commission budgets (budgets/): a cap on what a program, a group or a challenge pays per period.
// Spend is never stored: it is summed from the commissions (budgets/budget-queries.ts), through the
// (program_id, id) index, ids sorting by creation time.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commission_budgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('over_cap', 'text', (c) => c.notNull())
    .addColumn('step_down_bps', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('commission_budgets_program').on('commission_budgets').columns(['program_id', 'scope', 'scope_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('commission_budgets').execute()
}
