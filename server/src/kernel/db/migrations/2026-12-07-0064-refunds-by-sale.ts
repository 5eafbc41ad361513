// Frozen: a sale's refunds by sale. A Stripe charge's refund weighs the sale's chargebacks (its refunds under a
// dispute id: ledger/refund-queries.ts chargebackMinor), and refunds had no index but (program_id,
// external_id): each charge.refunded would have walked every refund of the program.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('refunds_sale').on('refunds').column('sale_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('refunds_sale').execute()
}
