// Frozen: a customer's sales found by the customer, for the customer lists' figures.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sales_customer').on('sales').columns(['program_id', 'customer_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sales_customer').execute()
}
