// The payment provider's payment id on a sale (a Stripe payment_intent): refunds and disputes that name only
// the payment, not the invoice the sale was recorded under, find the sale by it.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sales').addColumn('payment_id', 'text').execute()
  await db.schema.createIndex('sales_payment').on('sales').columns(['program_id', 'payment_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sales_payment').execute()
  await db.schema.alterTable('sales').dropColumn('payment_id').execute()
}
