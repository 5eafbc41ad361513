// Frozen: notifications. In-app notices per partner (read or not), per-kind email opt-outs, the program's
// brand colour for its emails, and an email outbox that can carry a notice (rendered when sent) or an email
// to someone who is no partner yet (an applicant told of a rejection): partner_id becomes nullable.
import { type Kysely, SqliteAdapter, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programs').addColumn('brand_color', 'text').execute()

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema.createIndex('notices_partner_idx').on('notices').columns(['partner_id', 'id']).execute()
  await db.schema.createIndex('notices_unread_idx').on('notices').columns(['partner_id', 'read_at']).execute()

  await db.schema
    .createTable('notification_optouts')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_optouts_pk', ['program_id', 'partner_id', 'kind'])
    .execute()

  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildOutboxOnSqlite(db, 'up')
  else {
    await db.schema.alterTable('email_outbox').alterColumn('partner_id', (c) => c.dropNotNull()).execute()
    await db.schema.alterTable('email_outbox').addColumn('notice_id', 'text', (c) => c.references('notices.id')).execute()
  }
}

// SQLite cannot drop or add a NOT NULL: the table is made again (nothing references it), as `up` leaves it
// (partner_id nullable, notice_id) or as it was before (partner_id NOT NULL, no notice_id).
async function rebuildOutboxOnSqlite(db: Kysely<any>, to: 'up' | 'down'): Promise<void> {
  const up = to === 'up'
  await db.schema
    .createTable('email_outbox_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => (up ? c.references('partners.id') : c.notNull().references('partners.id')))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.references('newsletter_recipients.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('headers', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .$call((t) => (up ? t.addColumn('notice_id', 'text', (c) => c.references('notices.id')) : t))
    .execute()
  const columns = sql.raw(
    'id, program_id, partner_id, kind, recipient_id, to_address, subject, text_body, html_body, headers, status, attempts, next_attempt_at, last_error, sent_at, created_at',
  )
  await sql`insert into email_outbox_next (${columns}) select ${columns} from email_outbox`.execute(db)
  await db.schema.dropTable('email_outbox').execute()
  await db.schema.alterTable('email_outbox_next').renameTo('email_outbox').execute()
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('email_outbox').where('partner_id', 'is', null).execute()
  await db.deleteFrom('email_outbox').where('notice_id', 'is not', null).execute()
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildOutboxOnSqlite(db, 'down')
  else {
    await db.schema.alterTable('email_outbox').dropColumn('notice_id').execute()
    await db.schema.alterTable('email_outbox').alterColumn('partner_id', (c) => c.setNotNull()).execute()
  }
  await db.schema.dropTable('notification_optouts').execute()
  await db.schema.dropTable('notices').execute()
  await db.schema.alterTable('programs').dropColumn('brand_color').execute()
}
