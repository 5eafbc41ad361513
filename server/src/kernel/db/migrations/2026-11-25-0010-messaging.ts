// Frozen: in-app messaging (one thread per partner), newsletters with per-recipient delivery, an email
// outbox (newsletters and notifications) and partners' newsletter opt-outs.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('message_threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_id', 'text')
    .addColumn('last_message_at', 'text')
    .addColumn('partner_last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('partner_last_read_at', 'text')
    .addColumn('program_last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('program_last_read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('message_threads_partner_uq', ['program_id', 'partner_id'])
    .execute()
  await db.schema.createIndex('message_threads_activity_idx').on('message_threads').columns(['program_id', 'last_message_id']).execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('thread_id', 'text', (c) => c.notNull().references('message_threads.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_thread_seq_uq', ['thread_id', 'seq'])
    .execute()

  await db.schema
    .createTable('newsletters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute()
  await db.schema.createIndex('newsletters_program_idx').on('newsletters').columns(['program_id', 'id']).execute()

  await db.schema
    .createTable('newsletter_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('newsletter_id', 'text', (c) => c.notNull().references('newsletters.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
    .addColumn('read_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('newsletter_recipients_uq', ['newsletter_id', 'partner_id'])
    .execute()
  await db.schema.createIndex('newsletter_recipients_partner_idx').on('newsletter_recipients').columns(['program_id', 'partner_id', 'id']).execute()

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
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
    .execute()
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute()

  await db.schema
    .createTable('email_optouts')
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('newsletters_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_optouts_pk', ['program_id', 'partner_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_optouts', 'email_outbox', 'newsletter_recipients', 'newsletters', 'messages', 'message_threads']) {
    await db.schema.dropTable(t).execute()
  }
}
