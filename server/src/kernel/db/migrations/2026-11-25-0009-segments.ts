// Frozen: saved partner segments, a partner's country, and a program-set tier.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // JSON SegmentDefinition, validated before it is written
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Deleted segments are kept: newsletters and other records may still name them
    .addColumn('deleted_at', 'text')
    .execute()
  await db.schema.createIndex('segments_program').on('segments').columns(['program_id', 'id']).execute()
  await db.schema
    .createIndex('segments_program_name')
    .on('segments')
    .columns(['program_id', 'name'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()

  // ISO 3166-1 alpha-2, upper case
  await db.schema.alterTable('partners').addColumn('country', 'text').execute()
  // A tier name the program pinned the partner at (bulk "set tier"); null: the tier follows performance
  await db.schema.alterTable('partners').addColumn('tier_override', 'text').execute()
  await db.schema.createIndex('partners_program_country').on('partners').columns(['program_id', 'country']).execute()
  // Segment conditions sum sales per partner over a period
  await db.schema.createIndex('sales_program_occurred').on('sales').columns(['program_id', 'occurred_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sales_program_occurred').execute()
  await db.schema.dropIndex('partners_program_country').execute()
  await db.schema.alterTable('partners').dropColumn('tier_override').execute()
  await db.schema.alterTable('partners').dropColumn('country').execute()
  await db.schema.dropTable('segments').execute()
}
