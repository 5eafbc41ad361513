// Frozen: the fraud rules beyond the email (fraud/). A program's setting per rule (JSON, '{}' = the
// defaults); per click, its address hashed with the program and the rules it tripped in flag mode; per
// commission, every rule it tripped; and the addresses a partner was seen at in the portal.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').addColumn('fraud_rules', 'text', (c) => c.notNull().defaultTo('{}')).execute()
  await db.schema.alterTable('clicks').addColumn('address_hash', 'text').execute()
  await db.schema.alterTable('clicks').addColumn('fraud_data', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('fraud_data', 'text').execute()
  await db.schema
    .createTable('partner_addresses')
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_addresses_pk', ['partner_id', 'address_hash'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('partner_addresses').execute()
  await db.schema.alterTable('commissions').dropColumn('fraud_data').execute()
  await db.schema.alterTable('clicks').dropColumn('fraud_data').execute()
  await db.schema.alterTable('clicks').dropColumn('address_hash').execute()
  await db.schema.alterTable('programs').dropColumn('fraud_rules').execute()
}
