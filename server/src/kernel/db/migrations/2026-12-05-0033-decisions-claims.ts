// Frozen: commissions that explain themselves, and missing-commission claims.
// commission_decisions: the decision record (JSON CommissionDecision) a commission was created by, one
// row per commission, written once with it. Apart from `commissions` so the ledger's reads and sums never
// carry it; only an explanation reads it, by primary key.
// claims: a partner's report of a sale that earned nothing; one per (program, partner, invoice id). Its
// evidence looks customers up by email as stored, case-insensitively: customers_email.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commission_decisions')
    .addColumn('commission_id', 'text', (c) => c.primaryKey().references('commissions.id'))
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('customer_email', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('commission_id', 'text', (c) => c.references('commissions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema.createIndex('claims_partner_invoice').unique().on('claims').columns(['program_id', 'partner_id', 'invoice_id']).execute()
  await db.schema.createIndex('claims_program').on('claims').columns(['program_id', 'status', 'id']).execute()
  await db.schema.createIndex('claims_partner').on('claims').columns(['partner_id', 'id']).execute()
  await sql`create index customers_email on customers (program_id, lower(email))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_email').execute()
  await db.schema.dropTable('claims').execute()
  await db.schema.dropTable('commission_decisions').execute()
}
