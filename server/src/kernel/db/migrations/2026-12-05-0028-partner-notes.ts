// Frozen: managers' notes on partners, and the indexes the partner list's performance columns read. Each
// column is a per-partner aggregate (sales by partner and currency, commissions by partner, currency and
// status) that these indexes cover, so sorting by one reads index ranges and never the rows; the list in
// join order pages through (program_id, id).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partner_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('partner_notes_partner').on('partner_notes').columns(['partner_id', 'id']).execute()
  await db.schema.createIndex('partners_program_id').on('partners').columns(['program_id', 'id']).execute()
  await db.schema.createIndex('sales_partner_figures').on('sales').columns(['partner_id', 'currency', 'occurred_at', 'amount_minor', 'refunded_minor']).execute()
  await db.schema.createIndex('commissions_partner_earned').on('commissions').columns(['partner_id', 'currency', 'status', 'amount_minor']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commissions_partner_earned').execute()
  await db.schema.dropIndex('sales_partner_figures').execute()
  await db.schema.dropIndex('partners_program_id').execute()
  await db.schema.dropTable('partner_notes').execute()
}
