// Frozen: a newsletter recipient's unsubscribe token (`un_…`, in its email's link) was stored as it is sent,
// so anyone reading the database or a backup could unsubscribe any partner. The recipient keeps its SHA-256
// now (`unsubscribe_token_hash`, hex of the token's UTF-8, as API keys and embed tokens are kept), and a
// link is looked up by the hash of the token it carries, so links already sent keep working. The token
// itself is needed once more, when the email is rendered: a newsletter email waiting in the outbox carries
// it in its own column (`email_outbox.unsubscribe_token`, encrypted by the app; the waiting ones get their
// recipient's token here, in plain text, as a migration holds no key: read as it is, encrypted by
// `afflio serve` at its start and by `afflio rotate-secrets`), cleared once the email is sent or given up.
// Existing tokens are hashed here, a thousand at a time. SQLite runs a migration outside a transaction,
// so each step can be run again after a crash half-way: the column is added and renamed only once, and only
// tokens (`un_…`), never hashes, are hashed. Emails already sent, failed or cancelled before bodies were
// dropped on sending keep no body from now on (an invitation's held its link). The down cannot give the
// tokens back: it keeps the hashes under the old name, so links sent before it stop working.
import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'

const BATCH = 1000
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

/** The table's columns in the schema being migrated (Postgres: the search path's first; other schemas may hold their own Afflio) */
async function columnsOf(db: Kysely<any>, table: string): Promise<string[]> {
  const query = isPostgres(db)
    ? sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`
    : sql<{ name: string }>`select name from pragma_table_info(${table})`
  return (await query.execute(db)).rows.map((r) => r.name)
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!(await columnsOf(db, 'email_outbox')).includes('unsubscribe_token')) await db.schema.alterTable('email_outbox').addColumn('unsubscribe_token', 'text').execute()
  if ((await columnsOf(db, 'newsletter_recipients')).includes('unsubscribe_token')) {
    await db
      .updateTable('email_outbox')
      .set({ unsubscribe_token: sql`(select r.unsubscribe_token from newsletter_recipients r where r.id = email_outbox.recipient_id)` })
      .where('kind', '=', 'newsletter')
      .where('status', '=', 'pending')
      .execute()
    await db.schema.alterTable('newsletter_recipients').renameColumn('unsubscribe_token', 'unsubscribe_token_hash').execute()
  }
  let after = ''
  for (;;) {
    const rows = await db
      .selectFrom('newsletter_recipients')
      .select(['id', 'unsubscribe_token_hash as token'])
      .where('id', '>', after)
      .where('unsubscribe_token_hash', 'like', 'un%') // a token; a hash is hex
      .orderBy('id')
      .limit(BATCH)
      .execute()
    for (const row of rows) await db.updateTable('newsletter_recipients').set({ unsubscribe_token_hash: sha256(row.token) }).where('id', '=', row.id).execute()
    if (rows.length < BATCH) break
    after = rows[rows.length - 1]!.id
  }
  await db.updateTable('email_outbox').set({ text_body: null, html_body: null }).where('status', '!=', 'pending').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('newsletter_recipients').renameColumn('unsubscribe_token_hash', 'unsubscribe_token').execute()
  await db.schema.alterTable('email_outbox').dropColumn('unsubscribe_token').execute()
}
