// Frozen: the spine's tables. Takes Kysely<any> and imports no app code, so it never changes with it.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // bigint: sums of minor units outgrow 32 bits; SQLite's integer is 64-bit anyway.
  const money = 'bigint'
  await db.schema
    .createTable('programs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('attribution_window_days', 'integer', (c) => c.notNull())
    .addColumn('attribution_model', 'text', (c) => c.notNull())
    .addColumn('default_commission_type', 'text', (c) => c.notNull())
    .addColumn('default_commission_value', money, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()

  await db.schema
    .createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('external_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('partners_program_email', ['program_id', 'email'])
    .addUniqueConstraint('partners_program_external', ['program_id', 'external_id'])
    .execute()

  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('destination_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('links_program_code', ['program_id', 'code'])
    .execute()
  await db.schema.createIndex('links_partner').on('links').columns(['partner_id', 'id']).execute()

  await db.schema
    .createTable('clicks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('landing_url', 'text')
    .addColumn('referrer', 'text')
    .addColumn('sub_id', 'text')
    .addColumn('visitor_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // Dedup lookup (same visitor, same link, recent) and per-partner stats by time.
  await db.schema.createIndex('clicks_dedup').on('clicks').columns(['link_id', 'visitor_hash', 'created_at']).execute()
  await db.schema.createIndex('clicks_partner_time').on('clicks').columns(['partner_id', 'created_at']).execute()

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('click_id', 'text', (c) => c.references('clicks.id'))
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('customers_program_external', ['program_id', 'external_id'])
    .execute()
  await db.schema.createIndex('customers_partner_time').on('customers').columns(['partner_id', 'created_at']).execute()

  await db.schema
    .createTable('customer_clicks')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('click_id', 'text', (c) => c.notNull().references('clicks.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_clicks_pk', ['customer_id', 'click_id'])
    .execute()

  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('click_id', 'text', (c) => c.references('clicks.id'))
    .addColumn('product_id', 'text')
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('refunded_minor', money, (c) => c.notNull().defaultTo(0))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_program_invoice', ['program_id', 'invoice_id'])
    .execute()
  await db.schema.createIndex('sales_partner_time').on('sales').columns(['partner_id', 'created_at']).execute()

  await db.schema
    .createTable('commissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('sale_id', 'text', (c) => c.references('sales.id'))
    .addColumn('reverses_id', 'text', (c) => c.references('commissions.id'))
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('commissions_partner').on('commissions').columns(['partner_id', 'status']).execute()
  await db.schema.createIndex('commissions_sale').on('commissions').column('sale_id').execute()
  await db.schema.createIndex('commissions_program_id').on('commissions').columns(['program_id', 'id']).execute()

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('external_id', 'text')
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('refunds_program_external', ['program_id', 'external_id'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['program_id', 'key'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['idempotency_keys', 'refunds', 'commissions', 'sales', 'customer_clicks', 'customers', 'clicks', 'links', 'partners', 'api_keys', 'programs']) {
    await db.schema.dropTable(t).execute()
  }
}
