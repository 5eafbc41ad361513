// Frozen: bounties, a challenge kind (metric 'bounty') paid per approved submission of proof rather than
// per target met. Its caps live on the challenge; each submission is a row, and an approved one names its
// bonus commission (unique: one commission per submission, whatever the retries).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Approved submissions a partner may have (bounties only; default 1), and in all (null: no cap).
  await db.schema.alterTable('challenges').addColumn('max_per_partner', 'integer').execute()
  await db.schema.alterTable('challenges').addColumn('max_approved', 'integer').execute()
  await db.schema
    .createTable('challenge_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('challenge_id', 'text', (c) => c.notNull().references('challenges.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('url', 'text')
    .addColumn('text', 'text')
    .addColumn('file_url', 'text')
    // pending | approved | rejected | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('commission_id', 'text', (c) => c.unique().references('commissions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  // The review queue (the program's pending ones, by bounty or not) and a partner's own per bounty.
  await db.schema.createIndex('challenge_submissions_queue').on('challenge_submissions').columns(['program_id', 'status', 'id']).execute()
  await db.schema.createIndex('challenge_submissions_partner').on('challenge_submissions').columns(['challenge_id', 'partner_id', 'status']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('challenge_submissions').execute()
  await db.schema.alterTable('challenges').dropColumn('max_approved').execute()
  await db.schema.alterTable('challenges').dropColumn('max_per_partner').execute()
}
