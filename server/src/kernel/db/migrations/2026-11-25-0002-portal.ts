// Frozen: the partner portal. Embed tokens, payout details, and the covering indexes the overview reads.
// Takes Kysely<any> and imports no app code, so it never changes with it.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Tokens are stored as sha256 of the whole `et_…` string: a leaked table does not leak sessions.
  await db.schema
    .createTable('embed_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('locale', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // Minting sweeps the partner's expired tokens; a global sweep can go by expiry.
  await db.schema.createIndex('embed_tokens_partner').on('embed_tokens').columns(['partner_id', 'expires_at']).execute()
  await db.schema.createIndex('embed_tokens_expires').on('embed_tokens').column('expires_at').execute()

  await db.schema
    .createTable('partner_payout_details')
    .addColumn('partner_id', 'text', (c) => c.primaryKey().references('partners.id'))
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('account_ref', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  // The overview groups by UTC day, `substr(created_at, 1, 10)`. Indexing that expression after the
  // partner reads each partner's days in order (no sort or temporary b-tree for GROUP BY), and the
  // columns the queries sum ride along. `created_at` comes last for Postgres, which plans an
  // index-only scan on an expression index only when the expression's column is in the index too.
  // On clicks it replaces (partner_id, created_at), which nothing else read: click ingest keeps
  // the same number of indexes to maintain.
  await db.schema.dropIndex('clicks_partner_time').execute()
  const byDay = (name: string, table: string, columns: string) =>
    db.schema.createIndex(name).on(table).expression(sql.raw(`partner_id, substr(created_at, 1, 10), ${columns}`)).execute()
  await byDay('clicks_partner_day', 'clicks', 'created_at')
  await byDay('customers_partner_day', 'customers', 'created_at')
  await byDay('sales_partner_day', 'sales', 'currency, amount_minor, created_at')
  await byDay('commissions_partner_day', 'commissions', 'status, currency, amount_minor, created_at')
  // The partner's commission list, newest first by id.
  await db.schema.createIndex('commissions_partner_id').on('commissions').columns(['partner_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['commissions_partner_id', 'commissions_partner_day', 'sales_partner_day', 'customers_partner_day', 'clicks_partner_day']) {
    await db.schema.dropIndex(i).execute()
  }
  await db.schema.createIndex('clicks_partner_time').on('clicks').columns(['partner_id', 'created_at']).execute()
  await db.schema.dropTable('partner_payout_details').execute()
  await db.schema.dropTable('embed_tokens').execute()
}
