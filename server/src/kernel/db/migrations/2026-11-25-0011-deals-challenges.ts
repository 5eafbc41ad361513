// Frozen: deal registration (prospects partners register, matched on normalised keys) and challenges
// (a goal in a period with a bonus), with one reward row per (challenge, partner) as the exactly-once guard.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  const money = 'bigint'
  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('company', 'text', (c) => c.notNull())
    // Match keys, normalised when written: the company name without case, punctuation and legal form,
    // the company's domain, and the contact's email domain (null for mailbox providers)
    .addColumn('company_key', 'text', (c) => c.notNull())
    .addColumn('company_domain', 'text')
    .addColumn('contact_domain', 'text')
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('estimated_value_minor', money)
    .addColumn('currency', 'text')
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duplicate_of', 'text', (c) => c.references('deals.id'))
    .addColumn('duplicate_field', 'text')
    // rejected: why; lost: why, when given
    .addColumn('reason', 'text')
    .addColumn('sale_id', 'text', (c) => c.references('sales.id'))
    .addColumn('invoice_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('closed_at', 'text')
    .execute()
  await db.schema.createIndex('deals_program_status_idx').on('deals').columns(['program_id', 'status', 'id']).execute()
  await db.schema.createIndex('deals_partner_idx').on('deals').columns(['program_id', 'partner_id', 'id']).execute()
  await db.schema.createIndex('deals_company_key_idx').on('deals').columns(['program_id', 'company_key']).execute()
  await db.schema.createIndex('deals_company_domain_idx').on('deals').columns(['program_id', 'company_domain']).execute()
  await db.schema.createIndex('deals_contact_domain_idx').on('deals').columns(['program_id', 'contact_domain']).execute()

  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('metric', 'text', (c) => c.notNull())
    // a count, or minor units of `currency` for revenue
    .addColumn('target', money, (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.references('segments.id'))
    .addColumn('reward_minor', money, (c) => c.notNull())
    .addColumn('reward_currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    // set by the maintenance loop's last pass after the end; it then stops sweeping the challenge
    .addColumn('settled_at', 'text')
    .execute()
  await db.schema.createIndex('challenges_program_idx').on('challenges').columns(['program_id', 'id']).execute()
  await db.schema.createIndex('challenges_program_window_idx').on('challenges').columns(['program_id', 'ends_at']).execute()

  await db.schema
    .createTable('challenge_rewards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('challenge_id', 'text', (c) => c.notNull().references('challenges.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    // set in the same transaction, right after the row wins its insert
    .addColumn('commission_id', 'text', (c) => c.references('commissions.id'))
    .addColumn('progress', money, (c) => c.notNull())
    .addColumn('met_at', 'text', (c) => c.notNull())
    // the reward is paid once per partner: a concurrent second award does nothing on this constraint
    .addUniqueConstraint('challenge_rewards_uq', ['challenge_id', 'partner_id'])
    .execute()
  await db.schema.createIndex('challenge_rewards_partner_idx').on('challenge_rewards').columns(['program_id', 'partner_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['challenge_rewards', 'challenges', 'deals']) await db.schema.dropTable(t).execute()
}
