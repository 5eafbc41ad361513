// Frozen: rules are edited in versions, and a program pays on a schedule.
// A rule's row holds its version in force; `commission_rule_versions` keeps every version ever in force,
// immutable, the rule's first as version 1. A commission records the version that priced it (rows priced
// by a rule before versions existed were priced by its only version: 1). `programs.payout_schedule` is JSON
// (the SDK's PayoutSchedule), null while the program has none.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commission_rules').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await db.schema.alterTable('commission_rules').addColumn('version_created_at', 'text').execute()
  await sql`UPDATE commission_rules SET version_created_at = created_at`.execute(db)
  await db.schema
    .createTable('commission_rule_versions')
    .addColumn('rule_id', 'text', (c) => c.notNull().references('commission_rules.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('partner_id', 'text')
    .addColumn('product_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('recurring', 'text', (c) => c.notNull())
    .addColumn('recurring_limit', 'integer')
    .addColumn('tiers', 'text')
    .addColumn('tier_metric', 'text')
    .addColumn('tier_period', 'text')
    // when this version came into force
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_rule_versions_pk', ['rule_id', 'version'])
    .execute()
  await sql`
    INSERT INTO commission_rule_versions (rule_id, version, program_id, name, group_id, partner_id, product_id, event, type, value, currency, recurring, recurring_limit, tiers, tier_metric, tier_period, created_at)
    SELECT id, 1, program_id, name, group_id, partner_id, product_id, event, type, value, currency, recurring, recurring_limit, tiers, tier_metric, tier_period, created_at
    FROM commission_rules`.execute(db)
  await db.schema.alterTable('commissions').addColumn('rule_version', 'integer').execute()
  await sql`UPDATE commissions SET rule_version = 1 WHERE rule_id IS NOT NULL`.execute(db)
  await db.schema.alterTable('programs').addColumn('payout_schedule', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').dropColumn('payout_schedule').execute()
  await db.schema.alterTable('commissions').dropColumn('rule_version').execute()
  await db.schema.dropTable('commission_rule_versions').execute()
  await db.schema.alterTable('commission_rules').dropColumn('version_created_at').execute()
  await db.schema.alterTable('commission_rules').dropColumn('version').execute()
}
