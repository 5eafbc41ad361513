// Frozen: an Idempotency-Key claim names the request that holds it (claim_id, random) and when that request
// last said it is still running (renewed_at). A claim is abandoned when its lease lapses, not when it is old:
// a long request (a payout run, a CSV import, a newsletter) keeps renewing it. Null in claims made before.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('claim_id', 'text').execute()
  await db.schema.alterTable('idempotency_keys').addColumn('renewed_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('renewed_at').execute()
  await db.schema.alterTable('idempotency_keys').dropColumn('claim_id').execute()
}
