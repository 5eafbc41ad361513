// Frozen: a partner's own profile (website, social handles), the recruiter an application arrived through
// (a partner's recruiting link), and invitations to imported partners: a single-use link that expires,
// whose token is stored as a sha256 only.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partners').addColumn('website', 'text').execute()
  await db.schema.alterTable('partners').addColumn('social', 'text').execute()
  await db.schema.alterTable('applications').addColumn('referred_by_id', 'text', (c) => c.references('partners.id')).execute()
  await db.schema
    .createTable('partner_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('accept_url', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_external_id', 'text')
    .addColumn('email_id', 'text', (c) => c.references('email_outbox.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('partner_invitations_program').on('partner_invitations').columns(['program_id', 'id']).execute()
  await db.schema.createIndex('partner_invitations_partner').on('partner_invitations').columns(['partner_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('partner_invitations').execute()
  await db.schema.alterTable('applications').dropColumn('referred_by_id').execute()
  await db.schema.alterTable('partners').dropColumn('social').execute()
  await db.schema.alterTable('partners').dropColumn('website').execute()
}
