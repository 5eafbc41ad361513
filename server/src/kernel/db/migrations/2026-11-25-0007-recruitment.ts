// Frozen: recruitment. The marketplace listing, the application form (with its auto-approve rules)
// and applications. Takes Kysely<any> and imports no app code, so it never changes with it.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // One row per program that has set up a listing. `slug` is the public address, unique server-wide.
  await db.schema
    .createTable('marketplace_listings')
    .addColumn('program_id', 'text', (c) => c.primaryKey().references('programs.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('category', 'text')
    .addColumn('logo_url', 'text')
    .addColumn('website_url', 'text')
    .addColumn('commission_summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The directory: listed programs by category, newest program first.
  await db.schema.createIndex('marketplace_listings_listed').on('marketplace_listings').columns(['listed', 'category', 'program_id']).execute()

  // Questions and auto-approve rules as JSON: read and written whole, never queried inside.
  await db.schema
    .createTable('application_forms')
    .addColumn('program_id', 'text', (c) => c.primaryKey().references('programs.id'))
    .addColumn('accepting', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('auto_approve', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('external_id', 'text')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rejection_reason', 'text')
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('auto_approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  // The review queue, per status, newest first.
  await db.schema.createIndex('applications_program_status').on('applications').columns(['program_id', 'status', 'id']).execute()
  // At most one pending application per address and program, even under concurrent submissions.
  await db.schema
    .createIndex('applications_one_pending')
    .on('applications')
    .columns(['program_id', 'email'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('applications').execute()
  await db.schema.dropTable('application_forms').execute()
  await db.schema.dropTable('marketplace_listings').execute()
}
