// Frozen: commission rules, groups, two-tier, holding periods, fraud holds, payouts, Stripe and outgoing webhooks.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  const money = 'bigint'
  await db.schema.alterTable('programs').addColumn('holding_days', 'integer', (c) => c.notNull().defaultTo(30)).execute()
  await db.schema.alterTable('programs').addColumn('second_tier_rate_bps', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  // {"USD": 5000, "EUR": 5000}: per-currency minimum payout, minor units
  await db.schema.alterTable('programs').addColumn('payout_minimums', 'text', (c) => c.notNull().defaultTo('{}')).execute()
  await db.schema.alterTable('programs').addColumn('payout_provider', 'text', (c) => c.notNull().defaultTo('manual')).execute()
  await db.schema.alterTable('programs').addColumn('stripe_webhook_secret', 'text').execute()
  await db.schema.alterTable('programs').addColumn('stripe_api_key', 'text').execute()

  await db.schema
    .createTable('partner_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('partner_groups_program_name', ['program_id', 'name'])
    .execute()
  await db.schema.alterTable('partners').addColumn('group_id', 'text', (c) => c.references('partner_groups.id')).execute()
  await db.schema.alterTable('partners').addColumn('referred_by_id', 'text', (c) => c.references('partners.id')).execute()

  await db.schema
    .createTable('commission_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('partner_groups.id'))
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('product_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull()) // sale | lead
    .addColumn('type', 'text', (c) => c.notNull()) // percent | flat
    .addColumn('value', money, (c) => c.notNull()) // bps or minor units
    .addColumn('currency', 'text') // of a flat value; the program's when null
    .addColumn('recurring', 'text', (c) => c.notNull().defaultTo('none')) // none | forever | months | payments
    .addColumn('recurring_limit', 'integer')
    .addColumn('tiers', 'text') // JSON [{ name, from, value }]
    .addColumn('tier_metric', 'text') // paid_customers | sales | revenue
    .addColumn('tier_period', 'text') // lifetime | month | quarter | year
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('commission_rules_program').on('commission_rules').columns(['program_id', 'event']).execute()

  await db.schema.alterTable('sales').addColumn('subscription_id', 'text').execute()
  await db.schema.alterTable('sales').addColumn('payment_number', 'integer').execute()
  await db.schema.createIndex('sales_subscription').on('sales').columns(['program_id', 'subscription_id']).execute()

  await db.schema.alterTable('commissions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('sale')).execute()
  await db.schema.alterTable('commissions').addColumn('rule_id', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('tier', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('source_id', 'text', (c) => c.references('commissions.id')).execute()
  await db.schema.alterTable('commissions').addColumn('customer_id', 'text', (c) => c.references('customers.id')).execute()
  await db.schema.alterTable('commissions').addColumn('approve_at', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('hold_reason', 'text').execute()
  await db.schema.alterTable('commissions').addColumn('payout_id', 'text').execute()
  await db.schema.createIndex('commissions_approve').on('commissions').columns(['status', 'approve_at']).execute()
  await db.schema.createIndex('commissions_payout').on('commissions').column('payout_id').execute()
  await db.schema.createIndex('commissions_source').on('commissions').column('source_id').execute()

  await db.schema
    .createTable('payout_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // created | paid
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .execute()

  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('payout_runs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('amount_minor', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | processing | paid | failed
    .addColumn('method', 'text')
    .addColumn('destination', 'text')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .execute()
  await db.schema.createIndex('payouts_partner').on('payouts').columns(['partner_id', 'created_at']).execute()
  await db.schema.createIndex('payouts_run').on('payouts').column('run_id').execute()

  await db.schema
    .createTable('stripe_events')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stripe_events_pk', ['program_id', 'event_id'])
    .execute()

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull()) // comma list, or *
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute()
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['webhook_deliveries', 'webhook_endpoints', 'stripe_events', 'payouts', 'payout_runs']) await db.schema.dropTable(t).execute()
  // The added columns go before the tables they reference (Postgres refuses to drop a referenced table),
  // their indexes before them (SQLite refuses to drop an indexed column).
  for (const i of ['commissions_source', 'commissions_payout', 'commissions_approve', 'sales_subscription']) await db.schema.dropIndex(i).execute()
  const drop = async (table: string, columns: string[]) => {
    for (const c of columns) await db.schema.alterTable(table).dropColumn(c).execute()
  }
  await drop('commissions', ['payout_id', 'hold_reason', 'approve_at', 'customer_id', 'source_id', 'tier', 'rule_id', 'kind'])
  await drop('sales', ['payment_number', 'subscription_id'])
  await db.schema.dropTable('commission_rules').execute()
  await drop('partners', ['referred_by_id', 'group_id'])
  await db.schema.dropTable('partner_groups').execute()
  await drop('programs', ['stripe_api_key', 'stripe_webhook_secret', 'payout_provider', 'payout_minimums', 'second_tier_rate_bps', 'holding_days'])
}
