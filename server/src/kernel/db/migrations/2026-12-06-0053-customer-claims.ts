// Frozen: who has named a customer. `browser`: only leads sent with the publishable key, which anyone
// reading the host's page holds; `server`: the host's server (a lead or a sale with the secret key, a Stripe
// checkout). A click the server names wins: its first lead or sale of a customer only browsers named drops
// what they said when it names a click, and keeps their click when it names only the customer
// (tracking/attribution.ts, claimStep). Customers recorded before are taken as the server's, as they were
// treated until now.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('claimed_by', 'text', (c) => c.notNull().defaultTo('server')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('claimed_by').execute()
}
